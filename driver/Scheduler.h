//===- Scheduler.h - Runs translation units in worker processes -*- C++ -*-===//
//
// The parent side of driver/Worker.h: up to Jobs workers at once, each given
// its jobs one at a time in a mailbox in a private temporary directory, the
// next as soon as the last one's result is read; a per-TU wall-clock limit;
// a crashed or timed-out worker becomes a TuResult with Fault set for the TU
// it was on, a fresh worker takes the TUs left, and the run goes on. Results come back in the order of the commands, whatever order
// the workers finish in, so the output does not depend on Jobs.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_SCHEDULER_H
#define DRVCERT_DRIVER_SCHEDULER_H

#include "Run.h"
#include "TuAnalyzer.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace drvcert {

/// A worker analyzes at most this many TUs, then a fresh one takes over
/// (bounds what one process can accumulate).
constexpr unsigned DefaultTusPerWorker = 64;

struct IsolationOptions {
  std::string Executable;    // drvcert itself (workerExecutable())
  unsigned Jobs = 1;         // workers at once
  double TimeoutSeconds = 0; // per TU; 0: no limit
  unsigned TusPerWorker = DefaultTusPerWorker; // then a fresh worker
};

/// The path of the running drvcert, for its workers.
std::string workerExecutable(const char *Argv0);

/// The number of TUs analyzed at once by default: the cores we may use.
unsigned defaultJobs();

enum class WorkersOutcome {
  Done,        // every TU has its result (analyzed or not)
  Interrupted, // SIGINT or SIGTERM: workers stopped, Results incomplete
  Failed,      // no temporary directory for the jobs: Error says why
};

/// Analyzes each command in its own worker; Results[I] is Commands[I]'s.
/// SIGINT and SIGTERM stop the workers and remove the temporary files.
WorkersOutcome
analyzeInWorkers(llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
                 const AnalysisOptions &Opts, const IsolationOptions &Iso,
                 std::vector<TuResult> &Results, std::string &Error);

/// The notification for a TU that was not analyzed: its first errors, or
/// its worker's crash or timeout with Reproduce, a command that analyzes
/// only that TU.
Notification notAnalyzedNotification(const TuResult &Tu,
                                     llvm::StringRef Reproduce);
/// The notification for a TU whose path exploration stopped at MaxSteps.
Notification budgetNotification(const TuResult &Tu, unsigned MaxSteps);
/// The notification for a TU with functions the path-sensitive engine
/// skipped (TuResult::NoPathAnalysis).
Notification noPathAnalysisNotification(const TuResult &Tu);

/// Args as a command a POSIX shell reads back as Args.
std::string shellCommand(llvm::ArrayRef<std::string> Args);

} // namespace drvcert

#endif
