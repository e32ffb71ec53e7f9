//===- GateTest.cpp - Rulesets, suppressions, baselines, the verdict ------===//
//
// drvcert as a CI gate, end to end: the project file, --ruleset and
// --dump-config; suppressions in every form; baselines across edits; the
// verdict on the terminal and in SARIF; and the exit codes.
//
//===----------------------------------------------------------------------===//
#include "CliSupport.h"
#include <map>
#include <regex>
#include <set>

namespace {

using namespace drvcert::clitest;
namespace fs = llvm::sys::fs;

const std::string ConfigInputs = DRVCERT_SOURCE_DIR "/tests/config";

/// 1-based line of the first line of Path holding Needle, or 0 (a failure
/// unless Optional).
unsigned lineOf(llvm::StringRef Path, llvm::StringRef Needle,
                bool Optional = false) {
  unsigned N = 0;
  std::string Text = readFile(Path); // split() keeps a reference to it
  for (llvm::StringRef L : llvm::split(Text, '\n')) {
    ++N;
    if (L.contains(Needle))
      return N;
  }
  if (!Optional)
    ADD_FAILURE() << Needle.str() << " not found in " << Path.str();
  return 0;
}

struct Diag {
  unsigned Line;
  std::string Level, Rule, State;
  bool operator<(const Diag &O) const {
    return std::tie(Line, Rule, Level, State) <
           std::tie(O.Line, O.Rule, O.Level, O.State);
  }
  bool operator==(const Diag &O) const {
    return !(*this < O) && !(O < *this);
  }
};

std::ostream &operator<<(std::ostream &OS, const Diag &D) {
  return OS << D.Line << " " << D.Level << " [" << D.Rule << "]"
            << (D.State.empty() ? "" : " (" + D.State + ")");
}

/// The diagnostics drvcert printed for files named FileName.
std::set<Diag> diagnostics(const std::string &Out, llvm::StringRef FileName) {
  std::regex Re(R"(^(\S+):(\d+):\d+: (error|warning|remark): .* \[([a-z0-9-]+)\]( \((\w+)\))?$)");
  std::set<Diag> Got;
  for (llvm::StringRef L : llvm::split(Out, '\n')) {
    std::smatch M;
    std::string S = L.str();
    if (std::regex_match(S, M, Re) && llvm::StringRef(M[1].str()).ends_with(FileName))
      Got.insert({unsigned(std::stoul(M[2])), M[3], M[4], M[6]});
  }
  return Got;
}

const llvm::json::Array &results(const llvm::json::Object &Run) {
  static const llvm::json::Array Empty;
  const llvm::json::Array *A = Run.getArray("results");
  return A ? *A : Empty;
}

int64_t startLine(const llvm::json::Object &R) {
  const llvm::json::Array *Locs = R.getArray("locations");
  if (!Locs || Locs->empty())
    return 0;
  const llvm::json::Object *P =
      Locs->front().getAsObject()->getObject("physicalLocation");
  return P ? P->getObject("region")->getInteger("startLine").value_or(0) : 0;
}

const llvm::json::Object &runProperties(const llvm::json::Object &Run) {
  static const llvm::json::Object Empty;
  const llvm::json::Object *P = Run.getObject("properties");
  EXPECT_TRUE(P) << "runs[0].properties is missing";
  return P ? *P : Empty;
}

int64_t countOf(const llvm::json::Object &Run, llvm::StringRef Key) {
  const llvm::json::Object *C = runProperties(Run).getObject("counts");
  return C ? C->getInteger(Key).value_or(-1) : -1;
}

class Gate : public Cli {
protected:
  void writeFile(const std::string &Path, llvm::StringRef Text) {
    fs::create_directories(llvm::sys::path::parent_path(Path));
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC) << Path;
    OS << Text;
  }
};

TEST_F(Gate, MustFixRulesetGatesTheSamples) {
  std::string Sarif = tmp("samples.sarif");
  Result R = run({"-p", DRVCERT_SOURCE_DIR "/samples", "--ruleset", "must-fix",
                  "-o", Sarif, "--source-root", DRVCERT_SOURCE_DIR});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object &Run = run0(Log);
  size_t Results = results(Run).size();
  EXPECT_GE(Results, 4u);
  EXPECT_NE(R.Err.find("drvcert: certification summary, ruleset 'must-fix'"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("drvcert: verdict: FAIL (" + std::to_string(Results) +
                       " unsuppressed must-fix findings"),
            std::string::npos)
      << R.Err;
  EXPECT_TRUE(std::regex_search(
      R.Err, std::regex(R"(\n  translation units: [1-9]\d* analyzed, 0 not analyzed\n)")))
      << R.Err;
  // The table has a row per rule: rule, must-fix, level, findings, suppressed.
  EXPECT_TRUE(std::regex_search(
      R.Err, std::regex(R"(\n  banned-string-api +yes +error +[1-9]\d* +0\n)")))
      << R.Err;

  const llvm::json::Object &Props = runProperties(Run);
  EXPECT_EQ(Props.getString("ruleset"), "must-fix");
  EXPECT_EQ(Props.getString("verdict"), "FAIL");
  EXPECT_EQ(countOf(Run, "findings"), int64_t(Results));
  EXPECT_EQ(countOf(Run, "mustFixFindings"), int64_t(Results));
  EXPECT_EQ(countOf(Run, "suppressed"), 0);
  EXPECT_GT(countOf(Run, "translationUnitsAnalyzed"), 0);
  EXPECT_EQ(countOf(Run, "translationUnitsNotAnalyzed"), 0);
  // Every rule of the run is tagged must-fix exactly when it is one.
  const llvm::json::Array *Rules =
      Run.getObject("tool")->getObject("driver")->getArray("rules");
  const llvm::json::Array *PerRule = Props.getArray("rules");
  ASSERT_TRUE(Rules && PerRule);
  ASSERT_EQ(Rules->size(), PerRule->size());
  for (size_t I = 0; I < Rules->size(); ++I) {
    const llvm::json::Object &Rule = *(*Rules)[I].getAsObject();
    bool Tagged = false;
    for (const llvm::json::Value &T :
         *Rule.getObject("properties")->getArray("tags"))
      Tagged |= T.getAsString() == "must-fix";
    EXPECT_EQ(Tagged, (*PerRule)[I].getAsObject()->getBoolean("mustFix"))
        << Rule.getString("id")->str();
    EXPECT_EQ((*PerRule)[I].getAsObject()->getString("id"), Rule.getString("id"));
  }
  for (const llvm::json::Value &V : results(Run))
    EXPECT_TRUE(V.getAsObject()->getArray("suppressions") &&
                V.getAsObject()->getArray("suppressions")->empty());
  expectValidSarif(Sarif);
}

TEST_F(Gate, AMustFixRuleNotRunIsNoCertificationPass) {
  std::string Db = database({"good.c"});
  Result R = run({"-p", Db, "--checks=-*,banned-string-api"});
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Err.find("drvcert: verdict: PASS (no unsuppressed must-fix "
                       "finding, but must-fix rules did not run: "
                       "dangerous-ioctl-exposure, deprecated-pool-alloc, "),
            std::string::npos)
      << R.Err;
}

TEST_F(Gate, UnanalyzedTranslationUnitFailsTheVerdict) {
  std::string Db = database({"broken.c"});
  Result R = run({"-p", Db, "--fail-on=none"});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("drvcert: verdict: FAIL (1 translation unit not analyzed)"),
            std::string::npos)
      << R.Err;
}

TEST_F(Gate, ProjectFileIsFoundUpwardAndApplied) {
  std::string Src = ConfigInputs + "/project/src";
  std::string File = Src + "/legacy.c";
  std::string Db = database({"legacy.c"}, {}, Src);
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 1) << R.Err; // must-fix findings fail whatever their level
  std::set<Diag> Expected{
      {lineOf(File, "return LegacyAlloc"), "error", "deprecated-pool-alloc", ""},
      {lineOf(File, "strcpy("), "warning", "banned-string-api", ""}};
  EXPECT_EQ(diagnostics(R.Out, "legacy.c"), Expected) << R.Out;
  EXPECT_NE(R.Out.find("'LegacyAlloc' is deprecated"), std::string::npos);
  EXPECT_NE(R.Err.find("certification summary, ruleset 'must-fix'"),
            std::string::npos)
      << R.Err;
  EXPECT_TRUE(std::regex_search(
      R.Err, std::regex(R"(\n  banned-string-api +yes +warning +1 +0\n)")))
      << R.Err;

  // Without the project file: the default ruleset, default levels, no
  // project model.
  R = run({"-p", Db, "--config", "none"});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  Expected = {{lineOf(File, "strcpy("), "error", "banned-string-api", ""},
              {lineOf(File, "return IoCreateDevice"), "error",
               "device-namespace-unsecured", ""}};
  EXPECT_EQ(diagnostics(R.Out, "legacy.c"), Expected) << R.Out;
  EXPECT_NE(R.Err.find("ruleset 'recommended'"), std::string::npos);

  // --ruleset and --checks refine it; the project file still applies.
  R = run({"-p", Db, "--ruleset", "all", "--checks", "-deprecated-*"});
  Expected = {{lineOf(File, "strcpy("), "warning", "banned-string-api", ""}};
  EXPECT_EQ(diagnostics(R.Out, "legacy.c"), Expected) << R.Out;
  EXPECT_NE(R.Err.find("ruleset 'all'"), std::string::npos);
}

TEST_F(Gate, DumpConfigPrintsWhatLoadsBack) {
  std::string Src = ConfigInputs + "/project/src";
  std::string Db = database({"legacy.c"}, {}, Src);
  Result Dump = run({"-p", Db, "--dump-config"});
  ASSERT_EQ(Dump.Exit, 0) << Dump.Err;
  EXPECT_NE(Dump.Out.find("ruleset: must-fix\n"), std::string::npos) << Dump.Out;
  EXPECT_NE(Dump.Out.find("  banned-string-api:\n    level: warning\n"),
            std::string::npos)
      << Dump.Out;
  EXPECT_EQ(Dump.Out.find("device-namespace-unsecured"), std::string::npos);
  EXPECT_NE(Dump.Out.find(ConfigInputs + "/project/legacy-alloc.yaml"),
            std::string::npos)
      << Dump.Out;
  std::string Saved = tmp("dumped.yaml");
  writeFile(Saved, Dump.Out);
  Result A = run({"-p", Db}), B = run({"-p", Db, "--config", Saved});
  EXPECT_EQ(B.Exit, A.Exit);
  EXPECT_EQ(B.Out, A.Out);
  Result Again = run({"-p", Db, "--config", Saved, "--dump-config"});
  EXPECT_EQ(Again.Out.substr(Again.Out.find('\n')),
            Dump.Out.substr(Dump.Out.find('\n')));

  // No database: the project file is looked up from the current directory.
  Result Default = run({"--dump-config", "--checks=-*,banned-*"});
  EXPECT_EQ(Default.Exit, 0) << Default.Err;
  EXPECT_NE(Default.Out.find("ruleset: recommended\nchecks:\n  - -*\n  - "
                             "banned-string-api\n"),
            std::string::npos)
      << Default.Out;
}

TEST_F(Gate, BadConfigurationIsRejectedWithItsPlace) {
  std::string Dir = tmp("proj");
  writeFile(Dir + "/.drvcert.yaml", "version: 1\n"
                                    "rules:\n"
                                    "  banned-strings: { level: warning }\n");
  writeFile(Dir + "/d.c", readFile(input("good.c")));
  std::string Db = database({"d.c"}, {}, Dir);
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("error: " + Dir +
                       "/.drvcert.yaml:3:3: unknown rule 'banned-strings'; run "
                       "'drvcert --list-checks' to see the rule ids"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(R.Out, "");

  R = run({"-p", Db, "--config", "none", "--ruleset", "strict"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("--ruleset: unknown ruleset 'strict'"), std::string::npos)
      << R.Err;

  std::string Ruleset = tmp("mine.yaml");
  writeFile(Ruleset, "version: 1\ninherits: must-fix\nrules:\n"
                     "  deprecated-pool-alloc:\n    options: { strict: true }\n");
  R = run({"-p", Db, "--config", "none", "--ruleset", Ruleset});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find(Ruleset + ":5:16: unknown option 'strict' for rule "
                                 "'deprecated-pool-alloc', which has no options"),
            std::string::npos)
      << R.Err;
}

TEST_F(Gate, SuppressionsInEveryForm) {
  std::string File = ConfigInputs + "/suppressions.c";
  std::string Db = database({"suppressions.c"}, {}, ConfigInputs);
  std::string Sarif = tmp("supp.sarif");
  Result R = run({"-p", Db, "-o", Sarif, "--source-root", DRVCERT_SOURCE_DIR});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  // Open findings only; suppressed ones are not printed.
  std::set<Diag> Open;
  for (const char *Tag : {"'rhtO'", "'tsuJ'", "'nknU'", "'gnrW'", "'rtsA'"})
    Open.insert({lineOf(File, Tag), "error", "deprecated-pool-alloc", ""});
  EXPECT_EQ(diagnostics(R.Out, "suppressions.c"), Open) << R.Out;
  EXPECT_NE(R.Err.find("; 5 findings (5 error, 0 warning, 0 note), 6 suppressed"),
            std::string::npos)
      << R.Err;
  EXPECT_TRUE(std::regex_search(
      R.Err, std::regex(R"(\n  deprecated-pool-alloc +yes +error +5 +5\n)")))
      << R.Err;
  EXPECT_TRUE(std::regex_search(
      R.Err, std::regex(R"(\n  banned-string-api +yes +error +0 +1\n)")))
      << R.Err;

  // Bad and unused suppressions are reported where they are.
  auto Reported = [&](llvm::StringRef Needle, llvm::StringRef Message) {
    std::string Where = "suppressions.c:" + std::to_string(lineOf(File, Needle)) + ":";
    size_t At = R.Err.find(Where);
    bool Found = false;
    for (; At != std::string::npos; At = R.Err.find(Where, At + 1))
      Found |= llvm::StringRef(R.Err).substr(At).take_until([](char C) {
                 return C == '\n';
               }).contains(Message);
    EXPECT_TRUE(Found) << Where << " " << Message.str() << "\n" << R.Err;
  };
  Reported("'tsuJ'", "warning: suppression of 'deprecated-pool-alloc' has no "
                     "justification");
  Reported("'nknU'", "warning: suppression names unknown rule 'no-such-rule'");
  Reported("nothing is copied here", "warning: suppression of "
                                     "'banned-string-api' matched no finding");
  Reported("'gnrW'", "warning: suppression of 'banned-string-api' matched no "
                     "finding");
  Reported("// drvcert-suppress-end(banned-string-api)",
           "'drvcert-suppress-end(banned-string-api)' has no matching");

  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object &Run = run0(Log);
  std::map<int64_t, const llvm::json::Object *> ByLine;
  for (const llvm::json::Value &V : results(Run)) {
    const llvm::json::Object &O = *V.getAsObject();
    ByLine[startLine(O)] = &O;
    EXPECT_TRUE(O.getArray("suppressions")) << "every result has suppressions";
    EXPECT_FALSE(O.get("baselineState")) << "no baseline, no baselineState";
  }
  EXPECT_EQ(ByLine.size(), 11u);
  auto Suppression = [&](llvm::StringRef Tag) -> const llvm::json::Object * {
    const llvm::json::Object *Res = ByLine[lineOf(File, Tag)];
    if (!Res || Res->getArray("suppressions")->size() != 1) {
      ADD_FAILURE() << Tag.str() << " is not suppressed once";
      return nullptr;
    }
    return Res->getArray("suppressions")->front().getAsObject();
  };
  struct Expect {
    const char *Tag, *Justification, *Directive;
  } Suppressed[] = {
      {"'lirT'", "legacy path for Windows 7, removed in v3", "'lirT'"},
      {"'evbA'", "audited in review 42", "audited in review 42"},
      {"'1klB'", "the legacy allocator shim, removed in v3", "suppress-begin"},
      {"'2klB'", "the legacy allocator shim, removed in v3", "suppress-begin"},
      {"'grpW'", nullptr, "suppress: 28751"},
      {"'frpP'", "the caller bounds s to sizeof(d)", "prefast(suppress"}};
  for (const Expect &E : Suppressed) {
    const llvm::json::Object *S = Suppression(E.Tag);
    if (!S)
      continue;
    EXPECT_EQ(S->getString("kind"), "inSource");
    EXPECT_EQ(S->getString("status"), "accepted");
    if (E.Justification)
      EXPECT_EQ(S->getString("justification"), E.Justification) << E.Tag;
    else
      EXPECT_FALSE(S->get("justification")) << E.Tag;
    EXPECT_EQ(S->getObject("location")
                  ->getObject("physicalLocation")
                  ->getObject("region")
                  ->getInteger("startLine"),
              lineOf(File, E.Directive))
        << E.Tag;
  }
  for (const char *Tag : {"'rhtO'", "'tsuJ'", "'nknU'", "'gnrW'", "'rtsA'"})
    EXPECT_TRUE(ByLine[lineOf(File, Tag)] &&
                ByLine[lineOf(File, Tag)]->getArray("suppressions")->empty())
        << Tag;
  const llvm::json::Object &Inv = firstInvocation(Run);
  EXPECT_EQ(count(Inv, "toolConfigurationNotifications"), 5u);
  EXPECT_EQ(countOf(Run, "suppressed"), 6);
  EXPECT_EQ(countOf(Run, "findings"), 5);
  expectValidSarif(Sarif);

  // --show-suppressed prints them with their justification.
  R = run({"-p", Db, "--show-suppressed"});
  EXPECT_EQ(diagnostics(R.Out, "suppressions.c").size(), 11u) << R.Out;
  EXPECT_NE(R.Out.find("note: suppressed here: legacy path for Windows 7, "
                       "removed in v3"),
            std::string::npos)
      << R.Out;

  // For GitHub, which ignores suppressions: only the open results.
  std::string Open2 = tmp("open.sarif");
  R = run({"-p", Db, "-o", Open2, "--sarif-open-only", "--source-root",
           DRVCERT_SOURCE_DIR});
  llvm::json::Value OpenLog = sarif(Open2);
  EXPECT_EQ(results(run0(OpenLog)).size(), 5u);
  expectValidSarif(Open2);
}

TEST_F(Gate, SuppressedFindingsNeverFailTheGate) {
  std::string Db = database({"suppressed-only.c"}, {}, ConfigInputs);
  Result R = run({"-p", Db, "--fail-on=note"});
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(diagnostics(R.Out, "suppressed-only.c").size(), 0u) << R.Out;
  EXPECT_NE(R.Err.find("; 0 findings (0 error, 0 warning, 0 note), 1 suppressed"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("drvcert: verdict: PASS (no unsuppressed must-fix finding)"),
            std::string::npos)
      << R.Err;
}

class Baselines : public Gate {
protected:
  /// Writes version Text of the driver file and runs drvcert on it.
  Result analyze(llvm::StringRef Text, std::vector<std::string> Args) {
    writeFile(tmp("src/driver.c"), Text);
    std::string Db = database({"driver.c"}, {}, tmp("src"));
    Args.insert(Args.begin(), {"-p", Db, "--source-root", Tmp.str().str()});
    return run(Args);
  }

  static std::string replace(std::string S, llvm::StringRef From,
                             llvm::StringRef To) {
    size_t At = S.find(From.str());
    EXPECT_NE(At, std::string::npos) << From.str();
    if (At != std::string::npos)
      S.replace(At, From.size(), To.str());
    return S;
  }

  /// The first version's log, to compare the later ones with.
  void SetUp() override {
    Gate::SetUp();
    Original = readFile(ConfigInputs + "/baseline.c");
    Result R = analyze(Original, {"-o", tmp("base.sarif")});
    ASSERT_EQ(R.Exit, 1) << R.Err;
    llvm::json::Value Log = sarif(tmp("base.sarif"));
    ASSERT_EQ(results(run0(Log)).size(), 3u);
  }

  /// Code moved down, and a local renamed elsewhere in the file.
  std::string moved() {
    std::string S = replace(Original, "#include <ntddk.h>\n",
                            "#include <ntddk.h>\n\n// Added later: a helper.\n"
                            "static ULONG Twice(ULONG X) { return X * 2; }\n\n");
    S = replace(S, "ULONG total = 0;", "ULONG sum = 0;");
    S = replace(S, "total += i;", "sum += i;");
    return replace(S, "return total;", "return sum;");
  }

  std::map<std::string, std::string> states(const llvm::json::Object &Run) {
    std::map<std::string, std::string> Out; // tag -> baselineState
    for (const llvm::json::Value &V : results(Run)) {
      const llvm::json::Object &O = *V.getAsObject();
      std::string State = O.getString("baselineState").value_or("").str();
      std::string Key = "line " + std::to_string(startLine(O));
      for (const char *Tag : {"dexF", "tpeK", "emaN", "weN!"})
        if (State != "absent" &&
            lineOf(tmp("src/driver.c"), Tag, true) == unsigned(startLine(O)))
          Key = Tag;
      if (State == "absent")
        Key = "absent " + O.getObject("message")->getString("text")->str();
      Out[Key] = State;
      EXPECT_TRUE(O.getArray("suppressions"));
    }
    return Out;
  }

  std::string Original;
};

TEST_F(Baselines, FindingsSurviveMovedCodeAndARenamedLocal) {
  std::string Sarif = tmp("moved.sarif");
  Result R = analyze(moved(), {"--baseline", tmp("base.sarif"), "-o", Sarif,
                               "--fail-on=new"});
  EXPECT_EQ(R.Exit, 0) << "nothing new: " << R.Err;
  EXPECT_NE(R.Err.find("drvcert: verdict: FAIL"), std::string::npos)
      << "the verdict does not depend on the baseline\n"
      << R.Err;
  llvm::json::Value Log = sarif(Sarif);
  EXPECT_EQ(states(run0(Log)),
            (std::map<std::string, std::string>{
                {"dexF", "unchanged"}, {"tpeK", "unchanged"}, {"emaN", "unchanged"}}));
  std::set<Diag> Printed = diagnostics(R.Out, "driver.c");
  EXPECT_EQ(Printed.size(), 3u);
  for (const Diag &D : Printed)
    EXPECT_EQ(D.State, "unchanged") << D;
  expectValidSarif(Sarif);
}

TEST_F(Baselines, NewUpdatedAndAbsent) {
  std::string Text = replace(moved(), "ExAllocatePoolWithTag(NonPagedPoolNx, Size, 'dexF')",
                             "ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, 'dexF')");
  Text = replace(Text, "PVOID Renamed(SIZE_T Size)", "PVOID RenamedAgain(SIZE_T Size)");
  Text += "\nPVOID Added(SIZE_T Size)\n{\n"
          "    return ExAllocatePoolWithTag(PagedPool, Size, 'weN!');\n}\n";
  std::string Sarif = tmp("new.sarif");
  Result R = analyze(Text, {"--baseline", tmp("base.sarif"), "-o", Sarif});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object &Run = run0(Log);
  auto Got = states(Run);
  EXPECT_EQ(Got["tpeK"], "unchanged");
  EXPECT_EQ(Got["emaN"], "updated") << "renamed function, same line of code";
  EXPECT_EQ(Got["weN!"], "new");
  ASSERT_EQ(Got.size(), 4u);
  auto Absent = Got.begin(); // "absent <message>" sorts first
  EXPECT_EQ(Absent->second, "absent");
  EXPECT_EQ(Absent->first.rfind("absent 'ExAllocatePoolWithTag'", 0), 0u)
      << Absent->first;
  EXPECT_EQ(countOf(Run, "new"), 1);
  EXPECT_EQ(countOf(Run, "unchanged"), 1);
  EXPECT_EQ(countOf(Run, "updated"), 1);
  EXPECT_EQ(countOf(Run, "absent"), 1);
  EXPECT_EQ(countOf(Run, "findings"), 3) << "absent results are not findings";
  std::string File = tmp("src/driver.c");
  EXPECT_EQ(diagnostics(R.Out, "driver.c"),
            (std::set<Diag>{
                {lineOf(File, "tpeK"), "error", "deprecated-pool-alloc", "unchanged"},
                {lineOf(File, "emaN"), "error", "deprecated-pool-alloc", "updated"},
                {lineOf(File, "weN!"), "error", "deprecated-pool-alloc", "new"}}))
      << R.Out;
  EXPECT_TRUE(std::regex_search(
      R.Err, std::regex(R"(\n  deprecated-pool-alloc +yes +error +3 +0 +1 +1\n)")))
      << R.Err;
  expectValidSarif(Sarif);

  // --fail-on=new: the new finding fails the gate.
  R = analyze(Text, {"--baseline", tmp("base.sarif"), "--fail-on=new"});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  // A log with absent results is a baseline too: they are not carried on.
  R = analyze(Text, {"--baseline", Sarif, "-o", tmp("next.sarif")});
  llvm::json::Value Next = sarif(tmp("next.sarif"));
  EXPECT_EQ(states(run0(Next)),
            (std::map<std::string, std::string>{
                {"tpeK", "unchanged"}, {"emaN", "unchanged"}, {"weN!", "unchanged"}}));
}

TEST_F(Baselines, BadBaselineIsAnInputError) {
  Result R = analyze(Original, {"--fail-on=new"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("--fail-on=new needs --baseline"), std::string::npos) << R.Err;
  writeFile(tmp("broken.sarif"), "{\"version\": \"2.1.0\",\n \"runs\": [}\n");
  R = analyze(Original, {"--baseline", tmp("broken.sarif")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find(tmp("broken.sarif") + ":2:11: invalid JSON in the baseline"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(R.Out, "") << "nothing is analyzed on a bad baseline";
  R = analyze(Original, {"--baseline", tmp("missing.sarif")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("cannot read baseline"), std::string::npos) << R.Err;
}

} // namespace
