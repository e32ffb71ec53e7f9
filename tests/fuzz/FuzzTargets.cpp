//===- FuzzTargets.cpp ----------------------------------------------------===//
#include "FuzzTargets.h"
#include "ApiModel.h"
#include "Baseline.h"
#include "CompileDb.h"
#include "Config.h"
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

const Target Targets[] = {
    {"api-model", apiModel},   {"baseline", baseline},
    {"compile-db", compileDb}, {"config", config},
    {"suppressions", suppressions},
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
