//===- CompileDb.cpp ------------------------------------------------------===//
#include "CompileDb.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <set>

namespace drvcert {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

bool isClDriver(llvm::StringRef Argv0) {
  llvm::StringRef Name = path::filename(Argv0);
  if (Argv0.contains('\\')) // a Windows path seen on another host
    Name = Argv0.substr(Argv0.find_last_of("\\/") + 1);
  Name.consume_back_insensitive(".exe");
  return Name.equals_insensitive("cl") || Name.ends_with_insensitive("clang-cl");
}

std::vector<std::string> stripCodeLoadingFlags(std::vector<std::string> &Args) {
  std::vector<std::string> Removed, Kept;
  auto IsCc1Loader = [](llvm::StringRef A) {
    return A == "-load" || A == "-add-plugin" || A == "-plugin" ||
           A.starts_with("-plugin-arg-") || A.starts_with("-add-plugin=") ||
           A.starts_with("-fpass-plugin=") || A.starts_with("-load=");
  };
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    llvm::StringRef Core = A;
    Core.consume_front("/clang:"); // clang-cl passes driver flags this way
    if (I > 0 && (Core.starts_with("-fplugin=") ||
                  Core.starts_with("-fplugin-arg-") ||
                  Core.starts_with("-fpass-plugin="))) {
      Removed.push_back(A.str());
      continue;
    }
    if (I > 0 && A == "-Xclang" && I + 1 < Args.size() &&
        IsCc1Loader(Args[I + 1])) {
      std::string What = A.str() + " " + Args[I + 1];
      llvm::StringRef Op = Args[I + 1];
      I += 1;
      // Flags that take an operand: -Xclang -load -Xclang lib.so
      bool TakesOperand = Op == "-load" || Op == "-add-plugin" ||
                          Op == "-plugin" || Op.starts_with("-plugin-arg-");
      if (TakesOperand && I + 2 < Args.size() && Args[I + 1] == "-Xclang") {
        What += " -Xclang " + Args[I + 2];
        I += 2;
      }
      Removed.push_back(What);
      continue;
    }
    Kept.push_back(Args[I]);
  }
  Args = std::move(Kept);
  return Removed;
}

namespace {

std::string entryPrefix(llvm::StringRef DbPath, size_t Index) {
  return (path::filename(DbPath) + ": entry " + llvm::Twine(Index + 1) + ": ")
      .str();
}

/// Splits a "command" string. cl.exe / clang-cl commands follow Windows
/// quoting rules, everything else the GNU (shell-like) rules.
std::vector<std::string> splitCommand(llvm::StringRef Command) {
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 32> Argv;
  llvm::StringRef First = Command.ltrim();
  First = First.take_until([](char C) { return C == ' ' || C == '\t'; });
  if (isClDriver(First.trim('"')))
    llvm::cl::TokenizeWindowsCommandLine(Command, Saver, Argv);
  else
    llvm::cl::TokenizeGNUCommandLine(Command, Saver, Argv);
  return {Argv.begin(), Argv.end()};
}

/// Response files are named by the database, which is untrusted: only
/// regular files of a sane size are read, never /dev/zero, a FIFO or a
/// terminal (which would exhaust memory or block the run).
class ResponseFileSystem
    : public llvm::RTTIExtends<ResponseFileSystem, llvm::vfs::ProxyFileSystem> {
public:
  static const char ID;
  static constexpr uint64_t MaxSize = 64 << 20;
  std::string Rejected; // why the last file was refused

  ResponseFileSystem()
      : RTTIExtends(llvm::vfs::getRealFileSystem()) {}

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    llvm::ErrorOr<llvm::vfs::Status> S = status(Path);
    if (S && S->getType() != fs::file_type::regular_file)
      Rejected = "'" + Path.str() + "' is not a regular file";
    else if (S && S->getSize() > MaxSize)
      Rejected = "'" + Path.str() + "' is larger than 64 MiB";
    else
      return ProxyFileSystem::openFileForRead(Path);
    return std::make_error_code(std::errc::invalid_argument);
  }
};
const char ResponseFileSystem::ID = 0;

/// Expands @file arguments (MSBuild and many build systems use them),
/// relative to the command's directory.
bool expandResponseFiles(std::vector<std::string> &Args, llvm::StringRef Dir,
                         std::string &Error) {
  bool Any = false;
  for (const std::string &A : Args)
    Any |= llvm::StringRef(A).starts_with("@");
  if (!Any)
    return true;
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 64> Argv;
  for (const std::string &A : Args)
    Argv.push_back(Saver.save(A).data());
  llvm::cl::ExpansionContext ECtx(Alloc, isClDriver(Args.front())
                                             ? llvm::cl::TokenizeWindowsCommandLine
                                             : llvm::cl::TokenizeGNUCommandLine);
  ECtx.setCurrentDir(Dir);
  llvm::IntrusiveRefCntPtr<ResponseFileSystem> FS(new ResponseFileSystem);
  ECtx.setVFS(FS.get());
  if (llvm::Error E = ECtx.expandResponseFiles(Argv)) {
    std::string Why = llvm::toString(std::move(E));
    Error = "cannot expand response file: " +
            (FS->Rejected.empty() ? Why : FS->Rejected);
    return false;
  }
  Args.assign(Argv.begin(), Argv.end());
  return true;
}

std::string absolutePath(llvm::StringRef P, llvm::StringRef Base) {
  llvm::SmallString<256> Out;
  if (path::is_absolute(P))
    Out = P;
  else {
    Out = Base;
    path::append(Out, P);
  }
  path::remove_dots(Out, /*remove_dot_dot=*/true);
  path::native(Out);
  return std::string(Out);
}

} // namespace

bool parseCompileDb(llvm::StringRef Text, llvm::StringRef DbPath,
                    CompileDb &Db, std::string &Error) {
  Db.Path = DbPath.str();
  llvm::Expected<llvm::json::Value> Root = llvm::json::parse(Text);
  if (!Root) {
    // llvm::json::ParseError prints "[line:col, byte=N]: message".
    std::string Msg = llvm::toString(Root.takeError());
    llvm::StringRef M(Msg);
    if (M.consume_front("[")) {
      auto Pos = M.split(", byte=");
      auto Rest = M.split("]: ");
      // Columns count from 1 (an empty file is 1:0 to the parser).
      std::string Where = Pos.first.str();
      if (llvm::StringRef(Where).ends_with(":0"))
        Where.back() = '1';
      Error = (DbPath + ":" + Where + ": invalid JSON: " + Rest.second).str();
    } else {
      Error = (DbPath + ": invalid JSON: " + Msg).str();
    }
    return false;
  }
  const llvm::json::Array *Entries = Root->getAsArray();
  if (!Entries) {
    Error = (DbPath + ": a compilation database must be a JSON array of "
                      "{directory, file, command|arguments} objects")
                .str();
    return false;
  }
  llvm::SmallString<256> DbDir(DbPath);
  path::remove_filename(DbDir);
  if (DbDir.empty())
    DbDir = ".";
  std::set<std::pair<std::string, std::vector<std::string>>> Seen;

  for (size_t I = 0; I < Entries->size(); ++I) {
    std::string Prefix = entryPrefix(DbPath, I);
    const llvm::json::Object *E = (*Entries)[I].getAsObject();
    if (!E) {
      Db.BadEntries.push_back({Prefix + "not a JSON object; entry skipped", ""});
      continue;
    }
    auto Dir = E->getString("directory");
    auto File = E->getString("file");
    const llvm::json::Array *Arguments = E->getArray("arguments");
    auto Command = E->getString("command");
    std::string FileForMsg = File ? File->str() : "";
    auto Bad = [&](const std::string &Why) {
      Db.BadEntries.push_back({Prefix + Why + "; entry skipped", FileForMsg});
    };
    if (!File || File->empty()) {
      Bad("missing or empty \"file\"");
      continue;
    }
    if (!Dir) {
      Bad("missing \"directory\" for '" + File->str() + "'");
      continue;
    }
    clang::tooling::CompileCommand Cmd;
    // A relative directory is taken relative to the database file, so the
    // same database works from any working directory.
    Cmd.Directory = absolutePath(*Dir, DbDir);
    Cmd.Filename = absolutePath(*File, Cmd.Directory);
    FileForMsg = Cmd.Filename;
    if (auto Out = E->getString("output"))
      Cmd.Output = Out->str();
    if (Arguments) {
      for (const llvm::json::Value &A : *Arguments) {
        auto S = A.getAsString();
        if (!S) {
          Cmd.CommandLine.clear();
          break;
        }
        Cmd.CommandLine.push_back(S->str());
      }
      if (Cmd.CommandLine.empty()) {
        Bad("\"arguments\" must be a non-empty array of strings");
        continue;
      }
    } else if (Command) {
      Cmd.CommandLine = splitCommand(*Command);
      if (Cmd.CommandLine.empty()) {
        Bad("empty \"command\"");
        continue;
      }
    } else {
      Bad("neither \"arguments\" nor \"command\" for '" + File->str() + "'");
      continue;
    }
    std::string RspError;
    if (!expandResponseFiles(Cmd.CommandLine, Cmd.Directory, RspError)) {
      Bad(RspError);
      continue;
    }
    for (std::string &Flag : stripCodeLoadingFlags(Cmd.CommandLine))
      Db.StrippedFlags.push_back(
          {Prefix + "removed '" + Flag +
               "': flags that load code into the analyzer are not honoured",
           Cmd.Filename});
    // The same file compiled the same way twice is one TU.
    if (!Seen.insert({Cmd.Filename, Cmd.CommandLine}).second)
      continue;
    Db.Commands.push_back(std::move(Cmd));
  }
  return true;
}

bool loadCompileDb(llvm::StringRef PathOrDir, CompileDb &Db,
                   std::string &Error) {
  llvm::SmallString<256> P(PathOrDir);
  if (fs::is_directory(P))
    path::append(P, "compile_commands.json");
  if (std::error_code EC = fs::make_absolute(P)) {
    Error = (P + ": " + EC.message()).str();
    return false;
  }
  path::remove_dots(P, true);
  auto Buf = llvm::MemoryBuffer::getFile(P, /*IsText=*/true);
  if (!Buf) {
    Error = ("cannot read compilation database '" + P + "': " +
             Buf.getError().message())
                .str();
    return false;
  }
  return parseCompileDb((*Buf)->getBuffer(), P, Db, Error);
}

} // namespace drvcert
