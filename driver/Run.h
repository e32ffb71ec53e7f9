//===- Run.h - Everything one drvcert run produced --------------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_RUN_H
#define DRVCERT_DRIVER_RUN_H

#include "Finding.h"
#include "Rule.h"
#include "TuAnalyzer.h"
#include <string>
#include <vector>

namespace drvcert {

/// Something about the run itself, not the code: a TU that was not analyzed,
/// a database entry skipped, a flag removed.
struct Notification {
  enum Kind { TuNotAnalyzed, EntrySkipped, FlagRemoved };
  Kind K;
  Level Lvl;
  std::string Message;
  std::string File; // absolute, when the notification is about a file
};

llvm::StringRef notificationId(Notification::Kind K);
llvm::StringRef notificationDescription(Notification::Kind K);

enum ExitCode {
  ExitClean = 0,      // no finding at or above the gate level
  ExitFindings = 1,   // findings at or above the gate level
  ExitUsage = 2,      // usage or input error: nothing was analyzed
  ExitIncomplete = 3, // some TU or database entry was not analyzed
};

struct RunResult {
  std::vector<const RuleInfo *> Rules; // enabled, sorted by id
  std::vector<TuResult> Tus;
  std::vector<Finding> Findings; // merged, deduplicated, sorted
  std::vector<Notification> Notifications;
  std::string SourceRoot; // absolute; SARIF paths are relative to it
  std::vector<std::string> CommandLine;

  unsigned analyzedCount() const;
  unsigned failedCount() const;
  /// True when every TU asked for was analyzed and no entry was skipped.
  bool complete() const;

  /// Moves the TUs' findings into Findings: one finding per (rule, place,
  /// message), however many TUs include the header it is in; sorted.
  void mergeFindings();
  ExitCode exitCode(Level Gate) const;
};

/// The directory SARIF paths are relative to: the nearest ancestor of Dir
/// holding .git, else Dir itself.
std::string defaultSourceRoot(llvm::StringRef Dir);

} // namespace drvcert

#endif
