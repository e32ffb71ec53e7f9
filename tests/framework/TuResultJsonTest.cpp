//===- TuResultJsonTest.cpp - Nothing is lost through a worker ------------===//
#include "TuResultJson.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

std::string dump(const llvm::json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  return S;
}

SourceSpan span(std::string File, unsigned Base) {
  SourceSpan S;
  S.File = std::move(File);
  S.Line = Base;
  S.Column = Base + 1;
  S.EndLine = Base + 2;
  S.EndColumn = Base + 3;
  return S;
}

/// A finding with every field set, and bytes that are not UTF-8.
Finding fullFinding() {
  Finding F;
  F.RuleId = "direct-io-mdl-misuse";
  F.Lvl = Level::Note;
  F.Message = "'MmGetSystemAddressForMdlSafe' result \xe9 unchecked";
  F.Where = span("/src/dr\xefver/a b.c", 10);
  F.Flow = {{span("/src/x.c", 3), "step one", 1},
            {span("/src/y.h", 7), "step \xff two", 3}};
  F.Function = "DispatchIoctl";
  F.SinkCode = "RtlCopyMemory(p,\xe9,n)";
  F.Properties = {{"zeta", "1"}, {"alpha", "two"}, {"ioctl", "0x222003"}};
  F.Related = {{span("/src/driver.c", 40), "device '\\Device\\X' created \xe9 here"}};
  F.Suppressions = {{"reviewed: the MDL is locked", span("/src/a.c", 9)},
                    {"", span("/src/a.c", 8)}};
  F.Baseline = BaselineState::Updated;
  F.Fingerprint = "abc123";
  F.LineHash = "deadbeef:1";
  return F;
}

void expectSame(const Finding &A, const Finding &B) {
  EXPECT_EQ(A.RuleId, B.RuleId);
  EXPECT_EQ(A.Lvl, B.Lvl);
  EXPECT_EQ(A.Message, B.Message);
  EXPECT_EQ(A.Where.File, B.Where.File);
  EXPECT_EQ(A.Where.EndColumn, B.Where.EndColumn);
  ASSERT_EQ(A.Flow.size(), B.Flow.size());
  EXPECT_EQ(A.Flow[1].Message, B.Flow[1].Message);
  EXPECT_EQ(A.Flow[1].Depth, B.Flow[1].Depth);
  EXPECT_EQ(A.Flow[1].Where.Line, B.Flow[1].Where.Line);
  EXPECT_EQ(A.Function, B.Function);
  EXPECT_EQ(A.SinkCode, B.SinkCode);
  EXPECT_EQ(A.Properties, B.Properties); // in order
  ASSERT_EQ(A.Related.size(), B.Related.size());
  for (size_t I = 0; I < A.Related.size(); ++I) {
    EXPECT_EQ(A.Related[I].Message, B.Related[I].Message);
    EXPECT_EQ(A.Related[I].Where.Line, B.Related[I].Where.Line);
    EXPECT_EQ(A.Related[I].Where.File, B.Related[I].Where.File);
  }
  ASSERT_EQ(A.Suppressions.size(), B.Suppressions.size());
  EXPECT_EQ(A.Suppressions[0].Justification, B.Suppressions[0].Justification);
  EXPECT_EQ(A.Suppressions[1].Where.Line, B.Suppressions[1].Where.Line);
  EXPECT_EQ(A.Baseline, B.Baseline);
  EXPECT_EQ(A.Fingerprint, B.Fingerprint);
  EXPECT_EQ(A.LineHash, B.LineHash);
  // And whatever the checks above forget: the same JSON.
  EXPECT_EQ(dump(toJson(A)), dump(toJson(B)));
}

TEST(TuResultJson, FindingRoundTripsEveryFieldAndByte) {
  Finding F = fullFinding();
  llvm::json::Value V = toJson(F);
  // Through text, as between processes.
  auto Parsed = llvm::json::parse(dump(V));
  ASSERT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
  Finding G;
  std::string Error;
  ASSERT_TRUE(fromJson(*Parsed, G, Error)) << Error;
  expectSame(F, G);
}

TEST(TuResultJson, TuResultRoundTrips) {
  TuResult R;
  R.File = "/src/\xe9t\xe9.c";
  R.Directory = "/build dir";
  R.Analyzed = true;
  R.Errors = {"a.c:1:2: error: x", "b"};
  R.Findings = {fullFinding(), Finding()};
  R.Seconds = 1.25;
  R.Fault = TuResult::FaultKind::TimedOut;
  R.FaultDetail = "300 s";
  R.BudgetExhausted = {"Dispatch", "ns::Other"};
  DeviceFact D;
  D.Kind = DeviceFact::Framework::Kmdf;
  D.Api = "WdfDeviceCreate";
  D.Where = span("/src/device.c", 30);
  D.Function = "CreateControlDevice";
  D.Name = "\\Device\\Ctl\xe9";
  D.Named = D.SecureOpen = D.SymbolicLink = D.Interface = D.ControlDevice =
      D.PnP = true;
  D.Sd = DeviceFact::Security::Sddl;
  D.Sddl = "D:P(A;;GA;;;SY)";
  D.SddlSource = "SDDL_DEVOBJ_SYS_ALL";
  D.SdWhere = span("/src/device.c", 25);
  R.Devices.Devices = {D, DeviceFact()};
  EntryRegistration E;
  E.Function = "EvtIoDeviceControl";
  E.Slot = "EvtIoDeviceControl";
  E.Kind = DeviceFact::Framework::Kmdf;
  E.Where = span("/src/queue.c", 12);
  E.Device = 1;
  R.Devices.Entries = {E, EntryRegistration()};
  R.NoPathAnalysis = {"WithFinally"};
  TuResult S;
  std::string Error;
  ASSERT_TRUE(fromJson(*llvm::json::parse(dump(toJson(R))), S, Error)) << Error;
  EXPECT_EQ(S.File, R.File);
  EXPECT_EQ(S.Directory, R.Directory);
  EXPECT_TRUE(S.Analyzed);
  EXPECT_EQ(S.Errors, R.Errors);
  ASSERT_EQ(S.Findings.size(), 2u);
  expectSame(S.Findings[0], R.Findings[0]);
  EXPECT_EQ(S.Seconds, 1.25);
  EXPECT_EQ(S.Fault, TuResult::FaultKind::TimedOut);
  EXPECT_EQ(S.FaultDetail, "300 s");
  EXPECT_EQ(S.BudgetExhausted, R.BudgetExhausted);
  ASSERT_EQ(S.Devices.Devices.size(), 2u);
  const DeviceFact &G = S.Devices.Devices[0];
  EXPECT_EQ(G.Kind, D.Kind);
  EXPECT_EQ(G.Api, D.Api);
  EXPECT_EQ(G.Where.Line, D.Where.Line);
  EXPECT_EQ(G.Function, D.Function);
  EXPECT_EQ(G.Name, D.Name);
  EXPECT_TRUE(G.Named && G.SecureOpen && G.SymbolicLink && G.Interface &&
              G.ControlDevice && G.PnP);
  EXPECT_EQ(G.Sd, D.Sd);
  EXPECT_EQ(G.Sddl, D.Sddl);
  EXPECT_EQ(G.SddlSource, D.SddlSource);
  EXPECT_EQ(G.SdWhere.Line, D.SdWhere.Line);
  EXPECT_FALSE(S.Devices.Devices[1].Named);
  ASSERT_EQ(S.Devices.Entries.size(), 2u);
  EXPECT_EQ(S.Devices.Entries[0].Function, E.Function);
  EXPECT_EQ(S.Devices.Entries[0].Slot, E.Slot);
  EXPECT_EQ(S.Devices.Entries[0].Kind, E.Kind);
  EXPECT_EQ(S.Devices.Entries[0].Where.Line, E.Where.Line);
  EXPECT_EQ(S.Devices.Entries[0].Device, 1);
  EXPECT_EQ(S.Devices.Entries[1].Device, -1);
  EXPECT_EQ(S.NoPathAnalysis, R.NoPathAnalysis);
  EXPECT_EQ(dump(toJson(S)), dump(toJson(R)));
}

TEST(TuResultJson, ResultsWithoutDeviceFactsStillRead) {
  // A result written before device facts and related locations existed
  // (an older worker, a shard file): they are simply empty.
  auto V = llvm::json::parse(
      R"({"file": "a.c", "directory": "/", "analyzed": true, "errors": [],
          "findings": [{"rule": "x", "level": "error", "message": "m",
                        "where": {"file": "a.c", "line": 1, "column": 1,
                                  "endLine": 1, "endColumn": 2},
                        "flow": [], "function": "", "sinkCode": "",
                        "properties": [], "suppressions": [],
                        "baseline": "none", "fingerprint": "", "lineHash": ""}],
          "seconds": 0, "fault": "none", "faultDetail": "",
          "budgetExhausted": []})");
  ASSERT_TRUE(bool(V));
  TuResult R;
  std::string Error;
  ASSERT_TRUE(fromJson(*V, R, Error)) << Error;
  EXPECT_TRUE(R.Devices.Devices.empty());
  EXPECT_TRUE(R.Devices.Entries.empty());
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_TRUE(R.Findings[0].Related.empty());

  // A device index out of range is an error that names the field.
  auto Bad = llvm::json::parse(
      R"({"file": "a.c", "directory": "/", "analyzed": true, "errors": [],
          "findings": [], "seconds": 0, "fault": "none", "faultDetail": "",
          "budgetExhausted": [], "devices": [],
          "entryPoints": [{"function": "F", "slot": "IRP_MJ_CREATE",
                           "kind": "wdm", "where": {"file": "a.c", "line": 1,
                           "column": 1, "endLine": 1, "endColumn": 2},
                           "device": 3}]})");
  ASSERT_TRUE(bool(Bad));
  EXPECT_FALSE(fromJson(*Bad, R, Error));
  EXPECT_EQ(Error, "entryPoints[0].device: expected a device index or -1");
}

TEST(TuResultJson, WorkerJobRoundTrips) {
  WorkerJob J;
  J.Command.Directory = "/b";
  J.Command.Filename = "/b/dr\xefver.c";
  J.Command.CommandLine = {"cl.exe", "/c", "a;b $(touch x)", "dr\xefver.c"};
  J.Command.Output = "o.obj";
  J.Command.Heuristic = "inferred";
  J.Options.Rules = {findRule("banned-string-api"), findRule("direct-io-mdl-misuse")};
  J.Options.ResourceDir = "/usr/lib/clang/19";
  J.Options.ExtraArgsBefore = {"-DA"};
  J.Options.ExtraArgs = {"-DB", "-DC"};
  J.Options.MaxSteps = 7;
  J.Options.MaxLoop = 2;
  J.Options.InlineDepth = 1;
  J.Options.ModelFiles = {"/m/one.yaml", "/m/two.yaml"};
  J.Options.PchCacheDir = "/cache/pch";
  J.RuleOptions = {{"rule-a", {{"max", "3"}, {"name", "x\xe9"}}}};
  J.TimeoutSeconds = 0.5;
  J.StopFile = "/tmp/stop";
  ASSERT_TRUE(J.Options.Rules[0] && J.Options.Rules[1]);

  WorkerJob K;
  std::string Error;
  ASSERT_TRUE(fromJson(*llvm::json::parse(dump(toJson(J))), K, Error)) << Error;
  EXPECT_EQ(K.Command.Directory, J.Command.Directory);
  EXPECT_EQ(K.Command.Filename, J.Command.Filename);
  EXPECT_EQ(K.Command.CommandLine, J.Command.CommandLine);
  EXPECT_EQ(K.Command.Output, J.Command.Output);
  EXPECT_EQ(K.Command.Heuristic, J.Command.Heuristic);
  EXPECT_EQ(K.Options.Rules, J.Options.Rules);
  EXPECT_EQ(K.Options.ResourceDir, J.Options.ResourceDir);
  EXPECT_EQ(K.Options.ExtraArgsBefore, J.Options.ExtraArgsBefore);
  EXPECT_EQ(K.Options.ExtraArgs, J.Options.ExtraArgs);
  EXPECT_EQ(K.Options.MaxSteps, 7u);
  EXPECT_EQ(K.Options.MaxLoop, 2u);
  EXPECT_EQ(K.Options.InlineDepth, 1u);
  EXPECT_EQ(K.Options.ModelFiles, J.Options.ModelFiles);
  EXPECT_EQ(K.Options.PchCacheDir, J.Options.PchCacheDir);
  EXPECT_EQ(K.RuleOptions, J.RuleOptions);
  EXPECT_EQ(K.TimeoutSeconds, 0.5);
  EXPECT_EQ(K.StopFile, J.StopFile);
}

TEST(TuResultJson, MalformedInputNamesTheField) {
  std::string Error;
  TuResult R;
  auto V = llvm::json::parse(
      R"({"file": "a.c", "directory": "/", "analyzed": true, "errors": [],
          "findings": [{"rule": "x", "level": "error", "message": "m",
                        "where": {"file": "a.c", "line": -1, "column": 1,
                                  "endLine": 1, "endColumn": 2}}],
          "seconds": 0, "fault": "none", "faultDetail": "",
          "budgetExhausted": []})");
  ASSERT_TRUE(bool(V));
  EXPECT_FALSE(fromJson(*V, R, Error));
  EXPECT_EQ(Error, "findings[0].where.line: expected an unsigned integer");

  WorkerJob J;
  EXPECT_FALSE(fromJson(llvm::json::Value(42), J, Error));
  EXPECT_EQ(Error, "job: expected an object");
  auto Job = llvm::json::parse(
      R"({"command": {"directory": "/", "file": "a.c", "arguments": ["cc"],
                      "output": "", "heuristic": ""},
          "options": {"rules": ["no-such-rule"]}})");
  ASSERT_TRUE(bool(Job));
  EXPECT_FALSE(fromJson(*Job, J, Error));
  EXPECT_EQ(Error, "options.rules: unknown rule 'no-such-rule'");
}

// A field added to one of these structures must travel to and from workers:
// serialize it in driver/TuResultJson.cpp, check it above, then update the
// size here. (Checked where the sizes are known: x86-64 with libstdc++.)
#if defined(__x86_64__) && defined(__GLIBCXX__)
TEST(TuResultJson, EveryFieldIsSerialized) {
  EXPECT_EQ(sizeof(Finding), 352u) << "Finding changed: see the comment above";
  EXPECT_EQ(sizeof(TuResult), 288u) << "TuResult changed: see the comment above";
  EXPECT_EQ(sizeof(DeviceFact), 280u) << "DeviceFact changed: see the comment above";
  EXPECT_EQ(sizeof(EntryRegistration), 128u)
      << "EntryRegistration changed: see the comment above";
  EXPECT_EQ(sizeof(AnalysisOptions), 176u)
      << "AnalysisOptions changed: see the comment above";
}
#endif

} // namespace
