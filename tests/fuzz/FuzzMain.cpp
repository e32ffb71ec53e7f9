//===- FuzzMain.cpp - libFuzzer entry point of one target -----------------===//
//
// Built once per target with -DDRVCERT_FUZZ_TARGET="name" (CMakeLists.txt).
//
//===----------------------------------------------------------------------===//
#include "FuzzTargets.h"
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const drvcert::fuzz::Target *T = [] {
    const drvcert::fuzz::Target *Found =
        drvcert::fuzz::findTarget(DRVCERT_FUZZ_TARGET);
    if (!Found) {
      std::fprintf(stderr, "no fuzz target '%s'\n", DRVCERT_FUZZ_TARGET);
      std::abort();
    }
    return Found;
  }();
  return T->Run(Data, Size);
}
