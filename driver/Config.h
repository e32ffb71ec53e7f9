//===- Config.h - Rulesets and the project file .drvcert.yaml ---*- C++ -*-===//
//
// What a run checks comes from three layers, applied in this order:
//   1. a ruleset: built in (rulesets/*.yaml, embedded) or a file, its
//      'inherits' chain first;
//   2. the project file .drvcert.yaml, found upward from the sources like
//      .clang-tidy (or named with --config);
//   3. the command line: --checks globs, --model files.
// Every layer can enable and disable rules by glob (clang-tidy semantics,
// later globs win) and set a rule's level and options; the project file
// also names API model files. Every key, rule id, option and value is
// checked: a mistake is an error naming file:line:col.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_CONFIG_H
#define DRVCERT_DRIVER_CONFIG_H

#include "Rule.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <string>
#include <vector>

namespace drvcert {

using RuleOptionValues = std::map<std::string, std::map<std::string, std::string>>;

/// One configuration file, parsed.
struct ConfigLayer {
  std::string File;          // as it appears in messages
  std::string Inherits;      // 'inherits:' (ruleset) or 'ruleset:' (project)
  std::string InheritsWhere; // "file:line:col" of that reference
  std::string Description;
  std::vector<std::string> Checks;     // globs, in order
  std::map<std::string, Level> Levels; // rule id -> level
  RuleOptionValues Options;            // rule id -> option -> value
  std::vector<std::string> Models;     // absolute paths
};

enum class ConfigKind { Ruleset, Project };

/// Parses a ruleset (keys: version, description, inherits, checks, rules) or
/// a project file (keys: version, ruleset, checks, rules, models). Relative
/// paths are relative to FileName's directory. On error returns false and
/// sets Error to "file:line:col: message".
bool parseConfig(llvm::StringRef Text, llvm::StringRef FileName, ConfigKind Kind,
                 ConfigLayer &Out, std::string &Error,
                 llvm::ArrayRef<RuleOptionInfo> KnownOptions = ruleOptionInfos());

/// The built-in rulesets' names, sorted; their text, or "" when unknown.
std::vector<std::string> builtinRulesets();
llvm::StringRef builtinRulesetText(llvm::StringRef Name);

/// The ruleset every run uses unless told otherwise.
constexpr const char *DefaultRuleset = "recommended";

/// The effective configuration of a run.
struct Config {
  std::string Ruleset = DefaultRuleset; // as named; the verdict names it
  std::string RulesetFile;  // absolute path when it is a file, else empty
  std::string ProjectFile;  // the project file applied, absolute, or empty
  std::vector<std::string> Checks;     // every glob, layer by layer
  std::map<std::string, Level> Levels; // configured levels
  RuleOptionValues Options;
  std::vector<std::string> Models;     // API model files, in load order
  std::vector<const RuleInfo *> Rules; // the selection, sorted by id

  /// The rule's level in this run: configured, else its default.
  Level level(const RuleInfo &R) const;
  /// The configuration as a project file that loads back to the same one.
  std::string dump() const;
};

/// Builds the configuration: the ruleset RulesetRef (a built-in name or a
/// path relative to the current directory; empty: the project file's
/// 'ruleset', else DefaultRuleset) with its parents, then ProjectFile (empty:
/// none), then the --checks globs. Returns false with a message naming the
/// file and line on error.
bool loadConfig(llvm::StringRef RulesetRef, llvm::StringRef ProjectFile,
                llvm::StringRef Checks, Config &Out, std::string &Error);

/// Name of the project file.
constexpr const char *ProjectFileName = ".drvcert.yaml";

/// The project file for these sources (absolute paths): for each, the
/// nearest .drvcert.yaml in its directory or above. Sets Found to it, or to
/// "" when there is none; fails when the sources have different ones.
bool findProjectFile(llvm::ArrayRef<std::string> Sources, std::string &Found,
                     std::string &Error);

} // namespace drvcert

#endif
