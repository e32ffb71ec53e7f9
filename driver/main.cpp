//===- main.cpp - drvcert command line ------------------------------------===//
//
//   drvcert -p <build-dir | compile_commands.json> [source files...]
//
// Exit codes: 0 no finding at or above the gate level; 1 findings at or
// above it; 2 usage or input error; 3 analysis incomplete.
//
//===----------------------------------------------------------------------===//
#include "ApiModel.h"
#include "CompileDb.h"
#include "DrvcertConfig.h"
#include "Output.h"
#include "ResourceDir.h"
#include "Run.h"
#include "TuAnalyzer.h"
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
    cl::Positional, cl::desc("[source files...] (default: every TU)"),
    cl::cat(Category));
static cl::list<std::string>
    ExtraArgs("extra-arg", cl::desc("Argument appended to each compile command"),
              cl::cat(Category));
static cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Argument inserted at the start of each compile command"),
    cl::cat(Category));
static cl::opt<std::string>
    Checks("checks",
           cl::desc("Rules to run, as comma-separated globs; '-' excludes "
                    "(default: *)"),
           cl::init("*"), cl::cat(Category));
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
           cl::desc("Lowest finding level that fails the run (exit 1): "
                    "error, warning, note or none (default: error)"),
           cl::init("error"), cl::cat(Category));
static cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Directory SARIF paths are relative to (%SRCROOT%); default: "
             "the git work tree holding the current directory, else it"),
    cl::value_desc("dir"), cl::cat(Category));
static cl::list<std::string>
    Models("model", cl::desc("Extra API model file (YAML), e.g. your wrappers"),
           cl::value_desc("file.yaml"), cl::cat(Category));

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

static void listChecks(const std::vector<const RuleInfo *> &Rules) {
  llvm::outs() << "Enabled rules (" << Rules.size() << "):\n";
  for (const RuleInfo *R : Rules)
    llvm::outs() << "    " << R->Id << "  ["
                 << (R->Eng == Engine::Path ? "path-sensitive" : "ast") << ", "
                 << levelName(R->DefaultLevel)
                 << (R->MustFix ? ", must-fix" : "") << "]  " << R->Summary
                 << "\n";
}

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
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
          "  drvcert -p <build-dir | compile_commands.json> [files...]\n\n"
          "Exit codes: 0 no finding at or above --fail-on; 1 findings at or "
          "above it;\n2 usage or input error; 3 analysis incomplete (a "
          "translation unit was not analyzed).\n",
          &ErrOS)) {
    ErrOS.flush();
    llvm::errs() << ParseErrors;
    return usageError("invalid command line; see 'drvcert --help'");
  }

  std::string ModelError;
  if (!ApiModel::loadBuiltin(ModelError))
    return usageError("built-in API model: " + ModelError);
  for (const std::string &M : Models)
    if (!ApiModel::global().addFile(M, ModelError))
      return usageError(ModelError);

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
  if (!selectRules(Checks, Run.Rules, Error))
    return usageError("--checks: " + Error);
  if (ListChecks) {
    listChecks(Run.Rules);
    return ExitClean;
  }
  Level Gate;
  if (!parseLevel(FailOn, Gate))
    return usageError("--fail-on: expected error, warning, note or none, got '" +
                      FailOn + "'");
  if (BuildPath.empty())
    return usageError("no compilation database: pass -p <build-dir> or -p "
                      "<compile_commands.json>");
  if (Run.Rules.empty())
    return usageError("--checks '" + Checks + "' selects no rule");

  if (!Output.empty() && Output != "-") {
    std::string OutAbs = absolute(Output);
    llvm::StringRef Dir = llvm::sys::path::parent_path(OutAbs);
    if (!llvm::sys::fs::is_directory(Dir))
      return usageError("cannot write '" + Output + "': directory '" + Dir +
                        "' does not exist");
  }

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

  CompileDb Db;
  if (!loadCompileDb(BuildPath, Db, Error))
    return usageError(Error);
  for (const DbProblem &P : Db.StrippedFlags)
    Run.Notifications.push_back(
        {Notification::FlagRemoved, Level::Warning, P.Message, P.File});
  for (const DbProblem &P : Db.BadEntries)
    Run.Notifications.push_back(
        {Notification::EntrySkipped, Level::Error, P.Message, P.File});

  // Which TUs: the files named on the command line, or all of them.
  std::vector<const clang::tooling::CompileCommand *> Selected;
  if (SourcePaths.empty()) {
    for (const auto &C : Db.Commands)
      Selected.push_back(&C);
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
  if (Selected.empty() && Run.Tus.empty() && Db.BadEntries.empty())
    return usageError(Db.Path + ": no translation unit to analyze (the "
                                "database has no usable entry)");

  for (const auto *C : Selected)
    Run.Tus.push_back(analyzeTu(*C, Opts));

  for (const TuResult &Tu : Run.Tus) {
    if (Tu.Analyzed)
      continue;
    std::string Msg = "'" + Tu.File + "' was not analyzed";
    for (const std::string &E : Tu.Errors)
      Msg += "\n    " + E;
    Run.Notifications.push_back(
        {Notification::TuNotAnalyzed, Level::Error, Msg, Tu.File});
  }
  Run.mergeFindings();
  Run.SourceRoot = SourceRoot.empty() ? defaultSourceRoot(currentDir())
                                      : absolute(SourceRoot);
  for (int I = 0; I < argc; ++I)
    Run.CommandLine.push_back(argv[I]);

  TextOptions Text;
  Text.Cwd = currentDir();
  Text.Color = llvm::WithColor(llvm::outs()).colorsEnabled();
  if (OutFormat == Format::Text)
    printFindings(Run, llvm::outs(), Text);
  if (OutFormat == Format::Sarif && !writeSarif(Run, "-", Error))
    return usageError(Error);
  if (!Output.empty() && !writeSarif(Run, Output, Error))
    return usageError(Error);
  TextOptions ErrText = Text;
  ErrText.Color = llvm::WithColor(llvm::errs()).colorsEnabled();
  printSummary(Run, llvm::errs(), ErrText);
  return Run.exitCode(Gate);
}
