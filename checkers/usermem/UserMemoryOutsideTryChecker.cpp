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
    : public Checker<check::Location, check::Bind, check::PreCall> {
  const BugType BT{this, "User memory accessed outside __try/__except",
                   "Windows driver security"};

public:
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const {
    checkAccess(Loc, "accessed", S, C);
  }

  /// A struct assignment (*p = s) stores through checkBind, not
  /// checkLocation: check those stores the same way.
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const {
    QualType T = kio::accessType(Loc.getAsRegion());
    if (!T.isNull() && T->isRecordType())
      checkLocation(Loc, /*IsLoad=*/false, S, C);
  }

  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    const Expr *E = Call.getOriginExpr();
    if (!E)
      return;
    if (auto Copy = kio::copyCall(Call, C)) {
      std::string What = "passed to '" + Copy->Name + "'";
      if (Copy->Dst && checkAccess(*Copy->Dst, What, E, C))
        return;
      if (Copy->Src)
        checkAccess(*Copy->Src, What, E, C);
      return;
    }
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
    auto Api = resolveApiCall(FD, E->getBeginLoc(), C.getSourceManager(),
                              C.getLangOpts());
    if (!Api || !(Api->Api->Probe || Api->Api->RaisesOnBadAddress))
      return;
    if (!outsideTry(E, C))
      return;
    kio::emitReport(C, BT,
                    "'" + Api->WrittenName +
                        "' is called outside __try/__except; it raises an "
                        "exception for a bad user address, which bug-checks "
                        "the machine; call it inside __try and return "
                        "GetExceptionCode() from the handler",
                    E, {});
  }

private:
  static bool outsideTry(const Stmt *S, CheckerContext &C) {
    return S && kio::pathStartsAtEntryPoint(C.getLocationContext()) &&
           !kio::insideTryExcept(S, C.getLocationContext());
  }

  bool checkAccess(SVal V, const std::string &What, const Stmt *S,
                   CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, V, Base);
    // An unprobed address is user-pointer-unprobed's finding, whose fix
    // (probe inside __try) covers this one: report probed memory only.
    if (!B || !B->IsUserAddress ||
        !(B->PreProbed || kio::probeOf(State, Base)) ||
        State->contains<OutsideTryReported>(Base) ||
        kio::requestorIsKernel(C) || !outsideTry(S, C))
      return false;
    kio::emitReport(C, BT,
                    "user-mode address from " + kio::describe(B->From) +
                        " is " + What +
                        " outside __try/__except; the caller can unmap or "
                        "protect the page at any time and the fault "
                        "bug-checks the machine; access user memory only "
                        "inside __try",
                    S, {V}, false, State->add<OutsideTryReported>(Base));
    return true;
  }
};

} // namespace

void registerUserMemoryOutsideTryChecker(CheckerRegistry &Registry,
                                         const RuleInfo &Rule) {
  Registry.addChecker<UserMemoryOutsideTryChecker>(
      internString(Rule.analyzerCheckerName()), Rule.Summary,
      internString(Rule.helpUri()));
}

} // namespace drvcert
