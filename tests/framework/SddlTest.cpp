//===- SddlTest.cpp - Who an SDDL string lets in --------------------------===//
#include "Sddl.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

TEST(Sddl, WdmsecConstantsGradeAsTheirNamesSay) {
  auto Grade = [](const char *Name) {
    auto S = wdmsecSddl(Name);
    EXPECT_TRUE(S.has_value()) << Name;
    SddlAccess A = parseSddl(S.value_or(""));
    EXPECT_TRUE(A.Valid) << Name << ": " << A.Error;
    return A;
  };
  SddlAccess K = Grade("SDDL_DEVOBJ_KERNEL_ONLY");
  EXPECT_EQ(K.Open, Exposure::KernelOnly);
  EXPECT_EQ(K.Write, Exposure::KernelOnly);
  SddlAccess Sys = Grade("SDDL_DEVOBJ_SYS_ALL");
  EXPECT_EQ(Sys.Open, Exposure::Administrators);
  SddlAccess Adm = Grade("SDDL_DEVOBJ_SYS_ALL_ADM_ALL");
  EXPECT_EQ(Adm.Read, Exposure::Administrators);
  EXPECT_EQ(Adm.Write, Exposure::Administrators);
  EXPECT_TRUE(Adm.Permissive.empty());
  SddlAccess WorldR = Grade("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R");
  EXPECT_EQ(WorldR.Open, Exposure::Everyone);
  EXPECT_EQ(WorldR.Read, Exposure::Everyone);
  EXPECT_EQ(WorldR.Write, Exposure::Administrators);
  EXPECT_TRUE(WorldR.Permissive.empty());
  SddlAccess WorldRw = Grade("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R");
  EXPECT_EQ(WorldRw.Write, Exposure::Everyone);
  ASSERT_EQ(WorldRw.Permissive.size(), 1u);
  EXPECT_EQ(WorldRw.Permissive[0].Sid, "WD");
  EXPECT_FALSE(WorldRw.Permissive[0].All);
  SddlAccess Rwx = Grade("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX");
  EXPECT_EQ(Rwx.Permissive.size(), 2u); // WD and RC
  EXPECT_FALSE(wdmsecSddl("SDDL_DEVOBJ_NO_SUCH").has_value());
}

TEST(Sddl, SidHierarchyOfTheChecklist) {
  EXPECT_EQ(sidClass("WD"), Exposure::Everyone);
  EXPECT_EQ(sidClass("AC"), Exposure::Everyone);
  EXPECT_EQ(sidClass("RC"), Exposure::Everyone);
  EXPECT_EQ(sidClass("AN"), Exposure::Everyone);
  EXPECT_EQ(sidClass("S-1-1-0"), Exposure::Everyone);
  EXPECT_EQ(sidClass("AU"), Exposure::AuthenticatedUsers);
  EXPECT_EQ(sidClass("bu"), Exposure::AuthenticatedUsers);
  EXPECT_EQ(sidClass("IU"), Exposure::AuthenticatedUsers);
  EXPECT_EQ(sidClass("S-1-5-32-545"), Exposure::AuthenticatedUsers);
  EXPECT_EQ(sidClass("BA"), Exposure::Administrators);
  EXPECT_EQ(sidClass("SY"), Exposure::Administrators);
  EXPECT_EQ(sidClass("LS"), Exposure::Administrators);
  EXPECT_EQ(sidClass("NS"), Exposure::Administrators);
  EXPECT_EQ(sidClass("S-1-5-18"), Exposure::Administrators);
  // A domain group: some authenticated principal, not a known one.
  EXPECT_EQ(sidClass("S-1-5-21-1-2-3-1001"), Exposure::AuthenticatedUsers);
  EXPECT_FALSE(knownSidClass("S-1-5-21-1-2-3-1001").has_value());
}

TEST(Sddl, RightsAsLettersAndMasks) {
  // FILE_GENERIC_WRITE for users: they write.
  SddlAccess A = parseSddl("D:P(A;;GA;;;SY)(A;;FW;;;BU)");
  ASSERT_TRUE(A.Valid) << A.Error;
  EXPECT_EQ(A.Write, Exposure::AuthenticatedUsers);
  EXPECT_EQ(A.Read, Exposure::Administrators);
  ASSERT_EQ(A.Permissive.size(), 1u);
  EXPECT_EQ(A.Permissive[0].Class, Exposure::AuthenticatedUsers);
  // A hex mask with FILE_WRITE_DATA (0x2).
  A = parseSddl("D:P(A;;0x2;;;AU)");
  ASSERT_TRUE(A.Valid) << A.Error;
  EXPECT_EQ(A.Write, Exposure::AuthenticatedUsers);
  // FILE_READ_DATA only: read, not write.
  A = parseSddl("D:P(A;;0x1;;;WD)(A;;GA;;;SY)");
  EXPECT_EQ(A.Read, Exposure::Everyone);
  EXPECT_EQ(A.Write, Exposure::Administrators);
  // WRITE_DAC lets the holder grant itself the rest.
  A = parseSddl("D:P(A;;WD;;;WD)");
  EXPECT_EQ(A.Write, Exposure::Everyone);
  ASSERT_EQ(A.Permissive.size(), 1u);
  EXPECT_TRUE(A.Permissive[0].All);
  // READ_CONTROL opens the device, but reads and writes nothing.
  A = parseSddl("D:P(A;;RC;;;WD)(A;;GA;;;BA)");
  EXPECT_EQ(A.Open, Exposure::Everyone);
  EXPECT_EQ(A.Read, Exposure::Administrators);
  // Owner and group sections before the DACL, a SACL after it.
  A = parseSddl("O:BAG:SYD:P(A;;GA;;;SY)(A;;GRGW;;;S-1-5-32-545)S:(AU;SA;GA;;;WD)");
  ASSERT_TRUE(A.Valid) << A.Error;
  EXPECT_EQ(A.Write, Exposure::AuthenticatedUsers);
}

TEST(Sddl, DenyAcesComeFirst) {
  SddlAccess A = parseSddl("D:P(D;;GW;;;WD)(A;;GRGX;;;WD)(A;;GA;;;SY)");
  ASSERT_TRUE(A.Valid) << A.Error;
  EXPECT_EQ(A.Read, Exposure::Everyone);
  // Everyone is denied write data, SYSTEM too (it holds WD); what SYSTEM
  // keeps of GA includes WRITE_DAC, which lets it grant itself the rest.
  EXPECT_EQ(A.Write, Exposure::Administrators);
  A = parseSddl("D:P(D;;GA;;;WD)(A;;GA;;;WD)");
  EXPECT_EQ(A.Open, Exposure::KernelOnly); // denied everything first
  // A deny of users' write after an allow of everything does not take
  // back what was granted (the walk is in order).
  A = parseSddl("D:P(A;;GA;;;BA)(D;;GA;;;BU)(A;;GR;;;WD)");
  EXPECT_EQ(A.Read, Exposure::Everyone);
  EXPECT_EQ(A.Write, Exposure::Administrators);
}

TEST(Sddl, NullAndEmptyDacls) {
  SddlAccess A = parseSddl("D:NO_ACCESS_CONTROL");
  ASSERT_TRUE(A.Valid);
  EXPECT_TRUE(A.NullDacl);
  EXPECT_EQ(A.Write, Exposure::Everyone);
  A = parseSddl("O:BAG:BA"); // no DACL at all
  ASSERT_TRUE(A.Valid);
  EXPECT_TRUE(A.NullDacl);
  A = parseSddl("D:P"); // an empty DACL: nobody
  ASSERT_TRUE(A.Valid);
  EXPECT_FALSE(A.NullDacl);
  EXPECT_EQ(A.Open, Exposure::KernelOnly);
}

TEST(Sddl, BadInputIsAResultNeverACrash) {
  for (const char *Bad :
       {"", "garbage", "D:P(A;;GA;;;SY", "D:P(A;;GA;;SY)", "D:P(Q;;GA;;;SY)",
        "D:P(A;;ZZ;;;SY)", "D:P(A;;0xFFFFFFFFFF;;;SY)", "D:P(A;;GA;;;)",
        "D:XX(A;;GA;;;SY)", "D:P)(", "D:P(A;;GA;;;SY)D:P", "D:P(A;;G;;;SY)",
        "((((", ":::", "D:P(;;;;;)"}) {
    SddlAccess A = parseSddl(Bad);
    EXPECT_FALSE(A.Valid) << Bad;
    EXPECT_FALSE(A.Error.empty()) << Bad;
  }
  // Inherit-only ACEs do not apply to the device itself.
  SddlAccess A = parseSddl("D:P(A;OICIIO;GA;;;WD)(A;;GA;;;SY)");
  ASSERT_TRUE(A.Valid) << A.Error;
  EXPECT_EQ(A.Write, Exposure::Administrators);
}

TEST(Sddl, ExposureNamesRoundTrip) {
  for (Exposure E : {Exposure::Everyone, Exposure::AuthenticatedUsers,
                     Exposure::Administrators, Exposure::KernelOnly,
                     Exposure::Unknown}) {
    Exposure Back;
    ASSERT_TRUE(parseExposure(exposureName(E), Back));
    EXPECT_EQ(Back, E);
  }
  Exposure X;
  EXPECT_FALSE(parseExposure("root", X));
}

} // namespace
