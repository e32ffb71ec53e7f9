//===- DeviceNamespaceUnsecuredCheck.cpp - device-namespace-unsecured -----===//
//
// Rule device-namespace-unsecured (doc: device-namespace-unsecured.md).
// A named device created without FILE_DEVICE_SECURE_OPEN lets any caller
// open "\Device\Name\anything", which the I/O manager checks against the
// device's namespace, not its security descriptor. The WDK documents two
// mitigations, both honoured here: the flag (at creation, or OR'ed into the
// same device object's Characteristics afterwards in the function), or an
// IRP_MJ_CREATE handler that fails opens with a non-empty FileName.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "AstCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <set>

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
    // DriverObject->MajorFunction[IRP_MJ_CREATE] = Handler; (also chained:
    // MajorFunction[IRP_MJ_CREATE] = MajorFunction[IRP_MJ_CLOSE] = Handler)
    Finder.addMatcher(
        binaryOperator(
            hasOperatorName("="),
            hasLHS(ignoringParenImpCasts(arraySubscriptExpr(
                hasBase(ignoringParenImpCasts(
                    memberExpr(member(hasName("MajorFunction"))))),
                hasIndex(expr().bind("major"))))))
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
      // Which device object: the base of ->Characteristics, as written.
      const auto *ME = cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
      if (setsSecureOpen(BO->getRHS(), *R.Context))
        SecuredLater.insert({Fn->getCanonicalDecl(), deviceKey(ME->getBase(), R)});
    } else if (const auto *BO = R.Nodes.getNodeAs<BinaryOperator>("dispatch")) {
      // A constant other than IRP_MJ_CREATE rules the handler out; a loop
      // index over all majors does not.
      auto Major = constantValue(R.Nodes.getNodeAs<Expr>("major"), *R.Context);
      if (Major && *Major != IrpMjCreate)
        return;
      const Expr *Rhs = BO->getRHS()->IgnoreParenImpCasts();
      while (const auto *Chain = dyn_cast<BinaryOperator>(Rhs)) {
        if (Chain->getOpcode() != BO_Assign)
          return;
        Rhs = Chain->getRHS()->IgnoreParenImpCasts();
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Rhs))
        if (const auto *H = dyn_cast<FunctionDecl>(DRE->getDecl()))
          CreateHandlers.insert(H->getCanonicalDecl());
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
          SecuredLater.count({C.Function->getCanonicalDecl(), C.DeviceKey}))
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
    SecuredLater.clear();
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
    // The device object the call creates, to match a later
    // "Device->Characteristics |= FILE_DEVICE_SECURE_OPEN" on it.
    std::string Key;
    if (Dev.DeviceObjectArg >= 0 && unsigned(Dev.DeviceObjectArg) < CE->getNumArgs()) {
      const Expr *Out = CE->getArg(Dev.DeviceObjectArg)->IgnoreParenImpCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(Out);
          UO && UO->getOpcode() == UO_AddrOf)
        Key = deviceKey(UO->getSubExpr(), R);
      else
        Key = "*" + deviceKey(Out, R);
    }
    Candidates.push_back({CE, Fn, Call->WrittenName, Key});
  }

  /// The device object expression as written, without parentheses and
  /// whitespace: "devObj", "*DeviceObject", "ext->Control".
  static std::string deviceKey(const Expr *E, const MatchFinder::MatchResult &R) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
      return "*" + deviceKey(UO->getSubExpr(), R);
    std::string Code = normalizedCode(*R.SourceManager,
                                      R.Context->getLangOpts(), E->getSourceRange());
    Code.erase(std::remove_if(Code.begin(), Code.end(),
                              [](char C) { return C == '(' || C == ')'; }),
               Code.end());
    return Code;
  }

  struct Candidate {
    const CallExpr *Call;
    const FunctionDecl *Function;
    std::string Name;
    std::string DeviceKey;
  };
  const ASTContext *Ctx = nullptr;
  std::vector<Candidate> Candidates;
  std::set<std::pair<const FunctionDecl *, std::string>> SecuredLater;
  llvm::SmallPtrSet<const FunctionDecl *, 4> CreateHandlers;
  llvm::SmallPtrSet<const FunctionDecl *, 8> ReadsFileNameLength;
};

} // namespace

std::unique_ptr<AstCheck>
createDeviceNamespaceUnsecuredCheck(const RuleInfo &Rule, FindingCollector &Out) {
  return std::make_unique<DeviceNamespaceUnsecuredCheck>(Rule, Out);
}

} // namespace drvcert
