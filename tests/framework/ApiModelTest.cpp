//===- ApiModelTest.cpp - The YAML API model and its errors ---------------===//
#include "ApiModel.h"
#include <gtest/gtest.h>

using namespace drvcert;

namespace {

TEST(ApiModel, BuiltinModelLoads) {
  std::string Error;
  ASSERT_TRUE(ApiModel::loadBuiltin(Error)) << Error;
  const ApiFunction *F = ApiModel::global().lookup("ExAllocatePoolWithTag", 3);
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(F->DeprecatedUseInstead.value_or(""), "ExAllocatePool2");
  EXPECT_EQ(F->Pool->PoolTypeArg, 0);
  // Matched by parameter count too: a 2-parameter function is not it.
  EXPECT_EQ(ApiModel::global().lookup("ExAllocatePoolWithTag", 2), nullptr);
  // Variadic entries accept any count.
  EXPECT_NE(ApiModel::global().lookup("sprintf", 2), nullptr);
  const ApiFunction *Copy = ApiModel::global().lookup("memcpy", 3);
  ASSERT_TRUE(Copy && Copy->Copy);
  EXPECT_EQ(Copy->Copy->LenArg, 2);
  const ApiFunction *Priv = ApiModel::global().lookup("SeSinglePrivilegeCheck", 2);
  ASSERT_TRUE(Priv && Priv->Check);
  EXPECT_EQ(Priv->Check->Kind, ApiFunction::AccessCheck::Privilege);
  EXPECT_EQ(Priv->Check->CheckedArg, 0);
  const ApiFunction *Ioctl =
      ApiModel::global().lookup("IoValidateDeviceIoControlAccess", 2);
  ASSERT_TRUE(Ioctl && Ioctl->Check);
  EXPECT_TRUE(Ioctl->Check->ReturnsNtStatus);
  // The objects rules' facts.
  const ApiFunction *Create = ApiModel::global().lookup("IoCreateFileEx", 15);
  ASSERT_TRUE(Create && Create->Open);
  EXPECT_EQ(Create->Open->Kind, "file");
  EXPECT_EQ(Create->Open->AttributesArg, 2);
  EXPECT_EQ(Create->Open->OptionsArg, 13);
  const ApiFunction *Ref = ApiModel::global().lookup("ObReferenceObjectByHandleWithTag", 7);
  ASSERT_TRUE(Ref && Ref->HandleRef);
  EXPECT_EQ(Ref->HandleRef->AccessModeArg, 3);
  EXPECT_EQ(Ref->HandleRef->ObjectArg, 5);
  const ApiFunction *Kill = ApiModel::global().lookup("ZwTerminateProcess", 2);
  ASSERT_TRUE(Kill && Kill->ProcessOp);
  EXPECT_EQ(Kill->ProcessOp->Kind, ApiFunction::ProcessOperation::Terminate);
  const ApiFunction *Init = ApiModel::global().lookup("RtlInitUnicodeString", 2);
  ASSERT_TRUE(Init && Init->StringBuild);
  EXPECT_TRUE(Init->StringBuild->AliasesSource);
  const ApiFunction *Msr = ApiModel::global().lookup("__writemsr", 2);
  ASSERT_TRUE(Msr && Msr->Prim);
  EXPECT_EQ(Msr->Prim->Kind, ApiFunction::Primitive::MsrWrite);
  EXPECT_EQ(Msr->Prim->IndexArg, 0);
  EXPECT_EQ(Msr->Prim->ValueArg, 1);
  const ApiFunction *Apc = ApiModel::global().lookup("KeInitializeApc", 8);
  ASSERT_TRUE(Apc && Apc->Prim);
  EXPECT_EQ(Apc->Prim->RoutineArgs, (std::vector<int>{3, 4, 5}));
  // A function may carry several facts: an MDL mapper and a primitive.
  const ApiFunction *Map = ApiModel::global().lookup("MmMapLockedPagesSpecifyCache", 6);
  ASSERT_TRUE(Map && Map->Mdl && Map->Prim);
  EXPECT_EQ(Map->Prim->ModeArg, 1);
}

TEST(ApiModel, UserModelAddsAWrapper) {
  ApiModel M;
  std::string Error;
  ASSERT_TRUE(M.addYaml("version: 1\nfunctions:\n"
                        "  - { name: MyCopy, params: 3, copy: { dst-arg: 0, "
                        "src-arg: 1, len-arg: 2 } }\n",
                        "mine.yaml", Error))
      << Error;
  ASSERT_NE(M.lookup("MyCopy", 3), nullptr);
  EXPECT_EQ(M.lookup("MyCopy", 3)->DefinedIn, "mine.yaml:3");
}

struct BadModel {
  const char *Name;
  const char *Text;
  const char *Error;
};

class ApiModelErrors : public ::testing::TestWithParam<BadModel> {};

TEST_P(ApiModelErrors, NameFileLineAndColumn) {
  ApiModel M;
  std::string Error;
  EXPECT_FALSE(M.addYaml(GetParam().Text, "bad.yaml", Error));
  EXPECT_EQ(Error, GetParam().Error);
  EXPECT_EQ(M.size(), 0u) << "a bad file must not be half-loaded";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ApiModelErrors,
    ::testing::Values(
        BadModel{"UnknownKey", "version: 1\nfunctions:\n  - { name: A, params: 2 }\n"
                 "  - { name: B, parms: 2 }\n",
                 "bad.yaml:4:16: unknown key 'parms' in a function entry "
                 "(expected one of: name, params, deprecated, banned, "
                 "pool-allocator, device-creator, mdl-mapper, copy, probe, "
                 "wdf-buffer, raises-on-bad-address, returns-previous-mode, "
                 "access-check, device-setup, process-lookup, process-operation, object-open, "
                 "handle-reference, string-builder, file-information, primitive, "
                 "string-init)"},
        BadModel{"AccessCheckKind", "version: 1\nfunctions:\n  - { name: A, params: 1, "
                 "access-check: { kind: root } }\n",
                 "bad.yaml:3:41: 'access-check' needs kind: privilege, access, "
                 "admin or ioctl-access, got 'root'"},
        BadModel{"ProcessOperationKind", "version: 1\nfunctions:\n  - { name: A, params: 1, "
                 "process-operation: { kind: kill, process-arg: 0 } }\n",
                 "bad.yaml:3:46: 'process-operation' needs kind: terminate, suspend, "
                 "attach, detach or memory, got 'kill'"},
        BadModel{"ObjectOpenKind", "version: 1\nfunctions:\n  - { name: A, params: 1, "
                 "object-open: { kind: pipe, attributes-arg: 0 } }\n",
                 "bad.yaml:3:48: kind must be file, key, process, section, event or "
                 "object, got 'pipe'"},
        BadModel{"ArgOutOfRange", "version: 1\nfunctions:\n  - { name: A, params: 2, copy: { "
                 "dst-arg: 5 } }\n",
                 "bad.yaml:3:44: dst-arg 5 is out of range for 'A', which "
                 "takes 2 parameters (indexes start at 0)"},
        BadModel{"PrimitiveKind", "version: 1\nfunctions:\n  - { name: A, params: 1, "
                 "primitive: { kind: rootkit } }\n",
                 "bad.yaml:3:38: 'primitive' needs kind: one of physical-map, "
                 "physical-to-virtual, memory-copy, section-open, section-map, "
                 "mdl-build, map-to-process, msr-read, msr-write, port-in, "
                 "port-out, bus-data, control-register-write, "
                 "descriptor-table-load, register-read, secret-read, secret-store, "
                 "routine, "
                 "got 'rootkit'"},
        BadModel{"PrimitiveOperand", "version: 1\nfunctions:\n  - { name: A, params: 2, "
                 "primitive: { kind: msr-write, value-arg: 1 } }\n",
                 "bad.yaml:3:38: 'primitive' of kind msr-write needs index-arg"},
        BadModel{"WrongVersion", "version: 2\nfunctions: []\n",
                 "bad.yaml:1:1: unsupported or missing model 'version' (this "
                 "drvcert reads version 1)"},
        BadModel{"NotAnInteger", "version: 1\nfunctions:\n  - { name: A, params: x }\n",
                 "bad.yaml:3:24: params must be an integer >= 0, got 'x'"},
        BadModel{"BrokenYaml", "version: 1\nfunctions: [\n", "bad.yaml:3:1: invalid YAML: "
                                               "end of sequence flow not found"},
        BadModel{"Duplicate", "version: 1\nfunctions:\n  - { name: A }\n  - { name: A }\n",
                 "bad.yaml:4:5: function 'A' is described twice (first at "
                 "bad.yaml:3)"}),
    [](const ::testing::TestParamInfo<BadModel> &I) { return I.param.Name; });

} // namespace
