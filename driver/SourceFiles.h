//===- SourceFiles.h - Source text for snippets and hashes ------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_SOURCEFILES_H
#define DRVCERT_DRIVER_SOURCEFILES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <string>
#include <vector>

namespace drvcert {

class SourceFiles {
public:
  /// The whole file, or empty when it cannot be read.
  llvm::StringRef text(llvm::StringRef Path);
  /// Line N (1-based) without its line break, or empty.
  llvm::StringRef line(llvm::StringRef Path, unsigned N);

private:
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> Buf;
    std::vector<size_t> LineStarts;
  };
  Entry &get(llvm::StringRef Path);
  llvm::StringMap<Entry> Files;
};

/// Column in UTF-16 code units (what SARIF viewers count) for a 1-based byte
/// column on Line.
unsigned utf16Column(llvm::StringRef Line, unsigned ByteColumn);

/// GitHub code scanning's primaryLocationLineHash for Line (1-based) of
/// Text: the rolling hash codeql-action computes over the 100 non-blank
/// characters from the start of the line, with its ":occurrence" suffix.
std::string primaryLocationLineHash(llvm::StringRef Text, unsigned Line);

/// drvcert's own fingerprint: stable across edits that move code (no line
/// numbers): a hash of rule, file, function and normalized sink code.
std::string drvcertFingerprint(llvm::StringRef RuleId, llvm::StringRef RelPath,
                               llvm::StringRef Function,
                               llvm::StringRef SinkCode, unsigned Occurrence);

} // namespace drvcert

#endif
