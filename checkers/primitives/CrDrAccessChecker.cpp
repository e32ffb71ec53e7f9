//===- CrDrAccessChecker.cpp - ioctl-cr-dr-access --------------------------===//
//
// Rule ioctl-cr-dr-access (doc: ioctl-cr-dr-access.md). Two shapes:
//
//   load   __writecr0/3/4/8, __writedr, __writeeflags with a value from the
//          request that no allowlist constrains; __lidt / _lgdt of a
//          descriptor the request supplies (clearing CR0.WP or CR4.SMEP,
//          switching page tables, replacing the IDT: ring-0 takeover)
//   leak   CR3 (__readcr3), the IDTR / GDTR (__sidt, _sgdt) or an MSR that
//          holds a kernel address (__readmsr(IA32_LSTAR) ...) written to a
//          request buffer, directly or through a copy routine: the page
//          tables' root and the kernel's location handed to the caller
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

/// Values read from CR3 or a kernel-address MSR, by symbol: what they are.
REGISTER_MAP_WITH_PROGRAMSTATE(CrSecretValues, SymbolRef, const char *)
/// Memory that __sidt / _sgdt filled: what it holds.
REGISTER_MAP_WITH_PROGRAMSTATE(CrSecretRegions, const MemRegion *, const char *)

namespace drvcert {
namespace {

using Prim = ApiFunction::Primitive;

/// MSRs whose value is a kernel address (syscall entry points, the
/// SYSENTER stack, the kernel's GS base).
struct AddressMsr {
  uint64_t Index;
  const char *Name;
};
constexpr AddressMsr AddressMsrs[] = {
    {0x175, "IA32_SYSENTER_ESP"}, {0x176, "IA32_SYSENTER_EIP"},
    {0xC0000082, "IA32_LSTAR"},   {0xC0000083, "IA32_CSTAR"},
    {0xC0000101, "IA32_GS_BASE"}, {0xC0000102, "IA32_KERNEL_GS_BASE"}};

const char *secretOf(ProgramStateRef State, SVal V) {
  SymbolRef S = V.getAsSymbol();
  // A comparison with the value ("cr3 == saved") tells the caller a bit,
  // not the value.
  if (const auto *B = dyn_cast_or_null<BinarySymExpr>(S))
    if (BinaryOperator::isComparisonOp(B->getOpcode()) ||
        BinaryOperator::isLogicalOp(B->getOpcode()))
      return nullptr;
  if (S)
    for (SymbolRef Sub : S->symbols())
      if (const char *const *Name = State->get<CrSecretValues>(Sub))
        return *Name;
  return nullptr;
}

class CrDrAccessChecker
    : public Checker<check::PreCall, check::PostCall, check::Bind,
                     eval::Call> {
  const BugType BT{this, "Control register or descriptor table from the caller",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;

  /// Register reads: mingw-w64 defines __readcr3 and friends as inline
  /// functions around inline assembly, which the analyzer evaluates to an
  /// unknown value. A fresh symbol per read lets the value be followed
  /// (CR3 into the output) and combined with user data (CR4 & ~mask).
  bool evalCall(const CallEvent &Call, CheckerContext &C) const {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
    const Expr *E = Call.getOriginExpr();
    const ApiFunction *Api = FD ? ApiModel::global().lookup(FD) : nullptr;
    if (!Api || !Api->Prim || !E)
      return false;
    auto K = Api->Prim->Kind;
    if (K != Prim::RegisterRead && K != Prim::SecretRead && K != Prim::MsrRead)
      return false;
    const LocationContext *LC = C.getLocationContext();
    SVal V = C.getSValBuilder().conjureSymbolVal(nullptr, E, LC, Call.getResultType(),
                                                 C.blockCount());
    C.addTransition(C.getState()->BindExpr(E, LC, V));
    return true;
  }

  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    const char *Secret = secretOf(State, Val);
    if (Secret)
      reportLeak(C, Loc, Secret, S, "is written to");
  }

private:
  /// Reports Secret reaching Dest when Dest is a request buffer.
  bool reportLeak(CheckerContext &C, SVal Dest, const char *Secret,
                  const Stmt *S, const char *How) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, Dest, Base);
    if (!B || prim::privilegedPath(C))
      return false;
    kio::emitReport(
        C, BT,
        std::string("the value of ") + Secret + " " + How + " " +
            kio::describe(B->From) +
            ", which goes back to the caller; it tells any caller where the "
            "kernel and its page tables are, the first step of a kernel "
            "exploit (KASLR bypass); never return control-register, "
            "descriptor-table or kernel-address MSR values",
        S, {Dest});
    return true;
  }
};

void CrDrAccessChecker::checkPreCall(const CallEvent &Call,
                                     CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  // A copy routine whose source holds a secret value.
  if (auto Copy = kio::copyCall(Call, C); Copy && Copy->Dst && Copy->Src) {
    const MemRegion *Src = Copy->Src->getAsRegion();
    if (Src) {
      Src = Src->StripCasts();
      const char *const *Secret = State->get<CrSecretRegions>(Src);
      const char *Name = Secret ? *Secret : nullptr;
      if (!Name)
        if (const auto *TR = dyn_cast<TypedValueRegion>(Src))
          if (TR->getValueType()->isScalarType())
            Name = secretOf(State, State->getSVal(TR));
      if (Name)
        reportLeak(C, *Copy->Dst, Name, Call.getOriginExpr(),
                   ("is copied by '" + Copy->Name + "' to").c_str());
    }
    return;
  }
  auto S = prim::sinkOf(Call, C);
  if (!S || prim::privilegedPath(C))
    return;
  const Prim &P = *S->P;
  std::string Why;
  switch (P.Kind) {
  case Prim::ControlRegisterWrite: {
    SVal V = prim::scalarArg(Call, P.ValueArg, C);
    if (!prim::openUserValue(C, V, Why))
      return;
    kio::emitReport(
        C, BT,
        "'" + S->Name + "' loads a value from " + Why +
            " into a control or debug register; any caller can clear CR0.WP "
            "or CR4.SMEP, switch page tables or set hardware breakpoints and "
            "run its code in ring 0; never load these registers from the "
            "request: set the bits the driver needs from constants",
        Call.getOriginExpr(), {V});
    return;
  }
  case Prim::DescriptorTableLoad: {
    SVal Ptr = Call.getArgSVal(P.AddressArg);
    SymbolRef Base;
    bool FromRequest = kio::bufferOf(State, Ptr, Base).has_value() ||
                       kio::isUserData(State, Ptr);
    if (!FromRequest)
      if (const MemRegion *R = Ptr.getAsRegion())
        FromRequest = kio::isUserData(
            State, State->getSVal(R->StripCasts(), C.getASTContext().UnsignedShortTy));
    if (!FromRequest)
      return;
    kio::emitReport(
        C, BT,
        "'" + S->Name + "' loads a descriptor table register from a descriptor "
        "the caller supplies; any caller can install its own interrupt or "
        "segment descriptors and run its code in ring 0; never load "
        "descriptor tables from the request",
        Call.getOriginExpr(), {Ptr});
    return;
  }
  case Prim::SecretStore: {
    SVal Dest = Call.getArgSVal(P.AddressArg);
    reportLeak(C, Dest, S->Name == "__sidt" ? "the IDTR" : "the GDTR",
               Call.getOriginExpr(), ("is stored by '" + S->Name + "' into").c_str());
    return;
  }
  default:
    return;
  }
}

void CrDrAccessChecker::checkPostCall(const CallEvent &Call,
                                      CheckerContext &C) const {
  auto S = prim::sinkOf(Call, C);
  if (!S)
    return;
  const Prim &P = *S->P;
  ProgramStateRef State = C.getState();
  if (P.Kind == Prim::SecretRead) {
    if (SymbolRef V = Call.getReturnValue().getAsSymbol())
      C.addTransition(State->set<CrSecretValues>(V, "CR3"));
    return;
  }
  if (P.Kind == Prim::MsrRead) {
    auto R = prim::constraintOf(C, prim::scalarArg(Call, P.IndexArg, C)).Range;
    SymbolRef V = Call.getReturnValue().getAsSymbol();
    if (!R || !R->isConstant() || !V)
      return;
    for (const AddressMsr &M : AddressMsrs)
      if (R->Lo.getZExtValue() == M.Index)
        C.addTransition(State->set<CrSecretValues>(V, M.Name));
    return;
  }
  if (P.Kind == Prim::SecretStore) {
    if (const MemRegion *R = Call.getArgSVal(P.AddressArg).getAsRegion())
      C.addTransition(State->set<CrSecretRegions>(
          R->StripCasts(), S->Name == "__sidt" ? "the IDTR" : "the GDTR"));
  }
}

} // namespace

void registerCrDrAccessChecker(CheckerRegistry &Registry, const RuleInfo &Rule) {
  addRuleChecker<CrDrAccessChecker>(Registry, Rule);
}

} // namespace drvcert
