//===- Rule.h - Rule metadata from Checkers.def -----------------*- C++ -*-===//
#ifndef DRVCERT_FRAMEWORK_RULE_H
#define DRVCERT_FRAMEWORK_RULE_H

#include "Finding.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <string>

namespace drvcert {

/// Ast: AST matchers per TU; Path: the Static Analyzer per TU; Run: over
/// the findings and device facts of the whole run, after the exposure step.
enum class Engine { Ast, Path, Run };

struct RuleInfo {
  llvm::StringRef Id;
  llvm::StringRef Family;
  llvm::StringRef ClassName;
  Engine Eng;
  Level DefaultLevel;
  llvm::StringRef Cwes; // "120,676"
  llvm::StringRef Precision;
  llvm::StringRef SecuritySeverity;
  bool MustFix;
  llvm::StringRef CaWarnings;
  llvm::StringRef Summary;

  /// Friendly name for SARIF: the class name without its Check/Checker suffix.
  std::string name() const;
  /// Internal Static Analyzer checker name: drvcert.<family>.<name>.
  std::string analyzerCheckerName() const;
  /// Path of the doc page relative to the repository root.
  std::string docPath() const;
  /// Absolute URL of the doc page.
  std::string helpUri() const;
  /// The doc page (Markdown), embedded at build time.
  llvm::StringRef doc() const;
  llvm::SmallVector<unsigned, 4> cweList() const;
};

/// Every rule, sorted by id.
llvm::ArrayRef<RuleInfo> allRules();
const RuleInfo *findRule(llvm::StringRef Id);
const RuleInfo *findRuleByAnalyzerName(llvm::StringRef CheckerName);

/// An option a rule reads from the configuration:
///   rules: { <rule-id>: { options: { <Name>: <value> } } }
struct RuleOptionInfo {
  enum Type { Bool, Int, String };
  llvm::StringRef Rule;
  llvm::StringRef Name;
  Type Kind;
  llvm::StringRef Default;
  llvm::StringRef Description;
};

/// Every rule option, declared in Rule.cpp (no rule has one yet).
llvm::ArrayRef<RuleOptionInfo> ruleOptionInfos();
/// The value of a rule's option in this run: the configured one, else the
/// declared default ("" for an undeclared option).
std::string ruleOption(llvm::StringRef Rule, llvm::StringRef Name);
/// Sets the configured option values: rule id -> option -> value.
void setRuleOptions(std::map<std::string, std::map<std::string, std::string>> V);

/// Selects rules with clang-tidy style globs: "*,-banned-*". Later globs win.
/// Returns false and sets Error for a glob that matches no rule.
bool selectRules(llvm::StringRef Globs, std::vector<const RuleInfo *> &Out,
                 std::string &Error);

} // namespace drvcert

#endif
