//===- AtomicFile.cpp -----------------------------------------------------===//
#include "AtomicFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Signals.h"

namespace drvcert {

bool writeAtomically(llvm::StringRef Path,
                     llvm::function_ref<void(llvm::raw_ostream &)> Write,
                     std::string &Error) {
  auto Fail = [&](const std::string &Why) {
    Error = ("cannot write '" + Path + "': " + Why).str();
    return false;
  };
  llvm::SmallString<256> Tmp;
  int FD;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", FD, Tmp))
    return Fail(EC.message());
  llvm::sys::RemoveFileOnSignal(Tmp);
  auto Discard = [&](const std::string &Why) {
    llvm::sys::fs::remove(Tmp);
    llvm::sys::DontRemoveFileOnSignal(Tmp);
    return Fail(Why);
  };
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    Write(OS);
    OS.close();
    if (OS.has_error()) {
      std::string Why = OS.error().message();
      OS.clear_error();
      return Discard(Why);
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path))
    return Discard(EC.message());
  llvm::sys::DontRemoveFileOnSignal(Tmp);
  return true;
}

} // namespace drvcert
