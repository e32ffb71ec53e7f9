//===- ProbeRangeMismatchChecker.cpp - probe-range-mismatch ---------------===//
//
// Rule probe-range-mismatch (doc: probe-range-mismatch.md). A user address
// was probed, but the probe does not cover a later access on the path:
//
//   ProbeForRead(p, n, a)   records [p + b, p + b + n)        (the model)
//   access [p + o, p + o + s) with, feasible on this path:
//     n == 0 while s > 0           "may probe zero bytes"
//     o < b or o + s > b + n       "past the range probed by"
//     a write after ProbeForRead   "checks the buffer for reading but it is
//                                   written"
//
// Whatever the constraint manager can prove (a length compared earlier,
// min(), probe and copy of the same length) is silent.
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

REGISTER_SET_WITH_PROGRAMSTATE(ProbeMismatchReported, SymbolRef)

namespace drvcert {
namespace {

class ProbeRangeMismatchChecker
    : public kio::AccessChecker<ProbeRangeMismatchChecker> {
  const BugType BT{this, "Probe does not cover the access",
                   "Windows driver security"};

public:
  bool check(const kio::Access &A, CheckerContext &C) const {
    return check(A.Where, A.Size, A.IsWrite, A.S, C);
  }

private:
  bool check(SVal Where, SVal Size, bool IsWrite, const Stmt *S,
             CheckerContext &C) const {
    ProgramStateRef State = C.getState();
    SymbolRef Base;
    auto B = kio::bufferOf(State, Where, Base);
    if (!B || !B->IsUserAddress || B->PreProbed ||
        State->contains<ProbeMismatchReported>(Base) || kio::requestorIsKernel(C))
      return false;
    auto P = kio::probeOf(State, Base);
    if (!P || Size.isUnknown())
      return false; // unprobed: user-pointer-unprobed reports it
    SValBuilder &SVB = C.getSValBuilder();
    QualType IdxTy = SVB.getArrayIndexType();
    QualType BoolTy = C.getASTContext().BoolTy;
    auto Feasible = [&](ProgramStateRef St, BinaryOperator::Opcode Op, SVal L,
                        SVal R) -> ProgramStateRef {
      if (!St)
        return nullptr;
      SVal Cond = SVB.evalBinOp(St, Op, L, R, BoolTy);
      auto D = Cond.getAs<DefinedOrUnknownSVal>();
      if (!D || D->isUnknown())
        return nullptr; // cannot tell: stay silent
      return St->assume(*D, true);
    };
    SVal Len = SVB.evalCast(P->Length, IdxTy, P->Length.getType(C.getASTContext()));
    SVal Extent = SVB.evalCast(Size, IdxTy, Size.getType(C.getASTContext()));
    SVal Offset = SVB.makeZeroArrayIndex();
    if (const MemRegion *R = Where.getAsRegion()) {
      const MemRegion *BaseRegion = nullptr;
      if (auto O = kio::byteOffset(C, R, BaseRegion))
        Offset = *O;
    }
    std::string Region = "the user buffer from " + kio::describe(B->From);
    std::string Msg;
    if (IsWrite && !P->ForWrite) {
      Msg = "'" + P->Routine + "' checks the buffer for reading but it is "
            "written here; a caller can pass an address that is readable but "
            "not writable, or in kernel space after the check; use "
            "'ProbeForWrite' for a buffer the driver writes";
    } else if (ProgramStateRef Zero = Feasible(State, BO_EQ, Len,
                                               SVB.makeZeroArrayIndex());
               Zero && Feasible(Zero, BO_GT, Extent, SVB.makeZeroArrayIndex()) &&
               !kio::provablyAtMost(State, SVB.makeArrayIndex(1), Len,
                                    C.getASTContext())) {
      Msg = "'" + P->Routine + "' may probe zero bytes here, which checks no "
            "address, before the access to " + Region +
            "; a caller passes a kernel address with a zero length; reject "
            "lengths shorter than the access before probing";
    } else {
      // The access must lie in [Begin, Begin + Len): its end relative to
      // the probe's start must not exceed Len, nor may it start before.
      SVal Rel = SVB.evalBinOp(State, BO_Sub, Offset, P->Begin, IdxTy);
      bool Before = Feasible(State, BO_LT, Offset, P->Begin) &&
                    !kio::provablyAtMost(State, P->Begin, Offset,
                                         C.getASTContext());
      if (Before || kio::mayExceed(C, Rel, Size, P->Length))
        Msg = "the access to " + Region + " may reach past the range probed "
              "by '" + P->Routine + "'; a caller can make the unprobed part "
              "point into kernel memory; probe the full range that is "
              "accessed";
    }
    if (Msg.empty())
      return false;
    kio::emitReport(C, BT, Msg, S, {Where, P->Length, Size}, false,
                    State->add<ProbeMismatchReported>(Base));
    return true;
  }
};

} // namespace

void registerProbeRangeMismatchChecker(CheckerRegistry &Registry,
                                       const RuleInfo &Rule) {
  addRuleChecker<ProbeRangeMismatchChecker>(Registry, Rule);
}

} // namespace drvcert
