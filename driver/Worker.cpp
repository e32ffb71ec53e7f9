//===- Worker.cpp ---------------------------------------------------------===//
#include "Worker.h"
#include "ApiModel.h"
#include "TuResultJson.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include <condition_variable>
#include <mutex>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <thread>

namespace drvcert {

namespace {

int fail(const llvm::Twine &Msg) {
  llvm::WithColor::error(llvm::errs(), "drvcert worker") << Msg << "\n";
  return WorkerBadJob;
}

/// The testing hook (Worker.h) for File: true when KIND is Wanted.
bool faultWanted(llvm::StringRef File, llvm::StringRef Wanted) {
  std::optional<std::string> Spec = llvm::sys::Process::GetEnv(WorkerFaultVar);
  if (!Spec)
    return false;
  llvm::StringRef Name = llvm::sys::path::filename(File);
  for (llvm::StringRef Item : llvm::split(*Spec, ',')) {
    auto [Kind, Target] = Item.split(':');
    if (Target == Name && Kind == Wanted)
      return true;
  }
  return false;
}

void crash() {
  std::raise(SIGSEGV); // LLVM's handler prints the stack, then returns
  std::signal(SIGSEGV, SIG_DFL);
  std::raise(SIGSEGV);
}

/// The testing hook (Worker.h): fault the worker on a given file.
void injectFault(llvm::StringRef File) {
  if (faultWanted(File, "segv"))
    crash();
  if (faultWanted(File, "abort"))
    std::abort();
  if (faultWanted(File, "hang"))
    for (;;)
      std::this_thread::sleep_for(std::chrono::hours(1));
}

/// Ends the process when the time limit passes or the stop file appears,
/// whatever the analysis is doing.
class Watchdog {
public:
  Watchdog(double Seconds, std::string StopFile)
      : Thread([this, Seconds, StopFile = std::move(StopFile)] {
          auto Start = std::chrono::steady_clock::now();
          std::unique_lock<std::mutex> Lock(M);
          // Woken at once when the analysis ends: a worker analyzes many
          // TUs, and each would otherwise wait out the last interval.
          while (!Cv.wait_for(Lock, std::chrono::milliseconds(50),
                              [this] { return Done; })) {
            if (!StopFile.empty() && llvm::sys::fs::exists(StopFile))
              std::_Exit(WorkerStopped);
            std::chrono::duration<double> Elapsed =
                std::chrono::steady_clock::now() - Start;
            if (Seconds > 0 && Elapsed.count() > Seconds)
              std::_Exit(WorkerTimedOut);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Done = true;
    }
    Cv.notify_one();
    Thread.join();
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
  std::thread Thread; // last: starts once the members above exist
};

} // namespace

static std::string inMailbox(llvm::StringRef Mailbox, const llvm::Twine &Name) {
  llvm::SmallString<256> P(Mailbox);
  llvm::sys::path::append(P, Name);
  return std::string(P);
}

std::string workerJobPath(llvm::StringRef Mailbox, unsigned K) {
  return inMailbox(Mailbox, "job-" + llvm::Twine(K) + ".json");
}

std::string workerResultPath(llvm::StringRef Mailbox, unsigned K) {
  return inMailbox(Mailbox, "result-" + llvm::Twine(K) + ".json");
}

std::string workerQuitPath(llvm::StringRef Mailbox) {
  return inMailbox(Mailbox, "quit");
}

int runWorker(llvm::StringRef Mailbox) {
  std::string Error;
  std::string StopFile;
  std::optional<std::vector<std::string>> Models; // of the first job
  bool CrashOnQuit = false;                        // the testing hook's "exit"
  for (unsigned K = 0;; ++K) {
    std::string JobPath = workerJobPath(Mailbox, K);
    // Job 0 is there before the worker starts; the next ones come as soon
    // as the parent sees a result.
    auto Waiting = std::chrono::steady_clock::now();
    while (!llvm::sys::fs::exists(JobPath)) {
      if (llvm::sys::fs::exists(workerQuitPath(Mailbox))) {
        if (CrashOnQuit)
          crash();
        return 0;
      }
      if (!StopFile.empty() && llvm::sys::fs::exists(StopFile))
        return WorkerStopped;
      std::chrono::duration<double> Idle =
          std::chrono::steady_clock::now() - Waiting;
      if (Idle.count() > WorkerIdleSeconds)
        return WorkerIdle;
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }

    llvm::json::Value V = nullptr;
    if (!readJsonFile(JobPath, V, Error))
      return fail(Error);
    WorkerJob Job;
    if (!fromJson(V, Job, Error))
      return fail("malformed job '" + JobPath + "': " + Error);
    StopFile = Job.StopFile;
    if (!Models) {
      if (!ApiModel::loadBuiltin(Error))
        return fail("built-in API model: " + Error);
      for (const std::string &M : Job.Options.ModelFiles)
        if (!ApiModel::global().addFile(M, Error))
          return fail(Error);
      Models = Job.Options.ModelFiles;
    } else if (*Models != Job.Options.ModelFiles) {
      return fail("job '" + JobPath +
                  "' names other model files than the worker's first job");
    }
    setRuleOptions(Job.RuleOptions);

    TuResult Result;
    {
      Watchdog Dog(Job.TimeoutSeconds, Job.StopFile);
      injectFault(Job.Command.Filename);
      Result = analyzeTu(Job.Command, Job.Options);
    }
    CrashOnQuit = CrashOnQuit || faultWanted(Job.Command.Filename, "exit");
    if (!writeJsonFile(toJson(Result), workerResultPath(Mailbox, K), Error))
      return fail(Error);
  }
}

} // namespace drvcert
