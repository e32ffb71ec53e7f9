//===- IntrinsicBodies.h - Bodies the parse can skip ------------*- C++ -*-===//
//
// Half of the parse of a driver's TU is spent in function bodies nobody
// analyzes: <intrin.h>, which wdm.h includes, pulls in Clang's x86 intrinsic
// headers (immintrin.h and the rest: some 4,500 inline functions such as
// _mm_add_epi32, each a cast around a __builtin_ia32_* call). drvcert parses
// those functions' declarations but not their bodies.
//
// Only the headers under Clang's resource directory (<resource-dir>/include)
// are concerned: the compiler's own headers, whose functions are compiler
// intrinsics (cl.exe has them built in, without a body, so an analysis that
// needs them would not work against the real WDK anyway, and the analyzer
// cannot evaluate the __builtin_ia32_* calls they wrap). Every other body,
// the WDK's and mingw-w64's inline functions included, is parsed: the
// analyzer inlines them.
//
// The same predicate serves the normal parse and the precompiled preamble,
// so a TU gives the same result with and without the cache.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_INTRINSICBODIES_H
#define DRVCERT_DRIVER_INTRINSICBODIES_H

#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace drvcert {

/// Bumped when what is skipped changes (it is part of the preamble cache
/// key: a preamble holds the bodies it was built with).
constexpr const char *IntrinsicBodiesVersion = "skip-resource-dir-bodies 1";

class IntrinsicBodies {
public:
  /// ResourceDir: the -resource-dir of the invocation (HeaderSearchOptions).
  explicit IntrinsicBodies(llvm::StringRef ResourceDir);

  /// True when D's body is in a header of the compiler's own and need not
  /// be parsed (ASTConsumer::shouldSkipFunctionBody).
  bool skip(const clang::Decl *D);

private:
  std::string IncludeDir; // <resource-dir>/include, absolute, no dots
  llvm::DenseMap<clang::FileID, bool> Known;
};

} // namespace drvcert

#endif
