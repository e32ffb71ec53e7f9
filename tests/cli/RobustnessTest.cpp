//===- RobustnessTest.cpp - Faults survived, bad input refused -------------===//
//
// Issue 7: a crash or a runaway TU costs that TU, never the run; interrupts
// leave the previous report; bad input gets a clear message; database
// content never reaches a shell; SARIF keeps paths outside %SRCROOT% private.
// Issue 6: the SARIF log is byte-identical whatever -j is; budgets are
// reported.
//
//===----------------------------------------------------------------------===//
#include "CliSupport.h"
#ifndef _WIN32
#include <sys/stat.h>
#endif
#include "llvm/ADT/StringExtras.h"
#include <chrono>
#include <thread>
#ifndef _WIN32
#include <signal.h>
#include <stdlib.h>
#endif

namespace {

using namespace drvcert::clitest;
namespace fs = llvm::sys::fs;

#ifndef _WIN32
/// Sets an environment variable for the test's child processes.
class ScopedEnv {
public:
  ScopedEnv(const char *Name, const std::string &Value) : Name(Name) {
    ::setenv(Name, Value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(Name); }

private:
  const char *Name;
};
#endif

void writeText(llvm::StringRef Path, llvm::StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  ASSERT_FALSE(EC) << Path.str() << ": " << EC.message();
  OS << Text;
}

/// The DDK compile command of File, run in Dir.
llvm::json::Object entry(llvm::StringRef Dir, llvm::StringRef File,
                         std::vector<std::string> Extra = {}) {
  llvm::json::Array Args{"clang-19",
                         "--target=x86_64-w64-mingw32",
                         "-fms-extensions",
                         "--sysroot=" DRVCERT_MINGW_SYSROOT,
                         "-isystem",
                         DRVCERT_SOURCE_DIR "/wdk-shim",
                         "-isystem",
                         DRVCERT_MINGW_SYSROOT "/include/ddk"};
  for (const std::string &E : Extra)
    Args.push_back(E);
  Args.push_back("-c");
  Args.push_back(File);
  return llvm::json::Object{
      {"directory", Dir}, {"file", File}, {"arguments", std::move(Args)}};
}

/// The toolExecutionNotifications of a log whose descriptor id is Id.
std::vector<const llvm::json::Object *>
notifications(const llvm::json::Value &Log, llvm::StringRef Id) {
  std::vector<const llvm::json::Object *> Out;
  const llvm::json::Array *Notes =
      firstInvocation(run0(Log)).getArray("toolExecutionNotifications");
  if (!Notes)
    return Out;
  for (const llvm::json::Value &N : *Notes)
    if (const llvm::json::Object *O = N.getAsObject())
      if (const llvm::json::Object *D = O->getObject("descriptor"))
        if (D->getString("id") == Id)
          Out.push_back(O);
  return Out;
}

std::string text(const llvm::json::Object *O) {
  const llvm::json::Object *M = O ? O->getObject("message") : nullptr;
  auto T = M ? M->getString("text") : std::nullopt;
  return T ? T->str() : "";
}

/// The artifactLocation of results[I]'s first location.
const llvm::json::Object *resultLocation(const llvm::json::Value &Log,
                                         size_t I) {
  const llvm::json::Array *Results = run0(Log).getArray("results");
  if (!Results || I >= Results->size())
    return nullptr;
  const llvm::json::Array *Locs =
      (*Results)[I].getAsObject()->getArray("locations");
  if (!Locs || Locs->empty())
    return nullptr;
  const llvm::json::Object *P =
      Locs->front().getAsObject()->getObject("physicalLocation");
  return P ? P->getObject("artifactLocation") : nullptr;
}

class Robustness : public Cli {
protected:
  std::string writeDb(llvm::json::Array Entries, std::string Path = "") {
    if (Path.empty())
      Path = tmp("compile_commands.json");
    writeText(Path, llvm::formatv("{0:2}", llvm::json::Value(std::move(Entries)))
                        .str());
    return Path;
  }

  /// The command after "reproduce with: " on the first line saying so.
  static std::string reproduceCommand(llvm::StringRef Err) {
    size_t At = Err.find("reproduce with: ");
    if (At == llvm::StringRef::npos)
      return "";
    return Err.substr(At + 16).take_until([](char C) { return C == '\n'; }).str();
  }

  /// Runs a shell command line (the test's own, never drvcert's input).
  Result shell(const std::string &Command) {
    std::string Out = tmp("sh.out"), Err = tmp("sh.err");
    fs::remove(Out); // the redirections do not truncate
    fs::remove(Err);
    std::optional<llvm::StringRef> Redirects[] = {
        llvm::StringRef(""), llvm::StringRef(Out), llvm::StringRef(Err)};
    Result R;
    R.Exit = llvm::sys::ExecuteAndWait(
        "/bin/sh", {"/bin/sh", "-c", Command}, std::nullopt, Redirects);
    R.Out = readFile(Out);
    R.Err = readFile(Err);
    return R;
  }

  std::string Inputs = DRVCERT_SOURCE_DIR "/tests/cli/Inputs";
};

//===----------------------------------------------------------------------===//
// Faults
//===----------------------------------------------------------------------===//

#ifndef _WIN32
TEST_F(Robustness, CrashedWorkersCostOnlyTheirTu) {
  std::string Db = database({"good.c", "user1.c", "user2.c"});
  std::string Sarif = tmp("out.sarif");
  Result R;
  {
    ScopedEnv Fault("DRVCERT_TEST_WORKER_FAULT", "segv:user1.c,abort:user2.c");
    R = run({"-p", Db, "-o", Sarif, "--source-root", DRVCERT_SOURCE_DIR, "-j",
             "2"});
  }
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("user1.c' was not analyzed: the analyzer crashed on it "
                       "(Segmentation fault"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("user2.c' was not analyzed: the analyzer crashed on it "
                       "(Aborted"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("1 translation unit analyzed, 2 not analyzed"),
            std::string::npos)
      << R.Err;
  // The TU that did not crash is analyzed.
  EXPECT_NE(R.Out.find("good.c:7:12: error: 'ExAllocatePoolWithTag' is deprecated"),
            std::string::npos)
      << R.Out;

  llvm::json::Value Log = sarif(Sarif);
  EXPECT_EQ(firstInvocation(run0(Log)).getBoolean("executionSuccessful"), false);
  auto Crashes = notifications(Log, "DRVCERT1004");
  ASSERT_EQ(Crashes.size(), 2u);
  for (const llvm::json::Object *N : Crashes) {
    EXPECT_EQ(N->getString("level"), "error");
    EXPECT_NE(text(N).find("reproduce with: "), std::string::npos) << text(N);
  }
  expectValidSarif(Sarif);

  // The command given reproduces the crash, and only analyzes that TU.
  std::string Repro = reproduceCommand(R.Err);
  ASSERT_NE(Repro.find("user1.c"), std::string::npos) << R.Err;
  EXPECT_EQ(Repro.find("good.c"), std::string::npos) << Repro;
  EXPECT_EQ(Repro.find(Sarif), std::string::npos) << "-o must not be repeated";
  Result Again = shell("DRVCERT_TEST_WORKER_FAULT=segv:user1.c " + Repro);
  EXPECT_EQ(Again.Exit, 3) << Again.Err;
  EXPECT_NE(Again.Err.find("crashed on it (Segmentation fault"), std::string::npos)
      << Again.Err;
  Result Fixed = shell(Repro);
  EXPECT_EQ(Fixed.Exit, 1) << Fixed.Err;
  EXPECT_NE(Fixed.Err.find("1 translation unit analyzed, 0 not analyzed"),
            std::string::npos)
      << Fixed.Err;
}

TEST_F(Robustness, AFreshWorkerTakesOverAfterACrash) {
  // One worker at a time: the TUs after the crashed one are analyzed by a
  // fresh worker, the one before it keeps its result.
  std::string Db = database({"good.c", "user1.c", "user2.c"});
  Result R;
  {
    ScopedEnv Fault("DRVCERT_TEST_WORKER_FAULT", "segv:user1.c");
    R = run({"-p", Db, "-j1"});
  }
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("user1.c' was not analyzed: the analyzer crashed on it "
                       "(Segmentation fault"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("2 translation units analyzed, 1 not analyzed"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error:"), std::string::npos) << R.Out;
  // shared.h's finding: user2.c includes it (user1.c too, but crashed).
  EXPECT_NE(R.Out.find("shared.h:7:12: error:"), std::string::npos) << R.Out;
}

TEST_F(Robustness, AWorkerFailingAfterItsLastTuIsNotTrusted) {
  // A worker that ends badly once told to quit (a sanitizer's leak report,
  // a crash in exit-time code) did not analyze its last TU cleanly: that TU
  // is reported and its findings are not used.
  std::string Db = database({"good.c", "user1.c"});
  Result R;
  {
    ScopedEnv Fault("DRVCERT_TEST_WORKER_FAULT", "exit:user1.c");
    R = run({"-p", Db, "-j1"});
  }
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("user1.c' was not analyzed: the analyzer crashed on it "
                       "(Segmentation fault after its analysis"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("user1.c:"), std::string::npos) << R.Out;
}

TEST_F(Robustness, RunawayTuIsStoppedAtTheTimeout) {
  // -j1: the TU after the runaway one is analyzed by a fresh worker.
  std::string Db = database({"good.c", "user1.c", "user2.c"});
  std::string Sarif = tmp("out.sarif");
  Result R;
  auto Start = std::chrono::steady_clock::now();
  {
    ScopedEnv Fault("DRVCERT_TEST_WORKER_FAULT", "hang:user1.c");
    // Long enough for good.c on a loaded machine, under ASan too.
    R = run({"-p", Db, "-o", Sarif, "--tu-timeout=8", "-j1"});
  }
  std::chrono::duration<double> Took = std::chrono::steady_clock::now() - Start;
  EXPECT_LT(Took.count(), 40) << "the hung worker was not stopped";
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("user1.c' was not analyzed: its analysis ran past the "
                       "limit of 8 s and was stopped"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error:"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("shared.h:7:12: error:"), std::string::npos) << R.Out;
  llvm::json::Value Log = sarif(Sarif);
  auto Timeouts = notifications(Log, "DRVCERT1005");
  ASSERT_EQ(Timeouts.size(), 1u);
  EXPECT_NE(text(Timeouts[0]).find("--tu-timeout"), std::string::npos);
  expectValidSarif(Sarif);
}
#endif

TEST_F(Robustness, TinyTimeoutStopsRealAnalyses) {
  // Parsing the DDK headers alone takes far longer than a millisecond.
  std::string Db = database({"good.c", "user1.c"});
  Result R = run({"-p", Db, "--tu-timeout=0.001"});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("good.c' was not analyzed: its analysis ran past the "
                       "limit of 0.001 s"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("0 translation units analyzed, 2 not analyzed"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(R.Out, "") << "no finding may come from a stopped TU";
}

TEST_F(Robustness, SarifIsByteIdenticalForAnyJobs) {
  // Workers finish in any order; the log must not show it. The samples have
  // code flows and result properties, the inputs a broken TU and a finding
  // in a header shared by two TUs.
  using Modes = std::vector<std::vector<std::string>>;
  std::string Db = database({"good.c", "broken.c", "user1.c", "user2.c"});
  for (const auto &[Where, AllModes] :
       {std::pair<std::string, Modes>{DRVCERT_SOURCE_DIR "/samples",
                                      {{"-j1"},
                                       {"-j4"},
                                       {"--no-isolation"},
                                       {"-j1", "--tus-per-worker=1"},
                                       {"-j2", "--tus-per-worker=3"}}},
        {Db, {{"-j1"}, {"-j", "2"}, {"--jobs=3"}, {"--no-isolation"}}}}) {
    std::string First;
    for (const std::vector<std::string> &Mode : AllModes) {
      std::vector<std::string> Args = {"-p", Where, "--format=sarif",
                                       "--source-root", DRVCERT_SOURCE_DIR};
      Args.insert(Args.end(), Mode.begin(), Mode.end());
      Result R = run(Args);
      EXPECT_TRUE(R.Exit == 1 || R.Exit == 3) << R.Err;
      auto Log = llvm::json::parse(R.Out);
      ASSERT_TRUE(bool(Log)) << Where << " " << Mode[0] << ": "
                             << llvm::toString(Log.takeError()) << "\n"
                             << R.Out.substr(0, 300);
      if (First.empty())
        First = R.Out;
      else
        EXPECT_TRUE(R.Out == First)
            << "SARIF of " << Where << " with " << Mode[0]
            << " differs from -j1";
    }
  }
}

#ifndef _WIN32
class Interrupt : public Robustness,
                  public ::testing::WithParamInterface<int> {};

TEST_P(Interrupt, StopsWorkersAndKeepsThePreviousReport) {
  std::string Db = database({"good.c", "user1.c"});
  std::string Sarif = tmp("out.sarif");
  writeText(Sarif, "the previous report\n");
  std::string Work = tmp("work");
  ASSERT_FALSE(fs::create_directory(Work));
  llvm::sys::ProcessInfo PI;
  {
    ScopedEnv Fault("DRVCERT_TEST_WORKER_FAULT", "hang:good.c");
    ScopedEnv TmpDir("TMPDIR", Work); // where the workers' files go
    std::vector<llvm::StringRef> Args = {DRVCERT_BINARY, "-p", Db, "-o", Sarif,
                                         "-j2"};
    std::string Err = tmp("stderr");
    std::optional<llvm::StringRef> Redirects[] = {
        llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(Err)};
    PI = llvm::sys::ExecuteNoWait(DRVCERT_BINARY, Args, std::nullopt, Redirects);
  }
  ASSERT_NE(PI.Pid, 0);
  // Wait until the workers run (their job files exist), then interrupt.
  bool Started = false;
  for (int I = 0; I < 600 && !Started; ++I) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::error_code EC;
    for (fs::recursive_directory_iterator It(Work, EC), End; It != End && !EC;
         It.increment(EC))
      Started |= llvm::StringRef(It->path()).contains("job-0.json");
  }
  ASSERT_TRUE(Started) << "no worker started";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(::kill(PI.Pid, GetParam()), 0);
  std::string Msg;
  llvm::sys::ProcessInfo Done = llvm::sys::Wait(PI, /*SecondsToWait=*/30, &Msg);
  EXPECT_EQ(Done.ReturnCode, 130) << Msg << "\n" << readFile(tmp("stderr"));
  EXPECT_NE(readFile(tmp("stderr")).find("interrupted"), std::string::npos);
  EXPECT_EQ(readFile(Sarif), "the previous report\n");
  // Nothing left behind: no temporary report, no worker files.
  std::error_code EC;
  for (fs::directory_iterator It(Tmp, EC), End; It != End && !EC; It.increment(EC))
    EXPECT_EQ(llvm::StringRef(It->path()).find(".tmp-"), llvm::StringRef::npos)
        << It->path();
  fs::directory_iterator It(Work, EC);
  EXPECT_TRUE(!EC && It == fs::directory_iterator())
      << "the workers' directory was not removed: " << It->path();
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int> &I) {
                           return I.param == SIGINT ? "SIGINT" : "SIGTERM";
                         });
#endif

TEST_F(Robustness, ExhaustedBudgetIsReported) {
  for (const char *Mode : {"-j2", "--no-isolation"}) {
    std::string Sarif = tmp("out.sarif");
    Result R = run({"-p", DRVCERT_SOURCE_DIR "/samples", "-o", Sarif,
                    "--analyzer-max-steps=40", Mode});
    EXPECT_EQ(R.Exit, 1) << R.Err; // a warning: the TUs were analyzed
    EXPECT_NE(R.Err.find("stopped at the budget of 40 steps per function"),
              std::string::npos)
        << R.Err;
    llvm::json::Value Log = sarif(Sarif);
    auto Budget = notifications(Log, "DRVCERT1006");
    ASSERT_FALSE(Budget.empty()) << Mode;
    EXPECT_EQ(Budget[0]->getString("level"), "warning");
    EXPECT_NE(text(Budget[0]).find("--analyzer-max-steps"), std::string::npos);
    EXPECT_EQ(firstInvocation(run0(Log)).getBoolean("executionSuccessful"), true);
    expectValidSarif(Sarif);
  }
  // Clang's default budget is plenty for simple code.
  Result R = run({"-p", database({"good.c", "user1.c"}), "--format=sarif"});
  auto Log = llvm::json::parse(R.Out);
  ASSERT_TRUE(bool(Log));
  EXPECT_TRUE(notifications(*Log, "DRVCERT1006").empty());
}

TEST_F(Robustness, FunctionsTheAnalyzerSkipsAreReported) {
  for (const char *Mode : {"-j2", "--no-isolation"}) {
    std::string Sarif = tmp("out.sarif");
    Result R = run({"-p", database({"finally.c", "good.c"}), "-o", Sarif, Mode});
    EXPECT_EQ(R.Exit, 1) << R.Err; // the AST rule's findings; all analyzed
    EXPECT_NE(R.Out.find("finally.c:8:15: error: 'ExAllocatePoolWithTag'"),
              std::string::npos)
        << R.Out;
    EXPECT_NE(R.Err.find("could not check 'WithFinally': Clang's analyzer has "
                         "no control-flow graph for __try/__finally"),
              std::string::npos)
        << R.Err;
    llvm::json::Value Log = sarif(Sarif);
    auto Skipped = notifications(Log, "DRVCERT1007");
    ASSERT_EQ(Skipped.size(), 1u) << Mode; // not WithExcept, not good.c
    EXPECT_EQ(Skipped[0]->getString("level"), "warning");
    EXPECT_EQ(text(Skipped[0]).find("WithExcept"), std::string::npos);
    EXPECT_EQ(firstInvocation(run0(Log)).getBoolean("executionSuccessful"), true);
    expectValidSarif(Sarif);
  }
  // Without path-sensitive rules nothing is skipped.
  Result R = run({"-p", database({"finally.c"}), "--checks=-*,deprecated-*",
                  "--format=sarif"});
  auto Log = llvm::json::parse(R.Out);
  ASSERT_TRUE(bool(Log));
  EXPECT_TRUE(notifications(*Log, "DRVCERT1007").empty());
}

//===----------------------------------------------------------------------===//
// Bad input
//===----------------------------------------------------------------------===//

TEST_F(Robustness, UnreadableDatabaseSaysWhy) {
  // A directory where the file should be (and, when not root, a file
  // without read permission).
  std::string Dir = tmp("build/compile_commands.json");
  ASSERT_FALSE(fs::create_directories(Dir));
  Result R = run({"-p", tmp("build")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("cannot read compilation database '" + Dir +
                       "': Is a directory"),
            std::string::npos)
      << R.Err;
  std::string Db = database({"good.c"});
  ASSERT_FALSE(fs::setPermissions(Db, fs::perms::no_perms));
  if (!llvm::MemoryBuffer::getFile(Db)) { // root reads anything
    R = run({"-p", Db});
    EXPECT_EQ(R.Exit, 2);
    EXPECT_NE(R.Err.find("Permission denied"), std::string::npos) << R.Err;
  }
}

TEST_F(Robustness, EntriesMissingFieldsAreSkippedAndReported) {
  llvm::json::Array Entries{
      entry(Inputs, "good.c"),
      llvm::json::Object{{"directory", Inputs},
                         {"arguments", llvm::json::Array{"cc", "-c", "x.c"}}},
      llvm::json::Object{{"file", "nodir.c"}, {"command", "cc -c nodir.c"}},
      llvm::json::Object{{"directory", Inputs}, {"file", "nocmd.c"}},
      llvm::json::Object{{"directory", Inputs},
                         {"file", "empty.c"},
                         {"arguments", llvm::json::Array{}}},
      llvm::json::Value("not an object")};
  std::string Db = writeDb(std::move(Entries));
  std::string Sarif = tmp("out.sarif");
  Result R = run({"-p", Db, "-o", Sarif, "--source-root", DRVCERT_SOURCE_DIR});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  for (const char *Want :
       {"entry 2: missing or empty \"file\"; entry skipped",
        "entry 3: missing \"directory\" for 'nodir.c'; entry skipped",
        "entry 4: neither \"arguments\" nor \"command\" for 'nocmd.c'",
        "entry 5: \"arguments\" must be a non-empty array of strings",
        "entry 6: not a JSON object; entry skipped"})
    EXPECT_NE(R.Err.find(Want), std::string::npos) << Want << "\n" << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error:"), std::string::npos) << R.Out;
  llvm::json::Value Log = sarif(Sarif);
  EXPECT_EQ(notifications(Log, "DRVCERT1002").size(), 5u);
  expectValidSarif(Sarif);
}

TEST_F(Robustness, MissingSourceFileIsReported) {
  std::string Db = writeDb(llvm::json::Array{entry(Inputs, "good.c"), entry(Inputs, "nothere.c")});
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("nothere.c' was not analyzed\n    source file '" + Inputs +
                       "/nothere.c' does not exist"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error:"), std::string::npos) << R.Out;
  // Named on the command line but not in the database: said so too.
  R = run({"-p", Db, Inputs + "/user1.c"});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("user1.c' was not analyzed\n    no compile command for it"),
            std::string::npos)
      << R.Err;
}

TEST_F(Robustness, DuplicateEntriesAreAnalyzedOnce) {
  std::string Db = writeDb(llvm::json::Array{entry(Inputs, "good.c"), entry(Inputs, "good.c")});
  Result R = run({"-p", Db, "--format=sarif"});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Err.find("1 translation unit analyzed, 0 not analyzed; 1 finding"),
            std::string::npos)
      << R.Err;
}

TEST_F(Robustness, RelativePathsWorkFromAnyDirectory) {
  // build/compile_commands.json says: directory "../src", file "good.c".
  ASSERT_FALSE(fs::create_directories(tmp("src")));
  ASSERT_FALSE(fs::create_directories(tmp("build")));
  ASSERT_FALSE(fs::copy_file(Inputs + "/good.c", tmp("src/good.c")));
  std::string Db = writeDb(llvm::json::Array{entry("../src", "good.c")},
                           tmp("build/compile_commands.json"));
  llvm::SmallString<256> Cwd;
  fs::current_path(Cwd);
  ASSERT_FALSE(fs::set_current_path("/"));
  Result R = run({"-p", tmp("build")});
  ASSERT_FALSE(fs::set_current_path(Cwd));
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Out.find(tmp("src/good.c") + ":7:12: error:"), std::string::npos)
      << R.Out;
}

TEST_F(Robustness, SpacesAndNonAsciiInPaths) {
  std::string Dir = tmp("src dir \xc3\xbc");
  ASSERT_FALSE(fs::create_directories(Dir));
  ASSERT_FALSE(fs::copy_file(Inputs + "/good.c", Dir + "/drv \xc3\xb1.c"));
  std::string Db = writeDb(llvm::json::Array{entry(Dir, "drv \xc3\xb1.c")});
  std::string Sarif = tmp("out \xc3\xa9.sarif");
  Result R = run({"-p", Db, "-o", Sarif, "--source-root", Tmp.str().str()});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Out.find("drv \xc3\xb1.c:7:12: error:"), std::string::npos) << R.Out;
  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object *Loc = resultLocation(Log, 0);
  ASSERT_TRUE(Loc);
  EXPECT_EQ(Loc->getString("uri"), "src%20dir%20%C3%BC/drv%20%C3%B1.c");
  EXPECT_EQ(Loc->getString("uriBaseId"), "%SRCROOT%");
  expectValidSarif(Sarif);
}

TEST_F(Robustness, EmptyDatabases) {
  std::string Db = tmp("compile_commands.json");
  writeText(Db, "");
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("compile_commands.json:1:1: invalid JSON"),
            std::string::npos)
      << R.Err;
  writeText(Db, " [\n ]\n");
  R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("no translation unit to analyze"), std::string::npos)
      << R.Err;
  // Only unusable entries: nothing analyzed, and the run says it is
  // incomplete rather than clean.
  writeText(Db, "[{}]");
  R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("entry 1: missing or empty \"file\""), std::string::npos)
      << R.Err;
}

TEST_F(Robustness, FiftyThousandLineSource) {
  std::string Src = "#include <ntddk.h>\n";
  unsigned Line = 1;
  for (unsigned F = 0; Line + 12 < 50000; ++F) {
    Src += "static int Helper" + std::to_string(F) +
           "(int x)\n{\n    int y = x;\n    if (x > " + std::to_string(F) +
           ")\n        y = x * 2;\n    else\n        y = x - 1;\n"
           "    return y;\n}\n\n";
    Line += 10;
  }
  while (Line < 49995) {
    Src += "\n";
    ++Line;
  }
  Src += "PVOID Last(SIZE_T Size)\n{\n    return "
         "ExAllocatePoolWithTag(NonPagedPoolNx, Size, 'tsaL');\n}\n";
  Line += 3; // the call is on line 49998
  writeText(tmp("big.c"), Src);
  std::string Db = writeDb(llvm::json::Array{entry(Tmp.str().str(), "big.c")});
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Out.find("big.c:49998:12: error: 'ExAllocatePoolWithTag' is "
                       "deprecated"),
            std::string::npos)
      << R.Out.substr(0, 2000);
  EXPECT_NE(R.Err.find("1 translation unit analyzed, 0 not analyzed; 1 finding"),
            std::string::npos)
      << R.Err;
}

TEST_F(Robustness, OutputPathProblems) {
  std::string Db = database({"good.c"});
  Result R = run({"-p", Db, "-o", tmp("missing/dir/out.sarif")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("cannot write '" + tmp("missing/dir/out.sarif") +
                       "': directory '" + tmp("missing/dir") +
                       "' does not exist"),
            std::string::npos)
      << R.Err;
  R = run({"-p", Db, "-o", Tmp.str().str()});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("it is a directory; name the SARIF file to write"),
            std::string::npos)
      << R.Err;
}

TEST_F(Robustness, BadOptionsAreNamed) {
  Result R = run({"--no-such-option"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("Unknown command line argument '--no-such-option'"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("invalid command line; see 'drvcert --help'"),
            std::string::npos)
      << R.Err;
  std::string Db = database({"good.c"});
  R = run({"-p", Db, "-j", "many"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("'many' value invalid"), std::string::npos) << R.Err;
  R = run({"-p", Db, "--tu-timeout=-1"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("--tu-timeout must be 0 (no limit) or a number of seconds"),
            std::string::npos)
      << R.Err;
  R = run({"-p", Db, "--analyzer-max-loop=0"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("--analyzer-max-loop must be at least 1"),
            std::string::npos)
      << R.Err;
}

TEST_F(Robustness, BadModelFilesNameFileAndLine) {
  std::string Db = database({"good.c"});
  std::string Model = tmp("mine.yaml");
  writeText(Model, "version: 1\nfunctions:\n  - { name: A, params: 2 }\n"
                   "  - { name: B, parms: 2 }\n");
  Result R = run({"-p", Db, "--model", Model});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("mine.yaml:4:16: unknown key 'parms'"), std::string::npos)
      << R.Err;
  R = run({"-p", Db, "--model", tmp("nothere.yaml")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("nothere.yaml"), std::string::npos) << R.Err;
}

TEST_F(Robustness, ModelFilesReachTheWorkers) {
  writeText(tmp("wrap.c"), "void MyUnsafeCopy(char *d, const char *s);\n"
                           "void f(char *d, const char *s)\n{\n"
                           "    MyUnsafeCopy(d, s);\n}\n");
  std::string Model = tmp("wrap.yaml");
  writeText(Model, "version: 1\nfunctions:\n  - { name: MyUnsafeCopy, params: "
                   "2, banned: { use-instead: RtlStringCbCopyA } }\n");
  std::string Db = writeDb(llvm::json::Array{entry(Tmp.str().str(), "wrap.c")});
  for (const char *Mode : {"-j1", "--no-isolation"}) {
    Result R = run({"-p", Db, "--model", Model, Mode});
    EXPECT_EQ(R.Exit, 1) << Mode << "\n" << R.Err;
    EXPECT_NE(R.Out.find("wrap.c:4:5: error: 'MyUnsafeCopy'"), std::string::npos)
        << Mode << "\n" << R.Out;
  }
}

//===----------------------------------------------------------------------===//
// Security
//===----------------------------------------------------------------------===//

TEST_F(Robustness, NoShellEverRunsDatabaseContent) {
  ASSERT_FALSE(fs::copy_file(Inputs + "/good.c", tmp("good.c")));
  std::string Dir = Tmp.str().str();
  std::string Gnu = "clang-19 --target=x86_64-w64-mingw32 -c good.c; touch M1 && "
                    "touch M2 | touch M3 $(touch M4) `touch M5`";
  llvm::json::Array Entries{
      entry(Dir, "good.c", {"$(touch M6)", "`touch M7`", ";", "touch", "M8"}),
      llvm::json::Object{{"directory", Dir}, {"file", "good.c"}, {"command", Gnu}},
      llvm::json::Object{{"directory", Dir},
                         {"file", "good.c"},
                         {"command", "cl.exe /c good.c & touch M9"}}};
  std::string Db = writeDb(std::move(Entries));
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 3) << R.Err; // the odd arguments are not files
  for (int I = 1; I <= 9; ++I)
    EXPECT_FALSE(fs::exists(tmp("M" + std::to_string(I))))
        << "a shell ran database content (M" << I << ")";
}

TEST_F(Robustness, ResponseFilesMustBeRegularFiles) {
  // /dev/zero used to exhaust memory and a FIFO (or /dev/stdin, when it is
  // one) to block the run.
  writeText(tmp("ok.rsp"), "-DFROM_RSP=1");
  std::string Dir = Tmp.str().str();
  ASSERT_FALSE(fs::copy_file(Inputs + "/good.c", tmp("good.c")));
  std::string Fifo = tmp("args.fifo");
#ifndef _WIN32
  ASSERT_EQ(::mkfifo(Fifo.c_str(), 0600), 0);
#else
  GTEST_SKIP() << "no FIFO on Windows";
#endif
  std::string Db = writeDb(llvm::json::Array{
      entry(Dir, "good.c", {"@ok.rsp"}), entry(Dir, "good.c", {"@/dev/zero"}),
      entry(Dir, "good.c", {"@" + Fifo})});
  Result R = run({"-p", Db});
  EXPECT_EQ(R.Exit, 3) << R.Err;
  EXPECT_NE(R.Err.find("entry 2: cannot expand response file: '/dev/zero' is "
                       "not a regular file; entry skipped"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("entry 3: cannot expand response file: '" + Fifo +
                       "' is not a regular file; entry skipped"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Out.find("good.c:7:12: error:"), std::string::npos) << R.Out;
}

TEST_F(Robustness, SarifKeepsPathsOutsideTheSourceRootPrivate) {
  std::string Db = database({"good.c"});
  std::string Root = tmp("root");
  ASSERT_FALSE(fs::create_directory(Root));
  std::string Sarif = tmp("out.sarif");
  Result R = run({"-p", Db, "-o", Sarif, "--source-root", Root});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  std::string Text = readFile(Sarif);
  EXPECT_EQ(Text.find(DRVCERT_SOURCE_DIR "/tests/cli/Inputs"), std::string::npos)
      << "an absolute path outside %SRCROOT% leaked:\n"
      << Text;
  llvm::json::Value Log = sarif(Sarif);
  const llvm::json::Object *Loc = resultLocation(Log, 0);
  ASSERT_TRUE(Loc);
  EXPECT_EQ(Loc->getString("uri"), "good.c");
  EXPECT_EQ(Loc->getString("uriBaseId"), "OUTSIDE_SRCROOT");
  expectValidSarif(Sarif);

  // Asked for: the absolute path.
  R = run({"-p", Db, "-o", Sarif, "--source-root", Root,
           "--sarif-absolute-paths"});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  Log = sarif(Sarif);
  Loc = resultLocation(Log, 0);
  ASSERT_TRUE(Loc);
  EXPECT_EQ(Loc->getString("uri"), "file://" DRVCERT_SOURCE_DIR "/tests/cli/Inputs/good.c");
  EXPECT_FALSE(Loc->getString("uriBaseId"));
  // (GitHub code scanning rejects such a log, GH1006: for local viewers.)
}

} // namespace
