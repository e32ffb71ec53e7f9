//===- CompileDbTest.cpp - Reading compile_commands.json ------------------===//
#include "CompileDb.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

TEST(CompileDb, SyntaxErrorHasLineAndColumn) {
  CompileDb Db;
  std::string Error;
  EXPECT_FALSE(parseCompileDb("[\n  {\"directory\": \"/x\",\n   \"file\" \"a.c\"}\n]",
                              "/db/compile_commands.json", Db, Error));
  EXPECT_EQ(Error, "/db/compile_commands.json:3:11: invalid JSON: Expected : "
                   "after object key");
}

TEST(CompileDb, NotAnArray) {
  CompileDb Db;
  std::string Error;
  EXPECT_FALSE(parseCompileDb("{}", "/db/c.json", Db, Error));
  EXPECT_NE(Error.find("must be a JSON array"), std::string::npos);
}

TEST(CompileDb, BadEntriesAreSkippedAndNamed) {
  CompileDb Db;
  std::string Error;
  ASSERT_TRUE(parseCompileDb(R"([
    {"directory": "/src", "file": "ok.c", "arguments": ["cc", "-c", "ok.c"]},
    {"directory": "/src", "arguments": ["cc", "-c", "x.c"]},
    {"file": "nodir.c", "command": "cc -c nodir.c"},
    {"directory": "/src", "file": "nocmd.c"},
    {"directory": "/src", "file": "badargs.c", "arguments": ["cc", 3]},
    42
  ])",
                             "/db/compile_commands.json", Db, Error));
  ASSERT_EQ(Db.Commands.size(), 1u);
  ASSERT_EQ(Db.BadEntries.size(), 5u);
  EXPECT_EQ(Db.BadEntries[0].Message,
            "compile_commands.json: entry 2: missing or empty \"file\"; entry "
            "skipped");
  EXPECT_NE(Db.BadEntries[1].Message.find("missing \"directory\""),
            std::string::npos);
  EXPECT_NE(Db.BadEntries[2].Message.find("neither \"arguments\" nor"),
            std::string::npos);
  EXPECT_EQ(Db.BadEntries[2].File, "/src/nocmd.c");
  EXPECT_NE(Db.BadEntries[4].Message.find("entry 6: not a JSON object"),
            std::string::npos);
}

TEST(CompileDb, RelativePathsResolveAgainstTheDatabase) {
  CompileDb Db;
  std::string Error;
  ASSERT_TRUE(parseCompileDb(
      R"([{"directory": "sub/../build", "file": "../src/my drv.c",
           "command": "clang -c \"../src/my drv.c\""}])",
      "/repo/compile_commands.json", Db, Error));
  ASSERT_EQ(Db.Commands.size(), 1u);
  EXPECT_EQ(Db.Commands[0].Directory, "/repo/build");
  EXPECT_EQ(Db.Commands[0].Filename, "/repo/src/my drv.c");
  EXPECT_EQ(Db.Commands[0].CommandLine,
            (std::vector<std::string>{"clang", "-c", "../src/my drv.c"}));
}

TEST(CompileDb, ClCommandsUseWindowsQuoting) {
  CompileDb Db;
  std::string Error;
  ASSERT_TRUE(parseCompileDb(
      R"([{"directory": "/w", "file": "drv.c",
           "command": "cl.exe /nologo /I\"inc dir\" /DUNICODE /c drv.c"}])",
      "/w/compile_commands.json", Db, Error));
  ASSERT_EQ(Db.Commands.size(), 1u);
  EXPECT_EQ(Db.Commands[0].CommandLine,
            (std::vector<std::string>{"cl.exe", "/nologo", "/Iinc dir",
                                      "/DUNICODE", "/c", "drv.c"}));
  EXPECT_TRUE(isClDriver("C:\\Program Files\\LLVM\\bin\\clang-cl.exe"));
  EXPECT_TRUE(isClDriver("CL.EXE"));
  EXPECT_FALSE(isClDriver("clang"));
}

TEST(CompileDb, DuplicateEntriesAreOneTu) {
  CompileDb Db;
  std::string Error;
  ASSERT_TRUE(parseCompileDb(
      R"([{"directory": "/s", "file": "a.c", "arguments": ["cc", "a.c"]},
          {"directory": "/s", "file": "a.c", "arguments": ["cc", "a.c"]},
          {"directory": "/s", "file": "a.c", "arguments": ["cc", "-DX", "a.c"]}])",
      "/s/compile_commands.json", Db, Error));
  EXPECT_EQ(Db.Commands.size(), 2u);
}

TEST(CompileDb, CodeLoadingFlagsAreStripped) {
  std::vector<std::string> Args = {
      "clang", "-fplugin=/tmp/evil.so", "-O2", "-Xclang", "-load", "-Xclang",
      "/tmp/evil2.so", "-fpass-plugin=/tmp/p.so", "-Xclang", "-add-plugin",
      "-Xclang", "thing", "-Xclang", "-plugin-arg-thing", "-Xclang", "x",
      "/clang:-fplugin=/tmp/e3.so", "-Xclang", "-fno-sized-deallocation",
      "-fplugin-arg-foo-bar", "-c", "a.c"};
  std::vector<std::string> Removed = stripCodeLoadingFlags(Args);
  EXPECT_EQ(Args, (std::vector<std::string>{"clang", "-O2", "-Xclang",
                                            "-fno-sized-deallocation", "-c",
                                            "a.c"}));
  EXPECT_EQ(Removed,
            (std::vector<std::string>{
                "-fplugin=/tmp/evil.so", "-Xclang -load -Xclang /tmp/evil2.so",
                "-fpass-plugin=/tmp/p.so", "-Xclang -add-plugin -Xclang thing",
                "-Xclang -plugin-arg-thing -Xclang x",
                "/clang:-fplugin=/tmp/e3.so", "-fplugin-arg-foo-bar"}));
}

TEST(CompileDb, StrippedFlagsAreReportedPerEntry) {
  CompileDb Db;
  std::string Error;
  ASSERT_TRUE(parseCompileDb(
      R"([{"directory": "/s", "file": "a.c",
           "arguments": ["cc", "-fplugin=/x/p.so", "-c", "a.c"]}])",
      "/s/compile_commands.json", Db, Error));
  ASSERT_EQ(Db.StrippedFlags.size(), 1u);
  EXPECT_EQ(Db.StrippedFlags[0].Message,
            "compile_commands.json: entry 1: removed '-fplugin=/x/p.so': flags "
            "that load code into the analyzer are not honoured");
  EXPECT_EQ(Db.Commands[0].CommandLine,
            (std::vector<std::string>{"cc", "-c", "a.c"}));
}

} // namespace
