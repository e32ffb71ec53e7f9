//===- Sddl.cpp - Who a security descriptor lets in -----------------------===//
#include "Sddl.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include <algorithm>
#include <cstdint>

namespace drvcert {

llvm::StringRef exposureName(Exposure E) {
  switch (E) {
  case Exposure::Everyone:
    return "everyone";
  case Exposure::AuthenticatedUsers:
    return "authenticated-users";
  case Exposure::Administrators:
    return "administrators";
  case Exposure::KernelOnly:
    return "kernel-only";
  case Exposure::Unknown:
    return "unknown";
  }
  return "unknown";
}

llvm::StringRef exposureWords(Exposure E) {
  switch (E) {
  case Exposure::Everyone:
    return "everyone";
  case Exposure::AuthenticatedUsers:
    return "any authenticated user";
  case Exposure::Administrators:
    return "administrators";
  case Exposure::KernelOnly:
    return "kernel-mode callers only";
  case Exposure::Unknown:
    return "an unknown set of callers";
  }
  return "an unknown set of callers";
}

bool parseExposure(llvm::StringRef S, Exposure &Out) {
  for (Exposure E : {Exposure::Everyone, Exposure::AuthenticatedUsers,
                     Exposure::Administrators, Exposure::KernelOnly,
                     Exposure::Unknown})
    if (S == exposureName(E)) {
      Out = E;
      return true;
    }
  return false;
}

std::optional<Exposure> knownSidClass(llvm::StringRef Sid) {
  std::string U = Sid.trim().upper();
  return llvm::StringSwitch<std::optional<Exposure>>(U)
      // Everyone, anonymous, guests, and sandboxed callers (AppContainers,
      // restricted code): the bottom of the checklist's hierarchy.
      .Cases("WD", "AN", "AC", "RC", "BG", Exposure::Everyone)
      .Cases("S-1-1-0", "S-1-5-7", "S-1-5-12", "S-1-15-2-1", "S-1-5-32-546",
             Exposure::Everyone)
      .Cases("AU", "BU", "IU", "NU", "S-1-5-11", "S-1-5-32-545", "S-1-5-4",
             "S-1-5-2", Exposure::AuthenticatedUsers)
      // SYSTEM, administrators, the service accounts and the privileged
      // built-in groups: principals that can load a driver anyway.
      .Cases("SY", "BA", "LS", "NS", "CO", Exposure::Administrators)
      .Cases("SO", "BO", "PO", "SU", "LA", "DA", "EA", "SA",
             Exposure::Administrators)
      .Cases("S-1-5-18", "S-1-5-19", "S-1-5-20", "S-1-5-32-544", "S-1-3-0",
             Exposure::Administrators)
      .Cases("S-1-5-32-549", "S-1-5-32-551", "S-1-5-32-550", "S-1-5-6",
             Exposure::Administrators)
      .Default(std::nullopt);
}

Exposure sidClass(llvm::StringRef Sid) {
  return knownSidClass(Sid).value_or(Exposure::AuthenticatedUsers);
}

std::optional<std::string> wdmsecSddl(llvm::StringRef Name) {
  // wdmsec.h (the real strings, which wdmsec.lib defines).
  return llvm::StringSwitch<std::optional<std::string>>(Name)
      .Case("SDDL_DEVOBJ_KERNEL_ONLY", std::string("D:P"))
      .Case("SDDL_DEVOBJ_INF_SUPPLIED", std::string("D:P"))
      .Case("SDDL_DEVOBJ_SYS_ALL", std::string("D:P(A;;GA;;;SY)"))
      .Case("SDDL_DEVOBJ_SYS_ALL_ADM_ALL",
            std::string("D:P(A;;GA;;;SY)(A;;GA;;;BA)"))
      .Case("SDDL_DEVOBJ_SYS_ALL_ADM_RX",
            std::string("D:P(A;;GA;;;SY)(A;;GRGX;;;BA)"))
      .Case("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R",
            std::string("D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)"))
      .Case("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R",
            std::string("D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)(A;;GR;;;RC)"))
      .Case("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R",
            std::string("D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)"))
      .Case("SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX",
            std::string("D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)"))
      .Default(std::nullopt);
}

namespace {

// Access rights, with the generic rights mapped as the I/O manager maps
// them for device and file objects (FILE_GENERIC_*).
constexpr uint32_t FileReadData = 0x1, FileWriteData = 0x2,
                   FileAppendData = 0x4;
constexpr uint32_t WriteDac = 0x40000, WriteOwner = 0x80000;
constexpr uint32_t GenericAll = 0x10000000, GenericExecute = 0x20000000,
                   GenericWrite = 0x40000000, GenericRead = 0x80000000;
constexpr uint32_t FileAllAccess = 0x1F01FF, FileGenericRead = 0x120089,
                   FileGenericWrite = 0x120116, FileGenericExecute = 0x1200A0;

uint32_t mapGeneric(uint32_t M) {
  uint32_t Out = M & 0x0FFFFFFF;
  if (M & GenericAll)
    Out |= FileAllAccess;
  if (M & GenericRead)
    Out |= FileGenericRead;
  if (M & GenericWrite)
    Out |= FileGenericWrite;
  if (M & GenericExecute)
    Out |= FileGenericExecute;
  return Out;
}

bool givesAll(uint32_t M) { return M & (WriteDac | WriteOwner); }
bool givesRead(uint32_t M) { return givesAll(M) || (M & FileReadData); }
bool givesWrite(uint32_t M) {
  return givesAll(M) || (M & (FileWriteData | FileAppendData));
}

/// Parses an ACE's rights field: two-letter codes or a number.
bool parseRights(llvm::StringRef S, uint32_t &Out, std::string &Error) {
  S = S.trim();
  Out = 0;
  if (S.empty())
    return true;
  if (llvm::isDigit(S[0])) {
    unsigned long long V;
    if (S.getAsInteger(0, V) || V > 0xFFFFFFFFull) {
      Error = "bad access mask '" + S.str() + "'";
      return false;
    }
    Out = uint32_t(V);
    return true;
  }
  if (S.size() % 2) {
    Error = "bad access rights '" + S.str() + "'";
    return false;
  }
  for (size_t I = 0; I < S.size(); I += 2) {
    std::string Code = S.substr(I, 2).upper();
    uint32_t Bit = llvm::StringSwitch<uint32_t>(Code)
                       .Case("GA", GenericAll)
                       .Case("GR", GenericRead)
                       .Case("GW", GenericWrite)
                       .Case("GX", GenericExecute)
                       .Case("FA", FileAllAccess)
                       .Case("FR", FileGenericRead)
                       .Case("FW", FileGenericWrite)
                       .Case("FX", FileGenericExecute)
                       .Case("KA", 0xF003F)
                       .Case("KR", 0x20019)
                       .Case("KW", 0x20006)
                       .Case("KX", 0x20019)
                       .Case("SD", 0x10000)
                       .Case("RC", 0x20000)
                       .Case("WD", WriteDac)
                       .Case("WO", WriteOwner)
                       .Case("CC", 0x1)
                       .Case("DC", 0x2)
                       .Case("LC", 0x4)
                       .Case("SW", 0x8)
                       .Case("RP", 0x10)
                       .Case("WP", 0x20)
                       .Case("DT", 0x40)
                       .Case("LO", 0x80)
                       .Case("CR", 0x100)
                       .Default(0);
    if (!Bit) {
      Error = "unknown access right '" + Code + "'";
      return false;
    }
    Out |= Bit;
  }
  return true;
}

struct Ace {
  bool Allow;
  uint32_t Mask; // generic rights mapped
  bool FullControl;
  std::string Sid;
  std::string Text;
};

/// The SIDs a caller of each class holds, at the least: a member of a more
/// privileged class holds those of the classes below too.
bool heldBy(Exposure Caller, const std::string &Sid) {
  Exposure C = sidClass(Sid);
  return C <= Caller;
}

} // namespace

SddlAccess parseSddl(llvm::StringRef S) {
  SddlAccess Out;
  S = S.trim();
  if (S.empty()) {
    Out.Error = "empty SDDL string";
    return Out;
  }
  // Split into sections "O:", "G:", "D:", "S:" at top level.
  llvm::StringRef Dacl;
  bool HasDacl = false;
  size_t I = 0;
  int Depth = 0;
  std::vector<std::pair<char, llvm::StringRef>> Sections;
  size_t Start = std::string::npos;
  char Tag = 0;
  for (; I < S.size(); ++I) {
    char C = S[I];
    if (C == '(')
      ++Depth;
    else if (C == ')') {
      if (--Depth < 0) {
        Out.Error = "unbalanced ')' at offset " + std::to_string(I);
        return Out;
      }
    } else if (Depth == 0 && I + 1 < S.size() && S[I + 1] == ':' &&
               (C == 'O' || C == 'G' || C == 'D' || C == 'S') &&
               (I == 0 || S[I - 1] != '-')) {
      if (Start != std::string::npos)
        Sections.push_back({Tag, S.slice(Start, I)});
      Tag = C;
      Start = I + 2;
      ++I;
    } else if (Start == std::string::npos) {
      Out.Error = "SDDL must start with O:, G:, D: or S:";
      return Out;
    }
  }
  if (Depth != 0) {
    Out.Error = "unbalanced '(' in the SDDL string";
    return Out;
  }
  if (Start != std::string::npos)
    Sections.push_back({Tag, S.substr(Start)});
  for (const auto &Sec : Sections)
    if (Sec.first == 'D') {
      if (HasDacl) {
        Out.Error = "two D: sections";
        return Out;
      }
      HasDacl = true;
      Dacl = Sec.second.trim();
    }

  std::vector<Ace> Aces;
  if (HasDacl) {
    // Flags before the first ACE: P, AI, AR, NO_ACCESS_CONTROL.
    size_t Paren = Dacl.find('(');
    llvm::StringRef Flags = Dacl.substr(0, Paren).trim();
    if (Flags.contains("NO_ACCESS_CONTROL"))
      Out.NullDacl = true;
    else {
      llvm::StringRef F = Flags;
      while (!F.empty()) {
        if (F.consume_front("P") || F.consume_front("AI") ||
            F.consume_front("AR"))
          continue;
        Out.Error = "unknown DACL flags '" + Flags.str() + "'";
        return Out;
      }
    }
    llvm::StringRef Rest = Paren == llvm::StringRef::npos ? "" : Dacl.substr(Paren);
    while (!Rest.empty()) {
      Rest = Rest.ltrim();
      if (Rest.empty())
        break;
      if (!Rest.consume_front("(")) {
        Out.Error = "expected '(' at '" + Rest.take_front(16).str() + "'";
        return Out;
      }
      size_t End = Rest.find(')');
      llvm::StringRef Body = Rest.substr(0, End);
      Rest = Rest.substr(End + 1);
      llvm::SmallVector<llvm::StringRef, 7> F;
      Body.split(F, ';');
      if (F.size() < 6) {
        Out.Error = "ACE '(" + Body.str() + ")' has " + std::to_string(F.size()) +
                    " fields, expected 6";
        return Out;
      }
      std::string Type = F[0].trim().upper();
      Ace A;
      A.Text = ("(" + Body + ")").str();
      A.Sid = F[5].trim().str();
      if (Type == "A" || Type == "OA" || Type == "XA" || Type == "ZA")
        A.Allow = true;
      else if (Type == "D" || Type == "OD" || Type == "XD")
        A.Allow = false;
      else if (Type == "AU" || Type == "AL" || Type == "ML" || Type == "OU" ||
               Type == "OL" || Type == "SP" || Type == "RA" || Type == "TL" ||
               Type == "FL" || Type == "XU")
        continue; // audit, alarm, label ...: no access granted
      else {
        Out.Error = "unknown ACE type '" + Type + "' in " + A.Text;
        return Out;
      }
      if (A.Sid.empty()) {
        Out.Error = "ACE " + A.Text + " names no SID";
        return Out;
      }
      // Inherit-only ACEs do not apply to the object itself.
      if (llvm::StringRef(F[1]).upper().find("IO") != std::string::npos)
        continue;
      uint32_t Raw;
      if (!parseRights(F[2], Raw, Out.Error))
        return Out;
      A.Mask = mapGeneric(Raw);
      A.FullControl = (Raw & GenericAll) || givesAll(A.Mask) ||
                      (A.Mask & FileAllAccess) == FileAllAccess;
      Aces.push_back(std::move(A));
    }
  } else {
    Out.NullDacl = true; // no DACL at all: no access control
  }
  Out.Valid = true;
  if (Out.NullDacl) {
    Out.Open = Out.Read = Out.Write = Exposure::Everyone;
    return Out;
  }

  // The access check's walk of the DACL, for a caller of each class.
  for (Exposure Caller : {Exposure::Everyone, Exposure::AuthenticatedUsers,
                          Exposure::Administrators}) {
    uint32_t Granted = 0, Denied = 0;
    for (const Ace &A : Aces) {
      if (!heldBy(Caller, A.Sid))
        continue;
      if (A.Allow)
        Granted |= A.Mask & ~Denied;
      else
        Denied |= A.Mask & ~Granted;
    }
    if (Granted && Out.Open == Exposure::KernelOnly)
      Out.Open = Caller;
    if (givesRead(Granted) && Out.Read == Exposure::KernelOnly)
      Out.Read = Caller;
    if (givesWrite(Granted) && Out.Write == Exposure::KernelOnly)
      Out.Write = Caller;
  }
  for (const Ace &A : Aces) {
    // Only the well-known low SIDs: a domain group may be anyone.
    auto C = knownSidClass(A.Sid);
    if (A.Allow && C && *C <= Exposure::AuthenticatedUsers && givesWrite(A.Mask))
      Out.Permissive.push_back({A.Text, A.Sid, *C, A.FullControl});
  }
  return Out;
}

} // namespace drvcert
