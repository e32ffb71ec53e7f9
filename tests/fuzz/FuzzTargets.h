//===- FuzzTargets.h - What the fuzzers feed untrusted input to -*- C++ -*-===//
//
// Each target takes arbitrary bytes to one of drvcert's parsers of input it
// does not control: the compilation database, API model and configuration
// YAML, suppression comments in sources, a baseline SARIF log, a shard's
// log given to `drvcert merge`. The same
// functions run under libFuzzer (tests/fuzz/FuzzMain.cpp, -DDRVCERT_FUZZ=ON)
// and in the unit tests, which replay the seed corpus and every input that
// once crashed (tests/fuzz/regressions/<target>/).
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_TESTS_FUZZ_FUZZTARGETS_H
#define DRVCERT_TESTS_FUZZ_FUZZTARGETS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstddef>
#include <cstdint>

namespace drvcert::fuzz {

struct Target {
  const char *Name; // the directory of its corpus and regressions
  int (*Run)(const uint8_t *Data, size_t Size);
};

llvm::ArrayRef<Target> targets();
const Target *findTarget(llvm::StringRef Name);

/// The shard-log target's work: true when Text is a shard log of its
/// three-TU database that merge would take.
bool shardLogAccepted(llvm::StringRef Text);

} // namespace drvcert::fuzz

#endif
