//===- TuAnalyzer.h - Analyzes one translation unit -------------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_TUANALYZER_H
#define DRVCERT_DRIVER_TUANALYZER_H

#include "DeviceFacts.h"
#include "Finding.h"
#include "Rule.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <string>
#include <vector>

namespace drvcert {

struct AnalysisOptions {
  std::vector<const RuleInfo *> Rules;
  std::string ResourceDir;
  std::vector<std::string> ExtraArgsBefore; // inserted after argv[0]
  std::vector<std::string> ExtraArgs;       // appended
  /// Static Analyzer budgets, per top-level function. Clang's defaults.
  unsigned MaxSteps = 225000; // exploded-graph steps; 0: no limit
  unsigned MaxLoop = 4;       // visits of one basic block on one path
  unsigned InlineDepth = 5;   // calls inlined into one another
  /// API model files loaded on top of the built-in model, in load order:
  /// an isolated worker loads them again. Everything a TU's analysis
  /// depends on is in here and travels to workers (driver/TuResultJson.h).
  std::vector<std::string> ModelFiles;
  /// Where precompiled preambles are cached (driver/Preamble.h); empty: every
  /// TU parses its headers. Changes the time a TU takes, never its result.
  std::string PchCacheDir;
};

struct TuResult {
  std::string File;      // absolute source path
  std::string Directory; // the command's working directory
  bool Analyzed = false;
  /// Why the TU was not analyzed: its first errors, "file:line:col: msg".
  std::vector<std::string> Errors;
  std::vector<Finding> Findings;
  double Seconds = 0;
  /// Why the analysis did not finish, when it did not: the worker analyzing
  /// the TU crashed, or ran past the per-TU time limit (Analyzed is false).
  enum class FaultKind { None, Crashed, TimedOut };
  FaultKind Fault = FaultKind::None;
  std::string FaultDetail; // "Segmentation fault", the worker's last words
  /// Functions whose path-sensitive analysis stopped at MaxSteps: the TU is
  /// analyzed, but not every path of these was explored.
  std::vector<std::string> BudgetExhausted;
  /// The devices the TU creates and the entry points it registers, for the
  /// exposure of every finding of the run (Exposure.h).
  DeviceFacts Devices;
  /// Functions of the main file the path-sensitive rules could not analyze
  /// at all: Clang builds no control-flow graph for them (__try/__finally).
  std::vector<std::string> NoPathAnalysis;
};

/// The command line drvcert runs for Cmd: extra args, resource directory,
/// syntax-only, no output or dependency files.
std::vector<std::string> analysisCommandLine(const clang::tooling::CompileCommand &Cmd,
                                             const AnalysisOptions &Opts);

/// Parses Cmd's file once and runs every selected rule, AST and path
/// sensitive, on that AST. Never throws; a TU that does not parse comes back
/// with Analyzed = false, its errors, and no findings.
TuResult analyzeTu(const clang::tooling::CompileCommand &Cmd,
                   const AnalysisOptions &Opts);

} // namespace drvcert

#endif
