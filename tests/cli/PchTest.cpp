//===- PchTest.cpp - The precompiled header cache changes nothing but time -===//
//
// The same log, text and exit code with --no-pch, with a cold cache, a warm
// one, after a header changed, and with a cache entry that is corrupt.
//
//===----------------------------------------------------------------------===//
#include "CliSupport.h"
#include "llvm/Support/Process.h"

namespace {

/// Translation units in samples/compile_commands.json.
constexpr size_t SampleTus = 14;

using namespace drvcert::clitest;
namespace fs = llvm::sys::fs;

class Pch : public Cli {
protected:
  /// Runs drvcert on the samples (with Extra); returns the log's bytes.
  std::string runSamples(std::vector<std::string> Extra, Result &R) {
    std::string Out = tmp("samples.sarif");
    std::vector<std::string> Args = {"-p", DRVCERT_SOURCE_DIR "/samples", "-o",
                                     Out, "--source-root", DRVCERT_SOURCE_DIR};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    fs::remove(Out);
    R = run(Args);
    return readFile(Out);
  }

  std::vector<std::string> cacheFiles(llvm::StringRef Ext) {
    std::vector<std::string> Files;
    std::error_code EC;
    for (fs::directory_iterator It(tmp("cache"), EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(Ext))
        Files.push_back(It->path());
    return Files;
  }
};

TEST_F(Pch, SamplesLogIsTheSameWithAndWithoutTheCache) {
  Result Plain, Cold, Build, Warm, Damaged, Corrupt;
  std::string Expected = runSamples({"--no-pch"}, Plain);
  ASSERT_EQ(Plain.Exit, 1) << Plain.Err;
  ASSERT_FALSE(Expected.empty());
  EXPECT_TRUE(cacheFiles(".pch").empty());

  std::string Cache = tmp("cache");
  EXPECT_TRUE(runSamples({"--pch-cache", Cache}, Cold) == Expected)
      << "a cold cache changed the log";
  EXPECT_EQ(Cold.Exit, Plain.Exit);
  EXPECT_EQ(Cold.Out, Plain.Out);
  EXPECT_EQ(Cold.Err, Plain.Err);
  // The first run only notes the TUs it saw; the second builds their
  // preambles, one per TU, each with its dependency list.
  EXPECT_TRUE(cacheFiles(".pch").empty());
  EXPECT_EQ(cacheFiles(".pch.seen").size(), SampleTus);
  EXPECT_TRUE(runSamples({"--pch-cache", Cache}, Build) == Expected)
      << "building the preambles changed the log";
  EXPECT_EQ(Build.Exit, Plain.Exit);
  EXPECT_EQ(Build.Out, Plain.Out);
  EXPECT_EQ(Build.Err, Plain.Err);
  EXPECT_EQ(cacheFiles(".pch").size(), SampleTus);
  EXPECT_EQ(cacheFiles(".pch.deps").size(), SampleTus);

  EXPECT_TRUE(runSamples({"--pch-cache", Cache, "-j1"}, Warm) == Expected)
      << "a warm cache changed the log";
  EXPECT_EQ(Warm.Exit, Plain.Exit);
  EXPECT_EQ(Warm.Out, Plain.Out);

  // Bytes damaged inside an entry whose size and time stay the same: its
  // content hash tells, and it is rebuilt before Clang ever reads it.
  std::vector<std::string> Pchs = cacheFiles(".pch");
  for (const std::string &P : Pchs) {
    fs::file_status Before;
    ASSERT_FALSE(fs::status(P, Before));
    int FD;
    ASSERT_FALSE(fs::openFileForReadWrite(P, FD, fs::CD_OpenExisting,
                                          fs::OF_None));
    {
      llvm::raw_fd_ostream OS(FD, /*shouldClose=*/false);
      OS.seek(Before.getSize() / 2);
      OS << std::string(64, 'X');
    }
    ASSERT_FALSE(fs::setLastAccessAndModificationTime(
        FD, Before.getLastModificationTime()));
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  }
  EXPECT_TRUE(runSamples({"--pch-cache", Cache}, Damaged) == Expected)
      << "a damaged cache changed the log";
  EXPECT_EQ(Damaged.Exit, Plain.Exit);
  EXPECT_EQ(Damaged.Out, Plain.Out);
  EXPECT_EQ(cacheFiles(".pch").size(), SampleTus) << "entries were dropped";
  for (const std::string &P : Pchs)
    EXPECT_EQ(readFile(P).find(std::string(64, 'X')), std::string::npos)
        << P << " was not rebuilt";

  // A corrupt entry (its headers unchanged) is dropped, the TU parsed again.
  for (const std::string &P : cacheFiles(".pch")) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << "not a precompiled header";
  }
  EXPECT_TRUE(runSamples({"--pch-cache", Cache}, Corrupt) == Expected)
      << "a corrupt cache changed the log";
  EXPECT_EQ(Corrupt.Exit, Plain.Exit);
  EXPECT_EQ(Corrupt.Out, Plain.Out);
}

TEST_F(Pch, ChangedHeaderIsNotTakenFromTheCache) {
  // A TU whose header changes between two runs must see the new header.
  std::string Dir = tmp("src");
  ASSERT_FALSE(fs::create_directories(Dir));
  auto Write = [&](llvm::StringRef Name, llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Dir + "/" + Name.str(), EC);
    OS << Text;
  };
  Write("helper.h", "#include <ntddk.h>\n#define ALLOC(n) ExAllocatePool2("
                    "POOL_FLAG_NON_PAGED, n, 'tseT')\n");
  Write("user.c", "#include \"helper.h\"\n\nPVOID Get(void) { return "
                  "ALLOC(16); }\n");
  std::string Db = database({"user.c"}, {}, Dir);
  std::string Cache = tmp("cache");
  Result R = run({"-p", Db, "--pch-cache", Cache});
  EXPECT_EQ(R.Exit, 0) << R.Out << R.Err;
  R = run({"-p", Db, "--pch-cache", Cache}); // builds the preamble
  EXPECT_EQ(R.Exit, 0) << R.Out << R.Err;
  EXPECT_EQ(cacheFiles(".pch").size(), 1u);
  // The deprecated allocator now.
  Write("helper.h", "#include <ntddk.h>\n#define ALLOC(n) ExAllocatePool("
                    "NonPagedPoolNx, n)\n");
  R = run({"-p", Db, "--pch-cache", Cache});
  EXPECT_EQ(R.Exit, 1) << R.Out << R.Err;
  EXPECT_NE(R.Out.find("[deprecated-pool-alloc]"), std::string::npos) << R.Out;
}

} // namespace
