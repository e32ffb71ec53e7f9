//===- AstCheck.h - Base class of the AST-matcher rules ---------*- C++ -*-===//
//
// The clang-tidy shape: registerMatchers() adds matchers, check() gets each
// match and calls report(). One subclass per rule, in one .cpp file that
// also defines the factory Checkers.def names (create<Class>).
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_ASTCHECK_H
#define DRVCERT_FRAMEWORK_ASTCHECK_H

#include "ApiModel.h"
#include "FindingCollector.h"
#include "Rule.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include <memory>

namespace drvcert {

class AstCheck : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  AstCheck(const RuleInfo &Rule, FindingCollector &Out)
      : Rule(Rule), Out(Out) {}

  virtual void registerMatchers(clang::ast_matchers::MatchFinder &Finder) = 0;
  virtual void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) = 0;

  void run(const clang::ast_matchers::MatchFinder::MatchResult &R) final {
    check(R);
  }
  llvm::StringRef getID() const final { return Rule.Id; }

protected:
  /// Every direct call outside system headers, bound as "call", with its
  /// enclosing function as "fn" when there is one. Which calls matter is
  /// data (the API model): filter in check() with resolveApiCall().
  static clang::ast_matchers::StatementMatcher callsOutsideSystemHeaders() {
    using namespace clang::ast_matchers;
    return callExpr(callee(functionDecl()), unless(isExpansionInSystemHeader()),
                    optionally(forFunction(functionDecl().bind("fn"))))
        .bind("call");
  }

  void report(const clang::ast_matchers::MatchFinder::MatchResult &R,
              clang::SourceRange Where, std::string Message,
              const clang::Decl *Function) {
    Out.report(Rule, *R.SourceManager, R.Context->getLangOpts(), Where,
               std::move(Message), Function);
  }
  void report(const clang::ASTContext &Ctx, clang::SourceRange Where,
              std::string Message, const clang::Decl *Function) {
    Out.report(Rule, Ctx.getSourceManager(), Ctx.getLangOpts(), Where,
               std::move(Message), Function);
  }
  const ApiModel &model() const { return ApiModel::global(); }

  const RuleInfo &Rule;

private:
  FindingCollector &Out;
};

} // namespace drvcert

#endif
