//===- CheckerTest.cpp - Runs every test source with expectations ---------===//
//
// One test per file under tests/checkers/ and tests/engine/: the file is
// analyzed in-process with only the rules its drvcert-test line names,
// against the mingw-w64 DDK headers and the wdk-shim, and its findings are
// compared with its inline expectations.
//
//===----------------------------------------------------------------------===//
#include "ApiModel.h"
#include "Expectations.h"
#include "ResourceDir.h"
#include "TestConfig.h"
#include "Exposure.h"
#include "Run.h"
#include "TuAnalyzer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include <gtest/gtest.h>

namespace drvcert::test {
namespace {

const char *const TestFiles[] = {
#include "TestFiles.inc"
};

/// The flags every test source is compiled with.
std::vector<std::string> testCommandLine(llvm::StringRef File,
                                         const TestSpec &Spec) {
  std::vector<std::string> Args = {
      "clang-19",
      "--target=x86_64-w64-mingw32",
      "-fms-extensions",
      "--sysroot=" DRVCERT_MINGW_SYSROOT,
      "-isystem",
      DRVCERT_SOURCE_DIR "/wdk-shim",
      "-isystem",
      DRVCERT_MINGW_SYSROOT "/include/ddk",
      "-D_AMD64_",
      "-D_WIN64",
      "-D_KERNEL_MODE",
      "-DNTDDI_VERSION=0x0A000008"};
  Args.insert(Args.end(), Spec.Args.begin(), Spec.Args.end());
  Args.push_back("-c");
  Args.push_back(File.str());
  return Args;
}

class CheckerTest : public ::testing::TestWithParam<const char *> {};

/// The rules a test's drvcert-test-primitive-rules line declares primitive.
std::vector<std::string> &testPrimitiveRules() {
  static std::vector<std::string> Ids;
  return Ids;
}
bool isTestPrimitive(llvm::StringRef Id) {
  for (const std::string &P : testPrimitiveRules())
    if (Id == P)
      return true;
  return isPrimitiveFamily(findRule(Id) ? findRule(Id)->Family : "");
}

TEST_P(CheckerTest, FindingsMatchExpectations) {
  std::string File = GetParam();
  auto Buf = llvm::MemoryBuffer::getFile(File);
  ASSERT_TRUE(bool(Buf)) << "cannot read " << File;
  TestSpec Spec = parseTestSpec((*Buf)->getBuffer());

  std::string Error;
  ASSERT_TRUE(ApiModel::loadBuiltin(Error)) << Error;
  // The file's own model files, for this file only.
  ApiModel Saved = ApiModel::global();
  struct Restore {
    ApiModel &Saved;
    ~Restore() { ApiModel::global() = Saved; }
  } RestoreModel{Saved};
  for (const std::string &M : Spec.Models) {
    llvm::SmallString<256> Path(llvm::sys::path::parent_path(File));
    llvm::sys::path::append(Path, M);
    ASSERT_TRUE(ApiModel::global().addFile(Path, Error)) << Error;
  }
  AnalysisOptions Opts;
  std::vector<std::string> Tried;
  Opts.ResourceDir = findResourceDir("drvcert-tests", Tried);
  ASSERT_FALSE(Opts.ResourceDir.empty());
  ASSERT_TRUE(selectRules(Spec.Rules, Opts.Rules, Error)) << Error;
  // The precompiled header cache, as drvcert uses it (tests/CMakeLists.txt
  // sets it; DRVCERT_NO_PCH=1 runs the suite without, for comparison).
  std::optional<std::string> NoPch = llvm::sys::Process::GetEnv("DRVCERT_NO_PCH");
  if (!NoPch || NoPch->empty() || *NoPch == "0")
    Opts.PchCacheDir =
        llvm::sys::Process::GetEnv("DRVCERT_PCH_CACHE").value_or("");

  clang::tooling::CompileCommand Cmd;
  Cmd.Directory = llvm::sys::path::parent_path(File).str();
  Cmd.Filename = File;
  Cmd.CommandLine = testCommandLine(File, Spec);
  TuResult R = analyzeTu(Cmd, Opts);
  std::string Errors;
  for (const std::string &E : R.Errors)
    Errors += "\n  " + E;
  ASSERT_TRUE(R.Analyzed) << File << " does not compile:" << Errors;

  // The run's exposure step and whole-run rules, over this one TU, as
  // drvcert runs them (default levels).
  testPrimitiveRules() = Spec.PrimitiveRules;
  struct RestorePrimitives {
    ~RestorePrimitives() { setPrimitiveRulesForTesting(nullptr); }
  } RestoreP;
  if (!Spec.PrimitiveRules.empty())
    setPrimitiveRulesForTesting(&isTestPrimitive);
  std::vector<TuResult> Tus;
  std::vector<Finding> Findings = std::move(R.Findings);
  Tus.push_back(std::move(R));
  applyExposureAndRunRules(Findings, Tus, Opts.Rules,
                           [](const RuleInfo &Rule) { return Rule.DefaultLevel; });
  std::vector<std::string> Problems = compare(Spec, Findings, File);
  std::string Report;
  for (const std::string &P : Problems)
    Report += "\n  " + File + ": " + P;
  EXPECT_TRUE(Problems.empty()) << Report;
}

std::string testName(const ::testing::TestParamInfo<const char *> &Info) {
  llvm::StringRef P = Info.param;
  P.consume_front(DRVCERT_SOURCE_DIR "/tests/");
  std::string Name;
  for (char C : P.drop_back(2)) // drop ".c"
    Name += llvm::isAlnum(C) ? C : '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Files, CheckerTest, ::testing::ValuesIn(TestFiles),
                         testName);

} // namespace
} // namespace drvcert::test
