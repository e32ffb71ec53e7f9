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
#include <deque>
#include <optional>
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

/// A worker process and the job it is on.
struct Worker {
  llvm::sys::ProcessInfo PI;
  std::string Mailbox, ErrPath;
  unsigned Jobs = 0;     // given so far; job Jobs-1 is the current one
  size_t Index = 0;      // the current job's TU (when Busy)
  bool Busy = false;     // a job given, its result not yet read
  bool Quitting = false; // told to quit, not yet gone
  std::optional<size_t> Last; // the TU of its last finished job
  Clock::time_point Start;    // of the current job
  uint64_t ErrOffset = 0;     // the stderr size when the current job began
};

/// What a crashed worker said last that helps: LLVM's fatal errors,
/// assertions, sanitizer reports and Clang's "while doing X" stack (not raw
/// frames).
std::string lastWords(llvm::StringRef ErrPath, uint64_t Offset) {
  auto Buf = llvm::MemoryBuffer::getFile(ErrPath);
  if (!Buf)
    return "";
  std::string Out;
  unsigned Kept = 0;
  // Only what it wrote since its current TU began: a worker's stderr holds
  // all of its TUs.
  llvm::StringRef Text = (*Buf)->getBuffer();
  Text = Text.drop_front(std::min<uint64_t>(Offset, Text.size()));
  for (llvm::StringRef L : llvm::split(Text, '\n')) {
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
    for (size_t I = 0; I < Commands.size(); ++I) {
      Results[I].File = Commands[I]->Filename;
      Results[I].Directory = Commands[I]->Directory;
      Pending.push_back(I);
    }
    unsigned Jobs = std::max(1u, Iso.Jobs);
    while (!Pending.empty() || !Workers.empty()) {
      if (Interrupted) {
        stopAll();
        return false;
      }
      while (busy() < Jobs && !Pending.empty())
        startWorker();
      bool Progress = false;
      for (size_t I = 0; I < Workers.size();) {
        switch (poll(Workers[I])) {
        case State::Running:
          ++I;
          continue;
        case State::Progress:
          Progress = true;
          ++I;
          continue;
        case State::Gone:
          Progress = true;
          fs::remove_directories(Workers[I].Mailbox, /*IgnoreErrors=*/true);
          Workers.erase(Workers.begin() + I);
          continue;
        }
      }
      if (!Progress)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return !Interrupted;
  }

private:
  enum class State { Running, Progress, Gone };

  std::string path(const llvm::Twine &Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }

  unsigned busy() const {
    unsigned N = 0;
    for (const Worker &W : Workers)
      N += !W.Quitting;
    return N;
  }

  /// Writes the job of Pending's first TU into W's mailbox; false (the TU
  /// reported) when it cannot.
  bool give(Worker &W) {
    size_t Index = Pending.front();
    Pending.pop_front();
    WorkerJob Job{*Commands[Index], Opts, RuleOptions, Iso.TimeoutSeconds,
                  StopFile};
    std::string Error;
    if (!writeJsonFile(toJson(Job), workerJobPath(W.Mailbox, W.Jobs), Error)) {
      fault(Results[Index], TuResult::FaultKind::Crashed,
            "could not start its worker: " + Error);
      return false;
    }
    ++W.Jobs;
    W.Index = Index;
    W.Busy = true;
    W.Start = Clock::now();
    fs::file_status S;
    W.ErrOffset = fs::status(W.ErrPath, S) ? 0 : S.getSize();
    return true;
  }

  void startWorker() {
    Worker W;
    W.Mailbox = path("worker-" + llvm::Twine(Started++));
    W.ErrPath = path("stderr-" + llvm::Twine(Started - 1) + ".txt");
    if (std::error_code EC = fs::create_directory(W.Mailbox)) {
      size_t Index = Pending.front();
      Pending.pop_front();
      return fault(Results[Index], TuResult::FaultKind::Crashed,
                   "could not start its worker: " + EC.message());
    }
    if (!give(W))
      return;
    // An argument vector, never a shell command: nothing from the database
    // is on it.
    llvm::SmallVector<llvm::StringRef, 4> Args = {Iso.Executable, "--worker",
                                                  W.Mailbox};
    std::optional<llvm::StringRef> Redirects[] = {
        llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(W.ErrPath)};
    std::string Error;
    bool Failed = false;
    W.PI = llvm::sys::ExecuteNoWait(Iso.Executable, Args, std::nullopt,
                                    Redirects, 0, &Error, &Failed);
    if (Failed || W.PI.Pid == llvm::sys::ProcessInfo::InvalidPid)
      return fault(Results[W.Index], TuResult::FaultKind::Crashed,
                   "could not start its worker '" + Iso.Executable +
                       "': " + Error);
    Workers.push_back(std::move(W));
  }

  /// When W's current job has its result: reads it into Results. True
  /// when it did.
  bool collect(Worker &W) {
    std::string ResultPath = workerResultPath(W.Mailbox, W.Jobs - 1);
    if (!W.Busy || !fs::exists(ResultPath))
      return false;
    TuResult &R = Results[W.Index];
    llvm::json::Value V = nullptr;
    TuResult Got;
    std::string Error;
    if (readJsonFile(ResultPath, V, Error) && fromJson(V, Got, Error))
      R = std::move(Got);
    else
      fault(R, TuResult::FaultKind::Crashed,
            "its result is unreadable: " + Error);
    W.Busy = false;
    W.Last = W.Index;
    fs::remove(workerJobPath(W.Mailbox, W.Jobs - 1));
    fs::remove(ResultPath);
    return true;
  }

  /// Reads a finished job's result, gives the worker its next job or tells
  /// it to quit, and notices a worker that is gone.
  State poll(Worker &W) {
    if (collect(W)) {
      unsigned Limit = std::max(1u, Iso.TusPerWorker);
      if (Pending.empty() || W.Jobs >= Limit || !give(W)) {
        std::error_code EC;
        llvm::raw_fd_ostream Quit(workerQuitPath(W.Mailbox), EC);
        W.Quitting = true;
      }
      return State::Progress;
    }

    std::string Msg;
    llvm::sys::ProcessInfo Done = llvm::sys::Wait(W.PI, /*SecondsToWait=*/0, &Msg);
    if (Done.Pid == 0) { // still running
      if (!W.Busy)
        return State::Running;
      std::chrono::duration<double> Elapsed = Clock::now() - W.Start;
      if (Iso.TimeoutSeconds <= 0 ||
          Elapsed.count() < Iso.TimeoutSeconds + KillGraceSeconds)
        return State::Running;
      // It did not stop itself at its limit: kill it (waits a second).
      llvm::sys::Wait(W.PI, /*SecondsToWait=*/1, &Msg);
      timedOut(Results[W.Index]);
      return State::Gone;
    }

    // Gone. It may have written its last result just before.
    collect(W);
    if (!W.Busy) {
      // Told to quit (or it had nothing to do): a non-zero status means
      // something went wrong after its last analysis (a sanitizer's leak
      // report, a crash on exit); its last TU's result is not trusted.
      if (Done.ReturnCode != 0 && Done.ReturnCode != WorkerIdle && W.Last)
        fault(Results[*W.Last], TuResult::FaultKind::Crashed,
              why(Done, Msg) + " after its analysis" +
                  lastWords(W.ErrPath, W.ErrOffset));
      return State::Gone;
    }
    if (Done.ReturnCode == WorkerIdle) {
      Pending.push_front(W.Index); // never read: another worker takes it
      return State::Gone;
    }
    if (Done.ReturnCode == WorkerTimedOut) {
      timedOut(Results[W.Index]);
      return State::Gone;
    }
    fault(Results[W.Index], TuResult::FaultKind::Crashed,
          why(Done, Msg) + lastWords(W.ErrPath, W.ErrOffset));
    return State::Gone;
  }

  static std::string why(const llvm::sys::ProcessInfo &Done,
                         const std::string &Msg) {
    if (Done.ReturnCode == -2)
      return Msg; // the signal, as strsignal() says it
    if (Done.ReturnCode == -1)
      return "lost track of the worker: " + Msg;
    if (!Msg.empty())
      return Msg;
    return "exit status " + std::to_string(Done.ReturnCode);
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
    while (!Workers.empty()) {
      for (size_t I = 0; I < Workers.size();) {
        llvm::sys::ProcessInfo Done = llvm::sys::Wait(Workers[I].PI, 0);
        if (Done.Pid != 0)
          Workers.erase(Workers.begin() + I);
        else
          ++I;
      }
      if (Clock::now() > Deadline) {
        for (Worker &W : Workers)
          llvm::sys::Wait(W.PI, /*SecondsToWait=*/1); // kills it
        Workers.clear();
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
  std::deque<size_t> Pending; // TUs not yet given to a worker
  std::vector<Worker> Workers;
  unsigned Started = 0;
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
