//===- FuzzRegressionTest.cpp - Every input that crashed a fuzzer ---------===//
//
// Replays tests/fuzz/corpus/<target>/* (the seeds) and
// tests/fuzz/regressions/<target>/* (inputs that once crashed or hung a
// target, named after what they found) through the fuzz targets, in the
// ordinary build: a fixed bug stays fixed without a fuzzing build.
//
//===----------------------------------------------------------------------===//
#include "FuzzTargets.h"
#include "TestConfig.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <gtest/gtest.h>

using namespace drvcert::fuzz;

namespace {

/// Feeds every file under tests/fuzz/<Kind>/<target>/ to its target;
/// returns how many there were.
unsigned replay(llvm::StringRef Kind) {
  unsigned Count = 0;
  for (const Target &T : targets()) {
    std::string Dir =
        (DRVCERT_SOURCE_DIR "/tests/fuzz/" + Kind + "/" + T.Name).str();
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      auto Buf = llvm::MemoryBuffer::getFile(It->path());
      EXPECT_TRUE(bool(Buf)) << It->path();
      if (!Buf)
        continue;
      SCOPED_TRACE(It->path());
      llvm::StringRef Data = (*Buf)->getBuffer();
      EXPECT_EQ(T.Run(reinterpret_cast<const uint8_t *>(Data.data()),
                      Data.size()),
                0);
      ++Count;
    }
  }
  return Count;
}

TEST(Fuzz, SeedCorpusRuns) { EXPECT_GT(replay("corpus"), 10u); }

TEST(Fuzz, EveryCrashFoundStaysFixed) {
  EXPECT_GT(replay("regressions"), 0u);
}

TEST(Fuzz, EveryTargetHasSeeds) {
  for (const Target &T : targets()) {
    std::string Dir = DRVCERT_SOURCE_DIR "/tests/fuzz/corpus/" + std::string(T.Name);
    std::error_code EC;
    llvm::sys::fs::directory_iterator It(Dir, EC);
    EXPECT_TRUE(!EC && It != llvm::sys::fs::directory_iterator())
        << "no seed in " << Dir;
  }
}

// The shard-log seeds are logs merge takes: the fuzzer starts past the
// checks of the log's shape, at the TUs' results.
TEST(Fuzz, ShardLogSeedsAreAccepted) {
  unsigned Count = 0;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator
           It(DRVCERT_SOURCE_DIR "/tests/fuzz/corpus/shard-log", EC),
       End;
       It != End && !EC; It.increment(EC)) {
    auto Buf = llvm::MemoryBuffer::getFile(It->path());
    ASSERT_TRUE(bool(Buf)) << It->path();
    EXPECT_TRUE(shardLogAccepted((*Buf)->getBuffer())) << It->path();
    ++Count;
  }
  EXPECT_GE(Count, 4u);
}

} // namespace
