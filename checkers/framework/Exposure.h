//===- Exposure.h - Who can reach each finding ------------------*- C++ -*-===//
//
// The exposure model (shared/RULES.md §3.3): for a finding whose path
// starts at an entry point (its entryPoint property, set by
// kio::emitReport), find the device or port whose creation registered that
// entry point (DeviceFacts.h, over every TU of the run) and grade who can
// reach the finding:
//
//   device    openable from user mode at all (named, symbolic link,
//             interface)? its security descriptor: none (the default gives
//             everyone read/write), an SDDL string (Sddl.h), the Filter
//             Manager default (administrators), a NULL DACL (everyone)
//   IOCTL     the access its code requires (requiredAccess): FILE_ANY_ACCESS
//             needs any access the DACL grants, FILE_READ/WRITE_ACCESS the
//             read / write access
//   path      the checks it passed (accessCheck): a privilege standard users
//             lack, SeAccessCheck, SeTokenIsAdmin -> administrators;
//             IoValidateDeviceIoControlAccess -> like that access in the
//             code; RequestorMode == KernelMode (requestorMode) -> kernel-only
//
// Each such finding gets the `exposure` property and a related location at
// the device creation; findings of the primitive families (Checkers.def
// DRVCERT_PRIMITIVE_FAMILY) have their level lowered when only
// administrators (warning) or kernel-mode callers (note) reach them.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_EXPOSURE_H
#define DRVCERT_FRAMEWORK_EXPOSURE_H

#include "DeviceFacts.h"
#include "Finding.h"
#include "Rule.h"
#include "Sddl.h"
#include <string>
#include <vector>

namespace drvcert {

/// True for the families whose findings hand the caller a kernel primitive
/// (Checkers.def's DRVCERT_PRIMITIVE_FAMILY list): their severity follows
/// their exposure and dangerous-ioctl-exposure summarizes them.
bool isPrimitiveFamily(llvm::StringRef Family);
bool isPrimitiveRule(llvm::StringRef RuleId);
/// Replaces what isPrimitiveRule() answers (null: back to the rule table),
/// for unit tests whose synthetic findings name rules of other branches.
void setPrimitiveRulesForTesting(bool (*IsPrimitive)(llvm::StringRef RuleId));

/// The device facts of one TU of the run, and where that TU is.
struct TuDevices {
  std::string File;
  const DeviceFacts *Facts = nullptr;
};

/// Who can open a device with the access a request needs, and why.
struct DeviceExposure {
  Exposure Who = Exposure::Unknown;
  /// "device '\Device\X' created here without a security descriptor:
  /// everyone can open it" (the related location's message).
  std::string Explanation;
};

/// Needed: "FILE_ANY_ACCESS", "FILE_READ_ACCESS", "FILE_WRITE_ACCESS",
/// "FILE_READ_ACCESS | FILE_WRITE_ACCESS" (or empty: any access).
DeviceExposure deviceExposure(const DeviceFact &D, llvm::StringRef Needed);

/// Computes the exposure of every finding that has an entryPoint property:
/// adds the `exposure` property and the related location of the device
/// creation, and lowers the level of primitive findings only privileged
/// callers reach (administrators: at most warning; kernel-only: at most
/// note). Run it after the levels of the run are applied.
void applyExposure(std::vector<Finding> &Findings,
                   const std::vector<TuDevices> &Tus);

/// The property value, or Unknown when a finding has none.
Exposure findingExposure(const Finding &F);

} // namespace drvcert

#endif
