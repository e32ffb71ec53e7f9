//===- ShardTest.cpp - --shard K/N and drvcert merge ----------------------===//
//
// A tree fanned out over N runners and merged must give the log, the text
// and the exit code of one run over the whole tree; logs that cannot be
// merged are refused with a message that says why.
//
//===----------------------------------------------------------------------===//
#include "CliSupport.h"

namespace {

using namespace drvcert::clitest;

class Shard : public Cli {
protected:
  /// Runs the N shards of Db with Options; returns their logs.
  std::vector<std::string> shards(const std::string &Db, unsigned N,
                                  const std::vector<std::string> &Options) {
    std::vector<std::string> Logs;
    for (unsigned K = 1; K <= N; ++K) {
      std::string Log = tmp("shard-" + std::to_string(K) + "-of-" +
                            std::to_string(N) + ".sarif");
      std::vector<std::string> Args = {"-p", Db, "--shard",
                                       std::to_string(K) + "/" +
                                           std::to_string(N),
                                       "-o", Log};
      Args.insert(Args.end(), Options.begin(), Options.end());
      Result R = run(Args);
      EXPECT_NE(R.Exit, 2) << R.Err;
      Logs.push_back(Log);
    }
    return Logs;
  }

  /// One run and a merge of N shards with the same options write the same
  /// bytes, text and exit code.
  void expectMergeEqualsOneRun(const std::string &Db, unsigned N,
                               std::vector<std::string> Options,
                               int ExpectedExit) {
    Options.insert(Options.end(), {"--source-root", DRVCERT_SOURCE_DIR});
    std::vector<std::string> Logs = shards(Db, N, Options);
    // Same -o path in both: the log records its command line.
    std::string Out = tmp("all.sarif");
    std::vector<std::string> Single = {"-p", Db, "-o", Out};
    Single.insert(Single.end(), Options.begin(), Options.end());
    Result One = run(Single);
    EXPECT_EQ(One.Exit, ExpectedExit) << One.Err;
    std::string OneLog = readFile(Out);
    ASSERT_FALSE(OneLog.empty());
    llvm::sys::fs::remove(Out);

    std::vector<std::string> MergeArgs = {"merge", "-p", Db};
    MergeArgs.insert(MergeArgs.end(), Logs.rbegin(), Logs.rend()); // any order
    MergeArgs.insert(MergeArgs.end(), {"-o", Out});
    MergeArgs.insert(MergeArgs.end(), Options.begin(), Options.end());
    Result Merged = run(MergeArgs);
    EXPECT_EQ(Merged.Exit, One.Exit) << Merged.Err;
    EXPECT_EQ(Merged.Out, One.Out);
    EXPECT_EQ(Merged.Err, One.Err);
    EXPECT_TRUE(readFile(Out) == OneLog)
        << "the merged log differs from the single run's";
  }
};

TEST_F(Shard, SamplesThreeWaysMergeToOneRun) {
  expectMergeEqualsOneRun(DRVCERT_SOURCE_DIR "/samples", 3, {}, 1);
}

TEST_F(Shard, GateOptionsAndBaselineApplyToTheWholeTree) {
  // The baseline and the gate are the merge's business: a baseline of one
  // run makes every result unchanged, and --fail-on=new passes.
  std::string Base = tmp("base.sarif");
  ASSERT_EQ(run({"-p", DRVCERT_SOURCE_DIR "/samples", "-o", Base,
                 "--source-root", DRVCERT_SOURCE_DIR})
                .Exit,
            1);
  expectMergeEqualsOneRun(DRVCERT_SOURCE_DIR "/samples", 2,
                          {"--ruleset", "must-fix", "--baseline", Base,
                           "--fail-on=new"},
                          0);
}

TEST_F(Shard, BrokenTusAndSharedHeadersMergeToOneRun) {
  // user1.c and user2.c share a header with a finding, reported once;
  // broken.c does not parse: exit 3, with the same reproduce command.
  std::string Db = database({"user1.c", "broken.c", "user2.c", "good.c"});
  expectMergeEqualsOneRun(Db, 3, {}, 3);
}

TEST_F(Shard, ShardLogIsValidSarifWithItsResults) {
  std::vector<std::string> Logs = shards(DRVCERT_SOURCE_DIR "/samples", 3, {});
  llvm::json::Value Log = sarif(Logs[1]);
  const llvm::json::Object *Props = run0(Log).getObject("properties");
  ASSERT_TRUE(Props);
  const llvm::json::Object *S = Props->getObject("drvcert/shard");
  ASSERT_TRUE(S);
  EXPECT_EQ(S->getString("shard"), "2/3");
  EXPECT_EQ(S->getInteger("databaseSize"), 14);
  const llvm::json::Array *Tus = S->getArray("tus");
  ASSERT_TRUE(Tus);
  ASSERT_EQ(Tus->size(), 5u); // indexes 1, 4, 7, 10 and 13 of 14
  for (size_t I = 0; I < Tus->size(); ++I)
    EXPECT_EQ((*Tus)[I].getAsObject()->getInteger("index"), int64_t(1 + 3 * I));
  expectValidSarif(Logs[1]);
}

TEST_F(Shard, MoreShardsThanTusIsFine) {
  std::string Db = database({"good.c", "user1.c"});
  std::vector<std::string> Logs = shards(Db, 3, {"--fail-on=none"});
  Result R = run({"-p", Db, "--shard", "3/3", "--fail-on=none"});
  EXPECT_EQ(R.Exit, 0) << R.Err;
  R = run({"merge", "-p", Db, Logs[0], Logs[1], Logs[2]});
  EXPECT_EQ(R.Exit, 1) << R.Err; // good.c's banned API
}

TEST_F(Shard, BadShardOptions) {
  std::string Db = database({"good.c"});
  for (const char *Bad : {"0/3", "4/3", "3", "a/b", "1/0"}) {
    Result R = run({"-p", Db, "--shard", Bad});
    EXPECT_EQ(R.Exit, 2) << Bad;
    EXPECT_NE(R.Err.find("--shard: expected K/N with 1 <= K <= N"),
              std::string::npos)
        << R.Err;
  }
  Result R = run({"-p", Db, "--shard", "1/2", "good.c"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("do not name source files with it"), std::string::npos)
      << R.Err;
  R = run({"merge", "-p", Db});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("merge: no shard log given"), std::string::npos) << R.Err;
}

TEST_F(Shard, MergeRefusesLogsThatDoNotMakeOneTree) {
  std::string Samples = DRVCERT_SOURCE_DIR "/samples";
  std::vector<std::string> Three = shards(Samples, 3, {});
  std::vector<std::string> Two = shards(Samples, 2, {});
  auto Expect = [&](std::vector<std::string> Args, const std::string &Msg) {
    Args.insert(Args.begin(), {"merge", "-p", Samples});
    Result R = run(Args);
    EXPECT_EQ(R.Exit, 2) << Msg;
    EXPECT_NE(R.Err.find(Msg), std::string::npos) << R.Err;
  };
  std::string Plain = tmp("plain.sarif");
  run({"-p", Samples, "-o", Plain});
  Expect({Three[0], Plain, Three[1], Three[2]},
         "plain.sarif' is not the log of a drvcert --shard run");
  Expect({tmp("missing.sarif")}, "missing.sarif");
  Expect({Three[0], Two[1], Three[2]},
         "is shard 2/2, the other logs are shards of 3");
  Expect({Three[0], Three[2]}, "shard 2/3 is missing: merge the logs of all 3");
  Expect({Three[0], Three[1], Three[0], Three[2]}, "shard 1/3 is given twice");
  Expect({Three[0], Three[1], Three[2], "--checks=-banned-*"},
         "was analyzed with other options");

  // Shards of another database, with as many TUs or not.
  std::string Other = database({"good.c"});
  std::vector<std::string> OtherLogs = shards(Other, 1, {});
  Expect({OtherLogs[0]}, "was made from another compilation database");
  std::string Six = database({"good.c", "user1.c", "user2.c", "broken.c",
                              "user2.c", "good.c"});
  std::vector<std::string> SixLogs = shards(Six, 1, {"--fail-on=none"});
  Expect({SixLogs[0]}, "was made from another compilation database");
}

} // namespace
