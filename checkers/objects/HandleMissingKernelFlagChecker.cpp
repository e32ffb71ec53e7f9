//===- HandleMissingKernelFlagChecker.cpp - handle-missing-kernel-flag ----===//
//
// Rule handle-missing-kernel-flag (doc: handle-missing-kernel-flag.md). A
// handle the driver creates for itself without OBJ_KERNEL_HANDLE on a path
// that starts at an entry point user requests reach: the handle lands in
// the calling process's handle table, where the application can use it,
// close it or replace it with a handle to another object.
//
//   InitializeObjectAttributes(&oa, ..., attributes without
//   OBJ_KERNEL_HANDLE, ...) --> ZwCreateFile / ZwOpenKey / ZwCreateSection
//   / ObOpenObjectByName ... (or HandleAttributes of ObOpenObjectByPointer)
//
// Not reported: paths that start in DriverEntry, system threads or work
// items (the System process), flags the path does not know, handles opened
// for the caller (AccessMode UserMode, or written straight into the
// request's buffer: ioctl-process-access judges those).
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/AST/Decl.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

/// Sinks already reported on this path.
REGISTER_SET_WITH_PROGRAMSTATE(KernelFlagReported, const Stmt *)

namespace drvcert {
namespace {

std::string entryPointName(const LocationContext *LC) {
  const StackFrameContext *Top = LC->getStackFrame();
  while (Top->getParent())
    Top = Top->getParent()->getStackFrame();
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Top->getDecl()))
    return FD->getName().str();
  return "";
}

class HandleMissingKernelFlagChecker : public Checker<check::PreCall> {
  const BugType BT{this, "Private handle without OBJ_KERNEL_HANDLE",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto Api = obj::resolve(Call, C);
    if (!Api || !Api->Api->Open || Api->Api->Open->HandleArg < 0)
      return;
    const auto &O = *Api->Api->Open;
    if (!kio::pathStartsAtEntryPoint(C.getLocationContext()))
      return;
    ProgramStateRef State = C.getState();
    const Stmt *S = Call.getOriginExpr();
    if (State->contains<KernelFlagReported>(S))
      return;
    std::optional<uint64_t> Attrs;
    SVal Where = UnknownVal();
    if (O.AttributesArg >= 0) {
      if (auto OA = obj::objectAttributes(Call, O.AttributesArg, C))
        Attrs = OA->Attributes;
      Where = Call.getArgSVal(O.AttributesArg);
    } else if (O.HandleAttributesArg >= 0) {
      Attrs = obj::concreteArg(Call, O.HandleAttributesArg, C);
      Where = Call.getArgSVal(O.HandleAttributesArg);
    }
    if (!Attrs || (*Attrs & obj::ObjKernelHandle))
      return;
    // A handle opened for the caller: a user-mode handle by design.
    if (O.AccessModeArg >= 0) {
      auto Mode = obj::concreteArg(Call, O.AccessModeArg, C);
      if (!Mode || *Mode != obj::KernelModeValue)
        return;
    }
    if (unsigned(O.HandleArg) < Call.getNumArgs()) {
      SymbolRef Base;
      if (kio::bufferOf(State, Call.getArgSVal(O.HandleArg), Base))
        return;
    }
    kio::emitReport(
        C, BT,
        obj::quoted(Api->WrittenName) + " creates a handle without "
            "OBJ_KERNEL_HANDLE on a path that starts at '" +
            entryPointName(C.getLocationContext()) +
            "', so it lands in the calling process's handle table; the "
            "application can use, close or replace the driver's handle; add "
            "OBJ_KERNEL_HANDLE to the attributes",
        S, {Where}, /*Fatal=*/false, State->add<KernelFlagReported>(S));
  }
};

} // namespace

void registerHandleMissingKernelFlagChecker(CheckerRegistry &Registry,
                                            const RuleInfo &Rule) {
  addRuleChecker<HandleMissingKernelFlagChecker>(Registry, Rule);
}

} // namespace drvcert
