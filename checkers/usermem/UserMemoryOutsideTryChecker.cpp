//===- UserMemoryOutsideTryChecker.cpp - user-memory-outside-try ----------===//
//
// Rule user-memory-outside-try (doc: user-memory-outside-try.md). Probes,
// MmProbeAndLockPages and every access to user memory raise an exception
// on a bad address; outside __try/__except that exception bug-checks the
// machine. Accesses through an address nothing probed are left to
// user-pointer-unprobed, whose fix (probe inside __try) covers this rule. The statement must be inside a __try with an __except handler in
// its function or around the call in a caller on the path. Reported only
// on paths that start at an entry point (dispatch routine, KMDF, FastIo or
// Filter Manager callback): elsewhere the caller is unknown.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "KernelIo.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

REGISTER_SET_WITH_PROGRAMSTATE(OutsideTryReported, SymbolRef)

namespace drvcert {
namespace {

class UserMemoryOutsideTryChecker
    : public kio::AccessChecker<UserMemoryOutsideTryChecker> {
  const BugType BT{this, "User memory accessed outside __try/__except",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    // Copies of user memory: the accesses, through the base.
    kio::AccessChecker<UserMemoryOutsideTryChecker>::checkPreCall(Call, C);
    // Probes and routines that raise on a bad user address.
    const Expr *E = Call.getOriginExpr();
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
    if (!E || !FD)
      return;
    auto Api = resolveApiCall(FD, E->getBeginLoc(), C.getSourceManager(),
                              C.getLangOpts());
    if (!Api || !(Api->Api->Probe || Api->Api->RaisesOnBadAddress) ||
        !outsideTry(E, C))
      return;
    kio::emitReport(C, BT,
                    "'" + Api->WrittenName +
                        "' is called outside __try/__except; it raises an "
                        "exception for a bad user address, which bug-checks "
                        "the machine; call it inside __try and return "
                        "GetExceptionCode() from the handler",
                    E, {});
  }

  bool check(const kio::Access &A, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, A.Where, Base);
    // An unprobed address is user-pointer-unprobed's finding, whose fix
    // (probe inside __try) covers this one: report probed memory only.
    if (!B || !B->IsUserAddress ||
        !(B->PreProbed || kio::probeOf(State, Base)) ||
        State->contains<OutsideTryReported>(Base) ||
        kio::requestorIsKernel(C) || !outsideTry(A.S, C))
      return false;
    std::string Verb = A.Copy.empty() ? "is accessed" : A.verb();
    kio::emitReport(C, BT,
                    "user-mode address from " + kio::describe(B->From) + " " +
                        Verb +
                        " outside __try/__except; the caller can unmap or "
                        "protect the page at any time and the fault "
                        "bug-checks the machine; access user memory only "
                        "inside __try",
                    A.S, {A.Where}, false, State->add<OutsideTryReported>(Base));
    return true;
  }

private:
  static bool outsideTry(const Stmt *S, CheckerContext &C) {
    return S && kio::pathStartsAtEntryPoint(C.getLocationContext()) &&
           !kio::insideTryExcept(S, C.getLocationContext());
  }
};

} // namespace

void registerUserMemoryOutsideTryChecker(CheckerRegistry &Registry,
                                         const RuleInfo &Rule) {
  addRuleChecker<UserMemoryOutsideTryChecker>(Registry, Rule);
}

} // namespace drvcert
