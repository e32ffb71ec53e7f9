//===- Worker.h - One translation unit in its own process -------*- C++ -*-===//
//
// drvcert analyzes translation units in child processes, workers: the same
// executable run as
//
//   drvcert --worker MAILBOX
//
// A crash (assertion, segmentation fault) or a runaway analysis then costs
// one TU, never the run. A worker analyzes TUs one after the other, so it
// starts and loads the API model once for many TUs (starting a process and
// loading the model cost about a fifth of a TU's analysis). The parent
// gives it its K-th job (K = 0, 1, ...) as MAILBOX/job-K.json, written
// through a temporary file and renamed: the compile command and the analysis
// options (driver/TuResultJson.h); database content never reaches a command
// line or a shell. The worker writes its TuResult to MAILBOX/result-K.json
// the same way, then waits for job K+1; it exits 0 when MAILBOX/quit
// appears. It stops itself at a job's time limit (exit WorkerTimedOut), when
// the job's stop file appears (the run was interrupted; exit WorkerStopped)
// and when no job comes for WorkerIdleSeconds (its parent is gone; exit
// WorkerIdle, the job it was perhaps given unread).
//
// Testing hook, honoured only in worker mode: DRVCERT_TEST_WORKER_FAULT=
// KIND:NAME[,KIND:NAME...] makes the worker that analyzes the source file
// named NAME crash (KIND segv: SIGSEGV; abort: SIGABRT) or hang (KIND hang)
// instead of analyzing it, or analyze it and crash when told to quit (KIND
// exit: what a sanitizer's leak report at exit looks like). The test suite
// uses it to check that faults are survived.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_WORKER_H
#define DRVCERT_DRIVER_WORKER_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace drvcert {

/// Exit statuses of a worker, besides 0 (result written).
enum WorkerExit {
  WorkerBadJob = 2,     // unreadable job: a bug of drvcert, reported as such
  WorkerStopped = 123,  // the stop file appeared
  WorkerTimedOut = 124, // the job's time limit passed
  WorkerIdle = 125,     // no job came: nothing was analyzed
};

/// How long a worker waits for its next job before it ends itself.
constexpr double WorkerIdleSeconds = 60;

/// Names in a worker's mailbox.
std::string workerJobPath(llvm::StringRef Mailbox, unsigned K);
std::string workerResultPath(llvm::StringRef Mailbox, unsigned K);
std::string workerQuitPath(llvm::StringRef Mailbox);

/// The environment variable of the testing hook above.
constexpr const char *WorkerFaultVar = "DRVCERT_TEST_WORKER_FAULT";

/// Serves the jobs of Mailbox until told to quit; returns the process's exit
/// status.
int runWorker(llvm::StringRef Mailbox);

} // namespace drvcert

#endif
