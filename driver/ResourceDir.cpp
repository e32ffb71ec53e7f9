//===- ResourceDir.cpp ----------------------------------------------------===//
#include "ResourceDir.h"
#include "DrvcertConfig.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

namespace drvcert {

namespace path = llvm::sys::path;

static bool isResourceDir(const std::string &Dir) {
  llvm::SmallString<256> P(Dir);
  path::append(P, "include", "stddef.h");
  return llvm::sys::fs::exists(P);
}

std::string findResourceDir(const char *Argv0, std::vector<std::string> &Tried) {
  std::vector<std::string> Candidates;
  if (auto Env = llvm::sys::Process::GetEnv("DRVCERT_RESOURCE_DIR"))
    Candidates.push_back(*Env);
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  if (!Exe.empty()) {
    llvm::SmallString<256> Prefix(path::parent_path(path::parent_path(Exe)));
    llvm::SmallString<256> A(Prefix), B(Prefix);
    path::append(A, "lib", "drvcert", "clang");
    path::append(B, "lib", "clang", std::to_string(LLVM_VERSION_MAJOR));
    Candidates.push_back(std::string(A));
    Candidates.push_back(std::string(B));
  }
  Candidates.push_back(DRVCERT_CLANG_RESOURCE_DIR);
  for (const std::string &C : Candidates) {
    Tried.push_back(C);
    if (isResourceDir(C))
      return C;
  }
  return "";
}

} // namespace drvcert
