//===- Sddl.h - Who a security descriptor lets in ---------------*- C++ -*-===//
//
// A small parser of SDDL strings (the security descriptors of
// IoCreateDeviceSecure, WdfDeviceInitAssignSDDLString, INF Security lines)
// that answers the one question the exposure model asks: which class of
// principal, at the least privileged, gets any access, read access and
// write access to the object. Classes follow the driver security
// checklist's SID risk hierarchy (SY > BA > LS/NS > BU/AU/IU/WD > AC/RC).
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_SDDL_H
#define DRVCERT_FRAMEWORK_SDDL_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace drvcert {

/// Who can reach something, from the most exposed to the least. The order
/// matters: a check on the path can only raise the bar (std::max).
enum class Exposure {
  Everyone = 0,           // WD, AN, AC, RC: any process, sandboxed ones too
  AuthenticatedUsers = 1, // AU, BU, IU: any logged-on user
  Administrators = 2,     // BA, SY, LS, NS: already as powerful as the kernel
  KernelOnly = 3,         // no user-mode caller at all
  Unknown = 4,            // drvcert cannot tell (see the reason given)
};

/// "everyone", "authenticated-users", "administrators", "kernel-only",
/// "unknown" (the SARIF property values).
llvm::StringRef exposureName(Exposure E);
/// "everyone", "any authenticated user", "administrators", "kernel-mode
/// callers only", "an unknown set of callers" (for messages).
llvm::StringRef exposureWords(Exposure E);
bool parseExposure(llvm::StringRef S, Exposure &Out);

/// The class a SID (an SDDL alias such as "WD" or a string SID such as
/// "S-1-5-32-545") belongs to. SIDs drvcert does not know (a domain group,
/// a service SID) count as authenticated users: some logged-on principal.
Exposure sidClass(llvm::StringRef Sid);
/// The class of a well-known SID; nothing for the others.
std::optional<Exposure> knownSidClass(llvm::StringRef Sid);

/// An access-allowed ACE that lets a non-administrator class write.
struct PermissiveAce {
  std::string Ace;   // "(A;;GRGW;;;WD)"
  std::string Sid;   // "WD"
  Exposure Class;    // Everyone or AuthenticatedUsers
  bool All = false;  // GA, FA, WRITE_DAC or WRITE_OWNER: full control
};

struct SddlAccess {
  /// False when the string is not SDDL drvcert can read; Error says why,
  /// and the classes below are meaningless.
  bool Valid = false;
  std::string Error;
  /// No DACL (no "D:" section) or D:NO_ACCESS_CONTROL: everyone gets all.
  bool NullDacl = false;
  /// The least privileged class granted any access / read data / write
  /// data (or WRITE_DAC / WRITE_OWNER, which give the rest); KernelOnly
  /// when nobody is.
  Exposure Open = Exposure::KernelOnly;
  Exposure Read = Exposure::KernelOnly;
  Exposure Write = Exposure::KernelOnly;
  /// The allow ACEs that give write access to everyone or to users.
  std::vector<PermissiveAce> Permissive;
};

/// Parses S; never fails hard: bad input gives Valid = false and a reason.
SddlAccess parseSddl(llvm::StringRef S);

/// The SDDL string of a wdmsec.h SDDL_DEVOBJ_* constant, by name.
std::optional<std::string> wdmsecSddl(llvm::StringRef Name);

} // namespace drvcert

#endif
