//===- Run.h - Everything one drvcert run produced --------------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_RUN_H
#define DRVCERT_DRIVER_RUN_H

#include "Finding.h"
#include "Rule.h"
#include "TuAnalyzer.h"
#include "llvm/Support/JSON.h"
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace drvcert {

/// Something about the run itself, not the code: a TU that was not analyzed,
/// a database entry skipped, a flag removed.
struct Notification {
  enum Kind {
    TuNotAnalyzed,
    EntrySkipped,
    FlagRemoved,
    SuppressionInvalid, // a suppression comment that is wrong
    SuppressionUnused,  // a suppression comment that matched no finding
    TuCrashed,          // the analysis of a TU crashed (its worker died)
    TuTimedOut,         // the analysis of a TU ran past --tu-timeout
    BudgetExhausted,    // path exploration stopped at an analyzer budget
    NoPathAnalysis,     // functions the path-sensitive engine cannot analyze
    NumKinds
  };
  Kind K;
  Level Lvl;
  std::string Message;
  std::string File; // absolute, when the notification is about a file
  unsigned Line = 0, Column = 0; // when it is about a place in File
};

llvm::StringRef notificationId(Notification::Kind K);
llvm::StringRef notificationDescription(Notification::Kind K);
/// True for notifications about drvcert's configuration (SARIF
/// toolConfigurationNotifications) rather than its execution.
bool isConfigurationNotification(Notification::Kind K);

enum ExitCode {
  ExitClean = 0,      // the --fail-on gate passes (driver/Verdict.h)
  ExitFindings = 1,   // the gate fails: findings it counts
  ExitUsage = 2,      // usage or input error: nothing was analyzed
  ExitIncomplete = 3, // some TU or database entry was not analyzed
  ExitInterrupted = 130, // SIGINT or SIGTERM: nothing was written
};

struct RunResult {
  std::vector<const RuleInfo *> Rules; // enabled, sorted by id
  std::vector<TuResult> Tus;
  std::vector<Finding> Findings; // merged, deduplicated, sorted
  std::vector<Notification> Notifications;
  std::string SourceRoot; // absolute; SARIF paths are relative to it
  std::vector<std::string> CommandLine;
  /// SARIF gives files outside SourceRoot their absolute file:// URI; by
  /// default only their name, so a log never leaks the machine's layout.
  bool AbsolutePathsOutsideRoot = false;

  std::string Ruleset = "recommended"; // the ruleset the verdict names
  std::map<std::string, Level> Levels; // configured rule levels
  /// True when findings were compared with a --baseline log; AbsentResults
  /// are its results this run no longer has (SARIF, as they were written).
  bool HasBaseline = false;
  std::vector<llvm::json::Object> AbsentResults;
  /// A --shard run's raw TU results (driver/Shard.h), written into
  /// runs[0].properties for `drvcert merge`; null otherwise.
  llvm::json::Value ShardProperty = nullptr;

  unsigned analyzedCount() const;
  unsigned failedCount() const;
  /// True when every TU asked for was analyzed and no entry was skipped.
  bool complete() const;

  /// Moves the TUs' findings into Findings: one finding per (rule, place,
  /// message), however many TUs include the header it is in; sorted.
  void mergeFindings();
  /// A rule's level in this run: configured, else its default.
  Level level(const RuleInfo &R) const;
  /// Gives every finding its rule's level in this run.
  void applyLevels();
  /// The exposure of every finding and the whole-run rules
  /// (applyExposureAndRunRules); after applyLevels, before suppressions.
  void applyExposure();
};

/// Gives every finding with an entry point its exposure, from the device
/// facts of Tus (checkers/framework/Exposure.h), then runs the whole-run
/// rules among Rules (dangerous-ioctl-exposure) at the level LevelOf gives
/// them. Findings are sorted again. The in-process test harness calls it
/// too.
void applyExposureAndRunRules(std::vector<Finding> &Findings,
                              const std::vector<TuResult> &Tus,
                              const std::vector<const RuleInfo *> &Rules,
                              const std::function<Level(const RuleInfo &)> &LevelOf);

/// The directory SARIF paths are relative to: the nearest ancestor of Dir
/// holding .git, else Dir itself.
std::string defaultSourceRoot(llvm::StringRef Dir);

} // namespace drvcert

#endif
