//===- Shard.cpp ----------------------------------------------------------===//
#include "Shard.h"
#include "TuResultJson.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

namespace drvcert {

bool parseShard(llvm::StringRef Text, ShardSpec &Out, std::string &Error) {
  auto [K, N] = Text.split('/');
  if (K.getAsInteger(10, Out.K) || N.getAsInteger(10, Out.N) || Out.N == 0 ||
      Out.K == 0 || Out.K > Out.N) {
    Error = "--shard: expected K/N with 1 <= K <= N (this runner's share of "
            "N), got '" + Text.str() + "'";
    return false;
  }
  return true;
}

namespace {

/// A copy of V that owns its strings: toJson() borrows its argument's.
llvm::json::Value owned(const llvm::json::Value &V) {
  std::string Text;
  llvm::raw_string_ostream(Text) << V;
  llvm::Expected<llvm::json::Value> Copy = llvm::json::parse(Text);
  if (!Copy) { // cannot happen: we just wrote it
    llvm::consumeError(Copy.takeError());
    return nullptr;
  }
  return std::move(*Copy);
}

} // namespace

llvm::json::Value analysisSignature(const AnalysisOptions &Opts) {
  WorkerJob J;
  J.Options = Opts;
  J.RuleOptions = currentRuleOptions();
  llvm::json::Value V = toJson(J);
  llvm::json::Object &O = *V.getAsObject();
  llvm::json::Object Options = std::move(*O.getObject("options"));
  Options.erase("resourceDir");
  Options.erase("pchCacheDir"); // changes the time a TU takes, not its result
  return owned(llvm::json::Object{
      {"options", std::move(Options)},
      {"ruleOptions", std::move(*O.get("ruleOptions"))}});
}

llvm::json::Value shardProperty(ShardSpec S, llvm::StringRef DbPath,
                                size_t DbSize, llvm::json::Value Signature,
                                llvm::ArrayRef<size_t> Indexes,
                                llvm::ArrayRef<TuResult> Tus) {
  llvm::json::Array A;
  for (size_t I = 0; I < Tus.size(); ++I)
    A.push_back(llvm::json::Object{{"index", uint64_t(Indexes[I])},
                                   {"result", toJson(Tus[I])}});
  llvm::json::Value V = llvm::json::Object{
      {"shard", std::to_string(S.K) + "/" + std::to_string(S.N)},
      {"database", DbPath},
      {"databaseSize", uint64_t(DbSize)},
      {"analysis", std::move(Signature)},
      {"tus", std::move(A)}};
  // toJson() borrows the TUs' strings, which the run moves on (its
  // findings are merged).
  return owned(V);
}

const llvm::json::Object *shardPropertyOf(const llvm::json::Value &Log) {
  const llvm::json::Object *Root = Log.getAsObject();
  const llvm::json::Array *Runs = Root ? Root->getArray("runs") : nullptr;
  const llvm::json::Object *Run =
      Runs && !Runs->empty() ? (*Runs)[0].getAsObject() : nullptr;
  const llvm::json::Object *Props = Run ? Run->getObject("properties") : nullptr;
  return Props ? Props->getObject(ShardPropertyKey) : nullptr;
}

bool readShardLog(const llvm::json::Value &Log, llvm::StringRef Name,
                  llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
                  const llvm::json::Value &Signature, ShardSpec &S,
                  std::vector<std::pair<size_t, TuResult>> &Tus,
                  std::string &Error) {
  const llvm::json::Object *P = shardPropertyOf(Log);
  if (!P) {
    Error = "'" + Name.str() + "' is not the log of a drvcert --shard run";
    return false;
  }
  std::string Why;
  if (!parseShard(P->getString("shard").value_or(""), S, Why)) {
    Error = "'" + Name.str() + "': malformed shard property: " + Why;
    return false;
  }
  auto Size = P->getInteger("databaseSize");
  if (!Size || *Size < 0 || size_t(*Size) != Commands.size()) {
    Error = "'" + Name.str() + "' was made from another compilation database (" +
            (Size ? std::to_string(*Size) : std::string("an unknown number of")) +
            " translation units, this one has " +
            std::to_string(Commands.size()) +
            "); run every shard and the merge on the same database";
    return false;
  }
  const llvm::json::Value *Sig = P->get("analysis");
  if (!Sig || *Sig != Signature) {
    Error = "'" + Name.str() + "' was analyzed with other options (rules, rule "
            "options, budgets, --extra-arg or --model); give the merge the "
            "same options as the shards";
    return false;
  }
  const llvm::json::Array *TuArray = P->getArray("tus");
  if (!TuArray) {
    Error = "'" + Name.str() + "': malformed shard property: no 'tus'";
    return false;
  }
  for (const llvm::json::Value &T : *TuArray) {
    const llvm::json::Object *O = T.getAsObject();
    auto Index = O ? O->getInteger("index") : std::nullopt;
    const llvm::json::Value *R = O ? O->get("result") : nullptr;
    TuResult Tu;
    if (!Index || !R || !fromJson(*R, Tu, Why)) {
      Error = "'" + Name.str() + "': malformed shard property: " +
              (Why.empty() ? "a TU without index or result" : Why);
      return false;
    }
    int64_t At = *Index;
    if (At < 0 || size_t(At) >= Commands.size() ||
        Commands[At]->Filename != Tu.File) {
      Error = "'" + Name.str() + "' was made from another compilation database: "
              "its TU " + std::to_string(At) + " is '" + Tu.File +
              "'; run every shard and the merge on the same database";
      return false;
    }
    Tus.emplace_back(size_t(At), std::move(Tu));
  }
  return true;
}

bool mergeShards(llvm::ArrayRef<std::string> Logs,
                 llvm::ArrayRef<const clang::tooling::CompileCommand *> Commands,
                 const llvm::json::Value &Signature,
                 std::vector<TuResult> &Results, std::string &Error) {
  Results.assign(Commands.size(), TuResult());
  std::vector<bool> Seen(Commands.size());
  std::map<unsigned, std::string> Shards; // K -> log
  unsigned N = 0;
  for (const std::string &Log : Logs) {
    llvm::json::Value V = nullptr;
    if (!readJsonFile(Log, V, Error))
      return false;
    ShardSpec S;
    std::vector<std::pair<size_t, TuResult>> Tus;
    if (!readShardLog(V, Log, Commands, Signature, S, Tus, Error))
      return false;
    if (N && S.N != N) {
      Error = "'" + Log + "' is shard " + std::to_string(S.K) + "/" +
              std::to_string(S.N) + ", the other logs are shards of " +
              std::to_string(N);
      return false;
    }
    N = S.N;
    if (!Shards.insert({S.K, Log}).second) {
      Error = "shard " + std::to_string(S.K) + "/" + std::to_string(N) +
              " is given twice: '" + Shards[S.K] + "' and '" + Log + "'";
      return false;
    }
    for (auto &[At, Tu] : Tus) {
      Seen[At] = true;
      Results[At] = std::move(Tu);
    }
  }
  std::string Missing;
  for (unsigned K = 1; K <= N; ++K)
    if (!Shards.count(K))
      Missing += (Missing.empty() ? "" : ", ") + std::to_string(K) + "/" +
                 std::to_string(N);
  if (!Missing.empty()) {
    Error = "shard " + Missing + " is missing: merge the logs of all " +
            std::to_string(N) + " shards";
    return false;
  }
  for (size_t I = 0; I < Commands.size(); ++I)
    if (!Seen[I]) {
      Error = "no shard log has '" + Commands[I]->Filename +
              "': run every shard and the merge on the same database";
      return false;
    }
  return true;
}

} // namespace drvcert
