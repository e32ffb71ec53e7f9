//===- BannedStringApiCheck.cpp - banned-string-api -----------------------===//
//
// Rule banned-string-api (doc: banned-string-api.md). Reports calls to the
// unbounded CRT string and format routines the API model marks banned (the
// Code Analysis C28719/C28726/C28727/C28750 lists) with their ntstrsafe
// replacement.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "AstCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace drvcert {
namespace {

class BannedStringApiCheck final : public AstCheck {
public:
  using AstCheck::AstCheck;

  void registerMatchers(MatchFinder &Finder) override {
    Finder.addMatcher(callsOutsideSystemHeaders(), this);
  }

  void check(const MatchFinder::MatchResult &R) override {
    const auto *CE = R.Nodes.getNodeAs<CallExpr>("call");
    auto Call = resolveApiCall(CE, *R.SourceManager, R.Context->getLangOpts());
    if (!Call || !Call->Api->BannedUseInstead)
      return;
    report(R, CE->getSourceRange(),
           "'" + Call->WrittenName +
               "' is a banned string function that can overflow its destination "
               "buffer or leave it unterminated; use '" +
               *Call->Api->BannedUseInstead +
               "' from ntstrsafe.h with the destination size",
           R.Nodes.getNodeAs<FunctionDecl>("fn"));
  }
};

} // namespace

std::unique_ptr<AstCheck> createBannedStringApiCheck(const RuleInfo &Rule,
                                                     FindingCollector &Out) {
  return std::make_unique<BannedStringApiCheck>(Rule, Out);
}

} // namespace drvcert
