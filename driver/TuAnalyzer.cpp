//===- TuAnalyzer.cpp - One parse, both engines ---------------------------===//
#include "TuAnalyzer.h"
#include "CompileDb.h"
#include "FindingCollector.h"
#include "Registry.h"
#include "KernelIo.h"
#include "IntrinsicBodies.h"
#include "Preamble.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/PathDiagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <chrono>

using namespace clang;

namespace drvcert {
namespace {

constexpr unsigned MaxErrorsKept = 5;

/// Keeps the first errors of a TU (driver and frontend alike); ignores
/// warnings: drvcert reports its own findings, not the compiler's.
class ErrorCollector : public DiagnosticConsumer {
public:
  std::vector<std::string> Errors;
  unsigned Count = 0;

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    ++Count;
    if (Errors.size() >= MaxErrorsKept)
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      const SourceManager &SM = Info.getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Info.getLocation()));
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) +
                ":" + std::to_string(P.getColumn()) + ": ";
    }
    Errors.push_back(Where + "error: " + std::string(Msg));
  }
};

/// Turns Static Analyzer reports of drvcert checkers into findings; the
/// path notes become the code flow.
class PathDiagBridge : public ento::PathDiagnosticConsumer {
public:
  PathDiagBridge(FindingCollector &Out, const LangOptions &LO)
      : Out(Out), LO(LO) {}

  StringRef getName() const override { return "drvcert"; }
  PathGenerationScheme getGenerationScheme() const override { return Minimal; }
  bool supportsLogicalOpControlFlow() const override { return true; }
  bool supportsCrossFileDiagnostics() const override { return true; }

  void FlushDiagnosticsImpl(std::vector<const ento::PathDiagnostic *> &Diags,
                            FilesMade *) override {
    for (const ento::PathDiagnostic *PD : Diags) {
      const RuleInfo *Rule = findRuleByAnalyzerName(PD->getCheckerName());
      if (!Rule)
        continue; // modeling checkers never report; anything else is not ours
      ento::PathDiagnosticLocation Loc = PD->getLocation();
      if (!Loc.isValid())
        continue;
      const SourceManager &SM = Loc.getManager();
      std::vector<FlowStep> Flow;
      std::vector<std::pair<std::string, std::string>> Properties;
      collect(PD->path, 1, SM, Flow, Properties);
      SourceRange Where = Loc.asRange();
      if (const Stmt *S = Loc.asStmt())
        Where = S->getSourceRange();
      Out.report(*Rule, SM, LO, Where, PD->getVerboseDescription().str(),
                 PD->getDeclWithIssue(), std::move(Flow), std::move(Properties));
    }
  }

private:
  void add(const ento::PathDiagnosticPiece &P, unsigned Depth,
           const SourceManager &SM, std::vector<FlowStep> &Flow) {
    ento::PathDiagnosticLocation L = P.getLocation();
    if (!L.isValid() || P.getString().empty())
      return;
    SourceRange R = L.asRange();
    if (FindingCollector::inSystemHeader(SM, R.getBegin()))
      return; // a step inside the WDK's headers means nothing to the reader
    FlowStep Step;
    Step.Where = toSpan(SM, LO, R);
    if (!Step.Where.valid())
      return;
    Step.Message = readableCase(P.getString(), SM, L.asLocation());
    Step.Depth = Depth;
    Flow.push_back(std::move(Step));
  }

  /// The analyzer prints a case label as its value ("Control jumps to
  /// 'case 2253826:'  at line 42"); show it as written, with the control
  /// code in hex, as a driver developer knows it.
  static std::string readableCase(StringRef Msg, const SourceManager &SM,
                                  SourceLocation Loc) {
    static const llvm::Regex CaseRe(
        "^Control jumps to 'case (-?[0-9]+):' +at line ([0-9]+)$");
    llvm::SmallVector<StringRef, 3> M;
    if (!CaseRe.match(Msg, &M) || Loc.isInvalid())
      return Msg.str();
    long long Value;
    unsigned Line;
    if (M[1].getAsInteger(10, Value) || M[2].getAsInteger(10, Line))
      return Msg.str();
    FileID FID = SM.getFileID(SM.getExpansionLoc(Loc));
    bool Invalid = false;
    SourceLocation LineStart = SM.translateLineCol(FID, Line, 1);
    const char *Text = SM.getCharacterData(LineStart, &Invalid);
    if (Invalid || !Text)
      return Msg.str();
    StringRef Label = StringRef(Text).take_until([](char C) {
                                       return C == '\n' || C == '\r';
                                     }).trim();
    Label = Label.take_until([](char C) { return C == ':'; }).rtrim();
    if (!Label.starts_with("case "))
      return Msg.str();
    return ("Control jumps to '" + Label + ":' (0x" +
            llvm::utohexstr(uint32_t(Value)) + ") at line " + Twine(Line))
        .str();
  }

  void collect(const ento::PathPieces &Pieces, unsigned Depth,
               const SourceManager &SM, std::vector<FlowStep> &Flow,
               std::vector<std::pair<std::string, std::string>> &Properties) {
    for (const ento::PathDiagnosticPieceRef &P : Pieces) {
      switch (P->getKind()) {
      case ento::PathDiagnosticPiece::Event:
        add(*P, Depth, SM, Flow);
        break;
      case ento::PathDiagnosticPiece::Call: {
        const auto &Call = cast<ento::PathDiagnosticCallPiece>(*P);
        if (auto Enter = Call.getCallEnterEvent())
          add(*Enter, Depth, SM, Flow);
        collect(Call.path, Depth + 1, SM, Flow, Properties);
        if (auto Exit = Call.getCallExitEvent())
          add(*Exit, Depth, SM, Flow);
        break;
      }
      case ento::PathDiagnosticPiece::Macro:
        collect(cast<ento::PathDiagnosticMacroPiece>(*P).subPieces, Depth, SM,
                Flow, Properties);
        break;
      case ento::PathDiagnosticPiece::ControlFlow:
        // Most edges are bare arrows; some say where control went
        // ("Control jumps to 'case IOCTL_X:'"), which the reader needs.
        // Control flow inside a macro's body (the WDK's) is not the
        // driver's.
        if (!P->getLocation().asLocation().isMacroID())
          add(*P, Depth, SM, Flow);
        break;
      case ento::PathDiagnosticPiece::Note: {
        // Rules pass SARIF result properties as notes "drvcert-property:k=v".
        StringRef Text = P->getString();
        if (Text.consume_front(kio::PropertyNotePrefix)) {
          auto KV = Text.split('=');
          if (std::none_of(Properties.begin(), Properties.end(),
                           [&](const auto &E) { return E.first == KV.first; }))
            Properties.emplace_back(KV.first.str(), KV.second.str());
        }
        break;
      }
      default: // pop-ups
        break;
      }
    }
  }

  FindingCollector &Out;
  const LangOptions &LO;
};

/// Runs the AST matchers on the declarations outside system headers only:
/// the WDK's headers are most of every TU (thousands of inline functions),
/// and nothing in them is ever reported. Calls from the driver's code still
/// see the headers' declarations through the AST.
class DriverCodeOnly : public ASTConsumer {
public:
  explicit DriverCodeOnly(std::unique_ptr<ASTConsumer> Matchers)
      : Matchers(std::move(Matchers)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    std::vector<Decl *> Scope;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
        Scope.push_back(D);
    std::vector<Decl *> Saved = Ctx.getTraversalScope();
    Ctx.setTraversalScope(Scope);
    Matchers->HandleTranslationUnit(Ctx);
    Ctx.setTraversalScope(Saved);
  }

private:
  std::unique_ptr<ASTConsumer> Matchers;
};

/// Where the device facts of the TU analyzed on this thread go.
thread_local DeviceFacts *CollectedDevices = nullptr;

/// Records the TU's devices and entry point registrations (DeviceFacts.h),
/// which the exposure of the run's findings is computed from.
class DeviceFactsConsumer : public ASTConsumer {
public:
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CollectedDevices)
      *CollectedDevices = collectDeviceFacts(Ctx);
  }
};

/// Where the budget watcher of the TU analyzed on this thread writes.
thread_local std::vector<std::string> *ExhaustedFunctions = nullptr;

constexpr const char *BudgetWatcherName = "drvcert.internal.AnalysisBudget";

/// Notes the top-level functions whose path exploration stopped at the step
/// budget (AnalysisOptions::MaxSteps) with paths left unexplored: the run
/// reports them rather than pass them silently.
class BudgetWatcher : public ento::Checker<ento::check::EndAnalysis> {
public:
  void checkEndAnalysis(ento::ExplodedGraph &G, ento::BugReporter &,
                        ento::ExprEngine &Eng) const {
    // Work left on the worklist: the step budget stopped it. (Loop and
    // inlining bounds are how the analyzer always works: not reported.)
    if (!ExhaustedFunctions || Eng.hasEmptyWorkList() ||
        G.roots_begin() == G.roots_end())
      return;
    const Decl *D = Eng.getRootLocationContext()->getDecl();
    const auto *ND = dyn_cast_or_null<NamedDecl>(D);
    ExhaustedFunctions->push_back(ND ? ND->getQualifiedNameAsString()
                                     : std::string("(unnamed)"));
  }
};

/// Where the coverage check of the TU analyzed on this thread writes.
thread_local std::vector<std::string> *UnanalyzableFunctions = nullptr;

/// Notes the main file's functions the Static Analyzer skips without a word:
/// those Clang builds no CFG for (in Clang 19, any with __try/__finally).
/// The analyzer only analyzes main-file functions, so only those count.
class CfgCoverage : public ASTConsumer,
                    public RecursiveASTVisitor<CfgCoverage> {
public:
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (!UnanalyzableFunctions)
      return;
    this->Ctx = &Ctx;
    const SourceManager &SM = Ctx.getSourceManager();
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
        TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext())
      return true;
    if (!CFG::buildCFG(FD, FD->getBody(), Ctx, CFG::BuildOptions()))
      UnanalyzableFunctions->push_back(FD->getQualifiedNameAsString());
    return true;
  }

private:
  ASTContext *Ctx = nullptr;
};

/// Parses the declarations of the compiler's intrinsic headers but not
/// their bodies (IntrinsicBodies.h). MultiplexConsumer skips a body only
/// when every consumer agrees; the others agree by default.
class SkipIntrinsicBodies : public ASTConsumer {
public:
  explicit SkipIntrinsicBodies(llvm::StringRef ResourceDir)
      : Bodies(ResourceDir) {}
  bool shouldSkipFunctionBody(Decl *D) override { return Bodies.skip(D); }

private:
  IntrinsicBodies Bodies;
};

class DrvcertAction : public ASTFrontendAction {
public:
  DrvcertAction(const AnalysisOptions &Opts, FindingCollector &Out)
      : Opts(Opts), Out(Out) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    std::vector<const RuleInfo *> PathRules;
    for (const RuleInfo *R : Opts.Rules) {
      if (R->Eng == Engine::Path) {
        PathRules.push_back(R);
        continue;
      }
      if (auto Check = createAstCheck(*R, Out)) {
        Check->registerMatchers(Finder);
        Checks.push_back(std::move(Check));
      }
    }
    Consumers.push_back(std::make_unique<SkipIntrinsicBodies>(
        CI.getHeaderSearchOpts().ResourceDir));
    Consumers.push_back(std::make_unique<DeviceFactsConsumer>());
    if (!Checks.empty())
      Consumers.push_back(
          std::make_unique<DriverCodeOnly>(Finder.newASTConsumer()));
    if (!PathRules.empty()) {
      Consumers.push_back(std::make_unique<CfgCoverage>());
      Consumers.push_back(createAnalyzer(CI, PathRules));
    }
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  std::unique_ptr<ASTConsumer>
  createAnalyzer(CompilerInstance &CI, std::vector<const RuleInfo *> Rules) {
    AnalyzerOptions &AO = CI.getAnalyzerOpts();
    AO.CheckersAndPackages.clear();
    // Modeling the analyzer needs to prune impossible paths (KeBugCheckEx,
    // ExRaiseStatus and other noreturn calls; __builtin_expect ...).
    AO.CheckersAndPackages.emplace_back("core.builtin.NoReturnFunctions", true);
    AO.CheckersAndPackages.emplace_back("core.builtin.BuiltinFunctions", true);
    if (needsKernelIoModel(Rules))
      AO.CheckersAndPackages.emplace_back(kio::ModelCheckerName, true);
    for (const RuleInfo *R : Rules)
      AO.CheckersAndPackages.emplace_back(R->analyzerCheckerName(), true);
    AO.AnalysisDiagOpt = PD_NONE;
    AO.AnalyzerDisplayProgress = false;
    AO.AnalyzeAll = false;
    AO.MaxNodesPerTopLevelFunction = Opts.MaxSteps;
    AO.maxBlockVisitOnPath = Opts.MaxLoop;
    AO.InlineMaxStackDepth = Opts.InlineDepth;
    AO.CheckersAndPackages.emplace_back(BudgetWatcherName, true);
    AO.ShowCheckerHelp = AO.ShowCheckerOptionList = AO.ShowConfigOptionsList =
        false;
    std::unique_ptr<ento::AnalysisASTConsumer> AC =
        ento::CreateAnalysisConsumer(CI);
    AC->AddCheckerRegistrationFn([Rules](ento::CheckerRegistry &Registry) {
      registerPathCheckers(Registry, Rules);
      Registry.addChecker<BudgetWatcher>(BudgetWatcherName,
                                         "Reports exhausted step budgets", "",
                                         /*IsHidden=*/true);
    });
    AC->AddDiagnosticConsumer(new PathDiagBridge(Out, CI.getLangOpts()));
    return AC;
  }

  const AnalysisOptions &Opts;
  FindingCollector &Out;
  ast_matchers::MatchFinder Finder;
  std::vector<std::unique_ptr<AstCheck>> Checks;
};

/// Runs DrvcertAction on an invocation, after making it safe and quiet.
class DrvcertToolAction : public tooling::ToolAction {
public:
  /// Key identifies the command for the preamble cache; empty: no cache.
  DrvcertToolAction(const AnalysisOptions &Opts, FindingCollector &Out,
                    std::string Key)
      : Opts(Opts), Out(Out), Key(std::move(Key)) {}

  /// The cached preamble the parse used, if any.
  std::string UsedPch;

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // Never load code named by the database, never write files.
    FrontendOptions &FO = Invocation->getFrontendOpts();
    FO.Plugins.clear();
    FO.AddPluginActions.clear();
    FO.PluginArgs.clear();
    FO.ActionName.clear();
    FO.OutputFile.clear();
    Invocation->getCodeGenOpts().PassPlugins.clear();
    Invocation->getDependencyOutputOpts() = DependencyOutputOptions();
    Invocation->getDiagnosticOpts().DiagnosticSerializationFile.clear();
    // Compiler warnings are not drvcert's business, and -Werror must not
    // turn them into a failed TU.
    Invocation->getDiagnosticOpts().IgnoreWarnings = true;
    Invocation->getDiagnosticOpts().Warnings.push_back("no-error");
    Invocation->getDiagnosticOpts().ShowCarets = false; // no "N errors generated"
    // Bodies in the compiler's intrinsic headers are not parsed
    // (SkipIntrinsicBodies decides which).
    FO.SkipFunctionBodies = true;

    if (!Key.empty() &&
        usePrecompiledPreamble(*Invocation, Opts.PchCacheDir, Key,
                               Files->getVirtualFileSystemPtr(),
                               PCHContainerOps))
      UsedPch = Invocation->getPreprocessorOpts().ImplicitPCHInclude;

    CompilerInstance Compiler(std::move(PCHContainerOps));
    Compiler.setInvocation(std::move(Invocation));
    Compiler.setFileManager(Files);
    DrvcertAction Action(Opts, Out);
    Compiler.createDiagnostics(DiagConsumer, /*ShouldOwnClient=*/false);
    if (!Compiler.hasDiagnostics())
      return false;
    Compiler.createSourceManager(*Files);
    bool Ok = Compiler.ExecuteAction(Action);
    Files->clearStatCache();
    return Ok;
  }

private:
  const AnalysisOptions &Opts;
  FindingCollector &Out;
  std::string Key;
};

} // namespace

std::vector<std::string>
analysisCommandLine(const tooling::CompileCommand &Cmd,
                    const AnalysisOptions &Opts) {
  std::vector<std::string> Args = Cmd.CommandLine;
  tooling::addTargetAndModeForProgramName(Args, Args.front());
  // Resource dir and --extra-arg-before right after argv[0]; --extra-arg at
  // the end, before a "--" that separates inputs.
  std::vector<std::string> Before = {"-resource-dir=" + Opts.ResourceDir};
  Before.insert(Before.end(), Opts.ExtraArgsBefore.begin(),
                Opts.ExtraArgsBefore.end());
  Args.insert(Args.begin() + 1, Before.begin(), Before.end());
  auto DashDash = std::find(Args.begin(), Args.end(), "--");
  Args.insert(DashDash, Opts.ExtraArgs.begin(), Opts.ExtraArgs.end());
  Args = tooling::getClangStripOutputAdjuster()(Args, Cmd.Filename);
  Args = tooling::getClangStripDependencyFileAdjuster()(Args, Cmd.Filename);
  Args = tooling::getClangSyntaxOnlyAdjuster()(Args, Cmd.Filename);
  stripCodeLoadingFlags(Args); // again: --extra-arg is input too
  // Warnings as errors (-Werror, /WX) must not fail the TU, not even the
  // driver's own warnings (unused arguments of a real build's command).
  bool Cl = isClDriver(Args.front()) ||
            std::find(Args.begin(), Args.end(), "--driver-mode=cl") != Args.end();
  std::vector<std::string> Quiet = {"-Qunused-arguments",
                                    Cl ? "/WX-" : "-Wno-error"};
  Args.insert(std::find(Args.begin(), Args.end(), "--"), Quiet.begin(),
              Quiet.end());
  return Args;
}

TuResult analyzeTu(const tooling::CompileCommand &Cmd,
                   const AnalysisOptions &Opts) {
  TuResult Result;
  Result.File = Cmd.Filename;
  Result.Directory = Cmd.Directory;
  auto Start = std::chrono::steady_clock::now();
  auto Done = [&] {
    Result.Seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - Start)
                         .count();
    return Result;
  };

  if (!llvm::sys::fs::is_directory(Cmd.Directory)) {
    Result.Errors.push_back("the command's directory '" + Cmd.Directory +
                            "' does not exist");
    return Done();
  }
  if (!llvm::sys::fs::exists(Cmd.Filename)) {
    Result.Errors.push_back("source file '" + Cmd.Filename +
                            "' does not exist");
    return Done();
  }

  std::vector<std::string> Args = analysisCommandLine(Cmd, Opts);
  std::string Key;
  if (!Opts.PchCacheDir.empty()) {
    Key = Cmd.Directory + '\0' + Cmd.Filename;
    for (const std::string &A : Args)
      Key += '\0' + A;
  }
  std::unique_ptr<FindingCollector> Out;
  std::unique_ptr<ErrorCollector> Errors;
  DeviceFacts Devices;
  bool Ok = false;
  // With a cached preamble first; if that parse fails, the entry is dropped
  // and the TU parsed again from scratch: a cache never costs a result.
  for (bool WithPch : {true, false}) {
    if (WithPch && Key.empty())
      continue;
    // Each TU gets its own file system view with the command's working
    // directory: no process-wide chdir, so TUs can run on several threads.
    auto FS = llvm::vfs::createPhysicalFileSystem();
    if (FS->setCurrentWorkingDirectory(Cmd.Directory)) {
      Result.Errors.push_back("cannot enter directory '" + Cmd.Directory + "'");
      return Done();
    }
    llvm::IntrusiveRefCntPtr<FileManager> Files(
        new FileManager(FileSystemOptions(), std::move(FS)));

    Out = std::make_unique<FindingCollector>();
    Errors = std::make_unique<ErrorCollector>();
    Result.BudgetExhausted.clear();
    Result.NoPathAnalysis.clear();
    DrvcertToolAction Action(Opts, *Out, WithPch ? Key : std::string());
    tooling::ToolInvocation Invocation(
        Args, &Action, Files.get(), std::make_shared<PCHContainerOperations>());
    Invocation.setDiagnosticConsumer(Errors.get());
    ExhaustedFunctions = &Result.BudgetExhausted;
    Devices = DeviceFacts();
    CollectedDevices = &Devices;
    UnanalyzableFunctions = &Result.NoPathAnalysis;
    Ok = Invocation.run();
    ExhaustedFunctions = nullptr;
    CollectedDevices = nullptr;
    UnanalyzableFunctions = nullptr;
    if (Action.UsedPch.empty() || (Ok && Errors->Count == 0))
      break;
    discardPrecompiledPreamble(Action.UsedPch);
  }

  if (!Ok || Errors->Count > 0) {
    Result.Errors = std::move(Errors->Errors);
    if (Errors->Count > Result.Errors.size())
      Result.Errors.push_back("... and " +
                              std::to_string(Errors->Count - Result.Errors.size()) +
                              " more errors");
    if (Result.Errors.empty())
      Result.Errors.push_back("the compiler could not process this command");
    return Done(); // findings on a broken AST are not trusted
  }
  Result.Analyzed = true;
  Result.Findings = Out->take();
  Result.Devices = std::move(Devices);
  return Done();
}

} // namespace drvcert
