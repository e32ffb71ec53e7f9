//===- Baseline.h - Comparing a run with an earlier SARIF log ---*- C++ -*-===//
//
// --baseline previous.sarif gives every finding a SARIF baselineState:
//   unchanged  same rule and drvcert/v1 fingerprint (rule, file, function,
//              normalized sink code: no line numbers), same level and message
//   updated    same fingerprint but another level or message; or, when the
//              fingerprint changed (a renamed function), same rule, file and
//              primaryLocationLineHash (the text of the line)
//   new        neither
//   absent     a baseline result this run no longer has; it is written to
//              the new log with baselineState absent, as SARIF describes
// Each baseline result matches at most one finding; the fingerprint pass
// runs over all findings before the line-hash pass.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_BASELINE_H
#define DRVCERT_DRIVER_BASELINE_H

#include "Run.h"
#include "llvm/Support/JSON.h"
#include <string>
#include <vector>

namespace drvcert {

struct BaselineResult {
  std::string RuleId, Level, Message, Uri;
  std::string Fingerprint; // drvcert/v1, may be empty
  std::string LineHash;    // primaryLocationLineHash, may be empty
  llvm::json::Object Json; // the result as written
};

struct Baseline {
  std::string Path;
  std::vector<BaselineResult> Results; // of the drvcert run, absent ones left out
};

/// Reads a SARIF log drvcert wrote. On error returns false and sets Error
/// (with line:column for invalid JSON).
bool parseBaseline(llvm::StringRef Text, llvm::StringRef Path, Baseline &Out,
                   std::string &Error);
bool loadBaseline(llvm::StringRef Path, Baseline &Out, std::string &Error);

/// Sets every finding's baselineState and Run.AbsentResults. Needs the
/// findings' fingerprints (fingerprintFindings).
void applyBaseline(RunResult &Run, const Baseline &B);

llvm::StringRef baselineStateName(BaselineState S);

} // namespace drvcert

#endif
