//===- CliSupport.h - Running drvcert from a test ---------------*- C++ -*-===//
//
// The fixture of the end-to-end tests (tests/cli/*Test.cpp): a private
// temporary directory, drvcert run as a user runs it, compilation databases
// over tests/cli/Inputs, and the SARIF validator.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_TESTS_CLI_CLISUPPORT_H
#define DRVCERT_TESTS_CLI_CLISUPPORT_H

#include "TestConfig.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

namespace drvcert::clitest {

struct Result {
  int Exit = -1;
  std::string Out, Err;
};

inline std::string readFile(llvm::StringRef Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  return B ? (*B)->getBuffer().str() : "";
}

class Cli : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("drvcert-cli", Tmp));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Tmp); }

  std::string tmp(llvm::StringRef Name) {
    llvm::SmallString<256> P(Tmp);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }

  static std::string input(llvm::StringRef Name) {
    return std::string(DRVCERT_SOURCE_DIR "/tests/cli/Inputs/") + Name.str();
  }

  Result run(std::vector<std::string> Args) {
    Args.insert(Args.begin(), DRVCERT_BINARY);
    std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
    std::string Out = tmp("stdout"), Err = tmp("stderr");
    // The redirections do not truncate: an earlier, longer output would
    // show through.
    llvm::sys::fs::remove(Out);
    llvm::sys::fs::remove(Err);
    std::optional<llvm::StringRef> Redirects[] = {std::nullopt, llvm::StringRef(Out),
                                                  llvm::StringRef(Err)};
    Result R;
    R.Exit = llvm::sys::ExecuteAndWait(DRVCERT_BINARY, Refs, std::nullopt,
                                       Redirects);
    R.Out = readFile(Out);
    R.Err = readFile(Err);
    return R;
  }

  /// A compile_commands.json in the temp dir with one entry per file, each
  /// compiled in Dir with the test flags plus Extra.
  std::string database(const std::vector<std::string> &Files,
                       const std::vector<std::string> &Extra = {},
                       const std::string &Dir = DRVCERT_SOURCE_DIR
                       "/tests/cli/Inputs") {
    llvm::json::Array Entries;
    for (const std::string &F : Files) {
      llvm::json::Array Args{"clang-19",
                             "--target=x86_64-w64-mingw32",
                             "-fms-extensions",
                             "--sysroot=" DRVCERT_MINGW_SYSROOT,
                             "-isystem",
                             DRVCERT_SOURCE_DIR "/wdk-shim",
                             "-isystem",
                             DRVCERT_MINGW_SYSROOT "/include/ddk"};
      for (const std::string &E : Extra)
        Args.push_back(E);
      Args.push_back("-c");
      Args.push_back(F);
      Entries.push_back(llvm::json::Object{
          {"directory", Dir},
          {"file", F},
          {"arguments", std::move(Args)}});
    }
    std::string Path = tmp("compile_commands.json");
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    OS << llvm::json::Value(std::move(Entries));
    return Path;
  }

  llvm::json::Value sarif(llvm::StringRef Path) {
    auto V = llvm::json::parse(readFile(Path));
    if (!V) {
      ADD_FAILURE() << "invalid JSON in " << Path.str() << ": "
                    << llvm::toString(V.takeError());
      return nullptr;
    }
    return std::move(*V);
  }

  /// Runs Microsoft's SARIF validator (GitHub rules) and the JSON schema.
  void expectValidSarif(llvm::StringRef Path) {
    std::string Script = DRVCERT_SOURCE_DIR "/tests/sarif/validate-sarif.sh";
    std::string Log = tmp("validate.log");
    std::optional<llvm::StringRef> Redirects[] = {std::nullopt, llvm::StringRef(Log),
                                                  llvm::StringRef(Log)};
    std::vector<llvm::StringRef> Args = {"bash", Script, "--tools",
                                         DRVCERT_SARIF_TOOLS, Path};
    int Exit = llvm::sys::ExecuteAndWait("/bin/bash", Args, std::nullopt,
                                         Redirects);
    EXPECT_EQ(Exit, 0) << "SARIF validation failed for " << Path.str() << ":\n"
                       << readFile(Log);
  }

  llvm::SmallString<256> Tmp;
};

inline const llvm::json::Object &run0(const llvm::json::Value &Log) {
  static const llvm::json::Object Empty;
  const llvm::json::Object *Root = Log.getAsObject();
  const llvm::json::Array *Runs = Root ? Root->getArray("runs") : nullptr;
  if (!Runs || Runs->empty() || !Runs->front().getAsObject()) {
    ADD_FAILURE() << "not a SARIF log with a run";
    return Empty;
  }
  return *Runs->front().getAsObject();
}

inline size_t count(const llvm::json::Object &O, llvm::StringRef Key) {
  const llvm::json::Array *A = O.getArray(Key);
  return A ? A->size() : 0;
}

inline const llvm::json::Object &firstInvocation(const llvm::json::Object &Run) {
  static const llvm::json::Object Empty;
  const llvm::json::Array *A = Run.getArray("invocations");
  if (!A || A->empty() || !A->front().getAsObject()) {
    ADD_FAILURE() << "no invocation";
    return Empty;
  }
  return *A->front().getAsObject();
}

} // namespace drvcert::clitest

#endif
