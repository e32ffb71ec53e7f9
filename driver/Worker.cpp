//===- Worker.cpp ---------------------------------------------------------===//
#include "Worker.h"
#include "ApiModel.h"
#include "TuResultJson.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

namespace drvcert {

namespace {

int fail(const llvm::Twine &Msg) {
  llvm::WithColor::error(llvm::errs(), "drvcert worker") << Msg << "\n";
  return WorkerBadJob;
}

/// The testing hook (Worker.h): fault the worker on a given file.
void injectFault(llvm::StringRef File) {
  std::optional<std::string> Spec = llvm::sys::Process::GetEnv(WorkerFaultVar);
  if (!Spec)
    return;
  llvm::StringRef Name = llvm::sys::path::filename(File);
  for (llvm::StringRef Item : llvm::split(*Spec, ',')) {
    auto [Kind, Target] = Item.split(':');
    if (Target != Name)
      continue;
    if (Kind == "segv") {
      std::raise(SIGSEGV); // LLVM's handler prints the stack, then returns
      std::signal(SIGSEGV, SIG_DFL);
      std::raise(SIGSEGV);
    }
    if (Kind == "abort")
      std::abort();
    if (Kind == "hang")
      for (;;)
        std::this_thread::sleep_for(std::chrono::hours(1));
  }
}

/// Ends the process when the time limit passes or the stop file appears,
/// whatever the analysis is doing.
class Watchdog {
public:
  Watchdog(double Seconds, std::string StopFile)
      : Thread([this, Seconds, StopFile = std::move(StopFile)] {
          auto Start = std::chrono::steady_clock::now();
          while (!Done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (!StopFile.empty() && llvm::sys::fs::exists(StopFile))
              std::_Exit(WorkerStopped);
            std::chrono::duration<double> Elapsed =
                std::chrono::steady_clock::now() - Start;
            if (Seconds > 0 && Elapsed.count() > Seconds)
              std::_Exit(WorkerTimedOut);
          }
        }) {}
  ~Watchdog() {
    Done = true;
    Thread.join();
  }

private:
  std::atomic<bool> Done{false};
  std::thread Thread;
};

} // namespace

int runWorker(llvm::StringRef JobPath, llvm::StringRef ResultPath) {
  if (ResultPath.empty())
    return fail("--worker needs --worker-output");
  llvm::json::Value V = nullptr;
  std::string Error;
  if (!readJsonFile(JobPath, V, Error))
    return fail(Error);
  WorkerJob Job;
  if (!fromJson(V, Job, Error))
    return fail("malformed job '" + JobPath + "': " + Error);

  if (!ApiModel::loadBuiltin(Error))
    return fail("built-in API model: " + Error);
  for (const std::string &M : Job.Options.ModelFiles)
    if (!ApiModel::global().addFile(M, Error))
      return fail(Error);
  setRuleOptions(Job.RuleOptions);

  TuResult Result;
  {
    Watchdog Dog(Job.TimeoutSeconds, Job.StopFile);
    injectFault(Job.Command.Filename);
    Result = analyzeTu(Job.Command, Job.Options);
  }
  if (!writeJsonFile(toJson(Result), ResultPath, Error))
    return fail(Error);
  return 0;
}

} // namespace drvcert
