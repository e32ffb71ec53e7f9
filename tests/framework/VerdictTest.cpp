//===- VerdictTest.cpp - The certification verdict and the gate -----------===//
#include "Verdict.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

Finding finding(llvm::StringRef Rule, Level L) {
  Finding F;
  F.RuleId = Rule.str();
  F.Lvl = L;
  F.Message = "m";
  F.Where = {"/src/d.c", 1, 1, 1, 2};
  return F;
}

const RuleInfo *mustFixRule() {
  for (const RuleInfo &R : allRules())
    if (R.MustFix)
      return &R;
  return nullptr;
}

TEST(Gate, MustFixFindingsFailWhateverTheirLevel) {
  const RuleInfo *R = mustFixRule();
  ASSERT_NE(R, nullptr);
  Finding F = finding(R->Id, Level::Note);
  EXPECT_TRUE(failsGate(F, Gate::Error));
  EXPECT_TRUE(failsGate(F, Gate::Warning));
  EXPECT_FALSE(failsGate(F, Gate::None));
  F.Suppressions.push_back({"reviewed", {}});
  EXPECT_FALSE(failsGate(F, Gate::Error)) << "suppressed findings never fail";
}

TEST(Gate, OtherFindingsFailAtOrAboveTheLevel) {
  // A finding of no must-fix rule (a rule this build may not have).
  Finding F = finding("some-recommended-rule", Level::Warning);
  EXPECT_FALSE(failsGate(F, Gate::Error));
  EXPECT_TRUE(failsGate(F, Gate::Warning));
  EXPECT_TRUE(failsGate(F, Gate::Note));
  EXPECT_FALSE(failsGate(F, Gate::None));
}

TEST(Gate, NewCountsOnlyNewFindings) {
  const RuleInfo *R = mustFixRule();
  Finding F = finding(R->Id, Level::Error);
  F.Baseline = BaselineState::Unchanged;
  EXPECT_FALSE(failsGate(F, Gate::New));
  F.Baseline = BaselineState::Updated;
  EXPECT_FALSE(failsGate(F, Gate::New));
  F.Baseline = BaselineState::New;
  EXPECT_TRUE(failsGate(F, Gate::New));
  Finding Low = finding("some-recommended-rule", Level::Warning);
  Low.Baseline = BaselineState::New;
  EXPECT_FALSE(failsGate(Low, Gate::New)) << "new, but below the default gate";
  Gate G;
  EXPECT_TRUE(parseGate("new", G));
  EXPECT_EQ(G, Gate::New);
  EXPECT_FALSE(parseGate("Error", G));
}

TEST(Verdict, FailsOnOpenMustFixFindingsOrMissingWork) {
  const RuleInfo *R = mustFixRule();
  RunResult Run;
  Run.Ruleset = "must-fix";
  Run.Rules = {R};
  TuResult Tu;
  Tu.Analyzed = true;
  Run.Tus.push_back(Tu);
  Finding Suppressed = finding(R->Id, Level::Error);
  Suppressed.Suppressions.push_back({"reviewed", {}});
  Run.Findings = {Suppressed};
  Verdict V = computeVerdict(Run);
  EXPECT_TRUE(V.Pass);
  EXPECT_EQ(V.Suppressed, 1u);
  EXPECT_EQ(V.Open, 0u);
  ASSERT_EQ(V.Rules.size(), 1u);
  EXPECT_EQ(V.Rules[0].Suppressed, 1u);
  EXPECT_EQ(gateExitCode(Run, Gate::Error), ExitClean);

  Run.Findings.push_back(finding(R->Id, Level::Warning));
  V = computeVerdict(Run);
  EXPECT_FALSE(V.Pass);
  EXPECT_EQ(V.MustFixOpen, 1u);
  EXPECT_EQ(V.reason(), "1 unsuppressed must-fix finding");
  EXPECT_EQ(gateExitCode(Run, Gate::Error), ExitFindings);
  EXPECT_EQ(gateExitCode(Run, Gate::None), ExitClean);

  Run.Findings.pop_back();
  TuResult Broken;
  Broken.File = "/src/broken.c";
  Run.Tus.push_back(Broken);
  V = computeVerdict(Run);
  EXPECT_FALSE(V.Pass);
  EXPECT_EQ(V.reason(), "1 translation unit not analyzed");
  EXPECT_EQ(gateExitCode(Run, Gate::None), ExitIncomplete);
}

TEST(Verdict, APassSaysWhichMustFixRulesDidNotRun) {
  RunResult Run;
  Run.Rules = {};
  Verdict V = computeVerdict(Run);
  EXPECT_TRUE(V.Pass);
  size_t MustFix = 0;
  for (const RuleInfo &R : allRules())
    MustFix += R.MustFix;
  EXPECT_EQ(V.MustFixNotRun.size(), MustFix);
  if (MustFix) {
    EXPECT_EQ(V.reason().rfind("no unsuppressed must-fix finding, but must-fix "
                               "rules did not run: ",
                               0),
              0u)
        << V.reason();
  }
}

} // namespace
