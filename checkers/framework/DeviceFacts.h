//===- DeviceFacts.h - The devices a translation unit creates ---*- C++ -*-===//
//
// The exposure model (Exposure.h) needs to know, for each entry point a
// finding starts from, which device object or communication port user
// requests reach it through and who may open that device. Those facts are
// collected from each TU's AST (collectDeviceFacts), travel with the TU's
// result (TuResult, TuResultJson), and are joined over the whole run.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_DEVICEFACTS_H
#define DRVCERT_FRAMEWORK_DEVICEFACTS_H

#include "Finding.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
} // namespace clang

namespace drvcert {

/// One device object or Filter Manager communication port a TU creates.
struct DeviceFact {
  enum class Framework { Wdm, Kmdf, FltPort };
  Framework Kind = Framework::Wdm;
  std::string Api;      // "IoCreateDevice", "WdfDeviceCreate", ...
  SourceSpan Where;     // the creation call
  std::string Function; // the function that creates it
  std::string Name;     // "\Device\X"; empty when unnamed or unknown
  bool Named = false;   // a name argument that is not NULL
  /// The security descriptor: an SDDL string (IoCreateDeviceSecure,
  /// WdfDeviceInitAssignSDDLString, WdfControlDeviceInitAllocate), the
  /// Filter Manager default (SYSTEM and administrators), a NULL DACL, or a
  /// descriptor drvcert cannot read.
  enum class Security { None, Sddl, DefaultAdmin, NullDacl, Opaque };
  Security Sd = Security::None;
  std::string Sddl;       // when Sd == Sddl
  std::string SddlSource; // "SDDL_DEVOBJ_SYS_ALL_ADM_ALL" or the literal
  SourceSpan SdWhere;     // where the descriptor is given, when elsewhere
  bool SecureOpen = false; // FILE_DEVICE_SECURE_OPEN in a constant
  bool SymbolicLink = false;
  bool Interface = false;  // IoRegisterDeviceInterface, WdfDeviceCreateDeviceInterface
  bool ControlDevice = false; // KMDF WdfControlDeviceInitAllocate
  /// Created by an AddDevice / EvtDriverDeviceAdd routine: part of a PnP
  /// device stack, which user mode opens through the PDO's name.
  bool PnP = false;
};

/// An entry point registered in a TU: "DriverObject->MajorFunction[M] = F",
/// "FastIoDispatch.FastIoDeviceControl = F", "QueueConfig.EvtIoDeviceControl
/// = F", a communication port's MessageNotify callback.
struct EntryRegistration {
  std::string Function; // the entry point's name, as KernelIo's entryPoint
  std::string Slot;     // "IRP_MJ_DEVICE_CONTROL", "EvtIoDeviceControl", ...
  DeviceFact::Framework Kind = DeviceFact::Framework::Wdm;
  SourceSpan Where;
  /// Index into the TU's Devices of the device it serves; -1 when the TU
  /// creates no device of that framework (the run joins it by framework and
  /// directory).
  int Device = -1;
};

/// A direct call between functions of the project (neither in a system
/// header): how a finding in a helper that another TU's dispatch routine
/// calls is reached from that entry point.
struct CallEdge {
  std::string Caller, Callee;
};

struct DeviceFacts {
  std::vector<DeviceFact> Devices;
  std::vector<EntryRegistration> Entries;
  std::vector<CallEdge> Calls; // sorted, unique
};

/// The facts of the code outside system headers of a parsed TU.
DeviceFacts collectDeviceFacts(clang::ASTContext &Ctx);

/// The constant string a UNICODE_STRING expression holds, when it is known:
/// &Name where Name is initialized with RTL_CONSTANT_STRING(L"...") or
/// DECLARE_CONST_UNICODE_STRING, or set by RtlInitUnicodeString(&Name,
/// L"...") in Fn; a wdmsec.h SDDL_DEVOBJ_* constant gives its SDDL string.
/// Source receives how it was written (the constant's name, or the
/// literal).
std::optional<std::string> unicodeStringValue(const clang::Expr *E,
                                              clang::ASTContext &Ctx,
                                              const clang::FunctionDecl *Fn,
                                              std::string *Source = nullptr);

llvm::StringRef frameworkName(DeviceFact::Framework K); // "wdm", "kmdf", "flt-port"
bool parseFramework(llvm::StringRef S, DeviceFact::Framework &Out);
llvm::StringRef securityName(DeviceFact::Security S); // "none", "sddl", ...
bool parseSecurity(llvm::StringRef S, DeviceFact::Security &Out);

} // namespace drvcert

#endif
