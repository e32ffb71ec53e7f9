//===- ResourceDir.h - Finding Clang's builtin headers ----------*- C++ -*-===//
#ifndef DRVCERT_DRIVER_RESOURCEDIR_H
#define DRVCERT_DRIVER_RESOURCEDIR_H

#include <string>
#include <vector>

namespace drvcert {

/// Clang's resource directory (the one holding include/stddef.h), looked up
/// in order: $DRVCERT_RESOURCE_DIR; <exe>/../lib/drvcert/clang (what
/// `cmake --install` puts beside the binary); <exe>/../lib/clang/<major>;
/// the directory of the Clang drvcert was built with. Tried holds every
/// candidate, for the error message when none fits.
std::string findResourceDir(const char *Argv0, std::vector<std::string> &Tried);

} // namespace drvcert

#endif
