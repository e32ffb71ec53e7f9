//===- PreviousModeConfusionChecker.cpp - previous-mode-confusion ---------===//
//
// Rule previous-mode-confusion (doc: previous-mode-confusion.md). Values
// from the caller treated as trusted kernel values:
//
//   (a) ObReferenceObjectByHandle(WithTag)(handle from the input, ...,
//       AccessMode KernelMode, ...): no access check, and a kernel handle
//       value (the System process's table) is accepted;
//   (b) a handle from the input, a user-mode address, or an object name at
//       a user-mode address passed to a Zw routine: Zw routines run with
//       PreviousMode KernelMode, so they neither check the handle's access
//       nor probe the address.
//
// Paths on which the request comes from kernel mode (RequestorMode ==
// KernelMode) are silent.
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
REGISTER_SET_WITH_PROGRAMSTATE(PreviousModeReported, const Stmt *)

namespace drvcert {
namespace {

/// A Zw routine of the kernel (declared by the WDK or extern "C" like the
/// undocumented ones drivers declare themselves), not a driver's own
/// function that happens to start with Zw.
bool isZwRoutine(const CallEvent &Call, CheckerContext &C) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !FD->getIdentifier() || !FD->getName().starts_with("Zw") ||
      FD->hasBody())
    return false;
  const SourceManager &SM = C.getSourceManager();
  return FD->isExternC() ||
         SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation()));
}

class PreviousModeConfusionChecker : public Checker<check::PreCall> {
  const BugType BT{this, "Caller value trusted as a kernel value",
                   "Windows driver security"};

  void report(CheckerContext &C, const CallEvent &Call, SVal V,
              std::string Message) const {
    ProgramStateRef State = C.getState();
    const Stmt *S = Call.getOriginExpr();
    kio::emitReport(C, BT, std::move(Message), S, {V}, /*Fatal=*/false,
                    State->add<PreviousModeReported>(S));
  }

  bool checkHandleReference(const CallEvent &Call, const ApiCall &Api,
                            CheckerContext &C) const {
    const auto &H = *Api.Api->HandleRef;
    if (unsigned(H.HandleArg) >= Call.getNumArgs())
      return false;
    auto Mode = obj::concreteArg(Call, H.AccessModeArg, C);
    if (!Mode || *Mode != obj::KernelModeValue)
      return false;
    SVal Handle = Call.getArgSVal(H.HandleArg);
    ProgramStateRef State = C.getState();
    if (!kio::isUserData(State, Handle) || obj::isCurrentProcessHandle(Handle))
      return false;
    report(C, Call, Handle,
           obj::quoted(Api.WrittenName) + " resolves a handle that is " +
               obj::originOf(State, Handle) +
               " with AccessMode KernelMode; no access check is made and a "
               "kernel handle value is accepted, so the caller reaches "
               "objects it cannot open, with any access; pass UserMode "
               "(Irp->RequestorMode) as AccessMode for handles from the "
               "caller");
    return true;
  }

  void checkZwArguments(const CallEvent &Call, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    std::string Routine = obj::quoted(Call.getCalleeIdentifier()->getName().str());
    for (unsigned I = 0; I < Call.getNumArgs() && I < Call.parameters().size();
         ++I) {
      SVal V = Call.getArgSVal(I);
      QualType PT = Call.parameters()[I]->getType();
      if (obj::isHandleParam(Call, I)) {
        if (kio::isUserData(State, V) && !obj::isCurrentProcessHandle(V))
          return report(
              C, Call, V,
              "handle that is " + obj::originOf(State, V) +
                  " is passed to " + Routine +
                  ", which runs with kernel previous mode; the handle's "
                  "access is not checked and a kernel handle value is "
                  "accepted, so the caller acts on objects it cannot open; "
                  "reference it with ObReferenceObjectByHandle(UserMode) and "
                  "use the object, or open your own handle with "
                  "OBJ_FORCE_ACCESS_CHECK");
        continue;
      }
      if (!PT->isPointerType())
        continue;
      SymbolRef Base;
      if (auto B = kio::bufferOf(State, V, Base); B && B->IsUserAddress)
        return report(
            C, Call, V,
            "user-mode address from " + kio::describe(B->From) +
                " is passed to " + Routine +
                ", which runs with kernel previous mode and does not probe "
                "it; a caller can pass a kernel address, or change the data "
                "while the routine uses it; capture the data into kernel "
                "memory (ProbeForRead inside __try, then copy) and pass the "
                "copy");
      const auto *RD = PT->getPointeeType()->getAsRecordDecl();
      if (RD && RD->getName() == "_OBJECT_ATTRIBUTES")
        if (auto OA = obj::objectAttributes(Call, I, C))
          if (auto N = obj::nameFromInput(C, OA->ObjectName); N && N->UserAddress)
            return report(
                C, Call, OA->ObjectName,
                "object name whose characters are at a user-mode address "
                "from " + N->Origin + " is passed to " + Routine +
                    " in OBJECT_ATTRIBUTES; the routine runs with kernel "
                    "previous mode and does not probe it, so a caller can "
                    "point it at kernel memory or change it during the call; "
                    "capture the name into kernel memory first");
    }
  }

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    const Stmt *S = Call.getOriginExpr();
    if (!S || C.getState()->contains<PreviousModeReported>(S) ||
        kio::requestorIsKernel(C))
      return;
    if (auto Api = obj::resolve(Call, C); Api && Api->Api->HandleRef)
      if (checkHandleReference(Call, *Api, C))
        return;
    if (isZwRoutine(Call, C))
      checkZwArguments(Call, C);
  }
};

} // namespace

void registerPreviousModeConfusionChecker(CheckerRegistry &Registry,
                                          const RuleInfo &Rule) {
  addRuleChecker<PreviousModeConfusionChecker>(Registry, Rule);
}

} // namespace drvcert
