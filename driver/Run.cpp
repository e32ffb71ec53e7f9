//===- Run.cpp ------------------------------------------------------------===//
#include "Run.h"
#include "Exposure.h"
#include "Registry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <set>
#include <tuple>

namespace drvcert {

llvm::StringRef notificationId(Notification::Kind K) {
  switch (K) {
  case Notification::TuNotAnalyzed:
    return "DRVCERT1001";
  case Notification::EntrySkipped:
    return "DRVCERT1002";
  case Notification::FlagRemoved:
    return "DRVCERT1003";
  case Notification::SuppressionInvalid:
    return "DRVCERT2001";
  case Notification::SuppressionUnused:
    return "DRVCERT2002";
  case Notification::TuCrashed:
    return "DRVCERT1004";
  case Notification::TuTimedOut:
    return "DRVCERT1005";
  case Notification::BudgetExhausted:
    return "DRVCERT1006";
  case Notification::NoPathAnalysis:
    return "DRVCERT1007";
  case Notification::NumKinds:
    break;
  }
  return "DRVCERT1000";
}

llvm::StringRef notificationDescription(Notification::Kind K) {
  switch (K) {
  case Notification::TuNotAnalyzed:
    return "A translation unit could not be analyzed; its findings are "
           "missing from this run.";
  case Notification::EntrySkipped:
    return "A compilation database entry could not be used and was skipped.";
  case Notification::FlagRemoved:
    return "A compiler flag that loads code into the analyzer was removed "
           "from a compilation database entry.";
  case Notification::SuppressionInvalid:
    return "An in-source suppression is malformed, names an unknown rule or "
           "lacks a justification, so it suppresses nothing.";
  case Notification::SuppressionUnused:
    return "An in-source suppression matched no finding; a stale suppression "
           "would silently hide a future finding on its line.";
  case Notification::TuCrashed:
    return "The analysis of a translation unit crashed; its findings are "
           "missing from this run. The message has a command that "
           "reproduces the crash.";
  case Notification::TuTimedOut:
    return "The analysis of a translation unit ran past its time limit "
           "(--tu-timeout) and was stopped; its findings are missing from "
           "this run.";
  case Notification::BudgetExhausted:
    return "Path-sensitive analysis of some functions stopped at the "
           "analyzer's step budget (--analyzer-max-steps): paths beyond it "
           "were not checked.";
  case Notification::NoPathAnalysis:
    return "Clang's analyzer cannot follow the control flow of some "
           "functions (__try/__finally), so the path-sensitive rules did not "
           "check them; the AST rules did.";
  case Notification::NumKinds:
    break;
  }
  return "";
}

bool isConfigurationNotification(Notification::Kind K) {
  return K == Notification::SuppressionInvalid ||
         K == Notification::SuppressionUnused;
}

unsigned RunResult::analyzedCount() const {
  return std::count_if(Tus.begin(), Tus.end(),
                       [](const TuResult &T) { return T.Analyzed; });
}

unsigned RunResult::failedCount() const { return Tus.size() - analyzedCount(); }

bool RunResult::complete() const {
  return failedCount() == 0 &&
         std::none_of(Notifications.begin(), Notifications.end(),
                      [](const Notification &N) {
                        return N.K == Notification::EntrySkipped;
                      });
}

void RunResult::mergeFindings() {
  std::set<std::tuple<std::string, std::string, unsigned, unsigned, std::string>>
      Seen;
  for (TuResult &Tu : Tus) {
    for (Finding &F : Tu.Findings)
      if (Seen.insert({F.RuleId, F.Where.File, F.Where.Line, F.Where.Column,
                       F.Message})
              .second)
        Findings.push_back(std::move(F));
    Tu.Findings.clear();
  }
  std::stable_sort(Findings.begin(), Findings.end());
}

Level RunResult::level(const RuleInfo &R) const {
  auto It = Levels.find(R.Id.str());
  return It == Levels.end() ? R.DefaultLevel : It->second;
}

void RunResult::applyLevels() {
  for (Finding &F : Findings)
    if (const RuleInfo *R = findRule(F.RuleId))
      F.Lvl = level(*R);
}

void applyExposureAndRunRules(
    std::vector<Finding> &Findings, const std::vector<TuResult> &Tus,
    const std::vector<const RuleInfo *> &Rules,
    const std::function<Level(const RuleInfo &)> &LevelOf) {
  std::vector<TuDevices> Devices;
  for (const TuResult &Tu : Tus)
    if (Tu.Analyzed)
      Devices.push_back({Tu.File, &Tu.Devices});
  applyExposure(Findings, Devices);
  runRunRules(Rules, Findings, LevelOf);
  std::stable_sort(Findings.begin(), Findings.end());
}

void RunResult::applyExposure() {
  applyExposureAndRunRules(Findings, Tus, Rules,
                           [this](const RuleInfo &R) { return level(R); });
}

std::string defaultSourceRoot(llvm::StringRef Dir) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, true);
  for (llvm::StringRef Cur = P; !Cur.empty();
       Cur = llvm::sys::path::parent_path(Cur)) {
    llvm::SmallString<256> Git(Cur);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return Cur.str();
  }
  return std::string(P);
}

} // namespace drvcert
