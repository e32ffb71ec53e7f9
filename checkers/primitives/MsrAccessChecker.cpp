//===- MsrAccessChecker.cpp - ioctl-msr-access -----------------------------===//
//
// Rule ioctl-msr-access (doc: ioctl-msr-access.md). __readmsr / __writemsr
// with an index from the request that no allowlist constrains ("i == C" or
// "Cmin <= i <= Cmax", the forms Microsoft's guidance on constraining
// privileged behaviour shows). A deny-list ("i != IA32_LSTAR") is reported
// with its own message. Also reported: an allowlist that admits one of the
// MSRs that hold kernel entry points and bases, and a value from the
// request written to one of those (both give ring-0 code execution or a
// KASLR bypass whatever the allowlist says).
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Primitives.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

namespace drvcert {
namespace {

using Prim = ApiFunction::Primitive;

/// MSRs that hold kernel entry points, stacks and bases (Intel SDM vol. 4;
/// AMD APM vol. 2): writing one runs the caller's code in ring 0, reading
/// one reveals where the kernel is.
struct SensitiveMsr {
  uint32_t Index;
  const char *Name;
  bool SecretToRead; // its value is a kernel address
};
constexpr SensitiveMsr SensitiveMsrs[] = {
    {0x174, "IA32_SYSENTER_CS", false},   {0x175, "IA32_SYSENTER_ESP", true},
    {0x176, "IA32_SYSENTER_EIP", true},   {0xC0000080, "IA32_EFER", false},
    {0xC0000081, "IA32_STAR", false},     {0xC0000082, "IA32_LSTAR", true},
    {0xC0000083, "IA32_CSTAR", true},     {0xC0000084, "IA32_FMASK", false},
    {0xC0000101, "IA32_GS_BASE", true},   {0xC0000102, "IA32_KERNEL_GS_BASE", true},
};

/// The first sensitive MSR inside what the path allows for the index.
const SensitiveMsr *admitted(const kio::ValueRange &R, bool Write) {
  for (const SensitiveMsr &M : SensitiveMsrs) {
    if (!Write && !M.SecretToRead)
      continue;
    llvm::APSInt V(llvm::APInt(R.Lo.getBitWidth(), M.Index), false);
    V.setIsSigned(R.Lo.isSigned());
    if (R.Lo <= V && V <= R.Hi)
      return &M;
  }
  return nullptr;
}

class MsrAccessChecker : public Checker<check::PreCall> {
  const BugType BT{this, "MSR accessed at an index from the caller",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto S = prim::sinkOf(Call, C);
    if (!S || (S->P->Kind != Prim::MsrRead && S->P->Kind != Prim::MsrWrite) ||
        prim::privilegedPath(C))
      return;
    bool Write = S->P->Kind == Prim::MsrWrite;
    SVal Index = prim::scalarArg(Call, S->P->IndexArg, C);
    SVal Value = Write ? prim::scalarArg(Call, S->P->ValueArg, C) : UnknownVal();
    const char *Danger =
        Write ? "any caller can rewrite IA32_LSTAR or IA32_SYSENTER_EIP and "
                "run its code in ring 0"
              : "any caller can read IA32_LSTAR and locate the kernel";
    const char *Fix = "accept only the MSRs the tool needs (index == C, or "
                      "Cmin <= index <= Cmax) or remove the IOCTL";
    std::string Verb = Write ? "writes" : "reads";
    std::string Why;
    prim::Constraint K;
    if (prim::openUserValue(C, Index, Why, &K)) {
      std::string Msg =
          K.Kind == prim::Bound::DenyList
              ? "'" + S->Name + "' " + Verb + " the MSR whose index comes from " +
                    Why + ", which only a deny-list constrains; a deny-list is "
                    "not enough, every MSR it forgets stays open: " + Danger +
                    "; " + Fix
              : "'" + S->Name + "' " + Verb + " the MSR whose index comes from " +
                    Why + " without an allowlist; " + Danger + "; " + Fix;
      kio::emitReport(C, BT, Msg, Call.getOriginExpr(), {Index});
      return;
    }
    // The index is a constant or allowlisted: does it admit a sensitive MSR?
    prim::Constraint IK = prim::constraintOf(C, Index);
    if (!IK.Range)
      return;
    ProgramStateRef State = C.getState();
    if (kio::isUserData(State, Index))
      if (const SensitiveMsr *M = admitted(*IK.Range, Write)) {
        kio::emitReport(
            C, BT,
            "'" + S->Name + "' " + Verb + " the MSR whose index comes from " +
                kio::userDataOrigin(State, Index) + " with an allowlist that "
                "admits " + M->Name + "; " + Danger + "; " + Fix +
                " that leaves out the syscall and base MSRs",
            Call.getOriginExpr(), {Index});
        return;
      }
    if (Write && prim::openUserValue(C, Value, Why))
      if (const SensitiveMsr *M = admitted(*IK.Range, true))
        kio::emitReport(
            C, BT,
            "'" + S->Name + "' writes a value from " + Why + " to " + M->Name +
                "; any caller can point the kernel's entry points at its own "
                "code and run it in ring 0; never write caller values to the "
                "syscall and base MSRs",
            Call.getOriginExpr(), {Value});
  }
};

} // namespace

void registerMsrAccessChecker(CheckerRegistry &Registry, const RuleInfo &Rule) {
  addRuleChecker<MsrAccessChecker>(Registry, Rule);
}

} // namespace drvcert
