//===- CompileDb.h - Reading compile_commands.json --------------*- C++ -*-===//
//
// The database is untrusted input. It is read with a parser that reports the
// position of a syntax error, validates each entry on its own (a bad entry is
// skipped and reported, the rest are kept), resolves relative paths, expands
// response files, and strips flags that would load code into the analyzer.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_COMPILEDB_H
#define DRVCERT_DRIVER_COMPILEDB_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace drvcert {

struct DbProblem {
  std::string Message; // "compile_commands.json: entry 3: ..."
  std::string File;    // the source file concerned, when known
};

struct CompileDb {
  std::string Path; // absolute path of compile_commands.json
  std::vector<clang::tooling::CompileCommand> Commands;
  /// Entries that could not be used (each one is a TU not analyzed).
  std::vector<DbProblem> BadEntries;
  /// Flags removed because they load code into the analyzer.
  std::vector<DbProblem> StrippedFlags;
};

/// Loads PathOrDir (a compile_commands.json or a directory holding one).
/// Returns false with Error set when nothing can be read (missing file,
/// JSON syntax error with line and column, not an array).
bool loadCompileDb(llvm::StringRef PathOrDir, CompileDb &Db,
                   std::string &Error);
/// Same, from text already in memory (for tests and fuzzing).
bool parseCompileDb(llvm::StringRef Text, llvm::StringRef DbPath,
                    CompileDb &Db, std::string &Error);

/// Removes -fplugin=, -fpass-plugin=, -fplugin-arg-*, and -Xclang -load /
/// -add-plugin / -plugin / -plugin-arg-* (with their -Xclang operand) from
/// Args. Returns the removed flags, space-joined per occurrence.
std::vector<std::string> stripCodeLoadingFlags(std::vector<std::string> &Args);

/// True when argv[0] names cl.exe or clang-cl (Windows command-line rules).
bool isClDriver(llvm::StringRef Argv0);

} // namespace drvcert

#endif
