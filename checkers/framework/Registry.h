//===- Registry.h - Instantiates the rules of both engines ------*- C++ -*-===//
#ifndef DRVCERT_FRAMEWORK_REGISTRY_H
#define DRVCERT_FRAMEWORK_REGISTRY_H

#include "AstCheck.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include <functional>
#include <memory>
#include <vector>

namespace clang::ento {
class CheckerRegistry;
}

namespace drvcert {

/// A fresh instance of an AST rule, reporting to Out; null for path rules.
std::unique_ptr<AstCheck> createAstCheck(const RuleInfo &Rule,
                                         FindingCollector &Out);

/// True when some of Rules read the kernel I/O model, whose modeling checker
/// (kio::ModelCheckerName) must then be enabled too.
bool needsKernelIoModel(const std::vector<const RuleInfo *> &Rules);

/// Registers the given path-sensitive rules with the Static Analyzer as
/// drvcert.<family>.<Name> checkers.
void registerPathCheckers(clang::ento::CheckerRegistry &Registry,
                          const std::vector<const RuleInfo *> &Rules);

/// Runs the run-level rules (Engine::Run) among Rules over the findings of
/// the whole run, after the exposure step; each appends its findings at
/// the level LevelOf gives it.
void runRunRules(const std::vector<const RuleInfo *> &Rules,
                 std::vector<Finding> &Findings,
                 const std::function<Level(const RuleInfo &)> &LevelOf);

/// A copy of S that lives as long as the process (for APIs keeping StringRefs).
llvm::StringRef internString(llvm::StringRef S);

/// Registers a path-sensitive rule's checker class under the rule's
/// analyzer name (what each rule's register<Class> function does).
template <typename CheckerT>
void addRuleChecker(clang::ento::CheckerRegistry &Registry,
                    const RuleInfo &Rule) {
  Registry.addChecker<CheckerT>(internString(Rule.analyzerCheckerName()),
                                Rule.Summary, internString(Rule.helpUri()));
}

} // namespace drvcert

#endif
