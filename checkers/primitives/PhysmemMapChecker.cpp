//===- PhysmemMapChecker.cpp - ioctl-physmem-map ---------------------------===//
//
// Rule ioctl-physmem-map (doc: ioctl-physmem-map.md). A physical address or
// length from the request reaches a routine that maps, translates or copies
// physical memory, and nothing on the path limits it to an allowlist: the
// WinIo / MapMem / PhyMem shape of the most abused signed drivers.
//
//   MmMapIoSpace(Ex)(in->PhysicalAddress, in->Length, ...)
//   MmGetVirtualForPhysical(in->PhysicalAddress)
//   MmCopyMemory(..., {PhysicalAddress = in->Address}, ..., MM_COPY_MEMORY_PHYSICAL, ...)
//   ZwOpenSection(&h, ..., \Device\PhysicalMemory) + ZwMapViewOfSection(h, ..., &offset, &size, ...)
//   IoAllocateMdl(<mapping above>) + MmMapLockedPagesSpecifyCache(mdl, UserMode, ...)
//
// Silent when the path only runs for privileged callers, when the values do
// not come from the request, and when they are allowlisted: a constant, an
// interval bounded on both sides, a window "pa >= base && pa + len <= end".
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Primitives.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/AST/Expr.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

/// Section handles opened on \Device\PhysicalMemory on this path.
REGISTER_SET_WITH_PROGRAMSTATE(PhysMemSections, SymbolRef)
/// Virtual addresses of physical mappings, and MDLs built over them: true
/// when the mapped range came from the request unconstrained.
REGISTER_MAP_WITH_PROGRAMSTATE(PhysMappings, SymbolRef, bool)
REGISTER_MAP_WITH_PROGRAMSTATE(PhysMdls, SymbolRef, bool)
/// The handle out-parameter of a ZwOpenSection of \Device\PhysicalMemory
/// in progress (the call invalidates the attributes that name it).
REGISTER_TRAIT_WITH_PROGRAMSTATE(PhysMemSectionOut, const MemRegion *)

namespace drvcert {
namespace {

using Prim = ApiFunction::Primitive;

// wdm.h: MmCopyMemory flags; KPROCESSOR_MODE UserMode.
constexpr int64_t MmCopyMemoryPhysical = 0x1;
constexpr int64_t UserModeValue = 1;

constexpr const char *Danger =
    "any caller can map and rewrite any physical page, including the "
    "kernel's code and page tables";
constexpr const char *Fix =
    "accept only the device's own range (the address and length checked "
    "against its translated resources or a fixed window) or remove the IOCTL";

/// The text of a string literal, wide or narrow.
std::string literalText(const StringLiteral *SL) {
  std::string Out;
  for (unsigned I = 0, N = SL->getLength(); I < N; ++I) {
    uint32_t CU = SL->getCodeUnit(I);
    Out += CU < 128 ? char(CU) : '?';
  }
  return Out;
}

/// The string literal a region holds: a literal itself, or a global
/// array or counted string initialized with one.
const StringLiteral *literalOf(const MemRegion *R) {
  if (!R)
    return nullptr;
  R = R->getBaseRegion();
  if (const auto *SR = dyn_cast<StringRegion>(R))
    return SR->getStringLiteral();
  if (const auto *VR = dyn_cast<VarRegion>(R))
    if (const auto *VD = dyn_cast<VarDecl>(VR->getDecl()))
      if (const Expr *Init = VD->getAnyInitializer()) {
        Init = Init->IgnoreParenImpCasts();
        if (const auto *SL = dyn_cast<StringLiteral>(Init))
          return SL;
        // UNICODE_STRING Name = RTL_CONSTANT_STRING(L"...");
        if (const auto *IL = dyn_cast<InitListExpr>(Init))
          for (const Expr *E : IL->inits())
            if (const auto *SL =
                    dyn_cast<StringLiteral>(E->IgnoreParenCasts()))
              return SL;
      }
  return nullptr;
}

class PhysmemMapChecker
    : public Checker<check::PreCall, check::PostCall> {
  const BugType BT{this, "Physical memory mapped at an address from the caller",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;

private:
  /// Reports when Address or Length is open user data; returns true when
  /// it did.
  bool checkRange(CheckerContext &C, const CallEvent &Call,
                  const std::string &Name, SVal Address, SVal Length,
                  const char *What) const;
  /// The object name an OBJECT_ATTRIBUTES pointer carries, "" if unknown.
  std::string objectName(CheckerContext &C, SVal Attributes) const;
  bool rangeFromInput(CheckerContext &C, SVal Address, SVal Length) const {
    std::string Why;
    return prim::openUserValue(C, Address, Why) ||
           prim::openUserValue(C, Length, Why);
  }
};

bool PhysmemMapChecker::checkRange(CheckerContext &C, const CallEvent &Call,
                                   const std::string &Name, SVal Address,
                                   SVal Length, const char *What) const {
  std::string AddrWhy, LenWhy;
  bool Addr = prim::openUserValue(C, Address, AddrWhy);
  bool Len = prim::openUserValue(C, Length, LenWhy);
  if (!Addr && !Len)
    return false;
  std::string Operand =
      Addr && Len ? "a physical address and a length from " + AddrWhy +
                        (AddrWhy == LenWhy ? "" : " and " + LenWhy)
      : Addr      ? "a physical address from " + AddrWhy
                  : "a length from " + LenWhy;
  kio::emitReport(C, BT,
                  "'" + Name + "' " + What + " " + Operand +
                      " that no allowlist constrains; " + Danger + "; " + Fix,
                  Call.getOriginExpr(), {Address, Length});
  return true;
}

std::string PhysmemMapChecker::objectName(CheckerContext &C,
                                          SVal Attributes) const {
  ProgramStateRef State = C.getState();
  const MemRegion *OA = Attributes.getAsRegion();
  if (!OA)
    return "";
  OA = OA->StripCasts();
  const auto *TR = dyn_cast<TypedValueRegion>(OA);
  if (!TR)
    return "";
  const RecordDecl *RD = TR->getValueType()->getAsRecordDecl();
  if (!RD)
    return "";
  MemRegionManager &MRM = C.getSValBuilder().getRegionManager();
  for (const FieldDecl *FD : RD->fields()) {
    if (FD->getName() != "ObjectName")
      continue;
    SVal NameV = State->getSVal(MRM.getFieldRegion(FD, TR));
    const MemRegion *NameR = NameV.getAsRegion();
    if (!NameR)
      return "";
    NameR = NameR->StripCasts();
    if (const StringLiteral *SL = literalOf(NameR))
      return literalText(SL);
    const auto *NT = dyn_cast<TypedValueRegion>(NameR);
    const RecordDecl *US = NT ? NT->getValueType()->getAsRecordDecl() : nullptr;
    if (!US)
      return "";
    for (const FieldDecl *B : US->fields())
      if (B->getName() == "Buffer") {
        SVal Buf = State->getSVal(MRM.getFieldRegion(B, NT));
        if (const StringLiteral *SL = literalOf(Buf.getAsRegion()))
          return literalText(SL);
      }
    return "";
  }
  return "";
}

void PhysmemMapChecker::checkPreCall(const CallEvent &Call,
                                     CheckerContext &C) const {
  auto S = prim::sinkOf(Call, C);
  if (!S)
    return;
  const Prim &P = *S->P;
  ProgramStateRef State = C.getState();
  if (P.Kind == Prim::SectionOpen) {
    std::string Name = objectName(C, Call.getArgSVal(P.AttributesArg));
    const MemRegion *Out = Call.getArgSVal(P.HandleArg).getAsRegion();
    if (Out && llvm::StringRef(Name).equals_insensitive("\\Device\\PhysicalMemory"))
      C.addTransition(State->set<PhysMemSectionOut>(Out->StripCasts()));
    return;
  }
  if (prim::privilegedPath(C))
    return;
  switch (P.Kind) {
  case Prim::PhysicalMap:
    checkRange(C, Call, S->Name, prim::scalarArg(Call, P.AddressArg, C),
               prim::scalarArg(Call, P.LengthArg, C), "maps");
    return;
  case Prim::PhysicalToVirtual:
    checkRange(C, Call, S->Name, prim::scalarArg(Call, P.AddressArg, C),
               UnknownVal(), "translates");
    return;
  case Prim::MemoryCopy: {
    auto Flags = Call.getArgSVal(P.FlagsArg).getAs<nonloc::ConcreteInt>();
    if (!Flags || !(Flags->getValue().getExtValue() & MmCopyMemoryPhysical))
      return; // MM_COPY_MEMORY_VIRTUAL: ioctl-arbitrary-kernel-rw
    checkRange(C, Call, S->Name, prim::scalarArg(Call, P.AddressArg, C),
               prim::scalarArg(Call, P.LengthArg, C), "copies from");
    return;
  }
  case Prim::SectionMap: {
    SymbolRef H = Call.getArgSVal(P.HandleArg).getAsSymbol();

    if (!H || !State->contains<PhysMemSections>(H))
      return;
    ASTContext &Ctx = C.getASTContext();
    SVal Offset = UnknownVal(), Size = UnknownVal();
    if (P.OffsetArg >= 0)
      Offset = prim::scalarAt(Call.getArgSVal(P.OffsetArg),
                              Call.getArgExpr(P.OffsetArg)->getType()->getPointeeType(), C);
    if (P.LengthArg >= 0)
      Size = prim::scalarAt(Call.getArgSVal(P.LengthArg), Ctx.getSizeType(), C);
    checkRange(C, Call, S->Name, Offset, Size,
               "maps a view of \\Device\\PhysicalMemory at");
    return;
  }
  case Prim::MapToProcess: {
    auto Mode = Call.getArgSVal(P.ModeArg).getAs<nonloc::ConcreteInt>();
    SymbolRef Mdl = Call.getArgSVal(P.MdlArg).getAsSymbol();
    if (!Mode || Mode->getValue().getExtValue() != UserModeValue || !Mdl)
      return;
    const bool *FromInput = State->get<PhysMdls>(Mdl);
    if (!FromInput || !*FromInput)
      return;
    kio::emitReport(
        C, BT,
        "'" + S->Name + "' maps physical memory the caller chose into the "
        "caller's address space (UserMode); " + Danger + " from user mode; " +
        Fix,
        Call.getOriginExpr(), {Call.getArgSVal(P.MdlArg)});
    return;
  }
  default:
    return;
  }
}

void PhysmemMapChecker::checkPostCall(const CallEvent &Call,
                                      CheckerContext &C) const {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !Call.getOriginExpr())
    return;
  const ApiFunction *Api = ApiModel::global().lookup(FD);
  if (!Api)
    return;
  ProgramStateRef State = C.getState();
  // RtlInitUnicodeString(&Name, L"..."): Name.Buffer is the literal, so
  // that the section's name resolves (the analyzer does not see its body).
  if (Api->StrInit && unsigned(Api->StrInit->DstArg) < Call.getNumArgs() &&
      unsigned(Api->StrInit->SrcArg) < Call.getNumArgs()) {
    const auto *Dst = dyn_cast_or_null<TypedValueRegion>(
        Call.getArgSVal(Api->StrInit->DstArg).getAsRegion());
    const RecordDecl *RD = Dst ? Dst->getValueType()->getAsRecordDecl() : nullptr;
    if (!RD)
      return;
    for (const FieldDecl *F : RD->fields())
      if (F->getName() == "Buffer") {
        const MemRegion *BufR =
            C.getSValBuilder().getRegionManager().getFieldRegion(F, Dst);
        State = State->bindLoc(loc::MemRegionVal(BufR),
                               Call.getArgSVal(Api->StrInit->SrcArg),
                               C.getLocationContext());
        C.addTransition(State);
      }
    return;
  }
  if (!Api->Prim)
    return;
  const Prim &P = *Api->Prim;
  switch (P.Kind) {
  case Prim::SectionOpen: {
    const MemRegion *Out = State->get<PhysMemSectionOut>();
    if (!Out)
      return;
    State = State->remove<PhysMemSectionOut>();
    SVal H = State->getSVal(Out, C.getASTContext().VoidPtrTy);
    if (SymbolRef Sym = H.getAsSymbol())
      State = State->add<PhysMemSections>(Sym);
    C.addTransition(State);
    return;
  }
  case Prim::PhysicalMap: {
    SymbolRef VA = Call.getReturnValue().getAsSymbol();
    if (!VA)
      return;
    bool FromInput = rangeFromInput(C, prim::scalarArg(Call, P.AddressArg, C),
                                    prim::scalarArg(Call, P.LengthArg, C));
    C.addTransition(State->set<PhysMappings>(VA, FromInput));
    return;
  }
  case Prim::MdlBuild: {
    SymbolRef VA = nullptr;
    if (const MemRegion *R = Call.getArgSVal(P.AddressArg).getAsRegion())
      if (const auto *SR = dyn_cast<SymbolicRegion>(R->getBaseRegion()))
        VA = SR->getSymbol();
    const bool *Mapped = VA ? State->get<PhysMappings>(VA) : nullptr;
    SymbolRef Mdl = Call.getReturnValue().getAsSymbol();
    if (!Mapped || !Mdl)
      return;
    std::string Why;
    bool FromInput = *Mapped || prim::openUserValue(
                                    C, prim::scalarArg(Call, P.LengthArg, C), Why);
    C.addTransition(State->set<PhysMdls>(Mdl, FromInput));
    return;
  }
  default:
    return;
  }
}

} // namespace

void registerPhysmemMapChecker(CheckerRegistry &Registry, const RuleInfo &Rule) {
  addRuleChecker<PhysmemMapChecker>(Registry, Rule);
}

} // namespace drvcert
