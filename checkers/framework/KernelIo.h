//===- KernelIo.h - What the analyzer knows about kernel I/O ----*- C++ -*-===//
//
// The shared model of the user-input rules (user-pointer-unprobed,
// probe-range-mismatch, user-memory-outside-try, unbounded-copy,
// ioctl-buffer-size-unchecked). A hidden modeling checker
// (drvcert.core.KernelIoModel, KernelIoModeling.cpp) records on each path:
//
//   sources    Type3InputBuffer, Irp->UserBuffer, FastIo and KMDF unsafe
//              buffers, pointers read out of user data -> user addresses;
//              AssociatedIrp.SystemBuffer, WdfRequestRetrieve*Buffer ->
//              kernel buffers with the lengths that bound them; Filter
//              Manager message buffers -> user addresses already probed;
//              InputBufferLength, OutputBufferLength, Evt lengths, and all
//              data read through those buffers -> user data (taint)
//   sanitizers ProbeForRead/ProbeForWrite with the range they cover;
//              comparisons and min() through the constraint manager;
//              RequestorMode == KernelMode on the path
//   context    the IOCTL code the path is handling, the entry point
//
// The rules query it through the functions below and decorate their
// reports with the IOCTL properties and the source notes.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_KERNELIO_H
#define DRVCERT_FRAMEWORK_KERNELIO_H

#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SVals.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::ento {
class CheckerRegistry;
class PathSensitiveBugReport;
} // namespace clang::ento

namespace drvcert::kio {

using clang::ento::CheckerContext;
using clang::ento::ProgramStateRef;
using clang::ento::SVal;
using clang::ento::SymbolRef;

/// Where a buffer or a value comes from.
enum class Origin : unsigned char {
  // User addresses.
  Type3InputBuffer,
  IrpUserBuffer,
  FastIoInputBuffer,
  FastIoOutputBuffer,
  EmbeddedPointer,
  WdfUnsafeInputBuffer,
  WdfUnsafeOutputBuffer,
  FltInputBuffer,
  FltOutputBuffer,
  // Kernel buffers holding user data.
  SystemBuffer,
  WdfInputBuffer,
  WdfOutputBuffer,
  // User-controlled lengths.
  InputBufferLength,
  OutputBufferLength,
  ReadWriteLength,
  EvtInputBufferLength,
  EvtOutputBufferLength,
  EvtLength,
  WdfReturnedLength,
  FltInputBufferLength,
  FltOutputBufferLength,
};

/// "Type3InputBuffer", "InputBufferLength", "the FastIoDeviceControl
/// InputBuffer", ... as a message says it.
std::string describe(Origin O);

/// A buffer the model tracks, keyed by the symbol of its address.
struct Buffer {
  Origin From;
  bool IsUserAddress; // needs a probe (unless PreProbed) and __try
  bool PreProbed;     // Filter Manager message buffers
  bool MayHaveFailed; // a KMDF retrieval whose status says it failed
  SVal ReadBound;     // bytes that may be read, UnknownVal when unknown
  SVal WriteBound;    // bytes that may be written
  std::string Retriever; // the KMDF routine that returned it, if any
};

/// The buffer Loc (a pointer, or a location inside the buffer) belongs to;
/// Base receives the symbol of its start address.
std::optional<Buffer> bufferOf(ProgramStateRef State, SVal Loc,
                               SymbolRef &Base);

/// For an SystemBuffer access, the length that bounds reads (InputBufferLength)
/// or writes (OutputBufferLength, or InputBufferLength for METHOD_IN/OUT_DIRECT)
/// on this path; UnknownVal when the path never read it. Name receives the
/// length's name.
SVal systemBufferBound(CheckerContext &C, bool IsWrite, std::string &Name);

/// The probe on this path that covers addresses from Base: its start offset
/// (bytes from Base), length, and whether it was ProbeForWrite.
struct Probe {
  SVal Begin;
  SVal Length;
  bool ForWrite;
  std::string Routine;
};
std::optional<Probe> probeOf(ProgramStateRef State, SymbolRef Base);

/// True when V (a length, an index, an address) is controlled by the caller.
bool isUserData(ProgramStateRef State, SVal V);
/// Where V's user control comes from, e.g. "InputBufferLength" or "a value
/// read from the SystemBuffer"; empty when V is not user data.
std::string userDataOrigin(ProgramStateRef State, SVal V);

/// True when this path established Irp->RequestorMode == KernelMode (or
/// ExGetPreviousMode() == KernelMode): the request comes from kernel mode.
bool requestorIsKernel(CheckerContext &C);

/// An access check this path passed: the call returned TRUE (or
/// NT_SUCCESS for IoValidateDeviceIoControlAccess).
struct AccessCheck {
  std::string Routine; // "SeSinglePrivilegeCheck"
  std::string Kind;    // "privilege", "access", "admin", "ioctl-access"
  std::string Detail;  // "SeDebugPrivilege", "FILE_WRITE_ACCESS"; may be empty
  /// A privilege every standard user holds (SeChangeNotifyPrivilege ...):
  /// passing it proves nothing about the caller.
  bool StandardUsersPass = false;

  /// "SeSinglePrivilegeCheck(SeDebugPrivilege)".
  std::string describe() const {
    return Detail.empty() ? Routine : Routine + "(" + Detail + ")";
  }
};
std::vector<AccessCheck> passedAccessChecks(CheckerContext &C);

/// True when only privileged callers reach this point of the path: it
/// passed a privilege check standard users fail, SeAccessCheck or
/// SeTokenIsAdmin, or it established that the request comes from kernel
/// mode. Why receives what proved it ("SeSinglePrivilegeCheck(SeDebugPrivilege)",
/// "RequestorMode == KernelMode"). IoValidateDeviceIoControlAccess does not
/// count: it is as strong as the device's ACL, which the exposure grades.
bool onlyPrivilegedCallersReach(CheckerContext &C, std::string *Why = nullptr);

/// True when S, in the frame of LC, runs inside a __try whose __except can
/// handle an access violation, in this function or in a caller on the path.
bool insideTryExcept(const clang::Stmt *S, const clang::LocationContext *LC);

/// True when the path's outermost function is an entry point user requests
/// reach: a DRIVER_DISPATCH routine, a KMDF I/O queue or in-caller-context
/// callback, a FastIoDeviceControl routine, a Filter Manager message
/// notification callback.
bool pathStartsAtEntryPoint(const clang::LocationContext *LC);
bool isEntryPoint(const clang::FunctionDecl *FD);

/// The type of the object accessed at R: a typed region's value type, or for
/// a symbolic region (*p) the pointee type of p. Null when unknown.
clang::QualType accessType(const clang::ento::MemRegion *R);

/// Byte offset of Region from its base region (through element and field
/// regions), in the analyzer's array-index type; Base receives the base.
std::optional<clang::ento::NonLoc>
byteOffset(CheckerContext &C, const clang::ento::MemRegion *Region,
           const clang::ento::MemRegion *&Base);

/// True when the path's constraints prove A <= B, by interval reasoning on
/// the ranges the constraint manager keeps for each symbol (through +, -,
/// *, / and casts). The analyzer's own assume() does not combine the ranges
/// of two different symbols ("4 + len > InputBufferLength" with len <= 128
/// and InputBufferLength >= 132); rules use both and stay silent when either
/// proves the access fits.
bool provablyAtMost(ProgramStateRef State, SVal A, SVal B,
                    clang::ASTContext &Ctx);

/// The integer a pointer was made from, when the caller sent it as one
/// ((PVOID)in->Address); null otherwise. Such pointers are user data but
/// not user buffers: an address meant to be a kernel one.
SymbolRef integerBehind(ProgramStateRef State, SymbolRef Ptr);

/// The interval of integers the path's constraints allow for V (an integer,
/// or the symbol of a pointer made from one), through casts and arithmetic,
/// with the bounds of V's type: what the allowlist checks of the
/// primitives rules read. Nothing when V is neither.
struct ValueRange {
  llvm::APSInt Lo, Hi;         // what the path allows
  llvm::APSInt TypeLo, TypeHi; // what the type allows
  bool isConstant() const { return Lo == Hi; }
};
std::optional<ValueRange> valueRange(ProgramStateRef State, SVal V,
                                     clang::ASTContext &Ctx);

/// True when this path allows an access of Size bytes at byte Offset to end
/// beyond Bound (all integers). The question is put to the constraint
/// manager in the shapes drivers write their checks in ("off + size >
/// bound", "size > bound - off", in size_t and in the program's types) and
/// to provablyAtMost(); any shape proving the access fits makes it false.
bool mayExceed(CheckerContext &C, SVal Offset, SVal Size, SVal Bound);

/// Marks the user-input symbols of V interesting, so the model's notes say
/// where they come from on the path.
void markSources(clang::ento::PathSensitiveBugReport &R, ProgramStateRef State,
                 SVal V);

/// Adds the IOCTL context (ioctl, method, requiredAccess, entryPoint, and
/// the access checks the path passed: accessCheck, requestorMode) to a
/// report as SARIF result properties.
void addIoctlProperties(clang::ento::PathSensitiveBugReport &R,
                        CheckerContext &C);

/// Reports a finding of a user-input rule at S: marks the user-input symbols
/// of each value in Interesting (so the path says where they come from),
/// adds the IOCTL properties, and ends the path when Fatal. NewState (when
/// given) is the state the path continues with, e.g. with the finding
/// recorded so that it is reported once per path.
void emitReport(CheckerContext &C, const clang::ento::BugType &BT,
                std::string Message, const clang::Stmt *S,
                std::initializer_list<SVal> Interesting, bool Fatal = false,
                ProgramStateRef NewState = nullptr);

/// A copy call's destination, source and length, resolved against the API
/// model; nothing for other calls.
struct CopyCall {
  std::string Name; // as written (RtlCopyMemory)
  std::optional<SVal> Dst, Src, Len;
  const clang::Expr *DstExpr = nullptr, *SrcExpr = nullptr;
};
std::optional<CopyCall> copyCall(const clang::ento::CallEvent &Call,
                                 CheckerContext &C);

/// One access to memory a rule may care about: a dereference (Copy empty)
/// of Size bytes at Where, or the range a copy routine Copy reads (Where is
/// its source) or writes (its destination).
struct Access {
  SVal Where;
  SVal Size;
  bool IsWrite;
  const clang::Stmt *S;
  std::string Copy;

  /// "is dereferenced" / "is passed to 'RtlCopyMemory'".
  std::string verb() const {
    return Copy.empty() ? "is dereferenced" : "is passed to '" + Copy + "'";
  }
};

/// Base of the rules that examine each access: loads and stores (struct
/// assignments included, which the analyzer reports through checkBind),
/// and copy routines of the API model (destination first). Derived
/// implements `bool check(const kio::Access &, CheckerContext &) const`,
/// returning true when it reported (the other operand is then skipped).
template <typename Derived>
class AccessChecker
    : public clang::ento::Checker<clang::ento::check::Location,
                                  clang::ento::check::Bind,
                                  clang::ento::check::PreCall> {
public:
  void checkLocation(SVal Loc, bool IsLoad, const clang::Stmt *S,
                     CheckerContext &C) const {
    clang::QualType T = accessType(Loc.getAsRegion());
    uint64_t Size = 1;
    if (!T.isNull() && !T->isIncompleteType() && !T->isVoidType())
      Size = C.getASTContext().getTypeSizeInChars(T).getQuantity();
    static_cast<const Derived *>(this)->check(
        Access{Loc, C.getSValBuilder().makeArrayIndex(Size), !IsLoad, S, ""},
        C);
  }

  void checkBind(SVal Loc, SVal, const clang::Stmt *S,
                 CheckerContext &C) const {
    clang::QualType T = accessType(Loc.getAsRegion());
    if (!T.isNull() && T->isRecordType())
      checkLocation(Loc, /*IsLoad=*/false, S, C);
  }

  void checkPreCall(const clang::ento::CallEvent &Call,
                    CheckerContext &C) const {
    auto Copy = copyCall(Call, C);
    if (!Copy)
      return;
    SVal Len = Copy->Len ? *Copy->Len : SVal(clang::ento::UnknownVal());
    const auto *Self = static_cast<const Derived *>(this);
    if (Copy->Dst &&
        Self->check(Access{*Copy->Dst, Len, true, Call.getOriginExpr(), Copy->Name}, C))
      return;
    if (Copy->Src)
      Self->check(Access{*Copy->Src, Len, false, Call.getOriginExpr(), Copy->Name}, C);
  }
};

/// Registers the modeling checker; every user-input rule depends on it.
void registerKernelIoModel(clang::ento::CheckerRegistry &Registry);
constexpr const char *ModelCheckerName = "drvcert.core.KernelIoModel";

/// Prefix of the report notes that carry SARIF result properties
/// ("drvcert-property:key=value"); the analyzer bridge turns them into
/// Finding::Properties instead of code-flow steps.
constexpr const char *PropertyNotePrefix = "drvcert-property:";

} // namespace drvcert::kio

#endif
