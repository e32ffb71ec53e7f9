//===- Verdict.cpp --------------------------------------------------------===//
#include "Verdict.h"
#include <algorithm>
#include <fmt/format.h>

namespace drvcert {

namespace {
std::string plural(unsigned N, llvm::StringRef What) {
  return fmt::format("{} {}{}", N, What.str(), N == 1 ? "" : "s");
}
} // namespace

std::string Verdict::reason() const {
  std::string Out = mainReason();
  if (TusOverBudget)
    Out += "; in " + plural(TusOverBudget, "translation unit") +
           " some paths were beyond the analysis budget";
  return Out;
}

std::string Verdict::mainReason() const {
  std::vector<std::string> Parts;
  if (MustFixOpen)
    Parts.push_back(plural(MustFixOpen, "unsuppressed must-fix finding"));
  if (TusNotAnalyzed)
    Parts.push_back(plural(TusNotAnalyzed, "translation unit") + " not analyzed");
  if (EntriesSkipped)
    Parts.push_back(plural(EntriesSkipped, "database entry") + " skipped");
  if (Parts.empty() && !MustFixNotRun.empty()) {
    std::string Ids;
    for (const RuleInfo *R : MustFixNotRun)
      Ids += (Ids.empty() ? "" : ", ") + R->Id.str();
    return "no unsuppressed must-fix finding, but must-fix rules did not run: " +
           Ids;
  }
  if (Parts.empty())
    return "no unsuppressed must-fix finding";
  std::string Out;
  for (const std::string &P : Parts)
    Out += (Out.empty() ? "" : ", ") + P;
  return Out;
}

Verdict computeVerdict(const RunResult &Run) {
  Verdict V;
  V.Ruleset = Run.Ruleset;
  V.HasBaseline = Run.HasBaseline;
  for (const RuleInfo *R : Run.Rules)
    V.Rules.push_back({R, Run.level(*R)});
  auto Tally = [&](llvm::StringRef Id) -> RuleTally * {
    for (RuleTally &T : V.Rules)
      if (T.Rule->Id == Id)
        return &T;
    return nullptr;
  };
  for (const Finding &F : Run.Findings) {
    RuleTally *T = Tally(F.RuleId);
    bool MustFix = T && T->Rule->MustFix;
    if (F.suppressed()) {
      ++V.Suppressed;
      if (T)
        ++T->Suppressed;
    } else {
      ++V.Open;
      V.MustFixOpen += MustFix;
      if (T)
        ++T->Open;
    }
    if (F.Baseline == BaselineState::New && !F.suppressed()) {
      ++V.New;
      if (T)
        ++T->New;
    }
    V.Unchanged += F.Baseline == BaselineState::Unchanged;
    V.Updated += F.Baseline == BaselineState::Updated;
  }
  for (const llvm::json::Object &A : Run.AbsentResults) {
    ++V.Absent;
    if (auto Id = A.getString("ruleId"))
      if (RuleTally *T = Tally(*Id))
        ++T->Absent;
  }
  for (const RuleInfo &R : allRules())
    if (R.MustFix && !llvm::is_contained(Run.Rules, &R))
      V.MustFixNotRun.push_back(&R);
  V.TusAnalyzed = Run.analyzedCount();
  V.TusNotAnalyzed = Run.failedCount();
  for (const Notification &N : Run.Notifications) {
    V.EntriesSkipped += N.K == Notification::EntrySkipped;
    V.TusOverBudget += N.K == Notification::BudgetExhausted;
  }
  V.Pass = V.MustFixOpen == 0 && Run.complete();
  return V;
}

bool parseGate(llvm::StringRef S, Gate &Out) {
  static const std::pair<const char *, Gate> Names[] = {
      {"error", Gate::Error}, {"warning", Gate::Warning}, {"note", Gate::Note},
      {"none", Gate::None},   {"new", Gate::New}};
  for (const auto &N : Names)
    if (S == N.first) {
      Out = N.second;
      return true;
    }
  return false;
}

bool failsGate(const Finding &F, Gate G) {
  if (F.suppressed() || G == Gate::None)
    return false;
  if (G == Gate::New && F.Baseline != BaselineState::New)
    return false;
  const RuleInfo *R = findRule(F.RuleId);
  if (R && R->MustFix)
    return true;
  Level Min = G == Gate::Warning ? Level::Warning
              : G == Gate::Note  ? Level::Note
                                 : Level::Error;
  return F.Lvl >= Min;
}

ExitCode gateExitCode(const RunResult &Run, Gate G) {
  if (!Run.complete())
    return ExitIncomplete;
  for (const Finding &F : Run.Findings)
    if (failsGate(F, G))
      return ExitFindings;
  return ExitClean;
}

} // namespace drvcert
