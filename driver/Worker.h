//===- Worker.h - One translation unit in its own process -------*- C++ -*-===//
//
// drvcert analyzes each translation unit in a child process, a worker: the
// same executable run as
//
//   drvcert --worker JOB.json --worker-output RESULT.json
//
// A crash (assertion, segmentation fault) or a runaway analysis then costs
// one TU, never the run. The job file holds the compile command and the
// analysis options (driver/TuResultJson.h); database content never reaches a
// command line or a shell. The worker writes its TuResult to RESULT.json
// through a temporary file and exits 0; it stops itself at the job's time
// limit (exit WorkerTimedOut) or when the job's stop file appears (the run
// was interrupted; exit WorkerStopped).
//
// Testing hook, honoured only in worker mode: DRVCERT_TEST_WORKER_FAULT=
// KIND:NAME[,KIND:NAME...] makes the worker whose source file is named NAME
// crash (KIND segv: SIGSEGV; abort: SIGABRT) or hang (KIND hang) instead of
// analyzing it. The test suite uses it to check that faults are survived.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_WORKER_H
#define DRVCERT_DRIVER_WORKER_H

#include "llvm/ADT/StringRef.h"

namespace drvcert {

/// Exit statuses of a worker, besides 0 (result written).
enum WorkerExit {
  WorkerBadJob = 2,     // unreadable job: a bug of drvcert, reported as such
  WorkerStopped = 123,  // the stop file appeared
  WorkerTimedOut = 124, // the job's time limit passed
};

/// The environment variable of the testing hook above.
constexpr const char *WorkerFaultVar = "DRVCERT_TEST_WORKER_FAULT";

/// Runs the job in JobPath, writes the result to ResultPath; returns the
/// process's exit status.
int runWorker(llvm::StringRef JobPath, llvm::StringRef ResultPath);

} // namespace drvcert

#endif
