//===- Scheduler.cpp ------------------------------------------------------===//
#include "Scheduler.h"
#include "TuResultJson.h"
#include "Worker.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/Threading.h"
#include <chrono>
#include <csignal>
#include <map>
#include <thread>

namespace drvcert {

namespace fs = llvm::sys::fs;
using Clock = std::chrono::steady_clock;

std::string workerExecutable(const char *Argv0) {
  static int Anchor;
  return fs::getMainExecutable(Argv0, &Anchor);
}

unsigned defaultJobs() {
  return std::max(1u, llvm::hardware_concurrency().compute_thread_count());
}

namespace {

volatile std::sig_atomic_t Interrupted = 0;
void onInterrupt() { Interrupted = 1; }

/// How long past its limit a worker may take to stop itself before it is
/// killed.
constexpr double KillGraceSeconds = 10;

struct Worker {
  size_t Index;
  llvm::sys::ProcessInfo PI;
  Clock::time_point Start;
  std::string ResultPath, ErrPath;
  std::vector<std::string> Files; // removed when it is done
};

/// What a crashed worker said last that helps: LLVM's fatal errors,
/// assertions, sanitizer reports and Clang's "while doing X" stack (not raw
/// frames).
std::string lastWords(llvm::StringRef ErrPath) {
  auto Buf = llvm::MemoryBuffer::getFile(ErrPath);
  if (!Buf)
    return "";
  std::string Out;
  unsigned Kept = 0;
  for (llvm::StringRef L : llvm::split((*Buf)->getBuffer(), '\n')) {
    L = L.rtrim();
    llvm::StringRef Rest = L.ltrim("0123456789");
    bool Context = Rest.size() < L.size() && Rest.starts_with(".\t") &&
                   !Rest.contains("Program arguments:");
    if (!(Context || L.starts_with("LLVM ERROR") || L.contains("Assertion") ||
          L.contains("ERROR: ") || L.contains("runtime error:")))
      continue;
    if (++Kept > 6)
      break;
    Out += "\n    " + L.str();
  }
  return Out;
}

/// "300 s", "0.5 s".
std::string seconds(double S) {
  std::string Out = llvm::formatv("{0:F3}", S).str();
  while (Out.back() == '0')
    Out.pop_back();
  if (Out.back() == '.')
    Out.pop_back();
  return Out + " s";
}

class Scheduler {
public:
  Scheduler(llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
            const AnalysisOptions &Opts, const IsolationOptions &Iso,
            std::vector<TuResult> &Results, llvm::StringRef Dir)
      : Commands(Commands), Opts(Opts), Iso(Iso), Results(Results), Dir(Dir) {
    StopFile = path("stop");
    RuleOptions = currentRuleOptions();
  }

  /// False when interrupted.
  bool run() {
    Results.assign(Commands.size(), TuResult());
    size_t Next = 0;
    unsigned Jobs = std::max(1u, Iso.Jobs);
    while (Next < Commands.size() || !Running.empty()) {
      if (Interrupted) {
        stopAll();
        return false;
      }
      while (Running.size() < Jobs && Next < Commands.size())
        launch(Next++);
      bool Finished = false;
      for (size_t I = 0; I < Running.size();) {
        if (poll(Running[I])) {
          for (const std::string &F : Running[I].Files)
            fs::remove(F);
          Running.erase(Running.begin() + I);
          Finished = true;
        } else {
          ++I;
        }
      }
      if (!Finished)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return !Interrupted;
  }

private:
  std::string path(const llvm::Twine &Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }

  void launch(size_t Index) {
    const clang::tooling::CompileCommand &Cmd = *Commands[Index];
    TuResult &R = Results[Index];
    R.File = Cmd.Filename;
    R.Directory = Cmd.Directory;
    WorkerJob Job{Cmd, Opts, RuleOptions, Iso.TimeoutSeconds, StopFile};
    std::string JobPath = path("job-" + llvm::Twine(Index) + ".json");
    std::string Error;
    if (!writeJsonFile(toJson(Job), JobPath, Error))
      return fault(R, TuResult::FaultKind::Crashed,
                   "could not start its worker: " + Error);
    Worker W{Index, {}, Clock::now(),
             path("result-" + llvm::Twine(Index) + ".json"),
             path("stderr-" + llvm::Twine(Index) + ".txt"), {}};
    W.Files = {JobPath, W.ResultPath, W.ErrPath};
    // An argument vector, never a shell command: nothing from the database
    // is on it.
    llvm::SmallVector<llvm::StringRef, 6> Args = {
        Iso.Executable, "--worker", JobPath, "--worker-output", W.ResultPath};
    std::optional<llvm::StringRef> Redirects[] = {
        llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(W.ErrPath)};
    bool Failed = false;
    W.PI = llvm::sys::ExecuteNoWait(Iso.Executable, Args, std::nullopt,
                                    Redirects, 0, &Error, &Failed);
    if (Failed || W.PI.Pid == llvm::sys::ProcessInfo::InvalidPid)
      return fault(R, TuResult::FaultKind::Crashed,
                   "could not start its worker '" + Iso.Executable +
                       "': " + Error);
    Running.push_back(std::move(W));
  }

  /// True when the worker is done (its result is in Results).
  bool poll(Worker &W) {
    TuResult &R = Results[W.Index];
    std::string Msg;
    llvm::sys::ProcessInfo Done = llvm::sys::Wait(W.PI, /*SecondsToWait=*/0, &Msg);
    if (Done.Pid == 0) { // still running
      std::chrono::duration<double> Elapsed = Clock::now() - W.Start;
      if (Iso.TimeoutSeconds <= 0 ||
          Elapsed.count() < Iso.TimeoutSeconds + KillGraceSeconds)
        return false;
      // It did not stop itself at its limit: kill it (waits a second).
      llvm::sys::Wait(W.PI, /*SecondsToWait=*/1, &Msg);
      timedOut(R);
      return true;
    }
    if (Done.ReturnCode == WorkerTimedOut) {
      timedOut(R);
      return true;
    }
    // Exit status 0, or the status was lost (another wait reaped it): the
    // result file says whether the worker finished.
    if (Done.ReturnCode == 0 || Done.ReturnCode == -1) {
      llvm::json::Value V = nullptr;
      TuResult Got;
      std::string Error;
      if (readJsonFile(W.ResultPath, V, Error) && fromJson(V, Got, Error)) {
        R = std::move(Got);
        return true;
      }
      if (Done.ReturnCode == 0)
        Msg = "its result is unreadable: " + Error;
    }
    std::string Why;
    if (Done.ReturnCode == -2)
      Why = Msg; // the signal, as strsignal() says it
    else if (Done.ReturnCode == -1)
      Why = "lost track of the worker: " + Msg;
    else if (!Msg.empty())
      Why = Msg;
    else
      Why = "exit status " + std::to_string(Done.ReturnCode);
    fault(R, TuResult::FaultKind::Crashed, Why + lastWords(W.ErrPath));
    return true;
  }

  void timedOut(TuResult &R) {
    fault(R, TuResult::FaultKind::TimedOut,
          seconds(Iso.TimeoutSeconds));
  }

  static void fault(TuResult &R, TuResult::FaultKind K, std::string Detail) {
    R.Analyzed = false;
    R.Findings.clear();
    R.Fault = K;
    R.FaultDetail = std::move(Detail);
  }

  /// Tells every worker to stop, waits a little, kills the rest.
  void stopAll() {
    {
      std::error_code EC;
      llvm::raw_fd_ostream Stop(StopFile, EC);
    }
    auto Deadline = Clock::now() + std::chrono::seconds(2);
    while (!Running.empty()) {
      for (size_t I = 0; I < Running.size();) {
        llvm::sys::ProcessInfo Done = llvm::sys::Wait(Running[I].PI, 0);
        if (Done.Pid != 0)
          Running.erase(Running.begin() + I);
        else
          ++I;
      }
      if (Clock::now() > Deadline) {
        for (Worker &W : Running)
          llvm::sys::Wait(W.PI, /*SecondsToWait=*/1); // kills it
        Running.clear();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands;
  const AnalysisOptions &Opts;
  const IsolationOptions &Iso;
  std::vector<TuResult> &Results;
  std::string Dir, StopFile;
  std::map<std::string, std::map<std::string, std::string>> RuleOptions;
  std::vector<Worker> Running;
};

} // namespace

WorkersOutcome
analyzeInWorkers(llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
                 const AnalysisOptions &Opts, const IsolationOptions &Iso,
                 std::vector<TuResult> &Results, std::string &Error) {
  llvm::SmallString<256> Dir;
  if (std::error_code EC = fs::createUniqueDirectory("drvcert", Dir)) {
    Error = "cannot create a temporary directory for the workers: " +
            EC.message() + "; set TMPDIR to a writable directory";
    return WorkersOutcome::Failed;
  }
  // SIGINT and SIGTERM now stop the workers, then the run, cleanly.
  Interrupted = 0;
  llvm::sys::SetInterruptFunction(onInterrupt);
  bool Ok = Scheduler(Commands, Opts, Iso, Results, Dir).run();
  llvm::sys::SetInterruptFunction(nullptr);
  fs::remove_directories(Dir);
  return Ok ? WorkersOutcome::Done : WorkersOutcome::Interrupted;
}

std::string shellCommand(llvm::ArrayRef<std::string> Args) {
  std::string Out;
  for (const std::string &A : Args) {
    if (!Out.empty())
      Out += ' ';
    bool Plain = !A.empty() && llvm::all_of(A, [](char C) {
      return llvm::isAlnum(C) || llvm::StringRef("-_./=:,+@%").contains(C);
    });
    if (Plain) {
      Out += A;
      continue;
    }
    Out += '\'';
    for (char C : A)
      Out += C == '\'' ? std::string("'\\''") : std::string(1, C);
    Out += '\'';
  }
  return Out;
}

Notification notAnalyzedNotification(const TuResult &Tu,
                                     llvm::StringRef Reproduce) {
  std::string Msg = "'" + Tu.File + "' was not analyzed";
  Notification::Kind K = Notification::TuNotAnalyzed;
  switch (Tu.Fault) {
  case TuResult::FaultKind::None:
    for (const std::string &E : Tu.Errors)
      Msg += "\n    " + E;
    break;
  case TuResult::FaultKind::Crashed: {
    K = Notification::TuCrashed;
    llvm::StringRef Detail = Tu.FaultDetail;
    auto [Why, Context] = Detail.split('\n');
    Msg += ": the analyzer crashed on it (" + Why.str() +
           "), so its findings are missing; reproduce with: " +
           Reproduce.str();
    if (!Context.empty())
      Msg += "\n" + Context.str();
    break;
  }
  case TuResult::FaultKind::TimedOut:
    K = Notification::TuTimedOut;
    Msg += ": its analysis ran past the limit of " + Tu.FaultDetail +
           " and was stopped, so its findings are missing; raise "
           "--tu-timeout, or reproduce with: " +
           Reproduce.str();
    break;
  }
  return {K, Level::Error, Msg, Tu.File};
}

Notification budgetNotification(const TuResult &Tu, unsigned MaxSteps) {
  std::string Functions;
  for (const std::string &F : Tu.BudgetExhausted)
    Functions += (Functions.empty() ? "'" : ", '") + F + "'";
  std::string Msg = llvm::formatv(
      "'{0}': path-sensitive analysis of {1} stopped at the budget of {2} "
      "steps per function, so paths beyond it were not checked; raise "
      "--analyzer-max-steps to check them",
      Tu.File, Functions, MaxSteps);
  return {Notification::BudgetExhausted, Level::Warning, Msg, Tu.File};
}

Notification noPathAnalysisNotification(const TuResult &Tu) {
  std::string Functions;
  for (const std::string &F : Tu.NoPathAnalysis)
    Functions += (Functions.empty() ? "'" : ", '") + F + "'";
  std::string Msg = llvm::formatv(
      "'{0}': the path-sensitive rules could not check {1}: Clang's analyzer "
      "has no control-flow graph for __try/__finally, so it skips such "
      "functions; review them by hand or move the guarded code into a "
      "function of its own",
      Tu.File, Functions);
  return {Notification::NoPathAnalysis, Level::Warning, Msg, Tu.File};
}

} // namespace drvcert
