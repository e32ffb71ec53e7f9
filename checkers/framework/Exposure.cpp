//===- Exposure.cpp - Who can reach each finding --------------------------===//
#include "Exposure.h"
#include "Privileges.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>
#include <set>

namespace drvcert {

bool isPrimitiveFamily(llvm::StringRef Family) {
  static const char *const Families[] = {
#define DRVCERT_RULE(...)
#define DRVCERT_PRIMITIVE_FAMILY(F) #F,
#include "Checkers.def"
#undef DRVCERT_PRIMITIVE_FAMILY
#undef DRVCERT_RULE
  };
  for (const char *F : Families)
    if (Family == F)
      return true;
  return false;
}

namespace {
bool (*PrimitiveOverride)(llvm::StringRef) = nullptr;
} // namespace

void setPrimitiveRulesForTesting(bool (*IsPrimitive)(llvm::StringRef)) {
  PrimitiveOverride = IsPrimitive;
}

bool isPrimitiveRule(llvm::StringRef RuleId) {
  if (PrimitiveOverride)
    return PrimitiveOverride(RuleId);
  const RuleInfo *R = findRule(RuleId);
  return R && isPrimitiveFamily(R->Family);
}

Exposure findingExposure(const Finding &F) {
  Exposure E = Exposure::Unknown;
  parseExposure(F.property("exposure"), E);
  return E;
}

namespace {

/// The class that gets the access Needed, from an SDDL's classes.
Exposure forAccess(const SddlAccess &A, llvm::StringRef Needed) {
  bool Read = Needed.contains("FILE_READ_ACCESS");
  bool Write = Needed.contains("FILE_WRITE_ACCESS");
  if (!Read && !Write)
    return A.Open;
  Exposure E = Exposure::Everyone;
  if (Read)
    E = std::max(E, A.Read);
  if (Write)
    E = std::max(E, A.Write);
  return E;
}

std::string accessWords(llvm::StringRef Needed) {
  bool Read = Needed.contains("FILE_READ_ACCESS");
  bool Write = Needed.contains("FILE_WRITE_ACCESS");
  if (Read && Write)
    return "for reading and writing";
  if (Write)
    return "for writing";
  if (Read)
    return "for reading";
  return "";
}

/// Length of the common directory prefix of two paths, in components.
size_t commonDirPrefix(llvm::StringRef A, llvm::StringRef B) {
  llvm::StringRef DA = llvm::sys::path::parent_path(A);
  llvm::StringRef DB = llvm::sys::path::parent_path(B);
  auto IA = llvm::sys::path::begin(DA), EA = llvm::sys::path::end(DA);
  auto IB = llvm::sys::path::begin(DB), EB = llvm::sys::path::end(DB);
  size_t N = 0;
  for (; IA != EA && IB != EB && *IA == *IB; ++IA, ++IB)
    ++N;
  return N;
}

struct Candidate {
  const DeviceFact *Device;
};

} // namespace

DeviceExposure deviceExposure(const DeviceFact &D, llvm::StringRef Needed) {
  DeviceExposure Out;
  bool Port = D.Kind == DeviceFact::Framework::FltPort;
  std::string What = Port ? "communication port" : "device";
  if (!D.Name.empty())
    What += " '" + D.Name + "'";
  else if (!D.Named && D.Interface)
    What += " (unnamed, opened through its device interface)";
  else if (!D.Named)
    What += " (unnamed)";
  std::string For = accessWords(Needed);
  auto Say = [&](const std::string &How) {
    Out.Explanation = What + " created here " + How + ": " +
                      exposureWords(Out.Who).str() + " can open it" +
                      (For.empty() ? "" : " " + For);
  };
  if (!Port && !D.Named && !D.SymbolicLink && !D.Interface) {
    if (D.PnP) {
      Out.Who = Exposure::Unknown;
      Out.Explanation =
          What + " created here in a PnP device stack: user mode opens the "
                 "stack through its PDO, whose security the INF and the bus "
                 "driver set, which drvcert cannot see";
    } else {
      Out.Who = Exposure::KernelOnly;
      Out.Explanation = What + " created here without a name, symbolic link "
                               "or interface: user mode cannot open it";
    }
    return Out;
  }
  switch (D.Sd) {
  case DeviceFact::Security::None:
    if (Port) {
      // The object manager's default descriptor, from the creating
      // thread's token (the System process's): SYSTEM and administrators.
      Out.Who = Exposure::Administrators;
      Say("without a security descriptor (the object manager's default "
          "grants SYSTEM and administrators)");
    } else {
      // The I/O manager's default device descriptor grants everyone read,
      // write and execute access (unless the INF sets one).
      Out.Who = Exposure::Everyone;
      Say("without a security descriptor");
    }
    return Out;
  case DeviceFact::Security::DefaultAdmin:
    Out.Who = Exposure::Administrators;
    Say("with FltBuildDefaultSecurityDescriptor's descriptor");
    return Out;
  case DeviceFact::Security::NullDacl:
    Out.Who = Exposure::Everyone;
    Say("with a NULL DACL");
    return Out;
  case DeviceFact::Security::Opaque:
    Out.Who = Exposure::Unknown;
    Out.Explanation = What + " created here with a security descriptor that "
                             "is not a constant drvcert can read";
    return Out;
  case DeviceFact::Security::Sddl: {
    SddlAccess A = parseSddl(D.Sddl);
    std::string Source = D.SddlSource.empty() ? "\"" + D.Sddl + "\"" : D.SddlSource;
    if (!A.Valid) {
      Out.Who = Exposure::Unknown;
      Out.Explanation = What + " created here with SDDL " + Source +
                        " that drvcert cannot read (" + A.Error + ")";
      return Out;
    }
    Out.Who = forAccess(A, Needed);
    Say("with SDDL " + Source);
    return Out;
  }
  }
  return Out;
}

/// The entry point from which user requests reach Function through the
/// run's direct calls (a handler in ioctl.c that dispatch.c's
/// DriverDispatch calls); empty when none does. Breadth first over callers
/// in name order, so the nearest entry point wins, whatever the -j.
static std::string
entryPointReaching(llvm::StringRef Function,
                   const std::map<std::string, std::set<std::string>> &Callers,
                   const std::set<std::string> &Entries) {
  std::set<std::string> Seen{Function.str()};
  std::vector<std::string> Level{Function.str()};
  while (!Level.empty()) {
    std::vector<std::string> Next;
    for (const std::string &Fn : Level) {
      auto It = Callers.find(Fn);
      if (It == Callers.end())
        continue;
      for (const std::string &Caller : It->second) {
        if (Entries.count(Caller))
          return Caller;
        if (Seen.insert(Caller).second)
          Next.push_back(Caller);
      }
    }
    Level = std::move(Next);
  }
  return "";
}

void applyExposure(std::vector<Finding> &Findings,
                   const std::vector<TuDevices> &Tus) {
  std::map<std::string, std::set<std::string>> Callers;
  std::set<std::string> Entries;
  for (const TuDevices &Tu : Tus) {
    if (!Tu.Facts)
      continue;
    for (const CallEdge &E : Tu.Facts->Calls)
      Callers[E.Callee].insert(E.Caller);
    for (const EntryRegistration &E : Tu.Facts->Entries)
      Entries.insert(E.Function);
  }
  for (Finding &F : Findings) {
    if (!F.property("exposure").empty())
      continue;
    std::string Entry = F.property("entryPoint").str();
    if (Entry.empty()) {
      // Found in a function analyzed on its own (its caller is in another
      // TU): the entry point that calls it, if any. The request it serves
      // is then not known: graded as for any access.
      std::string Reaching =
          F.Function.empty() ? "" : entryPointReaching(F.Function, Callers, Entries);
      if (Reaching.empty())
        continue;
      F.Properties.push_back({"entryPoint", Reaching});
      Entry = Reaching;
    }
    // The devices whose creation registered this entry point.
    std::vector<const DeviceFact *> Devices;
    std::vector<std::string> DeviceFiles;
    std::set<std::tuple<std::string, unsigned, unsigned>> Seen;
    auto Add = [&](const DeviceFact &D) {
      // A creation in a header shows up in every TU including it: once.
      if (Seen.insert({D.Where.File, D.Where.Line, D.Where.Column}).second)
        Devices.push_back(&D);
    };
    for (const TuDevices &Tu : Tus) {
      if (!Tu.Facts)
        continue;
      for (const EntryRegistration &E : Tu.Facts->Entries) {
        if (E.Function != Entry)
          continue;
        if (E.Device >= 0) {
          Add(Tu.Facts->Devices[E.Device]);
          continue;
        }
        // Registered in a TU that creates no device of its framework (a
        // KMDF Queue.c): any device of that framework of the run.
        for (const TuDevices &Other : Tus)
          if (Other.Facts)
            for (const DeviceFact &D : Other.Facts->Devices)
              if (D.Kind == E.Kind)
                Add(D);
      }
    }
    // Several drivers of the database register this name: the one whose
    // device is nearest to the finding's file.
    size_t Best = 0;
    for (const DeviceFact *D : Devices)
      Best = std::max(Best, commonDirPrefix(D->Where.File, F.Where.File));
    std::vector<const DeviceFact *> Nearest;
    for (const DeviceFact *D : Devices)
      if (commonDirPrefix(D->Where.File, F.Where.File) == Best)
        Nearest.push_back(D);

    // What the request needs: the IOCTL's access, and what
    // IoValidateDeviceIoControlAccess on the path demanded.
    std::string Needed = F.property("requiredAccess").str();
    Exposure Floor = Exposure::Everyone;
    std::string FloorWhy;
    llvm::SmallVector<llvm::StringRef, 4> Checks;
    F.property("accessCheck").split(Checks, ", ", -1, false);
    for (llvm::StringRef C : Checks) {
      llvm::StringRef Routine = C.substr(0, C.find('('));
      llvm::StringRef Detail;
      if (size_t Open = C.find('('); Open != llvm::StringRef::npos)
        Detail = C.slice(Open + 1, C.rfind(')'));
      if (Routine.ends_with("IoValidateDeviceIoControlAccess")) {
        Needed += " " + Detail.str();
        continue;
      }
      if (Detail.ends_with("Privilege") && standardUsersHold(Detail))
        continue;
      if (Floor < Exposure::Administrators) {
        Floor = Exposure::Administrators;
        FloorWhy = C.str();
      }
    }
    if (F.property("requestorMode") == "KernelMode") {
      Floor = Exposure::KernelOnly;
      FloorWhy = "RequestorMode == KernelMode";
    }

    // The weakest of the devices that serve it: a caller picks that one.
    DeviceExposure Dev;
    const DeviceFact *Through = nullptr;
    for (const DeviceFact *D : Nearest) {
      DeviceExposure E = deviceExposure(*D, Needed);
      if (!Through || E.Who < Dev.Who) {
        Dev = E;
        Through = D;
      }
    }
    Exposure Who;
    if (!Through)
      Who = Floor >= Exposure::Administrators ? Floor : Exposure::Unknown;
    else if (Dev.Who == Exposure::Unknown)
      Who = Floor >= Exposure::Administrators ? Floor : Exposure::Unknown;
    else
      Who = std::max(Dev.Who, Floor);
    F.Properties.push_back({"exposure", exposureName(Who).str()});
    if (Through) {
      std::string Msg = Dev.Explanation;
      if (Who != Dev.Who && !FloorWhy.empty())
        Msg += "; the path checks " + FloorWhy + ", so only " +
               exposureWords(Who).str() + " reach it";
      F.Related.push_back({Through->Where, Msg});
    }
    // Severity follows exposure for the primitives.
    if (isPrimitiveRule(F.RuleId)) {
      if (Who == Exposure::Administrators)
        F.Lvl = std::min(F.Lvl, Level::Warning);
      else if (Who == Exposure::KernelOnly)
        F.Lvl = std::min(F.Lvl, Level::Note);
    }
  }
}

} // namespace drvcert
