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
    : public Checker<check::Location, check::Bind, check::PreCall> {
  const BugType BT{this, "User address used without a probe",
                   "Windows driver security"};

public:
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const {
    check(Loc, "is dereferenced", S, C);
  }

  /// A struct assignment (*p = s) stores through checkBind, not
  /// checkLocation: check those stores the same way.
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const {
    QualType T = kio::accessType(Loc.getAsRegion());
    if (!T.isNull() && T->isRecordType())
      checkLocation(Loc, /*IsLoad=*/false, S, C);
  }

  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto Copy = kio::copyCall(Call, C);
    if (!Copy)
      return;
    std::string What = "is passed to '" + Copy->Name + "'";
    if (Copy->Dst && check(*Copy->Dst, What, Copy->DstExpr, C))
      return;
    if (Copy->Src)
      check(*Copy->Src, What, Copy->SrcExpr, C);
  }

private:
  bool check(SVal V, const std::string &What, const Stmt *S,
             CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, V, Base);
    if (!B || !B->IsUserAddress || B->PreProbed ||
        kio::probeOf(State, Base) || State->contains<UnprobedReported>(Base) ||
        kio::requestorIsKernel(C))
      return false;
    kio::emitReport(C, BT,
                    "user-mode address from " + kio::describe(B->From) + " " +
                        What +
                        " without ProbeForRead/ProbeForWrite; a caller can "
                        "pass a kernel address to read or overwrite kernel "
                        "memory; probe it inside __try before use",
                    S, {V}, /*Fatal=*/false, State->add<UnprobedReported>(Base));
    return true;
  }
};

} // namespace

void registerUserPointerUnprobedChecker(CheckerRegistry &Registry,
                                        const RuleInfo &Rule) {
  Registry.addChecker<UserPointerUnprobedChecker>(
      internString(Rule.analyzerCheckerName()), Rule.Summary,
      internString(Rule.helpUri()));
}

} // namespace drvcert
