//===- CliTest.cpp - drvcert end to end, as a user runs it ----------------===//
#include "CliSupport.h"
#include <regex>
#include <set>

namespace {

using namespace drvcert::clitest;
namespace fs = llvm::sys::fs;

TEST_F(Cli, Version) {
  Result R = run({"--version"});
  EXPECT_EQ(R.Exit, 0);
  EXPECT_NE(R.Out.find("drvcert " DRVCERT_VERSION " (LLVM 19."), std::string::npos)
      << R.Out;
}

TEST_F(Cli, ListAndExplain) {
  Result R = run({"--list-checks"});
  EXPECT_EQ(R.Exit, 0);
  for (const char *Id : {"banned-string-api", "deprecated-pool-alloc",
                         "device-namespace-unsecured", "direct-io-mdl-misuse"})
    EXPECT_NE(R.Out.find(Id), std::string::npos) << Id;
  R = run({"--list-checks", "--checks=-*,direct-*"});
  EXPECT_NE(R.Out.find("Enabled rules (1)"), std::string::npos) << R.Out;
  R = run({"--explain", "direct-io-mdl-misuse"});
  EXPECT_EQ(R.Exit, 0);
  EXPECT_EQ(R.Out.rfind("# direct-io-mdl-misuse\n", 0), 0u) << R.Out;
  R = run({"--explain", "no-such-rule"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("unknown rule 'no-such-rule'"), std::string::npos);
}

TEST_F(Cli, UsageErrorsExit2) {
  EXPECT_EQ(run({"--no-such-option"}).Exit, 2);
  Result R = run({});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("no compilation database"), std::string::npos) << R.Err;
  R = run({"-p", tmp("nowhere")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("cannot read compilation database"), std::string::npos);
  std::string Db = database({"good.c"});
  R = run({"-p", Db, "--fail-on=sometimes"});
  EXPECT_EQ(R.Exit, 2);
  R = run({"-p", Db, "--checks=nothing-*"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("matches no rule"), std::string::npos) << R.Err;
  R = run({"-p", Db, "-o", tmp("missing/dir/out.sarif")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("does not exist"), std::string::npos) << R.Err;
}

TEST_F(Cli, MalformedDatabaseSaysWhere) {
  std::string Db = tmp("compile_commands.json");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Db, EC);
    OS << "[\n  {\"directory\": \"/x\" \"file\": \"a.c\"}\n]\n";
  }
  Result R = run({"-p", Tmp.str().str()});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("compile_commands.json:2:22: invalid JSON"),
            std::string::npos)
      << R.Err;
}

TEST_F(Cli, EmptyDatabaseIsAnError) {
  std::string Db = tmp("compile_commands.json");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Db, EC);
    OS << "[]\n";
  }
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("no translation unit to analyze"), std::string::npos);
}

TEST_F(Cli, SamplesReportExactlyTheMarkedFindings) {
  std::string Sarif = tmp("samples.sarif");
  Result R = run({"-p", DRVCERT_SOURCE_DIR "/samples", "-o", Sarif,
                  "--source-root", DRVCERT_SOURCE_DIR});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  // Every "// drvcert-expect: rule[, rule]" marker, and nothing else.
  std::set<std::string> Expected, Got;
  std::error_code EC;
  for (fs::recursive_directory_iterator It(DRVCERT_SOURCE_DIR "/samples", EC), End;
       It != End && !EC; It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".c"))
      continue;
    unsigned Line = 0;
    std::string Text = readFile(It->path()); // split() keeps a reference
    for (llvm::StringRef L : llvm::split(Text, '\n')) {
      ++Line;
      size_t At = L.find("// drvcert-expect: ");
      if (At == llvm::StringRef::npos)
        continue;
      llvm::SmallVector<llvm::StringRef, 2> Rules;
      L.substr(At + 19).split(Rules, ',', -1, false);
      for (llvm::StringRef Rule : Rules)
        Expected.insert(It->path() + ":" + std::to_string(Line) + " " +
                        Rule.trim().str());
    }
  }
  std::regex Diag(R"(^(\S+\.c):(\d+):\d+: (error|warning|remark): .* \[([a-z0-9-]+)\]$)");
  for (llvm::StringRef L : llvm::split(R.Out, '\n')) {
    std::smatch M;
    std::string S = L.str();
    if (std::regex_match(S, M, Diag)) {
      std::string File = M[1];
      if (!llvm::sys::path::is_absolute(File))
        File = std::string(DRVCERT_SOURCE_DIR) + "/" + File;
      Got.insert(File + ":" + std::string(M[2]) + " " + std::string(M[4]));
    }
  }
  EXPECT_FALSE(Expected.empty());
  EXPECT_EQ(Got, Expected) << R.Out;
  EXPECT_NE(R.Err.find("14 translation units analyzed, 0 not analyzed"),
            std::string::npos)
      << R.Err;

  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object &Run = run0(Log);
  EXPECT_EQ(count(Run, "results"), Expected.size()); // one result per marker
  expectValidSarif(Sarif);
}

TEST_F(Cli, FailOnPicksTheGate) {
  std::string Db = database({"good.c"});
  EXPECT_EQ(run({"-p", Db}).Exit, 1);
  EXPECT_EQ(run({"-p", Db, "--fail-on=none"}).Exit, 0);
  EXPECT_EQ(run({"-p", Db, "--fail-on=warning"}).Exit, 1);
  EXPECT_EQ(run({"-p", Db, "--checks=-*,banned-string-api"}).Exit, 0);
}

TEST_F(Cli, BrokenTuIsReportedAndTheRestAnalyzed) {
  std::string Db = database({"good.c", "broken.c"});
  std::string Sarif = tmp("out.sarif");
  Result R = run({"-p", Db, "-o", Sarif, "--source-root", DRVCERT_SOURCE_DIR});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("broken.c' was not analyzed"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("broken.c:6:42: error: expected ';'"), std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("1 translation unit analyzed, 1 not analyzed"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error: 'ExAllocatePoolWithTag' is deprecated"),
            std::string::npos)
      << R.Out;

  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object &Run = run0(Log);
  const llvm::json::Object &Inv = firstInvocation(Run);
  EXPECT_EQ(Inv.getBoolean("executionSuccessful"), false);
  const llvm::json::Array *Notes = Inv.getArray("toolExecutionNotifications");
  ASSERT_TRUE(Notes && Notes->size() == 1);
  const llvm::json::Object &N = *Notes->front().getAsObject();
  EXPECT_EQ(N.getString("level"), "error");
  EXPECT_NE(N.getObject("message")->getString("text")->find("expected ';'"),
            llvm::StringRef::npos);
  EXPECT_EQ(count(Run, "results"), 1u);
  expectValidSarif(Sarif);
}

TEST_F(Cli, PluginFlagsAreStrippedAndSaidSo) {
  std::string Db = database({"good.c"}, {"-fplugin=/nonexistent/evil.so",
                                         "-Xclang", "-load", "-Xclang",
                                         "/nonexistent/evil2.so"});
  std::string Sarif = tmp("out.sarif");
  Result R = run({"-p", Db, "-o", Sarif, "--source-root", DRVCERT_SOURCE_DIR});
  EXPECT_EQ(R.Exit, 1) << R.Err; // analyzed: the plugins were never loaded
  EXPECT_NE(R.Err.find("removed '-fplugin=/nonexistent/evil.so'"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("removed '-Xclang -load -Xclang /nonexistent/evil2.so'"),
            std::string::npos)
      << R.Err;
  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object &Inv = firstInvocation(run0(Log));
  EXPECT_EQ(count(Inv, "toolExecutionNotifications"), 2u);
  EXPECT_EQ(Inv.getBoolean("executionSuccessful"), true);
  expectValidSarif(Sarif);
}

TEST_F(Cli, UserHeaderFindingReportedOnce) {
  std::string Db = database({"user1.c", "user2.c"});
  Result R = run({"-p", Db, "--format=sarif"});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  auto Log = llvm::json::parse(R.Out);
  ASSERT_TRUE(bool(Log)) << "stdout must be the SARIF log only";
  EXPECT_EQ(count(run0(*Log), "results"), 1u);
}

TEST_F(Cli, SarifIsDeterministicAndRunsFromAnyDirectory) {
  std::string Db = database({"good.c", "user1.c", "user2.c"});
  std::string A = tmp("a.sarif"), B = tmp("b.sarif");
  EXPECT_EQ(run({"-p", Db, "-o", A, "--source-root", DRVCERT_SOURCE_DIR}).Exit, 1);
  llvm::SmallString<256> Cwd;
  fs::current_path(Cwd);
  ASSERT_FALSE(fs::set_current_path(Tmp));
  Result R = run({"-p", Db, "-o", B, "--source-root", DRVCERT_SOURCE_DIR});
  ASSERT_FALSE(fs::set_current_path(Cwd));
  EXPECT_EQ(R.Exit, 1) << R.Err;
  // Only the invocation's command line and working directory may differ.
  auto Normalized = [&](const std::string &Path) {
    llvm::json::Value Log = sarif(Path);
    if (auto *Root = Log.getAsObject())
      if (auto *Runs = Root->getArray("runs"); Runs && !Runs->empty())
        if (auto *Inv = (*Runs)[0].getAsObject()->getArray("invocations");
            Inv && !Inv->empty()) {
          (*Inv)[0].getAsObject()->erase("commandLine");
          (*Inv)[0].getAsObject()->erase("workingDirectory");
        }
    return Log;
  };
  EXPECT_TRUE(Normalized(A) == Normalized(B))
      << "the SARIF logs of two identical runs differ";
}

TEST_F(Cli, ClAndGccCommandsWithWarningsAsErrors) {
  // cl.exe style (as MSBuild-generated databases have them): Windows quoting,
  // /WX, /Fo with a quoted path. The mingw headers need the mingw target;
  // with the real WDK the default MSVC target is used.
  std::string Inputs = DRVCERT_SOURCE_DIR "/tests/cli/Inputs";
  std::string Cl =
      "cl.exe --target=x86_64-w64-mingw32 /nologo /W4 /WX /kernel /DNDEBUG "
      "/external:I " DRVCERT_SOURCE_DIR "/wdk-shim /external:I " DRVCERT_MINGW_SYSROOT
      "/include/ddk /external:I " DRVCERT_MINGW_SYSROOT
      "/include /Fo\"obj dir\\good.obj\" /c good.c";
  std::string Gcc = "clang-19 --target=x86_64-w64-mingw32 -fms-extensions "
                    "--sysroot=" DRVCERT_MINGW_SYSROOT " -isystem " DRVCERT_SOURCE_DIR
                    "/wdk-shim -isystem " DRVCERT_MINGW_SYSROOT
                    "/include/ddk -Wall -Werror -Wl,--unused-at-link -c user1.c";
  llvm::json::Array Entries{
      llvm::json::Object{{"directory", Inputs}, {"file", "good.c"}, {"command", Cl}},
      llvm::json::Object{{"directory", Inputs}, {"file", "user1.c"}, {"command", Gcc}}};
  std::string Db = tmp("compile_commands.json");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Db, EC);
    OS << llvm::json::Value(std::move(Entries));
  }
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Err.find("2 translation units analyzed, 0 not analyzed"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error: 'ExAllocatePoolWithTag'"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("shared.h:7:12: error: 'ExAllocatePoolWithTag'"),
            std::string::npos)
      << R.Out;
}

TEST_F(Cli, UserWrapperModelEndToEnd) {
  // The driver's own MyCopy (body in another TU) is a copy only once a
  // model file says so.
  std::string Dir = DRVCERT_SOURCE_DIR "/tests/checkers/memory/unbounded-copy";
  llvm::json::Array Args{"clang-19", "--target=x86_64-w64-mingw32", "-fms-extensions",
                         "--sysroot=" DRVCERT_MINGW_SYSROOT, "-isystem",
                         DRVCERT_SOURCE_DIR "/wdk-shim", "-isystem",
                         DRVCERT_MINGW_SYSROOT "/include/ddk", "-c", "wrapper-model.c"};
  llvm::json::Array Entries{llvm::json::Object{
      {"directory", Dir}, {"file", "wrapper-model.c"}, {"arguments", std::move(Args)}}};
  std::string Db = tmp("compile_commands.json");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Db, EC);
    OS << llvm::json::Value(std::move(Entries));
  }
  auto CountMyCopy = [](const std::string &Out) {
    size_t N = 0;
    for (size_t P = Out.find("'MyCopy' copies"); P != std::string::npos;
         P = Out.find("'MyCopy' copies", P + 1))
      ++N;
    return N;
  };
  Result Without = run({"-p", Db, "--checks=unbounded-copy", "--color=false"});
  EXPECT_EQ(CountMyCopy(Without.Out), 0u) << Without.Out;
  Result With = run({"-p", Db, "--checks=unbounded-copy", "--color=false",
                     "--model", Dir + "/Inputs/my-wrappers.yaml"});
  EXPECT_GE(CountMyCopy(With.Out), 1u) << With.Out << With.Err;
  // A bad model file is an input error naming file and line.
  std::string Bad = tmp("bad.yaml");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Bad, EC);
    OS << "version: 1\nfunctions:\n  - { name: MyCopy, copy: { dst: 0 } }\n";
  }
  Result R = run({"-p", Db, "--model", Bad});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("bad.yaml:3:"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("unknown key 'dst'"), std::string::npos) << R.Err;
}

TEST_F(Cli, ExposureJoinsDeviceAndDispatchAcrossTranslationUnits) {
  // The device is created in driver.c, the IOCTL handled in ioctl.c, each
  // TU in its own worker: the finding in ioctl.c says who reaches it and
  // points at driver.c's IoCreateDevice, in text and SARIF, for any -j.
  std::string Dir = DRVCERT_SOURCE_DIR "/tests/cli/Inputs/exposure";
  std::string Db = database({"driver.c", "ioctl.c"}, {}, Dir);
  std::string Sarif1 = tmp("exposure.sarif");
  Result R = run({"-p", Db, "--checks=-*,user-pointer-unprobed", "--color=false",
                  "-j", "1", "-o", Sarif1});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Out.find("ioctl.c:14:26: error: user-mode address from "
                       "Type3InputBuffer"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("driver.c:14:14: note: device '\\Device\\Expo' created "
                       "here without a security descriptor: everyone can open it"),
            std::string::npos)
      << R.Out;
  std::string First = readFile(Sarif1);
  Result R2 = run({"-p", Db, "--checks=-*,user-pointer-unprobed", "--color=false",
                   "-j", "2", "-o", Sarif1});
  EXPECT_EQ(R2.Out, R.Out);
  EXPECT_EQ(readFile(Sarif1), First); // the same bytes for any -j

  llvm::json::Value Log = sarif(Sarif1);
  const auto *Results =
      Log.getAsObject()->getArray("runs")->front().getAsObject()->getArray("results");
  ASSERT_TRUE(Results);
  ASSERT_EQ(Results->size(), 1u);
  const auto *Res = Results->front().getAsObject();
  EXPECT_EQ(Res->getObject("properties")->getString("exposure"), "everyone");
  EXPECT_EQ(Res->getObject("properties")->getString("entryPoint"), "ExpoDeviceControl");
  const auto *Related = Res->getArray("relatedLocations");
  ASSERT_TRUE(Related);
  ASSERT_EQ(Related->size(), 1u);
  const auto *Loc = Related->front().getAsObject();
  EXPECT_EQ(Loc->getObject("physicalLocation")
                ->getObject("region")
                ->getInteger("startLine"),
            14);
  EXPECT_NE(Loc->getObject("physicalLocation")
                ->getObject("artifactLocation")
                ->getString("uri")
                ->find("driver.c"),
            llvm::StringRef::npos);
  expectValidSarif(Sarif1);

  // Without driver.c in the run, nobody registers the dispatch routine.
  Result Alone = run({"-p", Db, "--checks=-*,user-pointer-unprobed", "--color=false",
                      "-o", Sarif1, Dir + "/ioctl.c"});
  EXPECT_EQ(Alone.Exit, 1) << Alone.Err;
  EXPECT_EQ(Alone.Out.find("note: device"), std::string::npos) << Alone.Out;
  llvm::json::Value AloneLog = sarif(Sarif1);
  const auto *AloneRes = AloneLog.getAsObject()
                             ->getArray("runs")
                             ->front()
                             .getAsObject()
                             ->getArray("results")
                             ->front()
                             .getAsObject();
  EXPECT_EQ(AloneRes->getObject("properties")->getString("exposure"), "unknown");
}

} // namespace
