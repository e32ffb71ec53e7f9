//===- ArbitraryKernelRwChecker.cpp - ioctl-arbitrary-kernel-rw ------------===//
//
// Rule ioctl-arbitrary-kernel-rw (doc: ioctl-arbitrary-kernel-rw.md). An
// address the caller sent as an integer (ULONG64 Address converted to a
// pointer) is dereferenced, or is the source or destination of a copy
// routine or of MmCopyMemory(MM_COPY_MEMORY_VIRTUAL): the read-where /
// write-what-where primitive of RTCore64, DBUtil and gdrv. The design wants a
// kernel address, so no probe would be correct: the fix is an allowlist or
// removing the IOCTL.
//
// Split with user-pointer-unprobed: a value read from the request with a
// pointer type is a user pointer (the model's Origin::EmbeddedPointer) that
// needs a probe, and is that rule's business; an integer turned into a
// pointer is this rule's. The request buffers themselves (SystemBuffer,
// Type3InputBuffer, ...) and offsets into them are other rules' business.
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Primitives.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

/// Addresses already reported on this path (one finding per address).
REGISTER_SET_WITH_PROGRAMSTATE(KernelRwReported, SymbolRef)

namespace drvcert {
namespace {

// wdm.h: MmCopyMemory flags.
constexpr int64_t MmCopyMemoryVirtual = 0x2;

/// The symbol of the address a pointer value holds.
SymbolRef addressSymbol(SVal V) {
  if (SymbolRef S = V.getAsSymbol())
    return S;
  if (const MemRegion *R = V.getAsRegion())
    if (const auto *SR = dyn_cast<SymbolicRegion>(R->getBaseRegion()))
      return SR->getSymbol();
  return nullptr;
}

class ArbitraryKernelRwChecker
    : public kio::AccessChecker<ArbitraryKernelRwChecker> {
  const BugType BT{this, "Kernel address from the caller used",
                   "Windows driver security"};

public:
  bool check(const kio::Access &A, CheckerContext &C) const {
    return checkAddress(C, A.Where, A.IsWrite, A.verb(), A.S);
  }

  /// MmCopyMemory(MM_COPY_MEMORY_VIRTUAL): the source is an MM_COPY_ADDRESS
  /// passed by value, which the generic copy model does not see.
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    kio::AccessChecker<ArbitraryKernelRwChecker>::checkPreCall(Call, C);
    auto S = prim::sinkOf(Call, C);
    if (!S || S->P->Kind != ApiFunction::Primitive::MemoryCopy)
      return;
    auto Flags = Call.getArgSVal(S->P->FlagsArg).getAs<nonloc::ConcreteInt>();
    if (!Flags || !(Flags->getValue().getExtValue() & MmCopyMemoryVirtual))
      return;
    std::string Verb = "is passed to '" + S->Name + "'";
    if (S->P->TargetArg >= 0 &&
        checkAddress(C, Call.getArgSVal(S->P->TargetArg), true, Verb,
                     Call.getOriginExpr()))
      return;
    checkAddress(C, prim::scalarArg(Call, S->P->AddressArg, C), false, Verb,
                 Call.getOriginExpr());
  }

private:
  bool checkAddress(CheckerContext &C, SVal Where, bool IsWrite,
                    const std::string &Verb, const Stmt *S) const {
    ProgramStateRef State = C.getState();
    SymbolRef Addr = addressSymbol(Where);
    // Each conversion of the integer makes a new pointer: one finding per
    // integer the caller sent.
    SymbolRef Key = kio::integerBehind(State, Addr);
    if (!Key)
      Key = Addr;
    if (!Addr || State->contains<KernelRwReported>(Key))
      return false;
    // The request's own buffers and pointers read from them are tracked by
    // the model: their rules decide.
    SymbolRef Base;
    if (kio::bufferOf(State, Where, Base))
      return false;
    SVal AddrV = nonloc::SymbolVal(Addr);
    std::string Why;
    if (!prim::openUserValue(C, AddrV, Why) || prim::privilegedPath(C))
      return false;
    std::string Use = Verb == "is dereferenced"
                          ? std::string(IsWrite ? "is written through"
                                                : "is read through")
                          : Verb + (IsWrite ? " as the destination"
                                            : " as the source");
    kio::emitReport(
        C, BT,
        "kernel address from " + Why + " " + Use + "; any caller can " +
            (IsWrite ? "write" : "read") +
            " any kernel memory (a token, PreviousMode, a callback) with it; "
            "do not take addresses from the request: remove the IOCTL or look "
            "the object up in a table the driver owns",
        S, {Where}, /*Fatal=*/false, State->add<KernelRwReported>(Key));
    return true;
  }
};

} // namespace

void registerArbitraryKernelRwChecker(CheckerRegistry &Registry,
                                      const RuleInfo &Rule) {
  addRuleChecker<ArbitraryKernelRwChecker>(Registry, Rule);
}

} // namespace drvcert
