//===- RuleListTest.cpp - Checkers.def, docs, sources and tests agree -----===//
#include "Rule.h"
#include "TestConfig.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

std::string repoPath(const llvm::Twine &Rel) {
  return (llvm::Twine(DRVCERT_SOURCE_DIR) + "/" + Rel).str();
}

TEST(RuleList, IdsAreSortedUniqueKebabCase) {
  llvm::StringRef Prev;
  for (const RuleInfo &R : allRules()) {
    EXPECT_LT(Prev.str(), R.Id.str()) << "Checkers.def must stay sorted by rule id";
    Prev = R.Id;
    for (char C : R.Id)
      EXPECT_TRUE(llvm::isLower(C) || llvm::isDigit(C) || C == '-') << R.Id.str();
  }
}

TEST(RuleList, EveryRuleHasSourceDocAndTests) {
  for (const RuleInfo &R : allRules()) {
    SCOPED_TRACE(R.Id.str());
    std::string Src = repoPath("checkers/" + R.Family + "/" + R.ClassName + ".cpp");
    EXPECT_TRUE(llvm::sys::fs::exists(Src)) << "missing " << Src;
    EXPECT_TRUE(llvm::sys::fs::exists(repoPath(R.docPath())));
    // The doc page is embedded, starts with its id and repeats the summary.
    llvm::StringRef Doc = R.doc();
    EXPECT_TRUE(Doc.starts_with(("# " + R.Id + "\n").str()));
    EXPECT_TRUE(Doc.contains(R.Summary)) << "the doc's summary must be the "
                                            "one in Checkers.def";
    for (const char *Heading :
         {"## Summary", "## Why it matters", "## Example", "## Options",
          "## Limitations", "## References"})
      EXPECT_TRUE(Doc.contains(Heading)) << "doc lacks " << Heading;
    // Tests: a reported.c and a correct-idioms.c at least.
    std::string Dir = repoPath("tests/checkers/" + R.Family + "/" + R.Id);
    EXPECT_TRUE(llvm::sys::fs::exists(Dir + "/reported.c")) << Dir;
    EXPECT_TRUE(llvm::sys::fs::exists(Dir + "/correct-idioms.c")) << Dir;
  }
}

TEST(RuleList, MetadataIsComplete) {
  for (const RuleInfo &R : allRules()) {
    SCOPED_TRACE(R.Id.str());
    EXPECT_FALSE(R.cweList().empty());
    EXPECT_TRUE(R.Precision == "very-high" || R.Precision == "high" ||
                R.Precision == "medium" || R.Precision == "low");
    double Sev = 0;
    EXPECT_FALSE(R.SecuritySeverity.getAsDouble(Sev));
    EXPECT_GT(Sev, 0.0);
    EXPECT_LE(Sev, 10.0);
    EXPECT_TRUE(llvm::StringRef(R.helpUri()).starts_with("https://"));
    EXPECT_FALSE(R.Summary.ends_with("."));
  }
}

TEST(RuleList, GlobsSelectLikeClangTidy) {
  std::vector<const RuleInfo *> Out;
  std::string Error;
  ASSERT_TRUE(selectRules("*", Out, Error));
  EXPECT_EQ(Out.size(), allRules().size());
  ASSERT_TRUE(selectRules("*,-banned-*", Out, Error));
  for (const RuleInfo *R : Out)
    EXPECT_NE(R->Id, "banned-string-api");
  ASSERT_TRUE(selectRules("-*,direct-io-mdl-misuse", Out, Error));
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0]->Id, "direct-io-mdl-misuse");
  EXPECT_FALSE(selectRules("no-such-rule", Out, Error));
  EXPECT_NE(Error.find("matches no rule"), std::string::npos) << Error;
}

} // namespace
