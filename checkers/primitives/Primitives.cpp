//===- Primitives.cpp - What the primitives rules share --------------------===//
#include "Primitives.h"
#include "ApiCall.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/RangedConstraintManager.h"
#include "clang/StaticAnalyzer/Checkers/Taint.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using namespace clang::ento;

namespace drvcert::prim {

std::optional<Sink> sinkOf(const CallEvent &Call, CheckerContext &C) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  const Expr *E = Call.getOriginExpr();
  if (!FD || !E)
    return std::nullopt;
  const SourceManager &SM = C.getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(E->getBeginLoc())))
    return std::nullopt;
  auto Resolved = resolveApiCall(FD, E->getBeginLoc(), SM, C.getLangOpts());
  if (!Resolved || !Resolved->Api->Prim)
    return std::nullopt;
  return Sink{&*Resolved->Api->Prim, Resolved->WrittenName};
}

namespace {

/// The members that hold the scalar of the WDK's by-value address unions,
/// in the order they are tried: the first one the driver set wins.
const std::vector<std::vector<StringRef>> ScalarMembers = {
    {"QuadPart"}, {"VirtualAddress"}, {"PhysicalAddress", "QuadPart"}};

/// The field region at Path below Base (through anonymous unions and
/// structs), or null when the record has no such member.
const MemRegion *memberRegion(CheckerContext &C, const SubRegion *Base,
                              QualType T, ArrayRef<StringRef> Path) {
  MemRegionManager &MRM = C.getSValBuilder().getRegionManager();
  const SubRegion *R = Base;
  for (StringRef Name : Path) {
    const RecordDecl *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
    if (!RD)
      return nullptr;
    auto Found = RD->lookup(&C.getASTContext().Idents.get(Name));
    if (Found.empty())
      return nullptr;
    const NamedDecl *ND = Found.front();
    if (const auto *IFD = dyn_cast<IndirectFieldDecl>(ND)) {
      for (const NamedDecl *Link : IFD->chain())
        R = MRM.getFieldRegion(cast<FieldDecl>(Link), R);
      T = IFD->getType();
    } else if (const auto *FD = dyn_cast<FieldDecl>(ND)) {
      R = MRM.getFieldRegion(FD, R);
      T = FD->getType();
    } else {
      return nullptr;
    }
  }
  return R;
}

bool known(SVal V) { return !V.isUnknownOrUndef(); }

} // namespace

SVal scalarArg(const CallEvent &Call, int Arg, CheckerContext &C) {
  if (Arg < 0 || unsigned(Arg) >= Call.getNumArgs())
    return UnknownVal();
  SVal V = Call.getArgSVal(Arg);
  auto LCV = V.getAs<nonloc::LazyCompoundVal>();
  if (!LCV)
    return V;
  // A union or struct passed by value: read its scalar member in the store
  // the value was taken from.
  QualType T = Call.getArgExpr(Arg)->getType();
  StoreManager &SM = C.getStoreManager();
  for (const auto &Path : ScalarMembers)
    if (const MemRegion *R = memberRegion(C, LCV->getRegion(), T, Path)) {
      QualType FT = cast<TypedValueRegion>(R)->getValueType();
      SVal M = SM.getBinding(LCV->getStore(), loc::MemRegionVal(R), FT);
      if (known(M))
        return M;
    }
  return UnknownVal();
}

SVal scalarAt(SVal Ptr, QualType PointeeTy, CheckerContext &C) {
  const MemRegion *R = Ptr.getAsRegion();
  if (!R || PointeeTy.isNull())
    return UnknownVal();
  ProgramStateRef State = C.getState();
  R = R->StripCasts();
  if (!PointeeTy->isRecordType())
    return State->getSVal(R, PointeeTy);
  const auto *SR = dyn_cast<SubRegion>(R);
  if (!SR)
    return UnknownVal();
  for (const auto &Path : ScalarMembers)
    if (const MemRegion *M = memberRegion(C, SR, PointeeTy, Path)) {
      SVal V = State->getSVal(M);
      if (known(V))
        return V;
    }
  return UnknownVal();
}

namespace {
SymbolRef stripCasts(SymbolRef S) {
  while (const auto *SC = dyn_cast_or_null<SymbolCast>(S))
    S = SC->getOperand();
  return S;
}

/// The smallest non-negative value the path allows for Sym: a signed
/// value compared as unsigned ("(ULONG64)pa >= Base") keeps its negative
/// half, which an unsigned window treats as huge values.
std::optional<llvm::APSInt> lowestNonNegative(ConstraintMap &CM, SymbolRef Sym,
                                              unsigned Bits) {
  const RangeSet *RS = CM.lookup(stripCasts(Sym));
  if (!RS)
    return std::nullopt;
  std::optional<llvm::APSInt> Lo;
  for (const Range &Rg : *RS) {
    llvm::APSInt To = Rg.To().extend(Bits);
    To.setIsSigned(true);
    if (To.isNegative())
      continue;
    llvm::APSInt From = Rg.From().extend(Bits);
    From.setIsSigned(true);
    llvm::APSInt Candidate =
        From.isNegative() ? llvm::APSInt(llvm::APInt(Bits, 0), false) : From;
    Candidate.setIsSigned(true);
    if (!Lo || Candidate < *Lo)
      Lo = Candidate;
  }
  return Lo;
}
/// A window whose bounds are the driver's own values, not constants:
/// "pa >= Ext->Base && pa + len <= Ext->Base + Ext->Size" (the device's
/// translated resources). The constraint manager keeps such checks as the
/// truth of comparisons between symbols; Core is inside the window when
/// the path bounds it (or a sum containing it) from above by a value that
/// is not user data, and from below too unless it is unsigned.
bool insideDriverWindow(ProgramStateRef State, ConstraintMap &CM,
                        SymbolRef Core) {
  bool Lower = Core->getType()->isUnsignedIntegerOrEnumerationType();
  bool Upper = false;
  auto Is = [&](SymbolRef X) { return stripCasts(X) == Core; };
  auto HoldsCore = [&](SymbolRef X) {
    if (Is(X))
      return true;
    const auto *Sum = dyn_cast<SymSymExpr>(stripCasts(X));
    return Sum && Sum->getOpcode() == BO_Add &&
           (Is(Sum->getLHS()) || Is(Sum->getRHS()));
  };
  for (const auto &Entry : CM) {
    const auto *Cmp = dyn_cast<SymSymExpr>(Entry.first);
    const RangeSet &Truth = Entry.second;
    if (!Cmp || !BinaryOperator::isRelationalOp(Cmp->getOpcode()) ||
        Truth.isEmpty())
      continue;
    bool KnownFalse = Truth.getMinValue() == 0 && Truth.getMaxValue() == 0;
    bool KnownTrue = !Truth.contains(llvm::APSInt::get(0).extOrTrunc(
        Truth.getMinValue().getBitWidth()));
    if (!KnownTrue && !KnownFalse)
      continue;
    BinaryOperator::Opcode Op = Cmp->getOpcode();
    if (KnownFalse)
      Op = BinaryOperator::negateComparisonOp(Op);
    // Normalize to Small <= Big.
    SymbolRef Small = Cmp->getLHS(), Big = Cmp->getRHS();
    if (Op == BO_GE || Op == BO_GT)
      std::swap(Small, Big);
    if (Is(Big) && !taint::isTainted(State, Small))
      Lower = true;
    if (HoldsCore(Small) && !taint::isTainted(State, Big))
      Upper = true;
  }
  return Lower && Upper;
}
} // namespace

Constraint constraintOf(CheckerContext &C, SVal V) {
  ProgramStateRef State = C.getState();
  ASTContext &Ctx = C.getASTContext();
  Constraint Out;
  Out.Range = kio::valueRange(State, V, Ctx);
  if (!Out.Range)
    return Out;
  kio::ValueRange &R = *Out.Range;
  SymbolRef S = V.getAsSymbol(/*IncludeBaseRegions=*/true);
  if (SymbolRef Int = kio::integerBehind(State, S))
    S = Int;
  SymbolRef Core = stripCasts(S);
  ConstraintMap CM = getConstraintMap(State);
  // A window check on a sum: "x + y <= End" with y >= 0 bounds x by End - y.
  bool Window = false;
  if (Core && R.Hi >= R.TypeHi) {
    for (const auto &Entry : CM) {
      const auto *Sum = dyn_cast<SymSymExpr>(stripCasts(Entry.first));
      if (!Sum || Sum->getOpcode() != BO_Add || Entry.second.isEmpty())
        continue;
      SymbolRef Other = nullptr;
      if (stripCasts(Sum->getLHS()) == Core)
        Other = Sum->getRHS();
      else if (stripCasts(Sum->getRHS()) == Core)
        Other = Sum->getLHS();
      if (!Other)
        continue;
      auto SumRange = kio::valueRange(State, nonloc::SymbolVal(Entry.first), Ctx);
      auto OtherRange = kio::valueRange(State, nonloc::SymbolVal(Other), Ctx);
      if (!SumRange || !OtherRange || SumRange->Hi >= SumRange->TypeHi)
        continue;
      if (OtherRange->Lo.isNegative() && Sum->getType()->isUnsignedIntegerType())
        if (auto L = lowestNonNegative(CM, Other, OtherRange->Lo.getBitWidth()))
          OtherRange->Lo = *L;
      if (OtherRange->Lo.isNegative())
        continue;
      llvm::APSInt Hi = SumRange->Hi - OtherRange->Lo;
      if (Hi < R.Hi) {
        R.Hi = Hi;
        Window = true;
      }
    }
  }
  // A signed value (PHYSICAL_ADDRESS.QuadPart) checked as unsigned
  // ("(ULONG64)pa >= Base") keeps its negative half, huge addresses that
  // the window's unsigned sum excludes: its lower bound is the smallest
  // non-negative value it may take.
  if (Window && R.Lo.isNegative())
    if (auto L = lowestNonNegative(CM, Core, R.Lo.getBitWidth()))
      R.Lo = *L;
  bool LowBounded = R.Lo > R.TypeLo || R.TypeLo.isZero();
  if (R.isConstant() || (R.Hi < R.TypeHi && LowBounded)) {
    Out.Kind = Bound::AllowList;
    return Out;
  }
  if (Core && insideDriverWindow(State, CM, Core)) {
    Out.Kind = Bound::AllowList;
    return Out;
  }
  // Values excluded one by one ("i != IA32_LSTAR"): a range set with holes.
  for (SymbolRef Sym : {S, Core})
    if (const RangeSet *RS = Sym ? CM.lookup(Sym) : nullptr)
      if (std::distance(RS->begin(), RS->end()) > 1) {
        Out.Kind = Bound::DenyList;
        return Out;
      }
  return Out;
}

bool openUserValue(CheckerContext &C, SVal V, std::string &Why,
                   Constraint *Out) {
  ProgramStateRef State = C.getState();
  if (V.isUnknownOrUndef() || !kio::isUserData(State, V))
    return false;
  Constraint K = constraintOf(C, V);
  if (Out)
    *Out = K;
  if (K.Kind == Bound::AllowList)
    return false;
  Why = kio::userDataOrigin(State, V);
  if (Why.empty())
    Why = "the caller's data";
  return true;
}

bool privilegedPath(CheckerContext &C) {
  return kio::onlyPrivilegedCallersReach(C);
}

std::string hex(const llvm::APSInt &V) {
  return "0x" + llvm::toString(V, 16, /*Signed=*/V.isSigned());
}

} // namespace drvcert::prim
