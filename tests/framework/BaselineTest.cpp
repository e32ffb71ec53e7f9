//===- BaselineTest.cpp - Reading a baseline log, matching results --------===//
#include "Baseline.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

std::string log(llvm::StringRef Results) {
  return (R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "drvcert"}}, "results": [)" +
          Results + "]}]}")
      .str();
}

std::string result(llvm::StringRef Rule, llvm::StringRef Fp, llvm::StringRef LineHash,
                   llvm::StringRef Message = "m", llvm::StringRef Level = "error",
                   llvm::StringRef Extra = "") {
  return (R"({"ruleId": ")" + Rule + R"(", "ruleIndex": 7, "level": ")" + Level +
          R"(", "message": {"text": ")" + Message +
          R"("}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/d.c", "uriBaseId": "%SRCROOT%", "index": 3}, "region": {"startLine": 4}}}], "partialFingerprints": {"drvcert/v1": ")" +
          Fp + R"(", "primaryLocationLineHash": ")" + LineHash + "\"}" + Extra + "}")
      .str();
}

Finding finding(const char *Rule, const char *Fp, const char *LineHash,
                const char *Message = "m") {
  Finding F;
  F.RuleId = Rule;
  F.Lvl = Level::Error;
  F.Message = Message;
  F.Where = {"/src/drv/src/d.c", 10, 1, 10, 5};
  F.Fingerprint = Fp;
  F.LineHash = LineHash;
  return F;
}

TEST(Baseline, StatesFromFingerprintsThenLineHashes) {
  Baseline B;
  std::string Error;
  ASSERT_TRUE(parseBaseline(
      log(result("deprecated-pool-alloc", "aa:1", "h1:1") + "," +
          result("deprecated-pool-alloc", "bb:1", "h2:1", "old message") + "," +
          result("deprecated-pool-alloc", "cc:1", "h3:1") + "," +
          result("banned-string-api", "dd:1", "h4:1") + "," +
          result("banned-string-api", "ee:1", "h5:1", "m", "error",
                 R"(, "baselineState": "absent")")),
      "base.sarif", B, Error))
      << Error;
  EXPECT_EQ(B.Results.size(), 4u) << "results already absent are left out";
  EXPECT_EQ(B.Results[0].Uri, "src/d.c");

  RunResult Run;
  Run.SourceRoot = "/src/drv";
  Run.Findings = {
      finding("deprecated-pool-alloc", "aa:1", "moved:1"),     // unchanged
      finding("deprecated-pool-alloc", "bb:1", "h2:1"),        // updated: message
      finding("deprecated-pool-alloc", "renamed:1", "h3:1"),   // updated: line
      finding("deprecated-pool-alloc", "zz:1", "h9:1"),        // new
      finding("banned-string-api", "aa:1", "h1:1")};           // new: other rule
  applyBaseline(Run, B);
  EXPECT_TRUE(Run.HasBaseline);
  EXPECT_EQ(Run.Findings[0].Baseline, BaselineState::Unchanged);
  EXPECT_EQ(Run.Findings[1].Baseline, BaselineState::Updated);
  EXPECT_EQ(Run.Findings[2].Baseline, BaselineState::Updated);
  EXPECT_EQ(Run.Findings[3].Baseline, BaselineState::New);
  EXPECT_EQ(Run.Findings[4].Baseline, BaselineState::New);
  ASSERT_EQ(Run.AbsentResults.size(), 1u);
  EXPECT_EQ(Run.AbsentResults[0].getString("ruleId"), "banned-string-api");
}

TEST(Baseline, EachBaselineResultMatchesOnce) {
  Baseline B;
  std::string Error;
  ASSERT_TRUE(parseBaseline(log(result("deprecated-pool-alloc", "aa:1", "h:1")),
                            "base.sarif", B, Error));
  RunResult Run;
  Run.SourceRoot = "/src/drv";
  Run.Findings = {finding("deprecated-pool-alloc", "aa:1", "h:1"),
                  finding("deprecated-pool-alloc", "aa:2", "h:1")};
  applyBaseline(Run, B);
  EXPECT_EQ(Run.Findings[0].Baseline, BaselineState::Unchanged);
  EXPECT_EQ(Run.Findings[1].Baseline, BaselineState::New);
  EXPECT_TRUE(Run.AbsentResults.empty());
}

struct BadBaseline {
  const char *Name;
  const char *Text;
  const char *Error;
};

class BaselineErrors : public ::testing::TestWithParam<BadBaseline> {};

TEST_P(BaselineErrors, SayWhatIsWrong) {
  Baseline B;
  std::string Error;
  EXPECT_FALSE(parseBaseline(GetParam().Text, "prev.sarif", B, Error));
  EXPECT_EQ(Error, GetParam().Error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BaselineErrors,
    ::testing::Values(
        BadBaseline{"InvalidJson", "{\n  \"version\": \"2.1.0\",\n  \"runs\": [\n",
                    "prev.sarif:4:1: invalid JSON in the baseline: Unexpected "
                    "EOF"},
        BadBaseline{"NotSarif", "[1, 2]",
                    "prev.sarif: not a usable baseline: it is not a SARIF 2.1.0 "
                    "log (an object with \"version\": \"2.1.0\" and \"runs\"); "
                    "pass the SARIF log an earlier drvcert run wrote with -o"},
        BadBaseline{"OtherTool",
                    R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL"}}, "results": []}]})",
                    "prev.sarif: not a usable baseline: it holds no drvcert run "
                    "(runs of: CodeQL); pass the SARIF log an earlier drvcert "
                    "run wrote with -o"},
        BadBaseline{"NoResults",
                    R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "drvcert"}}}]})",
                    "prev.sarif: not a usable baseline: its drvcert run has no "
                    "\"results\" array; pass the SARIF log an earlier drvcert "
                    "run wrote with -o"},
        BadBaseline{"ResultWithoutRule",
                    R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "drvcert"}}, "results": [{"message": {"text": "x"}}]}]})",
                    "prev.sarif: not a usable baseline: result 0 has no "
                    "\"ruleId\"; pass the SARIF log an earlier drvcert run "
                    "wrote with -o"}),
    [](const ::testing::TestParamInfo<BadBaseline> &I) { return I.param.Name; });

TEST(Baseline, MissingFile) {
  Baseline B;
  std::string Error;
  EXPECT_FALSE(loadBaseline("/nonexistent/prev.sarif", B, Error));
  EXPECT_EQ(Error, "cannot read baseline '/nonexistent/prev.sarif': No such "
                   "file or directory");
}

} // namespace
