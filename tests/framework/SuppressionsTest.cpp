//===- SuppressionsTest.cpp - Suppression comments and pragmas ------------===//
#include "Suppressions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

struct Scanned {
  std::vector<SuppressionDirective> Ds;
  std::vector<std::string> Problems; // "line:col: message"
};

Scanned scan(llvm::StringRef Text) {
  Scanned S;
  std::vector<SuppressionProblem> Ps;
  scanSuppressions(Text, "t.c", S.Ds, Ps);
  for (const SuppressionProblem &P : Ps)
    S.Problems.push_back(std::to_string(P.Where.Line) + ":" +
                         std::to_string(P.Where.Column) + ": " + P.Message);
  return S;
}

TEST(Suppressions, TrailingCommentCoversItsLine) {
  Scanned S = scan("int a;\n"
                   "f(); // drvcert-suppress(banned-string-api): bounded by the caller\n"
                   "g();\n");
  ASSERT_EQ(S.Ds.size(), 1u);
  EXPECT_TRUE(S.Problems.empty());
  const SuppressionDirective &D = S.Ds[0];
  EXPECT_EQ(D.F, SuppressionDirective::Comment);
  EXPECT_EQ(D.Rules, std::vector<std::string>{"banned-string-api"});
  EXPECT_EQ(D.Justification, "bounded by the caller");
  EXPECT_EQ(D.FirstLine, 2u);
  EXPECT_EQ(D.LastLine, 2u);
  EXPECT_EQ(D.Where.Line, 2u);
  EXPECT_EQ(D.Where.Column, 6u);
}

TEST(Suppressions, CommentsAloneCoverTheNextLineOfCode) {
  Scanned S = scan("// drvcert-suppress(banned-string-api): one\n"
                   "\n"
                   "/* drvcert-suppress(deprecated-pool-alloc, banned-string-api):\n"
                   "   two, on two lines */\n"
                   "// an ordinary comment\n"
                   "    f(a,\n"
                   "      b);\n");
  EXPECT_TRUE(S.Problems.empty());
  ASSERT_EQ(S.Ds.size(), 2u);
  for (const SuppressionDirective &D : S.Ds) {
    EXPECT_EQ(D.FirstLine, 6u);
    EXPECT_EQ(D.LastLine, 6u);
  }
  EXPECT_EQ(S.Ds[1].Rules, (std::vector<std::string>{"banned-string-api",
                                                     "deprecated-pool-alloc"}));
  EXPECT_EQ(S.Ds[1].Justification, "two, on two lines");
}

TEST(Suppressions, BlockCoversEveryLineBetween) {
  Scanned S = scan("a();\n"
                   "// drvcert-suppress-begin(deprecated-pool-alloc): legacy shim\n"
                   "b();\n"
                   "c();\n"
                   "// drvcert-suppress-end(deprecated-pool-alloc)\n"
                   "d();\n");
  EXPECT_TRUE(S.Problems.empty());
  ASSERT_EQ(S.Ds.size(), 1u);
  EXPECT_EQ(S.Ds[0].F, SuppressionDirective::Block);
  EXPECT_EQ(S.Ds[0].FirstLine, 2u);
  EXPECT_EQ(S.Ds[0].LastLine, 5u);
  EXPECT_EQ(S.Ds[0].Justification, "legacy shim");
}

TEST(Suppressions, PragmasCoverTheNextLine) {
  Scanned S = scan("#pragma warning(push)\n"
                   "#pragma warning(suppress: 28719 28726; disable: 4100)\n"
                   "#pragma prefast(suppress: 28751, \"audited in review 12\")\n"
                   "x = f();\n"
                   "#pragma warning(disable: 28719)\n"
                   "y = g();\n");
  EXPECT_TRUE(S.Problems.empty());
  ASSERT_EQ(S.Ds.size(), 2u);
  EXPECT_EQ(S.Ds[0].F, SuppressionDirective::Pragma);
  EXPECT_EQ(S.Ds[0].Numbers, (std::vector<unsigned>{28719, 28726}));
  EXPECT_EQ(S.Ds[0].Justification, "");
  EXPECT_EQ(S.Ds[1].Numbers, std::vector<unsigned>{28751});
  EXPECT_EQ(S.Ds[1].Justification, "audited in review 12");
  for (const SuppressionDirective &D : S.Ds)
    EXPECT_EQ(D.FirstLine, 4u);
}

TEST(Suppressions, StringsAndOtherWordsAreNotSuppressions) {
  Scanned S = scan("const char *s = \"// drvcert-suppress(banned-string-api): no\";\n"
                   "// drvcert-suppressions are documented in the README\n"
                   "f();\n");
  EXPECT_TRUE(S.Ds.empty());
  EXPECT_TRUE(S.Problems.empty());
}

TEST(Suppressions, MistakesAreReportedWithTheirPlace) {
  Scanned S = scan(
      "a(); // drvcert-suppress(deprecated-pool-alloc)\n"
      "b(); // drvcert-suppress(deprecated-pool-alloc):   \n"
      "c(); // drvcert-suppress(no-such-rule, banned-string-api): reviewed\n"
      "d(); // drvcert-suppress: everything\n"
      "// drvcert-suppress-end(banned-string-api)\n"
      "// drvcert-suppress-begin(banned-string-api): never closed\n"
      "e();\n");
  EXPECT_EQ(
      S.Problems,
      (std::vector<std::string>{
          "1:6: suppression of 'deprecated-pool-alloc' has no justification, so "
          "it suppresses nothing and no reviewer can tell why the finding is "
          "safe; write the reason after a colon: '// "
          "drvcert-suppress(deprecated-pool-alloc): reason'",
          "2:6: suppression of 'deprecated-pool-alloc' has no justification, so "
          "it suppresses nothing and no reviewer can tell why the finding is "
          "safe; write the reason after a colon: '// "
          "drvcert-suppress(deprecated-pool-alloc): reason'",
          "3:6: suppression names unknown rule 'no-such-rule', so it "
          "suppresses nothing; use a rule id from 'drvcert --list-checks'",
          "4:6: malformed suppression comment, so it suppresses nothing; write "
          "'// drvcert-suppress(rule-id): justification'",
          "5:1: 'drvcert-suppress-end(banned-string-api)' has no matching "
          "'drvcert-suppress-begin(banned-string-api)' above it, so it ends "
          "nothing; remove it or add the begin",
          "6:1: 'drvcert-suppress-begin(banned-string-api)' has no matching "
          "'drvcert-suppress-end(banned-string-api)', so it suppresses "
          "nothing; close the block with '// "
          "drvcert-suppress-end(banned-string-api)'"}));
  // The known rule of line 3 is still suppressed there; nothing else is.
  ASSERT_EQ(S.Ds.size(), 1u);
  EXPECT_EQ(S.Ds[0].Rules, std::vector<std::string>{"banned-string-api"});
  EXPECT_EQ(S.Ds[0].FirstLine, 3u);
}

class ApplySuppressions : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("drvcert-supp", Dir));
    File = (Dir + "/d.c").str();
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  void write(llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC);
    OS << Text;
  }
  Finding finding(const char *Rule, unsigned Line) {
    Finding F;
    F.RuleId = Rule;
    F.Lvl = Level::Error;
    F.Message = "m";
    F.Where = {File, Line, 5, Line, 9};
    return F;
  }

  llvm::SmallString<256> Dir;
  std::string File;
};

TEST_F(ApplySuppressions, MarksFindingsAndReportsUnusedOnes) {
  write("p = ExAllocatePoolWithTag(a, b, c); // drvcert-suppress(deprecated-pool-alloc): legacy\n"
        "#pragma warning(suppress: 28719)\n"
        "strcpy(d, s);\n"
        "strcpy(d, s); // drvcert-suppress(banned-string-api): safe\n"
        "q(); // drvcert-suppress(deprecated-pool-alloc): stale\n"
        "r(); // drvcert-suppress(direct-io-mdl-misuse): that rule is off\n"
        "strcpy(d, s); // drvcert-suppress(deprecated-pool-alloc): wrong rule\n");
  RunResult Run;
  for (const char *Id : {"banned-string-api", "deprecated-pool-alloc"})
    Run.Rules.push_back(findRule(Id));
  Run.Findings = {finding("deprecated-pool-alloc", 1),
                  finding("banned-string-api", 3),
                  finding("banned-string-api", 4),
                  finding("banned-string-api", 7)};
  applySuppressions(Run);
  ASSERT_EQ(Run.Findings[0].Suppressions.size(), 1u);
  EXPECT_EQ(Run.Findings[0].Suppressions[0].Justification, "legacy");
  EXPECT_EQ(Run.Findings[0].Suppressions[0].Where.Line, 1u);
  ASSERT_EQ(Run.Findings[1].Suppressions.size(), 1u);
  EXPECT_EQ(Run.Findings[1].Suppressions[0].Justification, "");
  EXPECT_EQ(Run.Findings[1].Suppressions[0].Where.Line, 2u);
  EXPECT_TRUE(Run.Findings[2].suppressed());
  EXPECT_FALSE(Run.Findings[3].suppressed());
  // Unused: line 5 and line 7; line 6 names a rule this run did not run.
  ASSERT_EQ(Run.Notifications.size(), 2u);
  for (const Notification &N : Run.Notifications) {
    EXPECT_EQ(N.K, Notification::SuppressionUnused);
    EXPECT_EQ(N.Lvl, Level::Warning);
    EXPECT_EQ(N.Message, "suppression of 'deprecated-pool-alloc' matched no "
                         "finding, so it would silently hide a future one; "
                         "remove it");
  }
  EXPECT_EQ(Run.Notifications[0].Line, 5u);
  EXPECT_EQ(Run.Notifications[0].Column, 6u);
  EXPECT_EQ(Run.Notifications[1].Line, 7u);
}

} // namespace
