//===- UnboundedCopyChecker.cpp - unbounded-copy --------------------------===//
//
// Rule unbounded-copy (doc: unbounded-copy.md). A copy routine (the API
// model's copy entries, including the user's own wrappers) writes Len bytes
// into a destination of known capacity (a local or global array or struct,
// an array field, a pool allocation whose size the path knows) where Len
// comes from the caller, and the path does not prove Len <= capacity left:
//
//   user length --no check, or a check that still allows too much-->
//   RtlCopyMemory(dst[cap], src, len)    len > cap - offset feasible
//
// A length compared earlier, clamped with min(), or an allocation of exactly
// the copied length leaves nothing feasible and is silent.
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/DynamicExtent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

namespace drvcert {
namespace {

class UnboundedCopyChecker : public Checker<check::PreCall> {
  const BugType BT{this, "Copy length from user input not checked",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto Copy = kio::copyCall(Call, C);
    if (!Copy || !Copy->Dst || !Copy->Len)
      return;
    ProgramStateRef State = C.getState();
    SVal Len = *Copy->Len;
    if (!kio::isUserData(State, Len))
      return;
    const MemRegion *R = Copy->Dst->getAsRegion();
    if (!R)
      return;
    SValBuilder &SVB = C.getSValBuilder();
    ASTContext &Ctx = C.getASTContext();
    QualType IdxTy = SVB.getArrayIndexType();

    // The object written: strip array indexing (dst may be &buf[4]).
    R = R->StripCasts(true);
    SVal Offset = SVB.makeZeroArrayIndex();
    while (const auto *ER = dyn_cast<ElementRegion>(R)) {
      QualType ET = ER->getElementType();
      uint64_t Size = ET->isIncompleteType() || ET->isVoidType()
                          ? 1
                          : Ctx.getTypeSizeInChars(ET).getQuantity();
      SVal Scaled = SVB.evalBinOp(State, BO_Mul, ER->getIndex(),
                                  SVB.makeArrayIndex(Size), IdxTy);
      Offset = SVB.evalBinOp(State, BO_Add, Offset, Scaled, IdxTy);
      R = ER->getSuperRegion()->StripCasts(true);
    }
    std::string Dest;
    if (const auto *VR = dyn_cast<VarRegion>(R))
      Dest = "'" + VR->getDecl()->getNameAsString() + "'";
    else if (const auto *FR = dyn_cast<FieldRegion>(R))
      Dest = "field '" + FR->getDecl()->getNameAsString() + "'";
    else if (isa<SymbolicRegion>(R))
      Dest = "a pool buffer";
    else
      return;
    DefinedOrUnknownSVal Cap = getDynamicExtent(State, R, SVB);
    if (Cap.isUnknown())
      return;
    // Never guess a capacity: a constant, or the size of an allocation the
    // path made (the model sets it); a symbolic region's own unknown extent
    // (a pointer parameter, the SystemBuffer) is no capacity.
    if (SymbolRef CapSym = Cap.getAsSymbol(); CapSym && isa<SymbolExtent>(CapSym))
      return;
    if (!kio::mayExceed(C, Offset, Len, Cap))
      return;

    std::string Capacity;
    if (auto CI = Cap.getAs<nonloc::ConcreteInt>())
      Capacity = " of " + std::to_string(CI->getValue().getZExtValue()) + " bytes";
    kio::emitReport(
        C, BT,
        "'" + Copy->Name + "' copies a length from " +
            kio::userDataOrigin(State, Len) + " into " + Dest + Capacity +
            " with no check on this path that it fits; a caller can overflow "
            "kernel memory and take over the machine; reject lengths larger "
            "than the destination before copying",
        Call.getOriginExpr(), {Len}, /*Fatal=*/true);
  }
};

} // namespace

void registerUnboundedCopyChecker(CheckerRegistry &Registry,
                                  const RuleInfo &Rule) {
  addRuleChecker<UnboundedCopyChecker>(Registry, Rule);
}

} // namespace drvcert
