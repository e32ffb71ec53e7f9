//===- IntrinsicBodiesTest.cpp - Which header bodies the parse skips ------===//
#include "IntrinsicBodies.h"
#include "ResourceDir.h"
#include "TestConfig.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <gtest/gtest.h>

using namespace clang;
using namespace drvcert;

namespace {

const FunctionDecl *function(ASTContext &Ctx, llvm::StringRef Name) {
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->getName() == Name && FD->doesThisDeclarationHaveABody())
        return FD;
  return nullptr;
}

// A driver's TU over the DDK headers: the x86 intrinsics <intrin.h> brings
// in from Clang's resource directory are skipped; the DDK's own inline
// functions (which the analyzer inlines) and the driver's are not.
TEST(IntrinsicBodies, OnlyTheCompilersIntrinsicHeaders) {
  std::vector<std::string> Tried;
  std::string ResourceDir = findResourceDir("drvcert-tests", Tried);
  ASSERT_FALSE(ResourceDir.empty());
  std::string Sysroot = DRVCERT_MINGW_SYSROOT;
  std::vector<std::string> Args = {
      "--target=x86_64-w64-mingw32", "-fms-extensions", "--sysroot=" + Sysroot,
      "-isystem", DRVCERT_SOURCE_DIR "/wdk-shim", "-isystem",
      Sysroot + "/include/ddk", "-D_AMD64_", "-D_KERNEL_MODE",
      "-resource-dir=" + ResourceDir, "-w"};
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      R"c(
#include <ntddk.h>
#include <immintrin.h>
static void DrvInitList(PLIST_ENTRY Head) { InitializeListHead(Head); }
)c",
      Args, "driver.c");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  IntrinsicBodies Bodies(ResourceDir);

  const FunctionDecl *Simd = function(Ctx, "_mm_add_epi32");
  ASSERT_TRUE(Simd);
  EXPECT_TRUE(Bodies.skip(Simd));
  EXPECT_TRUE(Bodies.skip(Simd)); // the cached answer

  const FunctionDecl *ListHead = function(Ctx, "InitializeListHead");
  ASSERT_TRUE(ListHead);
  EXPECT_FALSE(Bodies.skip(ListHead));
  const FunctionDecl *Irql = function(Ctx, "KeGetCurrentIrql");
  ASSERT_TRUE(Irql);
  EXPECT_FALSE(Bodies.skip(Irql));

  const FunctionDecl *Driver = function(Ctx, "DrvInitList");
  ASSERT_TRUE(Driver);
  EXPECT_FALSE(Bodies.skip(Driver));

  // No resource directory known: nothing is skipped.
  IntrinsicBodies None("");
  EXPECT_FALSE(None.skip(Simd));
}

} // namespace
