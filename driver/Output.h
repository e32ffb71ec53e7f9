//===- Output.h - Text and SARIF output of a run ----------------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_OUTPUT_H
#define DRVCERT_DRIVER_OUTPUT_H

#include "Run.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace drvcert {

struct TextOptions {
  bool Color = false;
  bool Snippets = true;
  std::string Cwd; // paths under it are printed relative to it
};

/// Findings in Clang's format: "file:line:col: error: message [rule-id]",
/// the source line with a caret, then one "note:" per code-flow step.
void printFindings(const RunResult &Run, llvm::raw_ostream &OS,
                   const TextOptions &Opts);

/// What was not analyzed and why, then the summary line.
void printSummary(const RunResult &Run, llvm::raw_ostream &OS,
                  const TextOptions &Opts);

/// The run as a SARIF 2.1.0 log.
llvm::json::Value buildSarif(const RunResult &Run);

/// Writes the SARIF log to Path atomically (temporary file, then rename):
/// an interrupted run leaves the previous file or none, never half of one.
/// Path "-" writes to standard output.
bool writeSarif(const RunResult &Run, llvm::StringRef Path, std::string &Error);

} // namespace drvcert

#endif
