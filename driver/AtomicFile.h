//===- AtomicFile.h - Files a reader sees whole or not at all ---*- C++ -*-===//
#ifndef DRVCERT_DRIVER_ATOMICFILE_H
#define DRVCERT_DRIVER_ATOMICFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace drvcert {

/// Writes Path through a temporary file beside it and a rename: a reader,
/// or a SIGINT / SIGTERM / crash halfway, leaves the previous file or none,
/// never a truncated one (the temporary file is removed on those signals).
/// On failure returns false with Error "cannot write 'Path': why".
bool writeAtomically(llvm::StringRef Path,
                     llvm::function_ref<void(llvm::raw_ostream &)> Write,
                     std::string &Error);

} // namespace drvcert

#endif
