//===- IoctlProcessKillChecker.cpp - ioctl-process-kill --------------------===//
//
// Rule ioctl-process-kill (doc: ioctl-process-kill.md). A process the caller
// chose (by a process id or a handle from the request) terminated or
// suspended on a path where no authorization check passed: the EDR-killer
// IOCTL of many abused signed drivers.
//
//   PsLookupProcessByProcessId(pid from input) / ZwOpenProcess(CLIENT_ID from
//   input) / ObOpenObjectByPointer(chosen) / handle from input
//     --no SeSinglePrivilegeCheck, SeAccessCheck, SeTokenIsAdmin,
//       RequestorMode == KernelMode-->
//   ZwTerminateProcess, PsSuspendProcess, ZwSuspendProcess,
//   KeStackAttachProcess(chosen) + ZwTerminateProcess(NtCurrentProcess())
//
// PsIsProtectedProcess(Light) is not an authorization check: it spares
// protected processes only, and most security software is not one.
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
REGISTER_SET_WITH_PROGRAMSTATE(ProcessKillReported, const Stmt *)

namespace drvcert {
namespace {

class IoctlProcessKillChecker : public Checker<check::PreCall> {
  const BugType BT{this, "Caller-chosen process terminated",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto Api = obj::resolve(Call, C);
    if (!Api || !Api->Api->ProcessOp)
      return;
    using PO = ApiFunction::ProcessOperation;
    const auto &Op = *Api->Api->ProcessOp;
    if (Op.Kind != PO::Terminate && Op.Kind != PO::Suspend)
      return;
    if (unsigned(Op.ProcessArg) >= Call.getNumArgs())
      return;
    ProgramStateRef State = C.getState();
    const Stmt *S = Call.getOriginExpr();
    if (State->contains<ProcessKillReported>(S))
      return;
    SVal Target = Call.getArgSVal(Op.ProcessArg);
    auto P = obj::chosenProcess(State, Target,
                                obj::isHandleParam(Call, Op.ProcessArg));
    std::string What;
    if (P) {
      What = "a process " + P->Chooser;
      if (!P->Via.empty())
        What += " (from " + obj::quoted(P->Via) + ")";
    } else if (obj::isCurrentProcessHandle(Target)) {
      // Attached to the chosen process, NtCurrentProcess() is that process.
      P = obj::attachedProcess(State);
      if (!P)
        return;
      What = "the process the thread attached to, " + P->Chooser +
             ", through NtCurrentProcess()";
    } else {
      return;
    }
    // A handle opened with the caller's own access checked (UserMode or
    // OBJ_FORCE_ACCESS_CHECK) terminates only what the caller could.
    if (P->Checked || obj::allowlisted(C, P->Source))
      return;
    if (kio::onlyPrivilegedCallersReach(C))
      return;
    std::string Verb = Op.Kind == PO::Terminate ? "terminates" : "suspends";
    kio::emitReport(
        C, BT,
        obj::quoted(Api->WrittenName) + " " + Verb + " " + What +
            " with no authorization check on the path; any caller can kill "
            "or freeze any process, security software included, and a "
            "PsIsProtectedProcess check does not prevent it; require a "
            "privilege first, e.g. SeSinglePrivilegeCheck(SeDebugPrivilege, "
            "Irp->RequestorMode), or open the process with the caller's "
            "access (OBJ_FORCE_ACCESS_CHECK)",
        S, {Target, obj::sourceValue(C, *P)}, /*Fatal=*/false,
        State->add<ProcessKillReported>(S));
  }
};

} // namespace

void registerIoctlProcessKillChecker(CheckerRegistry &Registry,
                                     const RuleInfo &Rule) {
  addRuleChecker<IoctlProcessKillChecker>(Registry, Rule);
}

} // namespace drvcert
