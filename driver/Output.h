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
  bool ShowSuppressed = false; // print suppressed findings too
  std::string Cwd; // paths under it are printed relative to it
};

struct SarifOptions {
  /// Leave out suppressed findings and absent baseline results, for
  /// consumers that ignore suppressions and baselineState (GitHub).
  bool OpenOnly = false;
};

/// Findings in Clang's format: "file:line:col: error: message [rule-id]"
/// (with a baseline, followed by "(new)", "(unchanged)" or "(updated)"), the
/// source line with a caret, then one "note:" per code-flow step. Suppressed
/// findings only with ShowSuppressed, with a note per suppression.
void printFindings(const RunResult &Run, llvm::raw_ostream &OS,
                   const TextOptions &Opts);

/// What was not analyzed and why, then the summary line.
void printSummary(const RunResult &Run, llvm::raw_ostream &OS,
                  const TextOptions &Opts);

/// The certification summary: ruleset, a table of rule, level, findings and
/// suppressed, translation units, and PASS or FAIL.
void printVerdict(const RunResult &Run, llvm::raw_ostream &OS,
                  const TextOptions &Opts);

/// The run as a SARIF 2.1.0 log.
llvm::json::Value buildSarif(const RunResult &Run,
                             const SarifOptions &Opts = {});

/// Writes the SARIF log to Path atomically (temporary file, then rename):
/// an interrupted run leaves the previous file or none, never half of one.
/// Path "-" writes to standard output.
bool writeSarif(const RunResult &Run, llvm::StringRef Path, std::string &Error,
                const SarifOptions &Opts = {});

/// Sets every finding's Fingerprint (drvcert/v1) and LineHash
/// (primaryLocationLineHash) as the SARIF log writes them.
void fingerprintFindings(RunResult &Run);

/// The artifact URI a SARIF result of Run gives File.
std::string resultUri(const RunResult &Run, llvm::StringRef File);

} // namespace drvcert

#endif
