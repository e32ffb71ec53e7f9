//===- ObjectOpWithoutAccessCheckChecker.cpp - object-op-without-access-check ===//
//
// Rule object-op-without-access-check (doc: object-op-without-access-check.md).
// A file, registry key, process or other named object opened, created or
// deleted by a name from the request, in the caller's context, with no
// access check against the caller: a Zw routine runs with PreviousMode
// KernelMode, so only OBJ_FORCE_ACCESS_CHECK (OBJECT_ATTRIBUTES.Attributes),
// IO_FORCE_ACCESS_CHECK (IoCreateFile(Ex) Options) or AccessMode UserMode
// (ObOpenObjectByName) make the object manager check the caller's rights.
// Also a rename or hard link (ZwSetInformationFile) to a target name from
// the request: the target directory is opened with kernel previous mode.
//
//   name from the input (RtlInitUnicodeString, RtlStringCbPrintfW, copies,
//   UNICODE_STRING in the request) --InitializeObjectAttributes-->
//   ZwCreateFile / ZwOpenFile / IoCreateFile(Ex) / ZwDeleteFile /
//   ZwCreateKey / ZwOpenKey(Ex) / ZwOpenProcess / ObOpenObjectByName ...
//
// Flags the path does not know (a variable the caller set) keep it silent.
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

/// Sinks already reported on this path.
REGISTER_SET_WITH_PROGRAMSTATE(ObjectOpReported, const Stmt *)

namespace drvcert {
namespace {

// FILE_INFORMATION_CLASS values that name a target file.
constexpr uint64_t FileRenameInformation = 10;
constexpr uint64_t FileLinkInformation = 11;
constexpr uint64_t FileRenameInformationEx = 65;
constexpr uint64_t FileLinkInformationEx = 72;

std::string noun(const std::string &Kind) {
  if (Kind == "key")
    return "registry key";
  return Kind;
}

class ObjectOpWithoutAccessCheckChecker : public Checker<check::PreCall> {
  const BugType BT{this, "Object opened by a caller-chosen name without an "
                         "access check",
                   "Windows driver security"};

  void report(CheckerContext &C, const CallEvent &Call, SVal V,
              std::string Message) const {
    ProgramStateRef State = C.getState();
    const Stmt *S = Call.getOriginExpr();
    if (State->contains<ObjectOpReported>(S))
      return;
    kio::emitReport(C, BT, std::move(Message), S, {V}, /*Fatal=*/false,
                    State->add<ObjectOpReported>(S));
  }

  void checkOpen(const CallEvent &Call, const ApiCall &Api,
                 CheckerContext &C) const {
    const auto &O = *Api.Api->Open;
    if (O.AttributesArg < 0)
      return;
    auto OA = obj::objectAttributes(Call, O.AttributesArg, C);
    if (!OA)
      return;
    auto Name = obj::nameFromInput(C, OA->ObjectName);
    if (!Name)
      return;
    // Unknown flags: the path cannot tell, stay silent.
    if (!OA->Attributes || (*OA->Attributes & obj::ObjForceAccessCheck))
      return;
    std::string Fix = "add OBJ_FORCE_ACCESS_CHECK to the attributes given to "
                      "InitializeObjectAttributes";
    if (O.OptionsArg >= 0) {
      auto Options = obj::concreteArg(Call, O.OptionsArg, C);
      if (!Options || (*Options & obj::IoForceAccessCheck))
        return;
      Fix = "pass IO_FORCE_ACCESS_CHECK in Options (or OBJ_FORCE_ACCESS_CHECK "
            "in the attributes)";
    }
    std::string Mode = "runs with kernel previous mode";
    if (O.AccessModeArg >= 0) {
      auto M = obj::concreteArg(Call, O.AccessModeArg, C);
      if (!M || *M != obj::KernelModeValue)
        return;
      Mode = "is given AccessMode KernelMode";
      Fix = "pass Irp->RequestorMode (UserMode) as AccessMode or add "
            "OBJ_FORCE_ACCESS_CHECK to the attributes";
    }
    if (kio::requestorIsKernel(C))
      return;
    std::string Verb = O.HandleArg < 0 ? " deletes a " : " opens a ";
    report(C, Call, OA->ObjectName,
           obj::quoted(Api.WrittenName) + Verb + noun(O.Kind) +
               " whose name comes from " + Name->Origin +
               " without OBJ_FORCE_ACCESS_CHECK; the call " + Mode +
               ", so the caller's rights are never checked and any caller "
               "can reach objects its account cannot (system files, "
               "protected registry keys); " + Fix);
  }

  void checkFileInformation(const CallEvent &Call, const ApiCall &Api,
                            CheckerContext &C) const {
    const auto &I = *Api.Api->FileInfo;
    auto Class = obj::concreteArg(Call, I.ClassArg, C);
    if (!Class || unsigned(I.InfoArg) >= Call.getNumArgs())
      return;
    bool Rename = *Class == FileRenameInformation ||
                  *Class == FileRenameInformationEx;
    bool Link = *Class == FileLinkInformation || *Class == FileLinkInformationEx;
    if (!Rename && !Link)
      return;
    SVal Info = Call.getArgSVal(I.InfoArg);
    auto Name = obj::memoryFromInput(C, Info);
    if (!Name || kio::requestorIsKernel(C))
      return;
    report(C, Call, Info,
           obj::quoted(Api.WrittenName) +
               (Rename ? " renames a file to " : " links a file to ") +
               "a target name that comes from " + Name->Origin +
               "; the target directory is opened with kernel previous mode, "
               "so any caller can place or replace files where its account "
               "cannot write; build the target path from a fixed directory "
               "and validate the caller's part of it");
  }

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto Api = obj::resolve(Call, C);
    if (!Api)
      return;
    if (Api->Api->Open)
      checkOpen(Call, *Api, C);
    else if (Api->Api->FileInfo)
      checkFileInformation(Call, *Api, C);
  }
};

} // namespace

void registerObjectOpWithoutAccessCheckChecker(CheckerRegistry &Registry,
                                               const RuleInfo &Rule) {
  addRuleChecker<ObjectOpWithoutAccessCheckChecker>(Registry, Rule);
}

} // namespace drvcert
