//===- ExposureTest.cpp - Who reaches each finding, and the summary rule --===//
//
// The exposure step and dangerous-ioctl-exposure on synthetic findings:
// the primitive rules (families primitives and objects) land on other
// branches, so their rule ids are declared primitive here.
//
//===----------------------------------------------------------------------===//
#include "Exposure.h"
#include "Registry.h"
#include "Run.h"
#include <algorithm>
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

bool testPrimitive(llvm::StringRef Id) {
  return Id == "ioctl-physmem-map" || Id == "ioctl-msr-access";
}

struct PrimitiveRules {
  PrimitiveRules() { setPrimitiveRulesForTesting(&testPrimitive); }
  ~PrimitiveRules() { setPrimitiveRulesForTesting(nullptr); }
};

SourceSpan at(std::string File, unsigned Line) {
  SourceSpan S;
  S.File = std::move(File);
  S.Line = Line;
  S.Column = 5;
  S.EndLine = Line;
  S.EndColumn = 20;
  return S;
}

Finding finding(std::string Rule, std::string File, unsigned Line,
                std::vector<std::pair<std::string, std::string>> Props) {
  Finding F;
  F.RuleId = std::move(Rule);
  F.Lvl = Level::Error;
  F.Message = "sink";
  F.Where = at(std::move(File), Line);
  F.Properties = std::move(Props);
  return F;
}

/// One WDM driver: "\Device\X" created in DriverEntry, Dispatch registered
/// for IRP_MJ_DEVICE_CONTROL.
DeviceFacts wdmDriver(std::string File, DeviceFact::Security Sd = DeviceFact::Security::None,
                      std::string Sddl = "") {
  DeviceFacts F;
  DeviceFact D;
  D.Api = Sd == DeviceFact::Security::Sddl ? "IoCreateDeviceSecure" : "IoCreateDevice";
  D.Where = at(File, 30);
  D.Function = "DriverEntry";
  D.Name = "\\Device\\X";
  D.Named = D.SymbolicLink = true;
  D.Sd = Sd;
  D.Sddl = Sddl;
  F.Devices.push_back(D);
  EntryRegistration E;
  E.Function = "Dispatch";
  E.Slot = "IRP_MJ_DEVICE_CONTROL";
  E.Where = at(File, 40);
  E.Device = 0;
  F.Entries.push_back(E);
  return F;
}

std::vector<Finding> run(std::vector<Finding> Fs,
                         const std::vector<std::pair<std::string, DeviceFacts>> &Tus) {
  std::vector<TuDevices> Devices;
  for (const auto &T : Tus)
    Devices.push_back({T.first, &T.second});
  applyExposure(Fs, Devices);
  return Fs;
}

const char *const AnyAccess = "FILE_ANY_ACCESS";

TEST(Exposure, DefaultDeviceSecurityLetsEveryoneIn) {
  PrimitiveRules P;
  auto Out = run({finding("ioctl-physmem-map", "/d/ioctl.c", 12,
                          {{"ioctl", "0x222000"}, {"requiredAccess", AnyAccess},
                           {"entryPoint", "Dispatch"}}),
                  finding("unbounded-copy", "/d/ioctl.c", 20, {})},
                 {{"/d/driver.c", wdmDriver("/d/driver.c")}});
  EXPECT_EQ(Out[0].property("exposure"), "everyone");
  EXPECT_EQ(Out[0].Lvl, Level::Error);
  ASSERT_EQ(Out[0].Related.size(), 1u);
  EXPECT_EQ(Out[0].Related[0].Where.Line, 30u);
  EXPECT_EQ(Out[0].Related[0].Message,
            "device '\\Device\\X' created here without a security "
            "descriptor: everyone can open it");
  // No entry point: no exposure.
  EXPECT_EQ(Out[1].property("exposure"), "");
  EXPECT_TRUE(Out[1].Related.empty());
}

TEST(Exposure, SeverityFollowsExposureForPrimitivesOnly) {
  PrimitiveRules P;
  auto Props = std::vector<std::pair<std::string, std::string>>{
      {"requiredAccess", AnyAccess}, {"entryPoint", "Dispatch"}};
  auto Out = run({finding("ioctl-physmem-map", "/d/ioctl.c", 12, Props),
                  finding("unbounded-copy", "/d/ioctl.c", 20, Props)},
                 {{"/d/driver.c",
                   wdmDriver("/d/driver.c", DeviceFact::Security::Sddl,
                             *wdmsecSddl("SDDL_DEVOBJ_SYS_ALL_ADM_ALL"))}});
  EXPECT_EQ(Out[0].property("exposure"), "administrators");
  EXPECT_EQ(Out[0].Lvl, Level::Warning);
  EXPECT_EQ(Out[1].property("exposure"), "administrators");
  EXPECT_EQ(Out[1].Lvl, Level::Error); // not a primitive: its level stays
  // A level configured below warning is not raised.
  Finding Low = finding("ioctl-physmem-map", "/d/ioctl.c", 12, Props);
  Low.Lvl = Level::Note;
  Out = run({Low}, {{"/d/driver.c",
                     wdmDriver("/d/driver.c", DeviceFact::Security::Sddl,
                               "D:P(A;;GA;;;SY)(A;;GA;;;BA)")}});
  EXPECT_EQ(Out[0].Lvl, Level::Note);
}

TEST(Exposure, RequiredAccessMeetsTheDacl) {
  PrimitiveRules P;
  std::string WorldRead = *wdmsecSddl("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R");
  auto F = [](const char *Access, const char *Check = nullptr) {
    std::vector<std::pair<std::string, std::string>> Props = {
        {"requiredAccess", Access}, {"entryPoint", "Dispatch"}};
    if (Check)
      Props.push_back({"accessCheck", Check});
    return finding("ioctl-msr-access", "/d/ioctl.c", 12, Props);
  };
  auto Out = run({F(AnyAccess), F("FILE_READ_ACCESS"), F("FILE_WRITE_ACCESS"),
                  F(AnyAccess, "IoValidateDeviceIoControlAccess(FILE_WRITE_ACCESS)"),
                  F("FILE_READ_ACCESS | FILE_WRITE_ACCESS")},
                 {{"/d/driver.c", wdmDriver("/d/driver.c", DeviceFact::Security::Sddl,
                                            WorldRead)}});
  EXPECT_EQ(Out[0].property("exposure"), "everyone");
  EXPECT_EQ(Out[1].property("exposure"), "everyone");
  EXPECT_EQ(Out[2].property("exposure"), "administrators");
  EXPECT_EQ(Out[3].property("exposure"), "administrators");
  EXPECT_EQ(Out[4].property("exposure"), "administrators");
  EXPECT_NE(Out[2].Related[0].Message.find("administrators can open it for writing"),
            std::string::npos)
      << Out[2].Related[0].Message;
}

TEST(Exposure, ChecksOnThePathRaiseTheBar) {
  PrimitiveRules P;
  auto F = [](std::vector<std::pair<std::string, std::string>> Extra) {
    std::vector<std::pair<std::string, std::string>> Props = {
        {"requiredAccess", AnyAccess}, {"entryPoint", "Dispatch"}};
    Props.insert(Props.end(), Extra.begin(), Extra.end());
    return finding("ioctl-physmem-map", "/d/ioctl.c", 12, Props);
  };
  auto Out = run(
      {F({{"accessCheck", "SeSinglePrivilegeCheck(SeLoadDriverPrivilege)"}}),
       F({{"accessCheck", "SeSinglePrivilegeCheck(SeChangeNotifyPrivilege)"}}),
       F({{"accessCheck", "SeTokenIsAdmin"}}),
       F({{"requestorMode", "KernelMode"}})},
      {{"/d/driver.c", wdmDriver("/d/driver.c")}});
  EXPECT_EQ(Out[0].property("exposure"), "administrators");
  EXPECT_EQ(Out[0].Lvl, Level::Warning);
  EXPECT_NE(Out[0].Related[0].Message.find(
                "the path checks SeSinglePrivilegeCheck(SeLoadDriverPrivilege)"),
            std::string::npos)
      << Out[0].Related[0].Message;
  // Every standard user holds SeChangeNotifyPrivilege: no bar at all.
  EXPECT_EQ(Out[1].property("exposure"), "everyone");
  EXPECT_EQ(Out[2].property("exposure"), "administrators");
  EXPECT_EQ(Out[3].property("exposure"), "kernel-only");
  EXPECT_EQ(Out[3].Lvl, Level::Note);
}

TEST(Exposure, UnknownWithoutADeviceUnlessAPrivilegeDecides) {
  PrimitiveRules P;
  auto Out = run({finding("ioctl-physmem-map", "/d/ioctl.c", 12,
                          {{"entryPoint", "Elsewhere"}}),
                  finding("ioctl-physmem-map", "/d/ioctl.c", 14,
                          {{"entryPoint", "Elsewhere"},
                           {"accessCheck", "SeAccessCheck"}})},
                 {{"/d/driver.c", wdmDriver("/d/driver.c")}});
  EXPECT_EQ(Out[0].property("exposure"), "unknown");
  EXPECT_EQ(Out[0].Lvl, Level::Error);
  EXPECT_TRUE(Out[0].Related.empty());
  EXPECT_EQ(Out[1].property("exposure"), "administrators");
}

TEST(Exposure, NearestDriverWinsAndUnattachedKmdfQueuesJoin) {
  PrimitiveRules P;
  DeviceFacts Secure = wdmDriver("/src/b/driver.c", DeviceFact::Security::Sddl,
                                 "D:P(A;;GA;;;SY)");
  // A KMDF driver: the device in device.c, its queue in queue.c.
  DeviceFacts Device;
  DeviceFact D;
  D.Kind = DeviceFact::Framework::Kmdf;
  D.Api = "WdfDeviceCreate";
  D.Where = at("/src/k/device.c", 50);
  D.Named = D.ControlDevice = true;
  D.Sd = DeviceFact::Security::Sddl;
  D.Sddl = "D:P(A;;GA;;;SY)(A;;GRGW;;;BU)";
  Device.Devices.push_back(D);
  DeviceFacts Queue;
  EntryRegistration E;
  E.Function = "EvtIoDeviceControl";
  E.Slot = "EvtIoDeviceControl";
  E.Kind = DeviceFact::Framework::Kmdf;
  E.Where = at("/src/k/queue.c", 20);
  Queue.Entries.push_back(E);
  auto Out = run({finding("ioctl-physmem-map", "/src/a/ioctl.c", 12,
                          {{"entryPoint", "Dispatch"}}),
                  finding("ioctl-physmem-map", "/src/b/ioctl.c", 12,
                          {{"entryPoint", "Dispatch"}}),
                  finding("ioctl-physmem-map", "/src/k/queue.c", 80,
                          {{"entryPoint", "EvtIoDeviceControl"}})},
                 {{"/src/a/driver.c", wdmDriver("/src/a/driver.c")},
                  {"/src/b/driver.c", Secure},
                  {"/src/k/device.c", Device},
                  {"/src/k/queue.c", Queue}});
  EXPECT_EQ(Out[0].property("exposure"), "everyone");
  EXPECT_EQ(Out[0].Related[0].Where.File, "/src/a/driver.c");
  EXPECT_EQ(Out[1].property("exposure"), "administrators");
  EXPECT_EQ(Out[1].Related[0].Where.File, "/src/b/driver.c");
  EXPECT_EQ(Out[2].property("exposure"), "authenticated-users");
  EXPECT_EQ(Out[2].Related[0].Where.File, "/src/k/device.c");
}

TEST(Exposure, DevicesUserModeCannotOpen) {
  DeviceFact D;
  D.Api = "IoCreateDevice";
  EXPECT_EQ(deviceExposure(D, AnyAccess).Who, Exposure::KernelOnly);
  D.PnP = true; // an AddDevice FDO: opened through the stack's PDO
  EXPECT_EQ(deviceExposure(D, AnyAccess).Who, Exposure::Unknown);
  D.Interface = true;
  EXPECT_EQ(deviceExposure(D, AnyAccess).Who, Exposure::Everyone);
  D.Sd = DeviceFact::Security::Opaque;
  EXPECT_EQ(deviceExposure(D, AnyAccess).Who, Exposure::Unknown);
  DeviceFact Port;
  Port.Kind = DeviceFact::Framework::FltPort;
  Port.Sd = DeviceFact::Security::DefaultAdmin;
  EXPECT_EQ(deviceExposure(Port, AnyAccess).Who, Exposure::Administrators);
  Port.Sd = DeviceFact::Security::NullDacl;
  EXPECT_EQ(deviceExposure(Port, AnyAccess).Who, Exposure::Everyone);
  DeviceFact Bad = D;
  Bad.Sd = DeviceFact::Security::Sddl;
  Bad.Sddl = "D:P(A;;GA;;;SY"; // never a crash: unknown, with the reason
  DeviceExposure E = deviceExposure(Bad, AnyAccess);
  EXPECT_EQ(E.Who, Exposure::Unknown);
  EXPECT_NE(E.Explanation.find("cannot read"), std::string::npos);
}

TEST(DangerousIoctlExposure, OneSummaryPerDeviceAndIoctl) {
  PrimitiveRules P;
  const RuleInfo *Rule = findRule("dangerous-ioctl-exposure");
  ASSERT_TRUE(Rule);
  EXPECT_EQ(Rule->Eng, Engine::Run);
  auto Props = [](const char *Ioctl, std::vector<std::pair<std::string, std::string>> Extra = {}) {
    std::vector<std::pair<std::string, std::string>> Out = {
        {"ioctl", Ioctl}, {"requiredAccess", AnyAccess}, {"entryPoint", "Dispatch"}};
    Out.insert(Out.end(), Extra.begin(), Extra.end());
    return Out;
  };
  std::vector<Finding> Fs = {
      finding("ioctl-physmem-map", "/d/ioctl.c", 12, Props("0x222000")),
      finding("ioctl-msr-access", "/d/ioctl.c", 18, Props("0x222000")),
      finding("ioctl-msr-access", "/d/ioctl.c", 30, Props("0x222004")),
      // Only administrators: no summary.
      finding("ioctl-msr-access", "/d/ioctl.c", 40,
              Props("0x222008", {{"accessCheck", "SeSinglePrivilegeCheck(SeDebugPrivilege)"}})),
      // Not a primitive: no summary.
      finding("unbounded-copy", "/d/ioctl.c", 50, Props("0x22200C"))};
  std::vector<TuResult> Tus(1);
  Tus[0].File = "/d/driver.c";
  Tus[0].Analyzed = true;
  Tus[0].Devices = wdmDriver("/d/driver.c");
  applyExposureAndRunRules(Fs, Tus, {Rule},
                           [](const RuleInfo &R) { return R.DefaultLevel; });
  std::vector<const Finding *> Summaries;
  for (const Finding &F : Fs)
    if (F.RuleId == "dangerous-ioctl-exposure")
      Summaries.push_back(&F);
  ASSERT_EQ(Summaries.size(), 2u);
  const Finding &S = *Summaries[0];
  EXPECT_EQ(S.Lvl, Level::Error);
  EXPECT_EQ(S.Where.File, "/d/driver.c");
  EXPECT_EQ(S.Where.Line, 30u);
  EXPECT_EQ(S.property("ioctl"), "0x222000");
  EXPECT_EQ(S.property("exposure"), "everyone");
  EXPECT_EQ(S.property("sinks"), "ioctl-physmem-map@12, ioctl-msr-access@18");
  EXPECT_EQ(S.Message,
            "ioctl 0x222000 (FILE_ANY_ACCESS) reaches a kernel primitive "
            "(ioctl-physmem-map, ioctl-msr-access) and everyone can send it, "
            "so any such caller can take over the kernel; create the device "
            "with an SDDL that grants access only to SYSTEM and "
            "administrators, or check a privilege on the path before the "
            "primitive");
  ASSERT_EQ(S.Related.size(), 3u); // the device, then each sink
  EXPECT_EQ(S.Related[0].Where.Line, 30u);
  EXPECT_EQ(S.Related[1].Where.Line, 12u);
  EXPECT_EQ(S.Related[2].Message, "[ioctl-msr-access] sink");
  EXPECT_EQ(Summaries[1]->property("ioctl"), "0x222004");
  // Sorted like every finding: the summaries are in the run's order.
  EXPECT_TRUE(std::is_sorted(Fs.begin(), Fs.end()));
}

} // namespace
