//===- Preamble.h - Parsed headers reused from run to run -------*- C++ -*-===//
//
// The WDK headers are most of every translation unit (ntifs.h preprocesses
// to ~60k lines). A TU's preamble, its leading #include and other
// directives (Lexer::ComputePreamble, as clangd and ASTUnit compute it), is
// precompiled once with clang::PrecompiledPreamble and kept in an on-disk
// cache; a later parse of the same TU with the same preamble, flags and
// headers loads it instead of parsing the headers again.
//
// The cache key is a hash of drvcert's and Clang's versions, the command's
// directory and file, its full analysis command line and the preamble's
// bytes. Beside each PCH, a list of the files it was built from with their
// size and modification time, and an xxh3 hash of the PCH's own bytes, is
// checked before every use (Clang's own PCH validation is off for
// preambles, and its reader trusts a PCH's bytes: a damaged one can crash
// it). Entries are written to a temporary file
// and renamed, so workers analyzing at once share the cache safely.
//
// Building a preamble costs more than the parse it saves once (it is that
// parse plus writing the PCH), so it is built the second time a TU is seen
// with the same key (a ".seen" marker records the first): a run whose cache
// is not kept costs what a run without the cache costs, and runs over
// unchanged headers from the third on load them.
//
// A preamble is keyed by its file: Clang's preamble records the main file it
// was built from (SourceManager's preamble FileID), so locations in it would
// name another file if it were given to a TU with the same prologue.
//
// Anything that goes wrong (no preamble, a header with errors, a cache that
// cannot be written, a stale or unreadable entry) means a normal parse: the
// cache never changes a result, only the time it takes.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_PREAMBLE_H
#define DRVCERT_DRIVER_PREAMBLE_H

#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <string>

namespace drvcert {

/// The default cache directory: $XDG_CACHE_HOME/drvcert/pch (~/.cache/...),
/// else drvcert-pch in the temporary directory.
std::string defaultPchCacheDir();

/// Configures Invocation to load a cached precompiled preamble of its main
/// file, building it into CacheDir when there is none or it is stale. Key
/// identifies the command (directory, file, command line). False, with
/// Invocation untouched, when no preamble can be used.
bool usePrecompiledPreamble(
    clang::CompilerInvocation &Invocation, llvm::StringRef CacheDir,
    llvm::StringRef Key, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<clang::PCHContainerOperations> PCHOps);

/// Removes the cache entry Pch, the ImplicitPCHInclude that
/// usePrecompiledPreamble() set (after a parse with it failed: the next
/// run builds it again).
void discardPrecompiledPreamble(llvm::StringRef Pch);

} // namespace drvcert

#endif
