//===- Preamble.cpp -------------------------------------------------------===//
#include "Preamble.h"
#include "DrvcertConfig.h"
#include "IntrinsicBodies.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MD5.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <optional>

using namespace clang;

namespace drvcert {
namespace {

/// A file the preamble was built from, as it was then.
struct Dependency {
  std::string Path; // absolute
  uint64_t Size = 0;
  int64_t MTime = 0; // nanoseconds since the epoch
};

bool stat(llvm::StringRef Path, Dependency &D) {
  llvm::sys::fs::file_status S;
  if (llvm::sys::fs::status(Path, S) || !llvm::sys::fs::is_regular_file(S))
    return false;
  D.Path = Path.str();
  D.Size = S.getSize();
  D.MTime = S.getLastModificationTime().time_since_epoch().count();
  return true;
}

/// Collects the files the preamble read, and keeps the bodies of the
/// headers' functions (the analyzer inlines them and the rules match them)
/// but those of the compiler's intrinsic headers, as the normal parse does.
class DependencyCallbacks : public PreambleCallbacks {
public:
  DependencyCallbacks(llvm::vfs::FileSystem &FS, std::string MainFile,
                      llvm::StringRef ResourceDir)
      : FS(FS), MainFile(std::move(MainFile)), Bodies(ResourceDir) {}

  void AfterExecute(CompilerInstance &CI) override {
    const SourceManager &SM = CI.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      llvm::SmallString<256> P(It->first.getName());
      if (FS.makeAbsolute(P))
        continue;
      llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
      if (P == MainFile)
        continue; // its preamble bytes are in the key
      Dependency D;
      if (!stat(P, D)) {
        Complete = false; // a file we cannot check later: do not cache
        continue;
      }
      Deps.push_back(std::move(D));
    }
  }
  bool shouldSkipFunctionBody(Decl *D) override { return Bodies.skip(D); }

  llvm::vfs::FileSystem &FS;
  std::string MainFile;
  IntrinsicBodies Bodies;
  std::vector<Dependency> Deps;
  bool Complete = true;
};

std::string depsPath(llvm::StringRef Pch) { return (Pch + ".deps").str(); }

/// The PCH's content hash, as its list records it (hex): a file damaged
/// without a change of size or time is rebuilt, never given to Clang, whose
/// reader trusts a PCH's bytes.
std::optional<std::string> contentHash(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  return llvm::utohexstr(llvm::xxh3_64bits((*Buf)->getBuffer()));
}

/// True when every file the PCH at Pch was built from is as it was then,
/// and the PCH itself has the bytes it was written with.
bool upToDate(llvm::StringRef Pch) {
  if (!llvm::sys::fs::is_regular_file(Pch))
    return false;
  auto Buf = llvm::MemoryBuffer::getFile(depsPath(Pch));
  if (!Buf)
    return false;
  auto V = llvm::json::parse((*Buf)->getBuffer());
  if (!V) {
    llvm::consumeError(V.takeError());
    return false;
  }
  const llvm::json::Array *Files = V->getAsArray();
  if (!Files)
    return false;
  for (const llvm::json::Value &F : *Files) {
    const llvm::json::Object *O = F.getAsObject();
    auto Path = O ? O->getString("path") : std::nullopt;
    auto Size = O ? O->getInteger("size") : std::nullopt;
    auto MTime = O ? O->getInteger("mtime") : std::nullopt;
    Dependency Now;
    if (!Path || !Size || !MTime || !stat(*Path, Now) ||
        int64_t(Now.Size) != *Size || Now.MTime != *MTime)
      return false;
    if (*Path == Pch) {
      auto Want = O->getString("xxh3");
      if (!Want || contentHash(Pch) != Want->str())
        return false;
    }
  }
  return true;
}

/// Writes Text to Path through a temporary file in the same directory and
/// a rename: a reader sees the old file, the new one, or none.
bool writeAtomically(llvm::StringRef Path, llvm::StringRef Text) {
  llvm::SmallString<256> Tmp;
  int FD;
  if (llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", FD, Tmp))
    return false;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return false;
    }
  }
  if (llvm::sys::fs::rename(Tmp, Path)) {
    llvm::sys::fs::remove(Tmp);
    return false;
  }
  return true;
}

/// Builds the preamble of Invocation's main file into Pch (and its
/// dependency list); false when it cannot, leaving no entry.
bool build(const CompilerInvocation &Invocation, const llvm::MemoryBuffer &Main,
           PreambleBounds Bounds, llvm::StringRef MainFile, llvm::StringRef Pch,
           llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
           std::shared_ptr<PCHContainerOperations> PCHOps) {
  // PrecompiledPreamble writes a temporary file of its own, removed with
  // it: build in a private directory, then rename that file into place.
  llvm::SmallString<256> Dir;
  if (llvm::sys::fs::createUniqueDirectory(Pch + ".build", Dir))
    return false;
  auto Cleanup = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(Dir, /*IgnoreErrors=*/true); });

  // The engine owns a reference to its options.
  IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts =
      new DiagnosticOptions(Invocation.getDiagnosticOpts());
  DiagnosticConsumer Count; // counts errors, prints nothing
  IntrusiveRefCntPtr<DiagnosticsEngine> Diags =
      CompilerInstance::createDiagnostics(DiagOpts.get(), &Count,
                                          /*ShouldOwnClient=*/false);
  DependencyCallbacks Callbacks(*VFS, MainFile.str(),
                                Invocation.getHeaderSearchOpts().ResourceDir);
  llvm::ErrorOr<PrecompiledPreamble> Preamble = PrecompiledPreamble::Build(
      Invocation, &Main, Bounds, *Diags, VFS, std::move(PCHOps),
      /*StoreInMemory=*/false, Dir, Callbacks);
  if (!Preamble || Count.getNumErrors() || !Callbacks.Complete)
    return false; // a normal parse reports the headers' errors
  std::error_code EC;
  std::string Built;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".pch"))
      Built = It->path();
  if (Built.empty())
    return false;

  // The PCH first, then the list that makes it usable. A worker building
  // the same entry at the same time writes the same bytes. The list names
  // the PCH itself too: an entry changed behind drvcert's back (a corrupt
  // or truncated file) is rebuilt instead of loaded.
  Dependency Self;
  std::optional<std::string> Hash = contentHash(Built);
  if (!Hash || llvm::sys::fs::rename(Built, Pch) || !stat(Pch, Self)) {
    llvm::sys::fs::remove(Pch);
    return false;
  }
  llvm::json::Array Files;
  Files.push_back(llvm::json::Object{{"path", std::string(Pch)},
                                     {"size", int64_t(Self.Size)},
                                     {"mtime", Self.MTime},
                                     {"xxh3", *Hash}});
  for (const Dependency &D : Callbacks.Deps)
    Files.push_back(llvm::json::Object{
        {"path", D.Path}, {"size", int64_t(D.Size)}, {"mtime", D.MTime}});
  std::string Deps;
  llvm::raw_string_ostream(Deps) << llvm::json::Value(std::move(Files));
  if (!writeAtomically(depsPath(Pch), Deps)) {
    llvm::sys::fs::remove(Pch);
    return false;
  }
  return true;
}

} // namespace

std::string defaultPchCacheDir() {
  llvm::SmallString<256> Dir;
  if (!llvm::sys::path::cache_directory(Dir)) {
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Dir);
    llvm::sys::path::append(Dir, "drvcert-pch");
    return std::string(Dir);
  }
  llvm::sys::path::append(Dir, "drvcert", "pch");
  return std::string(Dir);
}

bool usePrecompiledPreamble(
    CompilerInvocation &Invocation, llvm::StringRef CacheDir,
    llvm::StringRef Key, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<PCHContainerOperations> PCHOps) {
  const FrontendOptions &FO = Invocation.getFrontendOpts();
  if (CacheDir.empty() || FO.Inputs.size() != 1 || !FO.Inputs[0].isFile())
    return false;
  llvm::SmallString<256> MainFile(FO.Inputs[0].getFile());
  if (VFS->makeAbsolute(MainFile))
    return false;
  llvm::sys::path::remove_dots(MainFile, /*remove_dot_dot=*/true);
  auto Main = VFS->getBufferForFile(MainFile);
  if (!Main)
    return false;
  PreambleBounds Bounds = ComputePreambleBounds(Invocation.getLangOpts(),
                                                (*Main)->getMemBufferRef(), 0);
  if (Bounds.Size == 0)
    return false;

  llvm::MD5 Hash;
  for (llvm::StringRef Part :
       {llvm::StringRef("drvcert " DRVCERT_VERSION),
        llvm::StringRef(CLANG_VERSION_STRING),
        llvm::StringRef(IntrinsicBodiesVersion),
        Key, llvm::StringRef(MainFile),
        (*Main)->getBuffer().take_front(Bounds.Size),
        llvm::StringRef(Bounds.PreambleEndsAtStartOfLine ? "1" : "0")}) {
    Hash.update(Part);
    Hash.update(llvm::ArrayRef<uint8_t>{0}); // parts cannot run together
  }
  llvm::MD5::MD5Result Digest;
  Hash.final(Digest);
  if (llvm::sys::fs::create_directories(CacheDir))
    return false;
  llvm::SmallString<256> Pch(CacheDir);
  llvm::sys::fs::make_absolute(Pch);
  llvm::sys::path::append(Pch, Digest.digest().str() + ".pch");

  if (!upToDate(Pch)) {
    // Building a preamble costs more than parsing the headers (the parse,
    // then writing the PCH): build it the second time a TU is analyzed with
    // this preamble, flags and file, so a run whose cache is thrown away
    // afterwards (CI without a kept cache) pays nothing for it.
    std::string Seen = (Pch + ".seen").str();
    if (!llvm::sys::fs::exists(Seen)) {
      writeAtomically(Seen, "");
      return false;
    }
    if (!build(Invocation, **Main, Bounds, MainFile, Pch, VFS, std::move(PCHOps)))
      return false;
  }

  PreprocessorOptions &PPO = Invocation.getPreprocessorOpts();
  PPO.ImplicitPCHInclude = std::string(Pch);
  PPO.PrecompiledPreambleBytes = {Bounds.Size, Bounds.PreambleEndsAtStartOfLine};
  // Checked above, file by file, with size and modification time.
  PPO.DisablePCHOrModuleValidation = DisableValidationForModuleKind::PCH;
  PPO.UsePredefines = false; // the preamble has them
  return true;
}

void discardPrecompiledPreamble(llvm::StringRef Pch) {
  if (Pch.empty())
    return;
  llvm::sys::fs::remove(Pch + ".seen");
  llvm::sys::fs::remove(depsPath(Pch));
  llvm::sys::fs::remove(Pch);
}

} // namespace drvcert
