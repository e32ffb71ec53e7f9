//===- UserControlledCallChecker.cpp - user-controlled-call ----------------===//
//
// Rule user-controlled-call (doc: user-controlled-call.md). The caller
// chooses the code the kernel runs:
//
//   ((PFN)in->Callback)(...)          a function pointer from the request
//   Handlers[in->Type](...)           a table index from the request not
//                                     proven smaller than the table
//   PsCreateSystemThread(..., in->Routine, ...), IoQueueWorkItem,
//   KeInitializeDpc, KeInitializeApc, ExQueueWorkItem (WorkerRoutine)
//                                     a routine from the request scheduled
//
// The appid.sys CVE-2024-21338 and Capcom shapes. A function pointer read
// from the request is never a correct idiom, so there is no allowlist for
// it; a table index is fine once "index < ARRAYSIZE(table)" holds.
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Primitives.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

namespace drvcert {
namespace {

using Prim = ApiFunction::Primitive;

constexpr const char *Danger =
    "any caller can make the kernel run code at an address it chooses, in "
    "ring 0";

class UserControlledCallChecker
    : public Checker<check::PreCall, check::Location> {
  const BugType BT{this, "Code chosen by the caller runs in the kernel",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
    if (!CE || prim::privilegedPath(C))
      return;
    if (!CE->getDirectCallee()) {
      checkIndirect(CE, C);
      return;
    }
    auto S = prim::sinkOf(Call, C);
    if (!S || S->P->Kind != Prim::Routine)
      return;
    ProgramStateRef State = C.getState();
    for (int Arg : S->P->RoutineArgs) {
      if (unsigned(Arg) >= Call.getNumArgs())
        continue;
      SVal V = Call.getArgSVal(Arg);
      if (reportRoutine(C, S->Name, V, CE))
        return;
    }
    if (S->P->WorkItemArg >= 0 && unsigned(S->P->WorkItemArg) < Call.getNumArgs()) {
      const auto *Item = dyn_cast_or_null<SubRegion>(
          Call.getArgSVal(S->P->WorkItemArg).getAsRegion());
      QualType T = Call.getArgExpr(S->P->WorkItemArg)->getType()->getPointeeType();
      const RecordDecl *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
      if (!Item || !RD)
        return;
      for (const FieldDecl *FD : RD->fields())
        if (FD->getName() == S->P->RoutineField) {
          const MemRegion *F =
              C.getSValBuilder().getRegionManager().getFieldRegion(FD, Item);
          reportRoutine(C, S->Name, State->getSVal(F), CE);
        }
    }
  }

  /// Handlers[in->Type](...): the load of the table entry that a call
  /// uses; the index decides. (At the call, the index expression's value
  /// is gone from the analyzer's environment; at the load it is in the
  /// element region.)
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const {
    const auto *ER = dyn_cast_or_null<ElementRegion>(Loc.getAsRegion());
    if (!IsLoad || !ER || !ER->getValueType()->isFunctionPointerType() ||
        prim::privilegedPath(C))
      return;
    const ParentMap &PM = C.getLocationContext()->getParentMap();
    const auto *ASE = dyn_cast<ArraySubscriptExpr>(cast<Expr>(S)->IgnoreParenCasts());
    if (!ASE)
      return;
    const Stmt *Up = PM.getParentIgnoreParenCasts(ASE);
    const auto *CE = dyn_cast_or_null<CallExpr>(Up);
    if (!CE || CE->getCallee()->IgnoreParenCasts() != ASE)
      return;
    ProgramStateRef State = C.getState();
    SVal Index = ER->getIndex();
    if (!kio::isUserData(State, Index))
      return;
    const Expr *Base = ASE->getBase()->IgnoreParenImpCasts();
    std::string Table = "the function table";
    if (const auto *ME = dyn_cast<MemberExpr>(Base))
      Table = "'" + ME->getMemberDecl()->getName().str() + "'";
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      Table = "'" + DRE->getDecl()->getName().str() + "'";
    uint64_t Size = 0;
    if (const auto *CAT = C.getASTContext().getAsConstantArrayType(Base->getType()))
      Size = CAT->getSize().getZExtValue();
    auto R = kio::valueRange(State, Index, C.getASTContext());
    if (R && Size && !R->Lo.isNegative() &&
        R->Hi < llvm::APSInt::get(int64_t(Size)).extend(R->Hi.getBitWidth()))
      return;
    kio::emitReport(
        C, BT,
        "call through " + Table + " with an index from " +
            kio::userDataOrigin(State, Index) + " not proven " +
            (Size ? "below its " + std::to_string(Size) + " entries"
                  : "inside the table") +
            "; " + Danger + " (any pointer past the table's end); check "
            "the index against ARRAYSIZE(table) before the call",
        CE, {Index});
  }

private:
  bool reportRoutine(CheckerContext &C, const std::string &Name, SVal V,
                     const Expr *E) const {
    ProgramStateRef State = C.getState();
    if (V.getAsFunctionDecl() || !kio::isUserData(State, V))
      return false;
    kio::emitReport(C, BT,
                    "'" + Name + "' schedules a routine whose address comes "
                    "from " + kio::userDataOrigin(State, V) + "; " + Danger +
                    "; never take code addresses from the request: select "
                    "the driver's own routine with a checked code",
                    E, {V});
    return true;
  }

  void checkIndirect(const CallExpr *CE, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    const Expr *Callee = CE->getCallee();
    SVal Target = C.getSVal(Callee);
    if (Target.getAsFunctionDecl())
      return; // resolved to one of the driver's functions
    const Expr *Bare = Callee->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(Bare); UO && UO->getOpcode() == UO_Deref)
      Bare = UO->getSubExpr()->IgnoreParenCasts();
    if (isa<ArraySubscriptExpr>(Bare))
      return; // a table call: checkLocation saw the index
    if (!kio::isUserData(State, Target))
      return;
    kio::emitReport(C, BT,
                    "call through a function pointer from " +
                        kio::userDataOrigin(State, Target) + "; " + Danger +
                        "; never take code addresses from the request: select "
                        "the driver's own routine with a checked code",
                    CE, {Target});
  }
};

} // namespace

void registerUserControlledCallChecker(CheckerRegistry &Registry,
                                       const RuleInfo &Rule) {
  addRuleChecker<UserControlledCallChecker>(Registry, Rule);
}

} // namespace drvcert
