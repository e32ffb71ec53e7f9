//===- IntrinsicBodies.cpp ------------------------------------------------===//
#include "IntrinsicBodies.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace drvcert {

namespace {
std::string normalized(llvm::StringRef P) {
  llvm::SmallString<256> Out(P);
  llvm::sys::fs::make_absolute(Out);
  llvm::sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
  llvm::sys::path::native(Out);
  return std::string(Out);
}
} // namespace

IntrinsicBodies::IntrinsicBodies(llvm::StringRef ResourceDir) {
  if (ResourceDir.empty())
    return; // no resource directory: skip nothing
  llvm::SmallString<256> P(ResourceDir);
  llvm::sys::path::append(P, "include");
  IncludeDir = normalized(P);
}

bool IntrinsicBodies::skip(const clang::Decl *D) {
  if (IncludeDir.empty() || !D)
    return false;
  const clang::SourceManager &SM = D->getASTContext().getSourceManager();
  clang::SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
  if (Loc.isInvalid() || !SM.isInSystemHeader(Loc))
    return false;
  clang::FileID FID = SM.getFileID(Loc);
  auto [It, New] = Known.try_emplace(FID, false);
  if (!New)
    return It->second;
  clang::OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return false;
  std::string Dir = normalized(llvm::sys::path::parent_path(FE->getName()));
  llvm::StringRef D2(Dir);
  bool Inside = D2.consume_front(IncludeDir) &&
                (D2.empty() || llvm::sys::path::is_separator(D2.front()));
  It->second = Inside;
  return Inside;
}

} // namespace drvcert
