//===- FuzzTargets.cpp ----------------------------------------------------===//
#include "FuzzTargets.h"
#include "ApiModel.h"
#include "Baseline.h"
#include "CompileDb.h"
#include "Config.h"
#include "Shard.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "Suppressions.h"

namespace drvcert::fuzz {

namespace {

llvm::StringRef text(const uint8_t *Data, size_t Size) {
  return llvm::StringRef(reinterpret_cast<const char *>(Data), Size);
}

int compileDb(const uint8_t *Data, size_t Size) {
  CompileDb Db;
  std::string Error;
  parseCompileDb(text(Data, Size), "/fuzz/compile_commands.json", Db, Error);
  return 0;
}

int apiModel(const uint8_t *Data, size_t Size) {
  ApiModel M;
  std::string Error;
  M.addYaml(text(Data, Size), "fuzz.yaml", Error);
  return 0;
}

int config(const uint8_t *Data, size_t Size) {
  for (ConfigKind K : {ConfigKind::Ruleset, ConfigKind::Project}) {
    ConfigLayer Layer;
    std::string Error;
    parseConfig(text(Data, Size), "/fuzz/.drvcert.yaml", K, Layer, Error);
  }
  return 0;
}

int suppressions(const uint8_t *Data, size_t Size) {
  std::vector<SuppressionDirective> Out;
  std::vector<SuppressionProblem> Problems;
  // Clang's raw lexer reads the NUL after the text, which source files
  // (MemoryBuffer) always have.
  std::string Text(text(Data, Size));
  scanSuppressions(Text, "/fuzz/driver.c", Out, Problems);
  return 0;
}

int baseline(const uint8_t *Data, size_t Size) {
  Baseline B;
  std::string Error;
  parseBaseline(text(Data, Size), "/fuzz/previous.sarif", B, Error);
  return 0;
}

} // namespace

bool shardLogAccepted(llvm::StringRef Text) {
  // A database of three TUs; the seeds are shard logs of it. The log's own
  // analysis signature stands for the merge's options, so that inputs get
  // past that check to the TUs' results.
  static const clang::tooling::CompileCommand Cmds[] = {
      {"/fuzz", "/fuzz/a.c", {"clang", "-c", "a.c"}, ""},
      {"/fuzz", "/fuzz/b.c", {"clang", "-c", "b.c"}, ""},
      {"/fuzz", "/fuzz/c.c", {"clang", "-c", "c.c"}, ""}};
  const clang::tooling::CompileCommand *Commands[] = {&Cmds[0], &Cmds[1],
                                                      &Cmds[2]};
  auto V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return false;
  }
  llvm::json::Value Signature = nullptr;
  if (const llvm::json::Object *P = shardPropertyOf(*V))
    if (const llvm::json::Value *A = P->get("analysis"))
      Signature = *A;
  ShardSpec S;
  std::vector<std::pair<size_t, TuResult>> Tus;
  std::string Error;
  return readShardLog(*V, "/fuzz/shard.sarif", Commands, Signature, S, Tus,
                      Error);
}

namespace {

int shardLog(const uint8_t *Data, size_t Size) {
  shardLogAccepted(text(Data, Size));
  return 0;
}

const Target Targets[] = {
    {"api-model", apiModel},   {"baseline", baseline},
    {"compile-db", compileDb}, {"config", config},
    {"shard-log", shardLog},   {"suppressions", suppressions},
};

} // namespace

llvm::ArrayRef<Target> targets() { return Targets; }

const Target *findTarget(llvm::StringRef Name) {
  for (const Target &T : Targets)
    if (Name == T.Name)
      return &T;
  return nullptr;
}

} // namespace drvcert::fuzz
