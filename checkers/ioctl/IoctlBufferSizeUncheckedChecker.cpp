//===- IoctlBufferSizeUncheckedChecker.cpp - ioctl-buffer-size-unchecked --===//
//
// Rule ioctl-buffer-size-unchecked (doc: ioctl-buffer-size-unchecked.md).
// A read or write of [offset, offset + size) in a request buffer whose
// length the path did not prove large enough:
//
//   SystemBuffer    reads  <= InputBufferLength
//                   writes <= OutputBufferLength (InputBufferLength for
//                             METHOD_IN/OUT_DIRECT, where the output is the
//                             MDL)
//   KMDF buffers    <= MinimumRequiredLength, or the returned *Length
//   FltMgr message  <= InputBufferLength / OutputBufferLength parameters
//
// and a KMDF buffer used on a path where its retrieval failed.
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

REGISTER_SET_WITH_PROGRAMSTATE(SizeUncheckedReported, SymbolRef)

namespace drvcert {
namespace {

class IoctlBufferSizeUncheckedChecker
    : public kio::AccessChecker<IoctlBufferSizeUncheckedChecker> {
  const BugType BT{this, "Request buffer accessed beyond its checked length",
                   "Windows driver security"};

public:
  bool check(const kio::Access &A, CheckerContext &C) const {
    if (A.Size.isUnknown())
      return false;
    return check(A.Where, A.Size, A.IsWrite, A.S, C);
  }

private:
  bool check(SVal Where, SVal Size, bool IsWrite, const Stmt *S,
             CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, Where, Base);
    if (!B || State->contains<SizeUncheckedReported>(Base))
      return false;
    bool Kmdf = !B->Retriever.empty();
    bool Flt = B->From == kio::Origin::FltInputBuffer ||
               B->From == kio::Origin::FltOutputBuffer;
    if (B->IsUserAddress && !Flt)
      return false; // raw user addresses: the probe rules decide
    ProgramStateRef Next = State->add<SizeUncheckedReported>(Base);
    if (B->MayHaveFailed) {
      kio::emitReport(C, BT,
                      "the buffer from '" + B->Retriever +
                          "' is used although the call may have failed; the "
                          "pointer is not valid then and the access crashes "
                          "the machine; check the returned NTSTATUS before "
                          "using the buffer",
                      S, {Where}, false, Next);
      return true;
    }
    SVal Bound;
    std::string BoundName;
    if (B->From == kio::Origin::SystemBuffer) {
      Bound = kio::systemBufferBound(C, IsWrite, BoundName);
    } else if (Kmdf || Flt) {
      Bound = IsWrite ? B->WriteBound : B->ReadBound;
      BoundName = "the buffer length";
      if (Bound.isUnknown())
        return false; // an input buffer written, or the reverse: not ours
    } else {
      return false;
    }

    SValBuilder &SVB = C.getSValBuilder();
    QualType IdxTy = SVB.getArrayIndexType();
    SVal Offset = SVB.makeZeroArrayIndex();
    if (const MemRegion *R = Where.getAsRegion()) {
      const MemRegion *BaseRegion = nullptr;
      if (auto O = kio::byteOffset(C, R, BaseRegion))
        Offset = *O;
    }
    if (!Bound.isUnknown() && !kio::mayExceed(C, Offset, Size, Bound))
      return false;
    // The METHOD_BUFFERED SystemBuffer holds max(InputBufferLength,
    // OutputBufferLength) bytes: a write within the input (a driver
    // terminating a string in place) is memory-safe too.
    if (IsWrite && B->From == kio::Origin::SystemBuffer) {
      std::string InName;
      SVal In = kio::systemBufferBound(C, false, InName);
      if (!In.isUnknown() && !kio::mayExceed(C, Offset, Size, In))
        return false;
    }
    SVal End = SVB.evalBinOp(State, BO_Add, Offset,
                             SVB.evalCast(Size, IdxTy, Size.getType(C.getASTContext())),
                             IdxTy);
    std::string Bytes;
    if (auto CI = End.getAs<nonloc::ConcreteInt>())
      Bytes = std::to_string(CI->getValue().getZExtValue()) + " bytes";
    else
      Bytes = "the bytes it uses";
    std::string Buffer = kio::describe(B->From);
    std::string Msg =
        std::string(IsWrite ? "this write to " : "this read of ") + Buffer +
        " may go past " + BoundName + ": nothing on this path shows it holds " +
        Bytes + "; a caller sending a shorter buffer makes the driver " +
        (IsWrite ? "overflow it" : "read beyond it") + "; check " +
        (BoundName == "the buffer length" ? std::string("the length")
                                          : BoundName) +
        " against the size used first";
    kio::emitReport(C, BT, Msg, S, {Where, Bound, Size}, false, Next);
    return true;
  }
};

} // namespace

void registerIoctlBufferSizeUncheckedChecker(CheckerRegistry &Registry,
                                             const RuleInfo &Rule) {
  addRuleChecker<IoctlBufferSizeUncheckedChecker>(Registry, Rule);
}

} // namespace drvcert
