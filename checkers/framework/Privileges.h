//===- Privileges.h - Windows privileges, by number and name ----*- C++ -*-===//
//
// One list for the kernel I/O model (which resolves the privilege a
// SeSinglePrivilegeCheck names) and the exposure model (which reads it back
// from a finding's accessCheck property).
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_PRIVILEGES_H
#define DRVCERT_FRAMEWORK_PRIVILEGES_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace drvcert {

/// winnt.h SE_*_PRIVILEGE values, by number (2 = SE_CREATE_TOKEN_PRIVILEGE).
inline constexpr const char *PrivilegeNames[] = {
    nullptr, nullptr, "SeCreateTokenPrivilege", "SeAssignPrimaryTokenPrivilege",
    "SeLockMemoryPrivilege", "SeIncreaseQuotaPrivilege",
    "SeMachineAccountPrivilege", "SeTcbPrivilege", "SeSecurityPrivilege",
    "SeTakeOwnershipPrivilege", "SeLoadDriverPrivilege",
    "SeSystemProfilePrivilege", "SeSystemtimePrivilege",
    "SeProfileSingleProcessPrivilege", "SeIncreaseBasePriorityPrivilege",
    "SeCreatePagefilePrivilege", "SeCreatePermanentPrivilege",
    "SeBackupPrivilege", "SeRestorePrivilege", "SeShutdownPrivilege",
    "SeDebugPrivilege", "SeAuditPrivilege", "SeSystemEnvironmentPrivilege",
    "SeChangeNotifyPrivilege", "SeRemoteShutdownPrivilege", "SeUndockPrivilege",
    "SeSyncAgentPrivilege", "SeEnableDelegationPrivilege",
    "SeManageVolumePrivilege", "SeImpersonatePrivilege",
    "SeCreateGlobalPrivilege", "SeTrustedCredManAccessPrivilege",
    "SeRelabelPrivilege", "SeIncreaseWorkingSetPrivilege",
    "SeTimeZonePrivilege", "SeCreateSymbolicLinkPrivilege",
    "SeDelegateSessionUserImpersonatePrivilege"};
inline constexpr int64_t NumPrivileges =
    sizeof(PrivilegeNames) / sizeof(PrivilegeNames[0]);

/// Privileges Windows grants every standard user (the default "Users"
/// rights): checking one of them keeps nobody out.
inline bool standardUsersHold(int64_t Privilege) {
  switch (Privilege) {
  case 19: // SeShutdownPrivilege
  case 23: // SeChangeNotifyPrivilege
  case 25: // SeUndockPrivilege
  case 33: // SeIncreaseWorkingSetPrivilege
  case 34: // SeTimeZonePrivilege
    return true;
  default:
    return false;
  }
}

/// The same, by name ("SeChangeNotifyPrivilege").
inline bool standardUsersHold(llvm::StringRef Privilege) {
  for (int64_t I = 2; I < NumPrivileges; ++I)
    if (Privilege == PrivilegeNames[I])
      return standardUsersHold(I);
  return false;
}

} // namespace drvcert

#endif
