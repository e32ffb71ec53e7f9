//===- UserPointerUnprobedChecker.cpp - user-pointer-unprobed -------------===//
//
// Rule user-pointer-unprobed (doc: user-pointer-unprobed.md). A user-mode
// address (Type3InputBuffer, Irp->UserBuffer, FastIo and KMDF unsafe
// buffers, a pointer read out of the caller's data) dereferenced or passed
// to a copy routine on a path where nothing probed it. Probes that cover
// too little are probe-range-mismatch's business; a path on which the
// request comes from kernel mode (RequestorMode == KernelMode) is silent.
//
//   source (model) --no ProbeForRead/ProbeForWrite--> *p, memcpy(.., p, ..)
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

/// User addresses already reported on this path (one finding per pointer).
REGISTER_SET_WITH_PROGRAMSTATE(UnprobedReported, SymbolRef)

namespace drvcert {
namespace {

class UserPointerUnprobedChecker
    : public kio::AccessChecker<UserPointerUnprobedChecker> {
  const BugType BT{this, "User address used without a probe",
                   "Windows driver security"};

public:
  bool check(const kio::Access &A, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, A.Where, Base);
    if (!B || !B->IsUserAddress || B->PreProbed ||
        kio::probeOf(State, Base) || State->contains<UnprobedReported>(Base) ||
        kio::requestorIsKernel(C))
      return false;
    kio::emitReport(C, BT,
                    "user-mode address from " + kio::describe(B->From) + " " +
                        A.verb() +
                        " without ProbeForRead/ProbeForWrite; a caller can "
                        "pass a kernel address to read or overwrite kernel "
                        "memory; probe it inside __try before use",
                    A.S, {A.Where}, /*Fatal=*/false,
                    State->add<UnprobedReported>(Base));
    return true;
  }
};

} // namespace

void registerUserPointerUnprobedChecker(CheckerRegistry &Registry,
                                        const RuleInfo &Rule) {
  addRuleChecker<UserPointerUnprobedChecker>(Registry, Rule);
}

} // namespace drvcert
