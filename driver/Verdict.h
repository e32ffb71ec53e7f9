//===- Verdict.h - The certification verdict and the CI gate ----*- C++ -*-===//
//
// The verdict answers "may this driver ship?": FAIL when a must-fix rule
// (Checkers.def's MustFix, the rulesets/must-fix.yaml set) has an
// unsuppressed finding, whatever its level, or when anything was not
// analyzed. The gate (--fail-on) picks the exit code:
//
//   error|warning|note  unsuppressed findings at or above that level, and
//                       every unsuppressed must-fix finding, fail (exit 1);
//                       with the default (error) exit 0 means PASS
//   new                 the same, counting only findings new since --baseline
//   none                findings never fail
//
// Work not done always wins: exit 3 when a TU or an entry was not analyzed.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_VERDICT_H
#define DRVCERT_DRIVER_VERDICT_H

#include "Run.h"
#include <string>
#include <vector>

namespace drvcert {

struct RuleTally {
  const RuleInfo *Rule = nullptr;
  Level Lvl = Level::Error;
  unsigned Open = 0;       // unsuppressed findings (absent ones excluded)
  unsigned Suppressed = 0;
  unsigned New = 0;    // unsuppressed and new since the baseline
  unsigned Absent = 0; // in the baseline, gone now
};

struct Verdict {
  bool Pass = true;
  std::string Ruleset;
  std::vector<RuleTally> Rules; // every enabled rule, sorted by id
  unsigned Open = 0, Suppressed = 0, MustFixOpen = 0;
  unsigned New = 0; // unsuppressed new findings
  unsigned Unchanged = 0, Updated = 0, Absent = 0;
  unsigned TusAnalyzed = 0, TusNotAnalyzed = 0, EntriesSkipped = 0;
  /// Translation units where path-sensitive analysis of some functions
  /// stopped at its budget: analyzed, but not every path.
  unsigned TusOverBudget = 0;
  bool HasBaseline = false;
  /// Must-fix rules this run did not run: a PASS does not cover them.
  std::vector<const RuleInfo *> MustFixNotRun;

  /// Why it failed, or what a pass does not cover; one phrase.
  std::string reason() const;

private:
  std::string mainReason() const;
};

Verdict computeVerdict(const RunResult &Run);

enum class Gate { Error, Warning, Note, None, New };

/// error, warning, note, none or new.
bool parseGate(llvm::StringRef S, Gate &Out);

/// The exit code of the run under this gate.
ExitCode gateExitCode(const RunResult &Run, Gate G);

/// True when F counts against the gate G (ignoring completeness).
bool failsGate(const Finding &F, Gate G);

} // namespace drvcert

#endif
