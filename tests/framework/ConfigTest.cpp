//===- ConfigTest.cpp - Rulesets, the project file, and their errors ------===//
#include "Config.h"
#include "TestConfig.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <set>

using namespace drvcert;

namespace {

std::set<std::string> ids(const std::vector<const RuleInfo *> &Rules) {
  std::set<std::string> Out;
  for (const RuleInfo *R : Rules)
    Out.insert(R->Id.str());
  return Out;
}

Config load(llvm::StringRef Ruleset, llvm::StringRef Project = "",
            llvm::StringRef Checks = "") {
  Config C;
  std::string Error;
  EXPECT_TRUE(loadConfig(Ruleset, Project, Checks, C, Error)) << Error;
  return C;
}

class TempDir : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("drvcert-config", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return std::string(P);
  }

  llvm::SmallString<256> Dir;
};

TEST(Rulesets, BuiltinOnesAreEmbedded) {
  EXPECT_EQ(builtinRulesets(),
            (std::vector<std::string>{"all", "must-fix", "recommended"}));
  EXPECT_EQ(builtinRulesetText("nope"), "");
  EXPECT_NE(builtinRulesetText("must-fix").find("version: 1"), llvm::StringRef::npos);
}

TEST(Rulesets, MustFixIsExactlyTheMustFixColumnOfCheckersDef) {
  std::set<std::string> Flagged;
  for (const RuleInfo &R : allRules())
    if (R.MustFix)
      Flagged.insert(R.Id.str());
  std::set<std::string> Listed = ids(load("must-fix").Rules);
  for (const std::string &Id : Flagged)
    EXPECT_TRUE(Listed.count(Id))
        << Id << " has MustFix=true in checkers/Checkers.def but is not in "
                 "rulesets/must-fix.yaml";
  for (const std::string &Id : Listed)
    EXPECT_TRUE(Flagged.count(Id))
        << Id << " is in rulesets/must-fix.yaml but has MustFix=false in "
                 "checkers/Checkers.def";
}

TEST(Rulesets, AllHasEveryRuleAndRecommendedHasTheMustFixOnes) {
  Config All = load("all"), Recommended = load("recommended"),
         MustFix = load("must-fix");
  EXPECT_EQ(All.Rules.size(), allRules().size());
  std::set<std::string> Rec = ids(Recommended.Rules);
  for (const std::string &Id : ids(MustFix.Rules))
    EXPECT_TRUE(Rec.count(Id)) << "recommended lacks must-fix rule " << Id;
  // The default is recommended, at each rule's default level.
  Config Default = load("");
  EXPECT_EQ(Default.Ruleset, "recommended");
  EXPECT_EQ(ids(Default.Rules), Rec);
  for (const RuleInfo *R : Default.Rules)
    EXPECT_EQ(Default.level(*R), R->DefaultLevel) << R->Id.str();
}

TEST(Rulesets, ChecksRefineTheRuleset) {
  // --checks applies after the ruleset, clang-tidy style: later globs win.
  Config C = load("must-fix", "", "-banned-*");
  EXPECT_FALSE(ids(C.Rules).count("banned-string-api"));
  EXPECT_EQ(C.Rules.size(), load("must-fix").Rules.size() - 1);
  C = load("all", "", "-*,direct-io-mdl-misuse");
  EXPECT_EQ(ids(C.Rules), std::set<std::string>{"direct-io-mdl-misuse"});
  Config Bad;
  std::string Error;
  EXPECT_FALSE(loadConfig("", "", "no-such-*", Bad, Error));
  EXPECT_EQ(Error, "--checks: 'no-such-*' matches no rule; run --list-checks "
                   "to see them");
}

TEST_F(TempDir, InheritanceLevelsAndProjectFile) {
  write("rules/base.yaml", "version: 1\n"
                           "inherits: must-fix\n"
                           "checks: [\"-banned-*\"]\n"
                           "rules:\n"
                           "  deprecated-pool-alloc: { level: warning }\n"
                           "  direct-io-mdl-misuse: { level: note }\n");
  std::string Child = write("rules/child.yaml",
                            "version: 1\n"
                            "description: ours\n"
                            "inherits: base.yaml\n"
                            "checks: banned-string-api, -device-*\n"
                            "rules:\n"
                            "  direct-io-mdl-misuse: { level: error }\n");
  Config C = load(Child);
  EXPECT_EQ(C.Ruleset, Child);
  EXPECT_EQ(C.RulesetFile, Child);
  std::set<std::string> Got = ids(C.Rules);
  EXPECT_TRUE(Got.count("banned-string-api"));
  EXPECT_FALSE(Got.count("device-namespace-unsecured"));
  EXPECT_TRUE(Got.count("deprecated-pool-alloc"));
  EXPECT_EQ(C.level(*findRule("deprecated-pool-alloc")), Level::Warning);
  EXPECT_EQ(C.level(*findRule("direct-io-mdl-misuse")), Level::Error);
  EXPECT_EQ(C.level(*findRule("banned-string-api")), Level::Error);

  // The project file picks the ruleset relative to itself, refines it, and
  // names model files relative to itself.
  write("proj/models/mine.yaml", "version: 1\nfunctions: []\n");
  std::string Project = write("proj/.drvcert.yaml",
                              "version: 1\n"
                              "ruleset: ../rules/child.yaml\n"
                              "checks: [\"-direct-*\"]\n"
                              "rules: { banned-string-api: { level: note } }\n"
                              "models: [models/mine.yaml]\n");
  C = load("", Project);
  EXPECT_EQ(C.Ruleset, "../rules/child.yaml");
  EXPECT_EQ(C.ProjectFile, Project);
  EXPECT_FALSE(ids(C.Rules).count("direct-io-mdl-misuse"));
  EXPECT_EQ(C.level(*findRule("banned-string-api")), Level::Note);
  ASSERT_EQ(C.Models.size(), 1u);
  EXPECT_EQ(C.Models[0], (Dir + "/proj/models/mine.yaml").str());
  // --ruleset wins over the project file's; the project file still applies.
  C = load("all", Project);
  EXPECT_EQ(C.Ruleset, "all");
  EXPECT_TRUE(ids(C.Rules).count("device-namespace-unsecured"));
  EXPECT_FALSE(ids(C.Rules).count("direct-io-mdl-misuse"));
}

TEST_F(TempDir, DumpLoadsBackToTheSameConfiguration) {
  write("models/mine.yaml", "version: 1\nfunctions: []\n");
  std::string Project = write(".drvcert.yaml",
                              "version: 1\n"
                              "ruleset: must-fix\n"
                              "checks: [\"-device-*\"]\n"
                              "rules: { deprecated-pool-alloc: { level: warning } }\n"
                              "models: [models/mine.yaml]\n");
  Config C = load("", Project, "-banned-*");
  std::string Dumped = write("dumped/config.yaml", C.dump());
  Config D = load("", Dumped);
  EXPECT_EQ(D.Ruleset, "must-fix");
  EXPECT_EQ(ids(D.Rules), ids(C.Rules));
  EXPECT_EQ(D.Models, C.Models);
  for (const RuleInfo *R : C.Rules)
    EXPECT_EQ(D.level(*R), C.level(*R)) << R->Id.str();
  EXPECT_EQ(D.dump().substr(D.dump().find('\n')), C.dump().substr(C.dump().find('\n')))
      << "only the comment naming the project file may differ";
  EXPECT_NE(C.dump().find("deprecated-pool-alloc:\n    level: warning"),
            std::string::npos)
      << C.dump();
}

TEST_F(TempDir, InheritanceCycleAndUnknownRulesets) {
  std::string A = write("a.yaml", "version: 1\ninherits: b.yaml\n");
  write("b.yaml", "version: 1\ninherits: a.yaml\n");
  Config C;
  std::string Error;
  EXPECT_FALSE(loadConfig(A, "", "", C, Error));
  EXPECT_EQ(Error, (Dir + "/b.yaml:2:11: ruleset inheritance cycle: " + Dir +
                    "/a.yaml -> " + Dir + "/b.yaml -> " + Dir + "/a.yaml")
                       .str());
  EXPECT_FALSE(loadConfig("strict", "", "", C, Error));
  EXPECT_EQ(Error, "--ruleset: unknown ruleset 'strict': it is neither a "
                   "built-in ruleset (all, must-fix, recommended) nor a "
                   "ruleset file; name one of those or a YAML file");
  std::string P = write("p.yaml", "version: 1\nruleset: missing.yaml\n");
  EXPECT_FALSE(loadConfig("", P, "", C, Error));
  EXPECT_EQ(Error, P + ":2:10: cannot read ruleset 'missing.yaml': No such "
                       "file or directory");
}

TEST_F(TempDir, ProjectFileIsFoundUpwardFromTheSources) {
  std::string Top = write(".drvcert.yaml", "version: 1\n");
  std::string Sub = write("sub/.drvcert.yaml", "version: 1\n");
  std::string Found, Error;
  ASSERT_TRUE(findProjectFile({(Dir + "/a.c").str(), (Dir + "/x/y/b.c").str()},
                              Found, Error))
      << Error;
  EXPECT_EQ(Found, Top);
  ASSERT_TRUE(findProjectFile({(Dir + "/sub/deeper/c.c").str()}, Found, Error));
  EXPECT_EQ(Found, Sub);
  EXPECT_FALSE(findProjectFile({(Dir + "/a.c").str(), (Dir + "/sub/c.c").str()},
                               Found, Error));
  EXPECT_EQ(Error, "'" + (Dir + "/a.c").str() + "' is configured by '" + Top +
                       "' but '" + (Dir + "/sub/c.c").str() + "' by '" + Sub +
                       "', and one run applies one configuration; run drvcert "
                       "once per project file, or pick one with --config");
}

struct BadConfig {
  const char *Name;
  ConfigKind Kind;
  const char *Text;
  const char *Error;
};

class ConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigErrors, NameFileLineAndColumn) {
  ConfigLayer L;
  std::string Error;
  EXPECT_FALSE(parseConfig(GetParam().Text, "bad.yaml", GetParam().Kind, L, Error));
  EXPECT_EQ(Error, GetParam().Error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigErrors,
    ::testing::Values(
        BadConfig{"UnknownKey", ConfigKind::Ruleset,
                  "version: 1\nchecks: ['*']\nenable: [banned-*]\n",
                  "bad.yaml:3:1: unknown key 'enable' in the ruleset (expected "
                  "one of: version, description, inherits, checks, rules)"},
        BadConfig{"ModelsOnlyInAProjectFile", ConfigKind::Ruleset,
                  "version: 1\nmodels: [a.yaml]\n",
                  "bad.yaml:2:1: unknown key 'models' in the ruleset (expected "
                  "one of: version, description, inherits, checks, rules)"},
        BadConfig{"UnknownProjectKey", ConfigKind::Project,
                  "version: 1\ninherits: all\n",
                  "bad.yaml:2:1: unknown key 'inherits' in the project file "
                  "(expected one of: version, ruleset, checks, rules, models)"},
        BadConfig{"UnknownRule", ConfigKind::Ruleset,
                  "version: 1\nrules:\n  banned-string-api: { level: warning }\n"
                  "  banned-strings: { level: note }\n",
                  "bad.yaml:4:3: unknown rule 'banned-strings'; run 'drvcert "
                  "--list-checks' to see the rule ids"},
        BadConfig{"GlobMatchesNothing", ConfigKind::Project,
                  "version: 1\nchecks:\n  - '*'\n  - -bannd-*\n",
                  "bad.yaml:4:5: 'bannd-*' matches no rule; run --list-checks "
                  "to see them"},
        BadConfig{"BadLevel", ConfigKind::Ruleset,
                  "version: 1\nrules:\n  banned-string-api:\n    level: fatal\n",
                  "bad.yaml:4:12: level of rule 'banned-string-api' must be "
                  "error, warning or note, got 'fatal'"},
        BadConfig{"LevelNone", ConfigKind::Ruleset,
                  "version: 1\nrules: { banned-string-api: { level: none } }\n",
                  "bad.yaml:2:38: level of rule 'banned-string-api' must be "
                  "error, warning or note, got 'none'"},
        BadConfig{"UnknownSetting", ConfigKind::Ruleset,
                  "version: 1\nrules: { banned-string-api: { severity: high } }\n",
                  "bad.yaml:2:31: unknown key 'severity' in the settings of "
                  "rule 'banned-string-api' (expected one of: level, options)"},
        BadConfig{"OptionOfARuleWithoutOptions", ConfigKind::Ruleset,
                  "version: 1\nrules:\n  deprecated-pool-alloc:\n    options:\n"
                  "      allow-legacy: true\n",
                  "bad.yaml:5:7: unknown option 'allow-legacy' for rule "
                  "'deprecated-pool-alloc', which has no options"},
        BadConfig{"WrongVersion", ConfigKind::Ruleset, "version: 2\n",
                  "bad.yaml:1:10: unsupported or missing 'version' (this "
                  "drvcert reads version 1)"},
        BadConfig{"MissingVersion", ConfigKind::Project, "ruleset: all\n",
                  "bad.yaml:1:1: unsupported or missing 'version' (this "
                  "drvcert reads version 1)"},
        BadConfig{"Empty", ConfigKind::Project, "",
                  "bad.yaml:1:1: the project file must be a mapping with "
                  "'version: 1'"},
        BadConfig{"DuplicateKey", ConfigKind::Ruleset,
                  "version: 1\nchecks: ['*']\nchecks: ['-*']\n",
                  "bad.yaml:3:1: duplicate key 'checks' in the ruleset"},
        BadConfig{"ChecksNotAList", ConfigKind::Ruleset,
                  "version: 1\nchecks: { a: b }\n",
                  "bad.yaml:2:9: 'checks' must be a list of globs such as "
                  "\"banned-*\" or \"-banned-*\", or one string of "
                  "comma-separated globs"},
        BadConfig{"MissingModel", ConfigKind::Project,
                  "version: 1\nmodels:\n  - /nonexistent/wrappers.yaml\n",
                  "bad.yaml:3:5: model file '/nonexistent/wrappers.yaml' does "
                  "not exist (looked for '/nonexistent/wrappers.yaml')"},
        BadConfig{"BrokenYaml", ConfigKind::Ruleset, "version: 1\nchecks: [\n",
                  "bad.yaml:3:1: invalid YAML: end of sequence flow not found"}),
    [](const ::testing::TestParamInfo<BadConfig> &I) { return I.param.Name; });

TEST(ConfigOptions, ValuesAreCheckedAgainstTheRulesDeclaration) {
  const RuleOptionInfo Known[] = {
      {"banned-string-api", "max-depth", RuleOptionInfo::Int, "3", ""},
      {"banned-string-api", "strict", RuleOptionInfo::Bool, "false", ""},
      {"banned-string-api", "prefix", RuleOptionInfo::String, "", ""}};
  ConfigLayer L;
  std::string Error;
  ASSERT_TRUE(parseConfig("version: 1\nrules:\n  banned-string-api:\n    options:"
                          " { max-depth: 7, strict: true, prefix: My }\n",
                          "ok.yaml", ConfigKind::Ruleset, L, Error, Known))
      << Error;
  EXPECT_EQ(L.Options["banned-string-api"]["max-depth"], "7");
  EXPECT_EQ(L.Options["banned-string-api"]["strict"], "true");
  EXPECT_EQ(L.Options["banned-string-api"]["prefix"], "My");

  EXPECT_FALSE(parseConfig("version: 1\nrules:\n  banned-string-api:\n    "
                           "options: { strict: yes }\n",
                           "bad.yaml", ConfigKind::Ruleset, L, Error, Known));
  EXPECT_EQ(Error, "bad.yaml:4:24: option 'strict' of rule 'banned-string-api' "
                   "must be true or false, got 'yes'");
  EXPECT_FALSE(parseConfig("version: 1\nrules:\n  banned-string-api:\n    "
                           "options: { max-depth: deep }\n",
                           "bad.yaml", ConfigKind::Ruleset, L, Error, Known));
  EXPECT_EQ(Error, "bad.yaml:4:27: option 'max-depth' of rule "
                   "'banned-string-api' must be an integer, got 'deep'");
  EXPECT_FALSE(parseConfig("version: 1\nrules:\n  banned-string-api:\n    "
                           "options: { depth: 2 }\n",
                           "bad.yaml", ConfigKind::Ruleset, L, Error, Known));
  EXPECT_EQ(Error, "bad.yaml:4:16: unknown option 'depth' for rule "
                   "'banned-string-api' (expected one of: max-depth, strict, "
                   "prefix)");
}

} // namespace
