//===- main.cpp - drvcert command line ------------------------------------===//
//
//   drvcert -p <build-dir | compile_commands.json> [source files...]
//   drvcert -p ... --shard K/N -o shard-K.sarif
//   drvcert merge -p ... shard-1.sarif ... shard-N.sarif -o all.sarif
//
// Exit codes: 0 the --fail-on gate passes; 1 it fails (driver/Verdict.h);
// 2 usage or input error; 3 analysis incomplete.
//
//===----------------------------------------------------------------------===//
#include "ApiModel.h"
#include "Baseline.h"
#include "CompileDb.h"
#include "Config.h"
#include "DrvcertConfig.h"
#include "Output.h"
#include "Preamble.h"
#include "ResourceDir.h"
#include "Run.h"
#include "Scheduler.h"
#include "Shard.h"
#include "Suppressions.h"
#include "TuAnalyzer.h"
#include "Verdict.h"
#include "Worker.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include <set>

using namespace drvcert;
namespace cl = llvm::cl;

static cl::OptionCategory Category("drvcert options");

static cl::opt<std::string> BuildPath(
    "p", cl::desc("Build directory holding compile_commands.json, or the file"),
    cl::value_desc("path"), cl::cat(Category));
static cl::list<std::string> SourcePaths(
    cl::Positional,
    cl::desc("[source files...] (default: every TU); with 'merge': the "
             "shard logs"),
    cl::cat(Category));
static cl::opt<std::string> ShardOpt(
    "shard",
    cl::desc("Analyze only share K of N of the database's TUs (1 <= K <= "
             "N), for 'drvcert merge' to combine the N logs"),
    cl::value_desc("K/N"), cl::cat(Category));
static cl::list<std::string>
    ExtraArgs("extra-arg", cl::desc("Argument appended to each compile command"),
              cl::cat(Category));
static cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Argument inserted at the start of each compile command"),
    cl::cat(Category));
static cl::opt<std::string>
    Checks("checks",
           cl::desc("Rules to enable or disable ('-' excludes) on top of the "
                    "ruleset and the project file, as comma-separated globs: "
                    "'-*,banned-*' runs only those"),
           cl::value_desc("globs"), cl::cat(Category));
static cl::opt<std::string> RulesetOpt(
    "ruleset",
    cl::desc("Ruleset: must-fix, recommended (default), all, or a ruleset "
             "file (YAML)"),
    cl::value_desc("name|file.yaml"), cl::cat(Category));
static cl::opt<std::string> ConfigOpt(
    "config",
    cl::desc("Project file to use instead of the .drvcert.yaml found upward "
             "from the sources; 'none': no project file"),
    cl::value_desc("file.yaml|none"), cl::cat(Category));
static cl::opt<bool> DumpConfig(
    "dump-config",
    cl::desc("Print the effective configuration as a project file and exit"),
    cl::cat(Category));
static cl::opt<std::string> BaselineOpt(
    "baseline",
    cl::desc("SARIF log of an earlier run: mark results new, unchanged, "
             "updated or absent"),
    cl::value_desc("previous.sarif"), cl::cat(Category));
static cl::opt<bool> ShowSuppressed(
    "show-suppressed",
    cl::desc("Print suppressed findings too, with their justification"),
    cl::cat(Category));
static cl::opt<bool> SarifOpenOnly(
    "sarif-open-only",
    cl::desc("Leave suppressed findings and absent baseline results out of "
             "the SARIF log (for GitHub code scanning, which ignores "
             "suppressions and baselineState)"),
    cl::cat(Category));
static cl::opt<bool> ListChecks("list-checks",
                                cl::desc("List the selected rules and exit"),
                                cl::cat(Category));
static cl::opt<std::string> Explain("explain",
                                    cl::desc("Print a rule's documentation"),
                                    cl::value_desc("rule-id"), cl::cat(Category));
static cl::opt<std::string> Output("o", cl::desc("Write a SARIF 2.1.0 log here"),
                                   cl::value_desc("file.sarif"),
                                   cl::cat(Category));
enum class Format { Text, Sarif };
static cl::opt<Format> OutFormat(
    "format", cl::desc("What goes to standard output"),
    cl::values(clEnumValN(Format::Text, "text", "Clang-style diagnostics"),
               clEnumValN(Format::Sarif, "sarif", "the SARIF log")),
    cl::init(Format::Text), cl::cat(Category));
static cl::opt<std::string>
    FailOn("fail-on",
           cl::desc("What fails the run (exit 1): findings at or above error, "
                    "warning or note, and any must-fix finding; 'new': the "
                    "same, only findings new since --baseline; 'none': "
                    "nothing (default: error)"),
           cl::init("error"), cl::cat(Category));
static cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Directory SARIF paths are relative to (%SRCROOT%); default: "
             "the git work tree holding the current directory, else it"),
    cl::value_desc("dir"), cl::cat(Category));
static cl::list<std::string>
    Models("model", cl::desc("Extra API model file (YAML), e.g. your wrappers"),
           cl::value_desc("file.yaml"), cl::cat(Category));
static cl::opt<unsigned>
    Jobs("j",
         cl::desc("Translation units analyzed at once, each in its own "
                  "process (default: the number of cores)"),
         cl::value_desc("N"), cl::Prefix, cl::cat(Category));
static cl::alias JobsLong("jobs", cl::desc("Alias for -j"), cl::aliasopt(Jobs),
                          cl::NotHidden);
static cl::opt<double> TuTimeout(
    "tu-timeout",
    cl::desc("Wall-clock limit per translation unit, in seconds: a TU that "
             "runs past it is stopped and reported, and the run exits 3 "
             "(default: 300; 0: none)"),
    cl::value_desc("seconds"), cl::init(300), cl::cat(Category));
static cl::opt<unsigned> MaxSteps(
    "analyzer-max-steps",
    cl::desc("Path-sensitive analysis budget per function, in steps; a "
             "function that hits it is reported (default: 225000, Clang's; "
             "0: none)"),
    cl::value_desc("N"), cl::init(AnalysisOptions().MaxSteps), cl::cat(Category));
static cl::opt<unsigned> MaxLoop(
    "analyzer-max-loop",
    cl::desc("Times the analyzer follows a loop body on one path (default: 4)"),
    cl::value_desc("N"), cl::init(AnalysisOptions().MaxLoop), cl::cat(Category));
static cl::opt<unsigned> InlineDepth(
    "analyzer-inline-depth",
    cl::desc("Calls the analyzer follows into one another (default: 5)"),
    cl::value_desc("N"), cl::init(AnalysisOptions().InlineDepth),
    cl::cat(Category));
static cl::opt<bool> NoIsolation(
    "no-isolation",
    cl::desc("Analyze in this process, one TU at a time: a crash ends the "
             "run and --tu-timeout does not apply (to debug drvcert)"),
    cl::cat(Category));
static cl::opt<unsigned> TusPerWorker(
    "tus-per-worker",
    cl::desc("Translation units a worker process analyzes before a fresh one "
             "takes over (default: 64; 1: a process per TU)"),
    cl::value_desc("N"), cl::init(DefaultTusPerWorker), cl::cat(Category));
static cl::opt<std::string> PchCache(
    "pch-cache",
    cl::desc("Directory of the precompiled header cache: a TU whose headers "
             "and flags did not change since an earlier run loads them "
             "instead of parsing them (default: $DRVCERT_PCH_CACHE, else "
             "~/.cache/drvcert/pch)"),
    cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> NoPch(
    "no-pch",
    cl::desc("Parse every TU's headers, with no precompiled header cache "
             "(also: DRVCERT_NO_PCH=1, unless --pch-cache is given); the "
             "results are the same"),
    cl::cat(Category));
static cl::opt<bool> SarifAbsolutePaths(
    "sarif-absolute-paths",
    cl::desc("In SARIF, give files outside --source-root their absolute "
             "path (default: their name only)"),
    cl::cat(Category));
// Worker mode (driver/Worker.h): TUs given by the parent drvcert.
static cl::opt<std::string>
    WorkerMailbox("worker", cl::Hidden,
                  cl::desc("Analyze the TUs of the jobs in this directory"),
                  cl::value_desc("dir"));

static int usageError(const llvm::Twine &Msg) {
  llvm::WithColor::error(llvm::errs(), "drvcert") << Msg << "\n";
  return ExitUsage;
}

static void printVersion(llvm::raw_ostream &OS) {
  OS << "drvcert " << DRVCERT_VERSION << " (LLVM " << DRVCERT_LLVM_VERSION
     << ")\n";
}

static std::string currentDir() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  return std::string(Cwd);
}

static std::string absolute(llvm::StringRef P) {
  llvm::SmallString<256> A(P);
  llvm::sys::fs::make_absolute(A);
  llvm::sys::path::remove_dots(A, true);
  llvm::sys::path::native(A);
  return std::string(A);
}

/// argv without -j, --no-isolation, --tus-per-worker, --pch-cache and
/// --no-pch (they do not change the results, so the SARIF log is the same whatever they are); for `merge`, without the
/// shard logs (argv has no "merge" already), so a merged log records the
/// command of the single run it equals; for commands that reproduce a TU's
/// fault, also without -o, --shard and the source files.
static std::vector<std::string> commandLine(int argc, const char **argv,
                                            bool ForReproduce, bool Merge) {
  std::set<unsigned> Drop;
  auto DropAt = [&](unsigned Pos, llvm::StringRef Name) {
    if (Pos == 0 || Pos >= unsigned(argc))
      return;
    Drop.insert(Pos);
    llvm::StringRef A = argv[Pos];
    if (!(A.starts_with("-") && A.ltrim('-').starts_with(Name)))
      Drop.insert(Pos - 1); // "-o file": the value was the next argument
  };
  if (Jobs.getNumOccurrences())
    DropAt(Jobs.getPosition(), "j");
  if (NoIsolation.getNumOccurrences())
    DropAt(NoIsolation.getPosition(), "no-isolation");
  if (TusPerWorker.getNumOccurrences())
    DropAt(TusPerWorker.getPosition(), "tus-per-worker");
  if (PchCache.getNumOccurrences())
    DropAt(PchCache.getPosition(), "pch-cache");
  if (NoPch.getNumOccurrences())
    DropAt(NoPch.getPosition(), "no-pch");
  if (ForReproduce || Merge)
    for (unsigned I = 0; I < SourcePaths.size(); ++I)
      Drop.insert(SourcePaths.getPosition(I));
  if (ForReproduce) {
    if (Output.getNumOccurrences())
      DropAt(Output.getPosition(), "o");
    if (ShardOpt.getNumOccurrences())
      DropAt(ShardOpt.getPosition(), "shard");
  }
  std::vector<std::string> Args;
  for (int I = 0; I < argc; ++I)
    if (!Drop.count(I))
      Args.push_back(argv[I]);
  return Args;
}

static void listChecks(const Config &Cfg) {
  llvm::outs() << "Enabled rules (" << Cfg.Rules.size() << ") from ruleset '"
               << Cfg.Ruleset << "':\n";
  for (const RuleInfo *R : Cfg.Rules)
    llvm::outs() << "    " << R->Id << "  ["
                 << (R->Eng == Engine::Path  ? "path-sensitive"
                     : R->Eng == Engine::Run ? "whole-run"
                                             : "ast") << ", "
                 << levelName(Cfg.level(*R))
                 << (R->MustFix ? ", must-fix" : "") << "]  " << R->Summary
                 << "\n";
}

/// The configuration: ruleset, project file (named, or found upward from
/// the sources: the files named on the command line, else the database's,
/// else the current directory), --checks, then the API models.
static bool configure(const CompileDb *Db, bool Merge, Config &Cfg,
                      std::string &Error) {
  std::string Project;
  if (ConfigOpt == "none") {
  } else if (!ConfigOpt.empty()) {
    Project = ConfigOpt;
  } else {
    std::vector<std::string> Sources;
    if (!Merge) // merge's positional arguments are logs, not sources
      for (const std::string &S : SourcePaths)
        Sources.push_back(absolute(S));
    if (Sources.empty() && Db)
      for (const auto &C : Db->Commands)
        Sources.push_back(C.Filename);
    if (Sources.empty())
      Sources.push_back(absolute("drvcert-cwd")); // its directory is searched
    if (!findProjectFile(Sources, Project, Error))
      return false;
  }
  if (!loadConfig(RulesetOpt, Project, Checks, Cfg, Error))
    return false;
  for (const std::string &M : Models)
    Cfg.Models.push_back(absolute(M));
  for (const std::string &M : Cfg.Models)
    if (!ApiModel::global().addFile(M, Error))
      return false;
  setRuleOptions(Cfg.Options);
  return true;
}

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
  // `drvcert merge ...`: the same options as a run; the positional
  // arguments are shard logs. Parsed as a run without the word "merge".
  std::vector<const char *> Args(argv, argv + argc);
  bool Merge = argc > 1 && llvm::StringRef(argv[1]) == "merge";
  if (Merge)
    Args.erase(Args.begin() + 1);
  argc = int(Args.size());
  argv = Args.data();
  cl::HideUnrelatedOptions(Category);
  // LLVM's own --color (WithColor) decides colours: show it with ours.
  if (cl::Option *C = cl::getRegisteredOptions().lookup("color")) {
    C->setHiddenFlag(cl::NotHidden);
    C->addCategory(Category);
  }
  cl::SetVersionPrinter(printVersion);
  std::string ParseErrors;
  llvm::raw_string_ostream ErrOS(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "drvcert: static analysis of Windows kernel drivers\n\n"
          "  drvcert -p <build-dir | compile_commands.json> [files...]\n"
          "  drvcert -p <db> --shard K/N -o shard-K.sarif    (one of N "
          "CI runners)\n"
          "  drvcert merge -p <db> shard-1.sarif ... shard-N.sarif -o "
          "all.sarif\n\n"
          "'merge' takes the options of the run; its log is the one a "
          "single run writes.\n\n"
          "Exit codes: 0 the --fail-on gate passes; 1 it fails (findings at "
          "or above --fail-on,\nor must-fix findings); 2 usage or input "
          "error; 3 analysis incomplete (a translation\nunit was not "
          "analyzed).\n",
          &ErrOS)) {
    ErrOS.flush();
    llvm::errs() << ParseErrors;
    return usageError("invalid command line; see 'drvcert --help'");
  }
  if (!WorkerMailbox.empty())
    return runWorker(WorkerMailbox);

  std::string ModelError;
  if (!ApiModel::loadBuiltin(ModelError))
    return usageError("built-in API model: " + ModelError);

  if (!Explain.empty()) {
    const RuleInfo *R = findRule(Explain);
    if (!R)
      return usageError("unknown rule '" + Explain +
                        "'; run 'drvcert --list-checks' to see them");
    llvm::outs() << R->doc() << "\n";
    return ExitClean;
  }

  RunResult Run;
  std::string Error;
  Gate FailGate;
  if (!parseGate(FailOn, FailGate))
    return usageError("--fail-on: expected error, warning, note, none or new, "
                      "got '" + FailOn + "'");
  if (FailGate == Gate::New && BaselineOpt.empty())
    return usageError("--fail-on=new needs --baseline previous.sarif: without "
                      "a baseline every finding would count as new");
  // The sources tell where the project file is: read the database first.
  CompileDb Db;
  if (!BuildPath.empty() && !loadCompileDb(BuildPath, Db, Error))
    return usageError(Error);
  Config Cfg;
  if (!configure(BuildPath.empty() ? nullptr : &Db, Merge, Cfg, Error))
    return usageError(Error);
  Run.Rules = Cfg.Rules;
  Run.Ruleset = Cfg.Ruleset;
  Run.Levels = Cfg.Levels;
  if (DumpConfig) {
    llvm::outs() << Cfg.dump();
    return ExitClean;
  }
  if (ListChecks) {
    listChecks(Cfg);
    return ExitClean;
  }
  if (BuildPath.empty())
    return usageError("no compilation database: pass -p <build-dir> or -p "
                      "<compile_commands.json>");
  if (Run.Rules.empty())
    return usageError("no rule to run: ruleset '" + Cfg.Ruleset + "'" +
                      (Checks.empty() ? "" : " with --checks '" + Checks + "'") +
                      " selects none; enable at least one rule");
  Baseline Base;
  if (!BaselineOpt.empty() && !loadBaseline(BaselineOpt, Base, Error))
    return usageError(Error);

  if (!Output.empty() && Output != "-") {
    std::string OutAbs = absolute(Output);
    llvm::StringRef Dir = llvm::sys::path::parent_path(OutAbs);
    if (!llvm::sys::fs::is_directory(Dir))
      return usageError("cannot write '" + Output + "': directory '" + Dir +
                        "' does not exist");
    if (llvm::sys::fs::is_directory(OutAbs))
      return usageError("cannot write '" + Output +
                        "': it is a directory; name the SARIF file to write");
  }
  ShardSpec Shard;
  if (!ShardOpt.empty() && !parseShard(ShardOpt, Shard, Error))
    return usageError(Error);
  if (Shard && Merge)
    return usageError("--shard does not go with 'merge': merge the logs of "
                      "all the shards in one 'drvcert merge'");
  if (Shard && !SourcePaths.empty())
    return usageError("--shard splits the whole database: do not name "
                      "source files with it");
  if (Merge && SourcePaths.empty())
    return usageError("merge: no shard log given; pass the SARIF logs of "
                      "every 'drvcert --shard K/N' run");
  if (TuTimeout < 0)
    return usageError("--tu-timeout must be 0 (no limit) or a number of seconds");
  if (MaxLoop == 0)
    return usageError("--analyzer-max-loop must be at least 1");

  AnalysisOptions Opts;
  std::vector<std::string> Tried;
  Opts.ResourceDir = findResourceDir(argv[0], Tried);
  if (Opts.ResourceDir.empty()) {
    std::string List;
    for (const std::string &T : Tried)
      List += "\n  " + T;
    return usageError("cannot find Clang's builtin headers (include/stddef.h); "
                      "set DRVCERT_RESOURCE_DIR. Looked in:" + List);
  }
  Opts.Rules = Run.Rules;
  Opts.ExtraArgs = ExtraArgs;
  Opts.ExtraArgsBefore = ExtraArgsBefore;
  Opts.MaxSteps = MaxSteps;
  Opts.MaxLoop = MaxLoop;
  Opts.InlineDepth = InlineDepth;
  Opts.ModelFiles = Cfg.Models; // the project file's and --model; workers
                                // load them again
  // The command line before the environment: --no-pch, --pch-cache, then
  // DRVCERT_NO_PCH, DRVCERT_PCH_CACHE, then the user's cache directory.
  std::optional<std::string> NoPchEnv = llvm::sys::Process::GetEnv("DRVCERT_NO_PCH");
  std::optional<std::string> CacheEnv = llvm::sys::Process::GetEnv("DRVCERT_PCH_CACHE");
  if (NoPch)
    ;
  else if (!PchCache.empty())
    Opts.PchCacheDir = absolute(PchCache);
  else if (NoPchEnv && !NoPchEnv->empty() && *NoPchEnv != "0")
    ;
  else
    Opts.PchCacheDir = absolute(CacheEnv && !CacheEnv->empty()
                                    ? *CacheEnv
                                    : defaultPchCacheDir());

  for (const DbProblem &P : Db.StrippedFlags)
    Run.Notifications.push_back(
        {Notification::FlagRemoved, Level::Warning, P.Message, P.File});
  for (const DbProblem &P : Db.BadEntries)
    Run.Notifications.push_back(
        {Notification::EntrySkipped, Level::Error, P.Message, P.File});

  // Which TUs: the files named on the command line, or all of them (this
  // shard's share of them).
  std::vector<const clang::tooling::CompileCommand *> Selected;
  std::vector<size_t> SelectedIndexes; // in the database
  if (SourcePaths.empty() || Merge) {
    for (size_t I = 0; I < Db.Commands.size(); ++I)
      if (Shard.has(I)) {
        Selected.push_back(&Db.Commands[I]);
        SelectedIndexes.push_back(I);
      }
  } else {
    for (const std::string &S : SourcePaths) {
      std::string Want = absolute(S);
      size_t Before = Selected.size();
      for (const auto &C : Db.Commands)
        if (C.Filename == Want)
          Selected.push_back(&C);
      if (Selected.size() == Before) {
        TuResult Missing;
        Missing.File = Want;
        Missing.Errors.push_back("no compile command for it in " + Db.Path);
        Run.Tus.push_back(std::move(Missing));
      }
    }
  }
  if (Db.Commands.empty() && Run.Tus.empty() && Db.BadEntries.empty())
    return usageError(Db.Path + ": no translation unit to analyze (the "
                                "database has no usable entry)");

  if (Merge) {
    // The TUs' results come from the shards' logs instead of workers.
    std::vector<TuResult> Results;
    if (!mergeShards(SourcePaths, Selected, analysisSignature(Opts), Results,
                     Error))
      return usageError("merge: " + Error);
    for (TuResult &R : Results)
      Run.Tus.push_back(std::move(R));
  } else if (NoIsolation) {
    for (const auto *C : Selected)
      Run.Tus.push_back(analyzeTu(*C, Opts));
  } else {
    IsolationOptions Iso;
    Iso.Executable = workerExecutable(argv[0]);
    Iso.Jobs = Jobs ? unsigned(Jobs) : defaultJobs();
    Iso.TimeoutSeconds = TuTimeout;
    Iso.TusPerWorker = TusPerWorker;
    std::vector<TuResult> Results;
    switch (analyzeInWorkers(Selected, Opts, Iso, Results, Error)) {
    case WorkersOutcome::Done:
      break;
    case WorkersOutcome::Interrupted:
      llvm::WithColor::error(llvm::errs(), "drvcert")
          << "interrupted: the analysis was stopped and no report written "
             "(an earlier one is left as it was)\n";
      return ExitInterrupted;
    case WorkersOutcome::Failed:
      return usageError(Error);
    }
    for (TuResult &R : Results)
      Run.Tus.push_back(std::move(R));
  }
  if (Shard) // before merging moves the findings out of the TUs
    Run.ShardProperty =
        shardProperty(Shard, Db.Path, Db.Commands.size(),
                      analysisSignature(Opts), SelectedIndexes, Run.Tus);

  for (const TuResult &Tu : Run.Tus) {
    if (Tu.Analyzed && !Tu.BudgetExhausted.empty())
      Run.Notifications.push_back(budgetNotification(Tu, MaxSteps));
    if (Tu.Analyzed && !Tu.NoPathAnalysis.empty())
      Run.Notifications.push_back(noPathAnalysisNotification(Tu));
    if (Tu.Analyzed)
      continue;
    std::vector<std::string> Reproduce = commandLine(argc, argv, true, Merge);
    Reproduce.push_back(Tu.File);
    Run.Notifications.push_back(
        notAnalyzedNotification(Tu, shellCommand(Reproduce)));
  }
  Run.mergeFindings();
  Run.SourceRoot = SourceRoot.empty() ? defaultSourceRoot(currentDir())
                                      : absolute(SourceRoot);
  Run.CommandLine = commandLine(argc, argv, false, Merge);
  Run.AbsolutePathsOutsideRoot = SarifAbsolutePaths;

  // The gate: levels, suppressions, baseline; the verdict.
  Run.applyLevels();
  Run.applyExposure();
  applySuppressions(Run);
  fingerprintFindings(Run);
  if (!BaselineOpt.empty())
    applyBaseline(Run, Base);

  TextOptions Text;
  Text.Cwd = currentDir();
  Text.Color = llvm::WithColor(llvm::outs()).colorsEnabled();
  Text.ShowSuppressed = ShowSuppressed;
  SarifOptions Sarif;
  Sarif.OpenOnly = SarifOpenOnly;
  if (OutFormat == Format::Text)
    printFindings(Run, llvm::outs(), Text);
  if (OutFormat == Format::Sarif && !writeSarif(Run, "-", Error, Sarif))
    return usageError(Error);
  if (!Output.empty() && !writeSarif(Run, Output, Error, Sarif))
    return usageError(Error);
  TextOptions ErrText = Text;
  ErrText.Color = llvm::WithColor(llvm::errs()).colorsEnabled();
  printSummary(Run, llvm::errs(), ErrText);
  printVerdict(Run, llvm::errs(), ErrText);
  return gateExitCode(Run, FailGate);
}
