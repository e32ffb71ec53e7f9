//===- ObjectModel.h - Processes, handles and object names on a path -*- C++ -*-===//
//
// The shared model of the objects rules (ioctl-process-kill,
// ioctl-process-access, object-op-without-access-check,
// previous-mode-confusion, handle-missing-kernel-flag). A hidden modeling
// checker (drvcert.objects.ObjectModel, ObjectModeling.cpp) records on each
// path, on top of the kernel I/O model (KernelIo.h):
//
//   chosen processes  the EPROCESS or handle a call wrote through its
//                     out-parameter when the caller chose the process:
//                     PsLookupProcessByProcessId(pid from the input),
//                     ZwOpenProcess(CLIENT_ID.UniqueProcess from the input),
//                     ObOpenObjectByPointer / ObReferenceObjectByHandle of a
//                     chosen process or of a handle from the input; keyed by
//                     the symbol of the pointer or handle
//   attachment        the chosen process KeStackAttachProcess attached to,
//                     until KeUnstackDetachProcess
//   names             strings built from the input (RtlInitUnicodeString,
//                     RtlStringCbPrintfW, copies of user data), keyed by the
//                     region of the UNICODE_STRING or character buffer
//
// The rules read it through the functions below.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_OBJECTS_OBJECTMODEL_H
#define DRVCERT_OBJECTS_OBJECTMODEL_H

#include "ApiCall.h"
#include "KernelIo.h"
#include <optional>
#include <string>

namespace drvcert::obj {

using clang::ento::CallEvent;
using clang::ento::CheckerContext;
using clang::ento::ProgramStateRef;
using clang::ento::SVal;

/// A process the caller chose, as the path holds it.
struct ChosenProcess {
  bool IsHandle;       // a process handle, else an EPROCESS pointer
  std::string Chooser; // "whose id is a value read from the SystemBuffer"
  std::string Via;     // the routine that produced it ("ZwOpenProcess")
  /// A handle opened with an access check against the caller (AccessMode
  /// UserMode or OBJ_FORCE_ACCESS_CHECK known on the path).
  bool Checked;
  /// A handle opened without an access check against the caller (AccessMode
  /// KernelMode / a Zw routine, and no OBJ_FORCE_ACCESS_CHECK), when the
  /// path shows both; false when unknown.
  bool Unchecked;
  /// The handle is in the kernel handle table (OBJ_KERNEL_HANDLE known set).
  bool KernelHandle;
  /// The process id or handle value from the input that chose it.
  clang::ento::SymbolRef Source;
};

/// True when the path constrains Source (an input process id or handle) to
/// a constant or to a value not from the input: an allowlist.
bool allowlisted(CheckerContext &C, clang::ento::SymbolRef Source);

/// P's Source as a value (for a report's interesting values), or unknown.
SVal sourceValue(CheckerContext &C, const ChosenProcess &P);

/// The symbol of the input value V was made from (through a cast to HANDLE).
clang::ento::SymbolRef inputSymbol(ProgramStateRef State, SVal V);

/// The process V (an EPROCESS pointer or a process handle) is, when the
/// caller chose it. A handle value read from the input counts when
/// HandleTyped (the parameter is a HANDLE).
std::optional<ChosenProcess> chosenProcess(ProgramStateRef State, SVal V,
                                           bool HandleTyped);

/// Where V's user control comes from (kio::userDataOrigin, also for
/// handles made from an integer of the input).
std::string originOf(ProgramStateRef State, SVal V);

/// The chosen process the current thread is attached to on this path.
std::optional<ChosenProcess> attachedProcess(ProgramStateRef State);

/// True when parameter Arg of the callee is declared as a HANDLE.
bool isHandleParam(const CallEvent &Call, unsigned Arg);

/// True when V is NtCurrentProcess() / ZwCurrentProcess(): (HANDLE)-1.
bool isCurrentProcessHandle(SVal V);

/// What the path knows about an object name (a PUNICODE_STRING).
struct NameInfo {
  std::string Origin;    // "the SystemBuffer", "Type3InputBuffer", ...
  bool UserAddress;      // its characters are at a user-mode address
};
/// Whether the UNICODE_STRING NamePtr points to was built from the input.
std::optional<NameInfo> nameFromInput(CheckerContext &C, SVal NamePtr);
/// Whether the memory Ptr points to (a FILE_RENAME_INFORMATION, a string
/// buffer) holds or was built from the input.
std::optional<NameInfo> memoryFromInput(CheckerContext &C, SVal Ptr);

/// The fields of the OBJECT_ATTRIBUTES a call receives at Arg (stored by
/// InitializeObjectAttributes, a macro).
struct ObjectAttributes {
  std::optional<uint64_t> Attributes; // concrete value, when known
  SVal ObjectName;                    // PUNICODE_STRING
};
std::optional<ObjectAttributes> objectAttributes(const CallEvent &Call,
                                                 unsigned Arg,
                                                 CheckerContext &C);

/// The concrete integer value of argument Arg, when the path knows it.
std::optional<uint64_t> concreteArg(const CallEvent &Call, int Arg,
                                    CheckerContext &C);

/// The call resolved against the API model, or nothing.
std::optional<ApiCall> resolve(const CallEvent &Call, CheckerContext &C);

/// "'ZwCreateFile'" as a message names the routine.
inline std::string quoted(const std::string &Name) { return "'" + Name + "'"; }

constexpr uint64_t ObjKernelHandle = 0x200;      // OBJ_KERNEL_HANDLE
constexpr uint64_t ObjForceAccessCheck = 0x400;  // OBJ_FORCE_ACCESS_CHECK
constexpr uint64_t IoForceAccessCheck = 0x1;     // IO_FORCE_ACCESS_CHECK
constexpr uint64_t KernelModeValue = 0;          // KPROCESSOR_MODE KernelMode
constexpr uint64_t UserModeValue = 1;            // KPROCESSOR_MODE UserMode

/// Registers the modeling checker; every objects rule depends on it.
void registerObjectModel(clang::ento::CheckerRegistry &Registry);
constexpr const char *ObjectModelCheckerName = "drvcert.objects.ObjectModel";

} // namespace drvcert::obj

#endif
