//===- FingerprintTest.cpp - primaryLocationLineHash and drvcert/v1 -------===//
#include "SourceFiles.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

TEST(Fingerprint, LineHashIgnoresWhitespaceAndLineEndings) {
  std::string A = "int a;\nvoid f() {\n  call(x);\n}\n";
  std::string B = "int a;\r\nvoid f() {\r\n\tcall( x );\r\n}\r\n";
  for (unsigned L = 1; L <= 4; ++L)
    EXPECT_EQ(primaryLocationLineHash(A, L), primaryLocationLineHash(B, L)) << L;
  EXPECT_NE(primaryLocationLineHash(A, 2), primaryLocationLineHash(A, 3));
  EXPECT_TRUE(llvm::StringRef(primaryLocationLineHash(A, 3)).ends_with(":1"));
}

/// Expected values from github/codeql-action's own tests of hash()
/// (src/fingerprints.test.ts), which computes what GitHub stores.
void expectHashes(const std::string &Text, std::vector<std::string> Expected) {
  for (unsigned L = 1; L <= Expected.size(); ++L)
    EXPECT_EQ(primaryLocationLineHash(Text, L), Expected[L - 1])
        << "line " << L << " of " << ::testing::PrintToString(Text);
  EXPECT_EQ(primaryLocationLineHash(Text, Expected.size() + 1), "");
}

TEST(Fingerprint, LineHashMatchesCodeqlAction) {
  expectHashes("", {"c129715d7a2bc9a3:1"});
  expectHashes(" a\nb\n  \t\tc\n d",
               {"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1",
                "a23a3dc5e078b07b:1"});
  std::vector<std::string> Greetings = {
      "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1",
      "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
      "c129715d7a2bc9a3:1"};
  expectHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", Greetings);
  expectHashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", Greetings);
  expectHashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
               Greetings);
  std::string Lorem;
  for (int I = 0; I < 10; ++I)
    Lorem += "Lorem ipsum dolor sit amet.\n";
  expectHashes(Lorem,
               {"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"});
}

TEST(Fingerprint, DrvcertFingerprintHasNoLineNumbers) {
  std::string A = drvcertFingerprint("deprecated-pool-alloc", "src/drv.c",
                                     "DriverEntry",
                                     "ExAllocatePoolWithTag(NonPagedPool,n,T)", 1);
  EXPECT_EQ(A, drvcertFingerprint("deprecated-pool-alloc", "src/drv.c",
                                  "DriverEntry",
                                  "ExAllocatePoolWithTag(NonPagedPool,n,T)", 1));
  EXPECT_NE(A, drvcertFingerprint("deprecated-pool-alloc", "src/drv.c",
                                  "DriverEntry",
                                  "ExAllocatePoolWithTag(NonPagedPool,n,T)", 2));
  EXPECT_NE(A, drvcertFingerprint("banned-string-api", "src/drv.c",
                                  "DriverEntry",
                                  "ExAllocatePoolWithTag(NonPagedPool,n,T)", 1));
  EXPECT_EQ(A.size(), 32u + 2u);
}

TEST(Fingerprint, Utf16Columns) {
  EXPECT_EQ(utf16Column("abc", 3), 3u);
  // "é" is 2 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 units.
  EXPECT_EQ(utf16Column("\xC3\xA9x", 3), 2u);
  EXPECT_EQ(utf16Column("\xF0\x9F\x98\x80x", 5), 3u);
}

} // namespace
