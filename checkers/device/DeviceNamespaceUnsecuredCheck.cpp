//===- DeviceNamespaceUnsecuredCheck.cpp - device-namespace-unsecured -----===//
//
// Rule device-namespace-unsecured (doc: device-namespace-unsecured.md).
// A named device created without FILE_DEVICE_SECURE_OPEN lets any caller
// open "\Device\Name\anything", which the I/O manager checks against the
// device's namespace, not its security descriptor. The WDK documents two
// mitigations, both honoured here: the flag (at creation, or OR'ed into
// DeviceObject->Characteristics afterwards in the same function), or an
// IRP_MJ_CREATE handler that fails opens with a non-empty FileName.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "AstCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace drvcert {
namespace {

constexpr int64_t FileDeviceSecureOpen = 0x00000100; // FILE_DEVICE_SECURE_OPEN
constexpr int64_t IrpMjCreate = 0x00;                 // IRP_MJ_CREATE

/// True when E, an operand of an OR chain, sets FILE_DEVICE_SECURE_OPEN.
bool setsSecureOpen(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (auto V = constantValue(E, Ctx))
    return *V & FileDeviceSecureOpen;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Or)
      return setsSecureOpen(BO->getLHS(), Ctx) ||
             setsSecureOpen(BO->getRHS(), Ctx);
  return false;
}

class DeviceNamespaceUnsecuredCheck final : public AstCheck {
public:
  using AstCheck::AstCheck;

  void registerMatchers(MatchFinder &Finder) override {
    Finder.addMatcher(callExpr(callee(functionDecl()),
                               unless(isExpansionInSystemHeader()),
                               forFunction(functionDecl().bind("fn")))
                          .bind("call"),
                      this);
    // DeviceObject->Characteristics |= FILE_DEVICE_SECURE_OPEN;
    Finder.addMatcher(
        binaryOperator(isAssignmentOperator(),
                       hasLHS(ignoringParenImpCasts(
                           memberExpr(member(hasName("Characteristics"))))),
                       forFunction(functionDecl().bind("fn")))
            .bind("setChars"),
        this);
    // DriverObject->MajorFunction[IRP_MJ_CREATE] = Handler;
    Finder.addMatcher(
        binaryOperator(
            hasOperatorName("="),
            hasLHS(ignoringParenImpCasts(arraySubscriptExpr(
                hasBase(ignoringParenImpCasts(
                    memberExpr(member(hasName("MajorFunction"))))),
                hasIndex(expr().bind("major"))))),
            hasRHS(ignoringParenImpCasts(
                declRefExpr(to(functionDecl().bind("handler"))))))
            .bind("dispatch"),
        this);
    // IrpSp->FileObject->FileName.Length read in some function.
    Finder.addMatcher(
        memberExpr(member(hasName("Length")),
                   hasObjectExpression(ignoringParenImpCasts(
                       memberExpr(member(hasName("FileName"))))),
                   forFunction(functionDecl().bind("fn")))
            .bind("fileNameLength"),
        this);
  }

  void check(const MatchFinder::MatchResult &R) override {
    Ctx = R.Context;
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (const auto *CE = R.Nodes.getNodeAs<CallExpr>("call")) {
      onCall(R, CE, Fn);
    } else if (const auto *BO = R.Nodes.getNodeAs<BinaryOperator>("setChars")) {
      if (setsSecureOpen(BO->getRHS(), *R.Context))
        SecureOpenSetIn.insert(Fn->getCanonicalDecl());
    } else if (R.Nodes.getNodeAs<BinaryOperator>("dispatch")) {
      auto Major = constantValue(R.Nodes.getNodeAs<Expr>("major"), *R.Context);
      if (Major && *Major == IrpMjCreate)
        CreateHandlers.insert(
            R.Nodes.getNodeAs<FunctionDecl>("handler")->getCanonicalDecl());
    } else if (R.Nodes.getNodeAs<MemberExpr>("fileNameLength")) {
      ReadsFileNameLength.insert(Fn->getCanonicalDecl());
    }
  }

  void onEndOfTranslationUnit() override {
    bool CreateFailsOnFileName = false;
    for (const FunctionDecl *H : CreateHandlers)
      CreateFailsOnFileName |= ReadsFileNameLength.count(H) != 0;
    for (const Candidate &C : Candidates) {
      if (CreateFailsOnFileName ||
          SecureOpenSetIn.count(C.Function->getCanonicalDecl()))
        continue;
      report(*Ctx, C.Call->getSourceRange(),
             "'" + C.Name +
                 "' creates a named device without FILE_DEVICE_SECURE_OPEN, "
                 "so any caller can open a path below the device name and "
                 "bypass its security descriptor; add FILE_DEVICE_SECURE_OPEN "
                 "to DeviceCharacteristics",
             C.Function);
    }
    Candidates.clear();
    SecureOpenSetIn.clear();
    CreateHandlers.clear();
    ReadsFileNameLength.clear();
  }

private:
  void onCall(const MatchFinder::MatchResult &R, const CallExpr *CE,
              const FunctionDecl *Fn) {
    auto Call = resolveApiCall(CE, *R.SourceManager, R.Context->getLangOpts());
    if (!Call || !Call->Api->Device)
      return;
    const auto &Dev = *Call->Api->Device;
    if (unsigned(std::max(Dev.NameArg, Dev.CharacteristicsArg)) >=
        CE->getNumArgs())
      return;
    // An unnamed device (filter, PnP FDO) has no namespace to protect.
    const Expr *Name = CE->getArg(Dev.NameArg)->IgnoreParenImpCasts();
    if (Name->isNullPointerConstant(*R.Context,
                                    Expr::NPC_ValueDependentIsNotNull))
      return;
    // Only a constant proves the flag is missing; a value copied from a lower
    // device or computed elsewhere is not guessed at.
    auto Chars = constantValue(CE->getArg(Dev.CharacteristicsArg), *R.Context);
    if (!Chars || (*Chars & FileDeviceSecureOpen))
      return;
    Candidates.push_back({CE, Fn, Call->WrittenName});
  }

  struct Candidate {
    const CallExpr *Call;
    const FunctionDecl *Function;
    std::string Name;
  };
  const ASTContext *Ctx = nullptr;
  std::vector<Candidate> Candidates;
  llvm::SmallPtrSet<const FunctionDecl *, 4> SecureOpenSetIn;
  llvm::SmallPtrSet<const FunctionDecl *, 4> CreateHandlers;
  llvm::SmallPtrSet<const FunctionDecl *, 8> ReadsFileNameLength;
};

} // namespace

std::unique_ptr<AstCheck>
createDeviceNamespaceUnsecuredCheck(const RuleInfo &Rule, FindingCollector &Out) {
  return std::make_unique<DeviceNamespaceUnsecuredCheck>(Rule, Out);
}

} // namespace drvcert
