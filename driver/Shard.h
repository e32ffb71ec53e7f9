//===- Shard.h - One tree over many CI runners ------------------*- C++ -*-===//
//
//   drvcert -p build --shard K/N -o shard-K.sarif     (K = 1..N, anywhere)
//   drvcert merge -p build shard-*.sarif -o all.sarif
//
// A shard analyzes the translation units whose index in the database is
// K-1 modulo N, and its SARIF log carries, in runs[0].properties
// ["drvcert/shard"], the raw result of each (TuResultJson.h), before any
// merging. `drvcert merge` takes the same options as the run (the database,
// ruleset, baseline ...), reads the TUs' results from the shard logs instead
// of analyzing them, and goes on exactly as one run would: findings in
// shared headers once, suppressions, fingerprints, baseline and verdict
// computed over the whole tree. Its log is the one a single run writes.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_SHARD_H
#define DRVCERT_DRIVER_SHARD_H

#include "TuAnalyzer.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"
#include <string>
#include <vector>

namespace drvcert {

struct ShardSpec {
  unsigned K = 0, N = 0; // 1 <= K <= N; N = 0: not sharded

  explicit operator bool() const { return N != 0; }
  /// True when the TU at Index (in database order) belongs to this shard.
  bool has(size_t Index) const { return !N || Index % N == K - 1; }
};

/// Parses "K/N"; false with Error when it is not 1 <= K <= N.
bool parseShard(llvm::StringRef Text, ShardSpec &Out, std::string &Error);

/// The runs[0].properties key of a shard's results.
constexpr const char *ShardPropertyKey = "drvcert/shard";

/// What a TU's result depends on besides its command: rules, rule options,
/// budgets, extra arguments and models (not the resource directory, which
/// may differ between runners). Shards and merge must agree on it.
llvm::json::Value analysisSignature(const AnalysisOptions &Opts);

/// The property a shard's log carries: its spec, the database (its path and
/// number of TUs), the analysis signature, and each TU's result with its
/// index in the database.
llvm::json::Value shardProperty(ShardSpec S, llvm::StringRef DbPath,
                                size_t DbSize, llvm::json::Value Signature,
                                llvm::ArrayRef<size_t> Indexes,
                                llvm::ArrayRef<TuResult> Tus);

/// A SARIF log's shard property (runs[0].properties["drvcert/shard"]), or
/// null when it has none.
const llvm::json::Object *shardPropertyOf(const llvm::json::Value &Log);

/// Reads one shard log, Log, named Name: its spec and its TUs' results with
/// their indexes in Commands. Fails with Error when it is not a shard log of
/// this database made with Signature's options (mergeShards() checks what
/// concerns several logs).
bool readShardLog(const llvm::json::Value &Log, llvm::StringRef Name,
                  llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
                  const llvm::json::Value &Signature, ShardSpec &S,
                  std::vector<std::pair<size_t, TuResult>> &Tus,
                  std::string &Error);

/// Reads the shard logs of one tree: Results[I] becomes the result of
/// Commands[I] (the whole database, in order). Fails with Error when a log is
/// not a shard log, the logs disagree on N, a shard is missing or given
/// twice, a log was made from another database, or with other analysis
/// options than Signature.
bool mergeShards(llvm::ArrayRef<std::string> Logs,
                 llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
                 const llvm::json::Value &Signature,
                 std::vector<TuResult> &Results, std::string &Error);

} // namespace drvcert

#endif
