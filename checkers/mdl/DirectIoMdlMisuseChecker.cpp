//===- DirectIoMdlMisuseChecker.cpp - direct-io-mdl-misuse ----------------===//
//
// Rule direct-io-mdl-misuse (doc: direct-io-mdl-misuse.md), path-sensitive.
//
//   MmGetSystemAddressForMdlSafe(Mdl, Prio)   (a WDK macro)
//     = Mdl already mapped ? Mdl->MappedSystemVa
//                          : MmMapLockedPagesSpecifyCache(Mdl, KernelMode, ...)
//
//   post-call MmMapLockedPagesSpecifyCache   returned symbol -> Mapped (note)
//        | if (p == NULL) ...      constraint manager splits the path
//        v
//   load/store through p, or p passed to memcpy/memmove/memset,
//   while p may still be NULL                                  -> report
//
// Also reports, without a path, every MmGetSystemAddressForMdl (a macro over
// MmMapLockedPages) and direct KernelMode MmMapLockedPages call, and
// MmMapLockedPagesSpecifyCache with BugCheckOnFailure TRUE: they bug-check
// when the mapping fails.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "FindingCollector.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

/// Addresses returned by a mapping routine that may return NULL, with the
/// name the developer wrote (interned in the AST's identifier table).
REGISTER_MAP_WITH_PROGRAMSTATE(MappedAddresses, SymbolRef,
                               const IdentifierInfo *)

namespace drvcert {
namespace {

constexpr int64_t KernelModeValue = 0; // KPROCESSOR_MODE KernelMode

class DirectIoMdlMisuseChecker
    : public Checker<check::PostCall, check::PreCall, check::Location,
                     check::DeadSymbols, check::ASTCodeBody> {
  const BugType UncheckedBT{this, "MDL system address used without NULL check",
                            "Windows driver security"};
  const BugType BugcheckingBT{this, "MDL mapped with a bug-checking routine",
                              "Windows driver security"};

public:
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S,
                     CheckerContext &C) const;
  void checkDeadSymbols(SymbolReaper &SR, CheckerContext &C) const;
  void checkASTCodeBody(const Decl *D, AnalysisManager &Mgr,
                        BugReporter &BR) const;

private:
  /// The tracked mapping P may be NULL on this path: its name, else null.
  const IdentifierInfo *mayBeNullMapping(SVal P, ProgramStateRef State,
                                         SymbolRef &Sym) const;
  void reportUnchecked(CheckerContext &C, SymbolRef Sym, std::string Msg,
                       SourceRange R) const;

  static std::string consequence() {
    return "; it returns NULL when the system is low on resources, and the "
           "NULL dereference crashes the machine; check it and complete the "
           "request with STATUS_INSUFFICIENT_RESOURCES";
  }
};

std::optional<ApiCall> resolve(const CallEvent &Call, CheckerContext &C) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !Call.getOriginExpr())
    return std::nullopt;
  return resolveApiCall(FD, Call.getOriginExpr()->getBeginLoc(),
                        C.getSourceManager(), C.getLangOpts());
}

void DirectIoMdlMisuseChecker::checkPostCall(const CallEvent &Call,
                                             CheckerContext &C) const {
  auto Api = resolve(Call, C);
  if (!Api || !Api->Api->Mdl || !Api->Api->Mdl->MayReturnNull)
    return;
  // MmMapLockedPagesSpecifyCache(Mdl, AccessMode, CacheType, RequestedAddress,
  // BugCheckOnFailure, Priority) returns NULL only for KernelMode mappings
  // that do not bug-check; UserMode mappings raise an exception instead.
  if (Api->Api->Name == "MmMapLockedPagesSpecifyCache" && Call.getNumArgs() == 6) {
    ASTContext &Ctx = C.getASTContext();
    auto Mode = constantValue(Call.getArgExpr(1), Ctx);
    auto BugCheck = constantValue(Call.getArgExpr(4), Ctx);
    if ((Mode && *Mode != KernelModeValue) || (BugCheck && *BugCheck != 0))
      return;
  }
  SymbolRef Sym = Call.getReturnValue().getAsSymbol();
  if (!Sym)
    return;
  const IdentifierInfo *Name = &C.getASTContext().Idents.get(Api->WrittenName);
  ProgramStateRef State = C.getState()->set<MappedAddresses>(Sym, Name);
  const BugType *BT = &UncheckedBT;
  const NoteTag *Note = C.getNoteTag(
      [Sym, Name, BT](PathSensitiveBugReport &BR) -> std::string {
        if (&BR.getBugType() != BT || !BR.isInteresting(Sym))
          return "";
        return "'" + Name->getName().str() +
               "' returns NULL when the pages cannot be mapped";
      });
  C.addTransition(State, Note);
}

const IdentifierInfo *
DirectIoMdlMisuseChecker::mayBeNullMapping(SVal P, ProgramStateRef State,
                                           SymbolRef &Sym) const {
  Sym = P.getAsSymbol(/*IncludeBaseRegions=*/true);
  if (!Sym)
    if (const MemRegion *R = P.getAsRegion())
      if (const auto *SR = dyn_cast<SymbolicRegion>(R->getBaseRegion()))
        Sym = SR->getSymbol();
  if (!Sym)
    return nullptr;
  const IdentifierInfo *const *Name = State->get<MappedAddresses>(Sym);
  if (!Name)
    return nullptr;
  ConditionTruthVal IsNull =
      State->getStateManager().getConstraintManager().isNull(State, Sym);
  if (IsNull.isConstrainedFalse())
    return nullptr;
  return *Name;
}

void DirectIoMdlMisuseChecker::reportUnchecked(CheckerContext &C,
                                               SymbolRef Sym, std::string Msg,
                                               SourceRange R) const {
  // A NULL dereference ends the path: the machine bug-checks.
  ExplodedNode *N = C.generateErrorNode();
  if (!N)
    return;
  auto Report = std::make_unique<PathSensitiveBugReport>(UncheckedBT, Msg, N);
  Report->markInteresting(Sym);
  Report->addRange(R);
  C.emitReport(std::move(Report));
}

void DirectIoMdlMisuseChecker::checkLocation(SVal Loc, bool IsLoad,
                                             const Stmt *S,
                                             CheckerContext &C) const {
  SymbolRef Sym;
  const IdentifierInfo *Name = mayBeNullMapping(Loc, C.getState(), Sym);
  if (!Name)
    return;
  reportUnchecked(C, Sym,
                  "'" + Name->getName().str() +
                      "' result is dereferenced without a NULL check" +
                      consequence(),
                  S ? S->getSourceRange() : SourceRange());
}

void DirectIoMdlMisuseChecker::checkPreCall(const CallEvent &Call,
                                            CheckerContext &C) const {
  auto Api = resolve(Call, C);
  if (!Api || !Api->Api->Copy)
    return;
  for (int Index : {Api->Api->Copy->DstArg, Api->Api->Copy->SrcArg}) {
    if (Index < 0 || unsigned(Index) >= Call.getNumArgs())
      continue;
    SymbolRef Sym;
    const IdentifierInfo *Name =
        mayBeNullMapping(Call.getArgSVal(Index), C.getState(), Sym);
    if (!Name)
      continue;
    reportUnchecked(C, Sym,
                    "'" + Name->getName().str() + "' result is passed to '" +
                        Api->WrittenName + "' without a NULL check" +
                        consequence(),
                    Call.getArgExpr(Index)->getSourceRange());
    return;
  }
}

void DirectIoMdlMisuseChecker::checkDeadSymbols(SymbolReaper &SR,
                                                CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  for (const auto &Entry : State->get<MappedAddresses>())
    if (SR.isDead(Entry.first))
      State = State->remove<MappedAddresses>(Entry.first);
  if (State != C.getState())
    C.addTransition(State);
}

void DirectIoMdlMisuseChecker::checkASTCodeBody(const Decl *D,
                                                AnalysisManager &Mgr,
                                                BugReporter &BR) const {
  struct Visitor : RecursiveASTVisitor<Visitor> {
    const DirectIoMdlMisuseChecker &Checker;
    const Decl *D;
    AnalysisManager &Mgr;
    BugReporter &BR;
    bool VisitCallExpr(const CallExpr *CE) {
      const SourceManager &SM = Mgr.getSourceManager();
      if (FindingCollector::inSystemHeader(SM, CE->getBeginLoc()))
        return true;
      auto Api = resolveApiCall(CE, SM, Mgr.getLangOpts());
      if (!Api || !Api->Api->Mdl)
        return true;
      ASTContext &Ctx = Mgr.getASTContext();
      std::string Msg;
      if (Api->Api->DeprecatedUseInstead) {
        // MmMapLockedPages(Mdl, AccessMode): a UserMode mapping raises an
        // exception instead of bug-checking.
        if (CE->getNumArgs() == 2)
          if (auto Mode = constantValue(CE->getArg(1), Ctx);
              Mode && *Mode != KernelModeValue)
            return true;
        // The name as written decides the advice: MmGetSystemAddressForMdl
        // (a macro over MmMapLockedPages) -> MmGetSystemAddressForMdlSafe.
        std::string UseInstead = *Api->Api->DeprecatedUseInstead;
        if (const ApiFunction *Written =
                ApiModel::global().lookupName(Api->WrittenName);
            Written && Written->DeprecatedUseInstead)
          UseInstead = *Written->DeprecatedUseInstead;
        Msg = "'" + Api->WrittenName +
              "' bug-checks the machine when the mapping fails; use '" +
              UseInstead + "' and check its result for NULL";
      } else if (Api->Api->Name == "MmMapLockedPagesSpecifyCache" &&
                 CE->getNumArgs() == 6) {
        // BugCheckOnFailure TRUE: the documentation requires FALSE.
        auto BugCheck = constantValue(CE->getArg(4), Ctx);
        if (!BugCheck || *BugCheck == 0)
          return true;
        Msg = "'" + Api->WrittenName +
              "' with BugCheckOnFailure TRUE bug-checks the machine when the "
              "mapping fails; pass FALSE and check its result for NULL";
      } else {
        return true;
      }
      PathDiagnosticLocation Loc = PathDiagnosticLocation::createBegin(
          CE, SM, Mgr.getAnalysisDeclContext(D));
      BR.EmitBasicReport(D, &Checker, Checker.BugcheckingBT.getDescription(),
                         Checker.BugcheckingBT.getCategory(), Msg, Loc,
                         CE->getSourceRange());
      return true;
    }
  } V{{}, *this, D, Mgr, BR};
  V.TraverseDecl(const_cast<Decl *>(D));
}

} // namespace

void registerDirectIoMdlMisuseChecker(CheckerRegistry &Registry,
                                      const RuleInfo &Rule) {
  addRuleChecker<DirectIoMdlMisuseChecker>(Registry, Rule);
}

} // namespace drvcert
