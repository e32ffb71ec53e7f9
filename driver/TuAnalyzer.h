//===- TuAnalyzer.h - Analyzes one translation unit -------------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_TUANALYZER_H
#define DRVCERT_DRIVER_TUANALYZER_H

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
};

struct TuResult {
  std::string File;      // absolute source path
  std::string Directory; // the command's working directory
  bool Analyzed = false;
  /// Why the TU was not analyzed: its first errors, "file:line:col: msg".
  std::vector<std::string> Errors;
  std::vector<Finding> Findings;
  double Seconds = 0;
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
