//===- IoctlProcessAccessChecker.cpp - ioctl-process-access ----------------===//
//
// Rule ioctl-process-access (doc: ioctl-process-access.md). A process the
// caller chose (by a process id or a handle from the request) whose address
// space the driver enters or copies, or a handle to it opened without an
// access check against the caller and handed back in the output buffer, on
// a path where no authorization check passed.
//
//   chosen process --> KeStackAttachProcess, KeAttachProcess,
//                      MmCopyVirtualMemory, Zw{Read,Write,Protect,Allocate,
//                      Free}VirtualMemory
//   handle to a chosen process opened with KernelMode access and without
//   OBJ_FORCE_ACCESS_CHECK --> stored into the request's buffer
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
REGISTER_SET_WITH_PROGRAMSTATE(ProcessAccessReported, const Stmt *)

namespace drvcert {
namespace {

constexpr const char *Fix =
    "require a privilege first, e.g. SeSinglePrivilegeCheck(SeDebugPrivilege, "
    "Irp->RequestorMode), or open the process with the caller's access "
    "(OBJ_FORCE_ACCESS_CHECK, AccessMode UserMode)";

class IoctlProcessAccessChecker
    : public Checker<check::PreCall, check::Bind> {
  const BugType BT{this, "Caller-chosen process accessed",
                   "Windows driver security"};

  void report(CheckerContext &C, const Stmt *S, SVal V,
              const obj::ChosenProcess &P, std::string Message) const {
    ProgramStateRef State = C.getState();
    if (State->contains<ProcessAccessReported>(S) ||
        obj::allowlisted(C, P.Source) || kio::onlyPrivilegedCallersReach(C))
      return;
    kio::emitReport(C, BT, std::move(Message), S, {V, obj::sourceValue(C, P)},
                    /*Fatal=*/false, State->add<ProcessAccessReported>(S));
  }

  static std::string describe(const obj::ChosenProcess &P) {
    std::string S = "a process " + P.Chooser;
    if (!P.Via.empty())
      S += " (from " + obj::quoted(P.Via) + ")";
    return S;
  }

  /// A handle the caller may not hold: opened for a chosen process without
  /// an access check, in the caller's handle table.
  static std::optional<obj::ChosenProcess> uncheckedHandle(ProgramStateRef State,
                                                           SVal V) {
    SymbolRef S = V.getAsSymbol();
    if (!S)
      return std::nullopt;
    auto P = obj::chosenProcess(State, V, /*HandleTyped=*/false);
    if (!P || !P->IsHandle || !P->Unchecked || P->KernelHandle)
      return std::nullopt;
    return P;
  }

  void handedOut(const obj::ChosenProcess &P, SVal V, const Stmt *S,
                 CheckerContext &C) const {
    report(C, S, V, P,
           "handle to " + describe(P) +
               ", opened with KernelMode access and without "
               "OBJ_FORCE_ACCESS_CHECK, is written to the caller's buffer; "
               "the caller gets access to a process it may not open itself "
               "(lsass.exe, security software); open it with AccessMode "
               "UserMode or OBJ_FORCE_ACCESS_CHECK so that the caller's "
               "rights are checked");
  }

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    // The handle copied into the caller's buffer.
    if (auto Copy = kio::copyCall(Call, C)) {
      SymbolRef Base;
      if (Copy->Dst && Copy->Src && kio::bufferOf(State, *Copy->Dst, Base))
        if (const MemRegion *Src = Copy->Src->getAsRegion()) {
          SVal V = State->getSVal(Src->StripCasts(),
                                  C.getASTContext().VoidPtrTy);
          if (auto P = uncheckedHandle(State, V))
            handedOut(*P, V, Call.getOriginExpr(), C);
        }
      return;
    }
    auto Api = obj::resolve(Call, C);
    if (!Api || !Api->Api->ProcessOp)
      return;
    using PO = ApiFunction::ProcessOperation;
    const auto &Op = *Api->Api->ProcessOp;
    if (Op.Kind != PO::Attach && Op.Kind != PO::Memory)
      return;
    for (int Arg : {Op.ProcessArg, Op.OtherProcessArg}) {
      if (Arg < 0 || unsigned(Arg) >= Call.getNumArgs())
        continue;
      SVal Target = Call.getArgSVal(Arg);
      auto P = obj::chosenProcess(State, Target, obj::isHandleParam(Call, Arg));
      if (!P || P->Checked)
        continue;
      std::string Verb = Op.Kind == PO::Attach
                             ? " attaches the thread to "
                             : " reads or writes the memory of ";
      report(C, Call.getOriginExpr(), Target, *P,
             obj::quoted(Api->WrittenName) + Verb + describe(*P) +
                 " with no authorization check on the path; any caller can "
                 "read or change the memory of any process, lsass.exe and "
                 "security software included; " + Fix);
      return;
    }
  }

  /// The handle stored into the request's buffer (METHOD_BUFFERED output,
  /// a KMDF output buffer, a user buffer).
  void checkBind(SVal Loc, SVal V, const Stmt *S, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    if (!kio::bufferOf(State, Loc, Base))
      return;
    if (auto P = uncheckedHandle(State, V))
      handedOut(*P, V, S, C);
  }
};

} // namespace

void registerIoctlProcessAccessChecker(CheckerRegistry &Registry,
                                       const RuleInfo &Rule) {
  addRuleChecker<IoctlProcessAccessChecker>(Registry, Rule);
}

} // namespace drvcert
