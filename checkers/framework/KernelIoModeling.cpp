//===- KernelIoModeling.cpp - drvcert.core.KernelIoModel -------------------===//
//
// The modeling checker behind KernelIo.h. It reports nothing itself; it
// records sources, probes, bounds and the IOCTL context in the program
// state, and leaves notes on the path where user data enters.
//
//   load of Irp->AssociatedIrp.SystemBuffer       -> kernel buffer, contents
//                                                    tainted
//   load of IrpSp->Parameters.DeviceIoControl.
//     Type3InputBuffer / Irp->UserBuffer          -> user address, tainted
//     InputBufferLength / OutputBufferLength      -> tainted length, and the
//                                                    SystemBuffer's bounds
//     IoControlCode                               -> the IOCTL of the path
//   load of a pointer that is user data           -> user address (embedded)
//   entry callbacks (KMDF, FastIo, FltMgr)        -> their buffers, lengths
//   ProbeForRead/ProbeForWrite                    -> probe of [addr, +len)
//   WdfRequestRetrieve*Buffer                     -> split: success (buffer
//                                                    of >= Min bytes) and
//                                                    failure (MayHaveFailed)
//   pool allocation of n bytes                    -> dynamic extent n
//   copy from user data into kernel memory        -> destination tainted
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "KernelIo.h"
#include "Privileges.h"
#include "Registry.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/StaticAnalyzer/Checkers/Taint.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/DynamicExtent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/RangedConstraintManager.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using namespace clang::ento;

namespace {

/// State of one tracked buffer (see kio::Buffer).
struct BufferState {
  unsigned char From;
  bool IsUser, PreProbed, MayHaveFailed;
  SVal ReadBound, WriteBound;
  const IdentifierInfo *Retriever; // KMDF routine, or null

  bool operator==(const BufferState &O) const {
    return From == O.From && IsUser == O.IsUser && PreProbed == O.PreProbed &&
           MayHaveFailed == O.MayHaveFailed && ReadBound == O.ReadBound &&
           WriteBound == O.WriteBound && Retriever == O.Retriever;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(From);
    ID.AddBoolean(IsUser);
    ID.AddBoolean(PreProbed);
    ID.AddBoolean(MayHaveFailed);
    ReadBound.Profile(ID);
    WriteBound.Profile(ID);
    ID.AddPointer(Retriever);
  }
};

struct ProbeState {
  SVal Begin, Length;
  bool ForWrite;
  const IdentifierInfo *Routine;

  bool operator==(const ProbeState &O) const {
    return Begin == O.Begin && Length == O.Length && ForWrite == O.ForWrite &&
           Routine == O.Routine;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    Begin.Profile(ID);
    Length.Profile(ID);
    ID.AddBoolean(ForWrite);
    ID.AddPointer(Routine);
  }
};

/// An access-check call whose result symbol the path may constrain.
struct CheckCall {
  const IdentifierInfo *Routine;
  unsigned Kind;     // ApiFunction::AccessCheck::KindT
  bool NtStatus;     // success: >= 0, else != 0
  int64_t Checked;   // privilege number or access mask, -1 when unknown

  bool operator==(const CheckCall &O) const {
    return Routine == O.Routine && Kind == O.Kind && NtStatus == O.NtStatus &&
           Checked == O.Checked;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Routine);
    ID.AddInteger(Kind);
    ID.AddBoolean(NtStatus);
    ID.AddInteger(Checked);
  }
};

} // namespace

namespace drvcert::kio {
static int64_t privilegeNumber(const Expr *E, const ASTContext &Ctx);
}

/// Access checks called on the path, by the symbol of their result.
REGISTER_MAP_WITH_PROGRAMSTATE(KioAccessChecks, SymbolRef, CheckCall)
/// Buffers by the symbol of their start address.
REGISTER_MAP_WITH_PROGRAMSTATE(KioBuffers, SymbolRef, BufferState)
/// The last probe of each user buffer.
REGISTER_MAP_WITH_PROGRAMSTATE(KioProbes, SymbolRef, ProbeState)
/// Where each user-controlled source symbol comes from (kio::Origin).
REGISTER_MAP_WITH_PROGRAMSTATE(KioSourceOrigins, SymbolRef, unsigned)
/// Values of IoControlCode and of the requestor mode read on the path.
REGISTER_SET_WITH_PROGRAMSTATE(KioIoctlCodes, SymbolRef)
REGISTER_SET_WITH_PROGRAMSTATE(KioRequestorModes, SymbolRef)
/// Pointers made from integers the caller sent ((PVOID)in->Address), to
/// the integer symbol they were made from: the analyzer turns such casts
/// into unknown values, which would lose the address.
REGISTER_MAP_WITH_PROGRAMSTATE(KioIntegerAddresses, SymbolRef, SymbolRef)
/// The latest InputBufferLength / OutputBufferLength read on the path.
REGISTER_TRAIT_WITH_PROGRAMSTATE(KioInputLength, SymbolRef)
REGISTER_TRAIT_WITH_PROGRAMSTATE(KioOutputLength, SymbolRef)

namespace drvcert::kio {

namespace {

constexpr int64_t KernelModeValue = 0; // KPROCESSOR_MODE KernelMode

/// The outermost named record a field belongs to (through anonymous
/// structs and unions): "_IRP", "_IO_STACK_LOCATION".
StringRef outerRecordName(const FieldDecl *FD) {
  const DeclContext *DC = FD->getParent();
  const RecordDecl *Named = nullptr;
  for (; DC && isa<RecordDecl>(DC); DC = DC->getParent())
    if (!cast<RecordDecl>(DC)->getName().empty())
      Named = cast<RecordDecl>(DC);
  return Named ? Named->getName() : StringRef();
}

/// The field a member expression's base names ("DeviceIoControl", "Read").
StringRef baseMemberName(const MemberExpr *ME) {
  if (const auto *Base = dyn_cast<MemberExpr>(ME->getBase()->IgnoreParenImpCasts()))
    if (const auto *FD = dyn_cast<FieldDecl>(Base->getMemberDecl()))
      return FD->getName();
  return "";
}

bool isPointerToRecord(QualType T, StringRef Name) {
  if (const auto *PT = T.getCanonicalType()->getAs<PointerType>())
    if (const auto *RD = PT->getPointeeType()->getAsRecordDecl())
      return RD->getName() == Name;
  return false;
}

/// The typedef a parameter was declared with ("WDFREQUEST", "PVOID").
StringRef typedefName(QualType T) {
  if (const auto *TT = T->getAs<TypedefType>())
    return TT->getDecl()->getName();
  return "";
}

enum class EntryKind {
  None,
  Dispatch,        // DRIVER_DISPATCH (PDEVICE_OBJECT, PIRP)
  KmdfIoControl,   // (Queue, Request, OutputBufferLength, InputBufferLength, IoControlCode)
  KmdfReadWrite,   // (Queue, Request, Length)
  KmdfCallerContext, // (Device, Request)
  FastIoControl,   // FAST_IO_DEVICE_CONTROL
  FltMessage,      // PFLT_MESSAGE_NOTIFY
};

EntryKind entryKind(const FunctionDecl *FD) {
  if (!FD)
    return EntryKind::None;
  unsigned N = FD->getNumParams();
  auto P = [&](unsigned I) { return FD->getParamDecl(I)->getType(); };
  if (N == 2 && isPointerToRecord(P(0), "_DEVICE_OBJECT") &&
      isPointerToRecord(P(1), "_IRP"))
    return EntryKind::Dispatch;
  if (N >= 2 && typedefName(P(1)) == "WDFREQUEST") {
    if (N == 5 && typedefName(P(0)) == "WDFQUEUE")
      return EntryKind::KmdfIoControl;
    if (N == 3 && typedefName(P(0)) == "WDFQUEUE")
      return EntryKind::KmdfReadWrite;
    if (N == 2 && typedefName(P(0)) == "WDFDEVICE")
      return EntryKind::KmdfCallerContext;
  }
  if (N == 9 && isPointerToRecord(P(0), "_FILE_OBJECT") &&
      isPointerToRecord(P(7), "_IO_STATUS_BLOCK") &&
      isPointerToRecord(P(8), "_DEVICE_OBJECT"))
    return EntryKind::FastIoControl;
  if (N == 6 && P(1)->isVoidPointerType() && P(3)->isVoidPointerType() &&
      P(2)->isIntegerType() && P(4)->isIntegerType() &&
      P(5)->isPointerType() && P(5)->getPointeeType()->isIntegerType() &&
      FD->getReturnType()->isIntegerType())
    return EntryKind::FltMessage;
  return EntryKind::None;
}

SymbolRef baseSymbol(SVal V) {
  if (SymbolRef S = V.getAsSymbol(/*IncludeBaseRegions=*/false))
    return S;
  if (const MemRegion *R = V.getAsRegion())
    if (const auto *SR = dyn_cast<SymbolicRegion>(R->getBaseRegion()))
      return SR->getSymbol();
  return nullptr;
}

bool isDrvcertReport(PathSensitiveBugReport &BR) {
  return BR.getBugType().getCheckerName().starts_with("drvcert.");
}

class KernelIoModel
    : public Checker<check::PostStmt<ImplicitCastExpr>,
                     check::PostStmt<CastExpr>, check::PostCall,
                     check::BeginFunction, check::LiveSymbols> {
public:
  void checkPostStmt(const ImplicitCastExpr *CE, CheckerContext &C) const;
  void checkPostStmt(const CastExpr *CE, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkBeginFunction(CheckerContext &C) const;

  /// The symbols the model refers to (a buffer's bounds, a probe's range,
  /// the request's lengths, IOCTL code and requestor mode) must outlive
  /// the program's last use of them: their constraints are what proves an
  /// access in bounds, and the analyzer drops the constraints of dead
  /// symbols.
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const {
    auto Keep = [&](SVal V) {
      for (SymbolRef S : V.symbols())
        SR.markLive(S);
    };
    for (const auto &E : State->get<KioBuffers>()) {
      Keep(E.second.ReadBound);
      Keep(E.second.WriteBound);
    }
    for (const auto &E : State->get<KioProbes>()) {
      SR.markLive(E.first);
      Keep(E.second.Begin);
      Keep(E.second.Length);
    }
    if (SymbolRef S = State->get<KioInputLength>())
      SR.markLive(S);
    if (SymbolRef S = State->get<KioOutputLength>())
      SR.markLive(S);
    for (SymbolRef S : State->get<KioIoctlCodes>())
      SR.markLive(S);
    for (SymbolRef S : State->get<KioRequestorModes>())
      SR.markLive(S);
    for (const auto &E : State->get<KioAccessChecks>())
      SR.markLive(E.first);
    for (const auto &E : State->get<KioIntegerAddresses>())
      SR.markLive(E.second);
  }

private:
  /// Taints Sym as user data from O, with a note where it enters.
  static ProgramStateRef addSource(ProgramStateRef State, SymbolRef Sym,
                                   Origin O) {
    State = taint::addTaint(State, Sym);
    return State->set<KioSourceOrigins>(Sym, unsigned(O));
  }
  static ProgramStateRef addBuffer(ProgramStateRef State, SymbolRef Sym,
                                   Origin O, bool IsUser, bool PreProbed,
                                   SVal ReadBound, SVal WriteBound,
                                   const IdentifierInfo *Retriever = nullptr) {
    State = addSource(State, Sym, O);
    return State->set<KioBuffers>(
        Sym, {(unsigned char)O, IsUser, PreProbed, false, ReadBound,
              WriteBound, Retriever});
  }
  /// A transition with a note naming where user data enters.
  static void transition(CheckerContext &C, ProgramStateRef State,
                         SymbolRef Sym, std::string Note) {
    const NoteTag *Tag = C.getNoteTag(
        [Sym, Note](PathSensitiveBugReport &BR) -> std::string {
          return isDrvcertReport(BR) && BR.isInteresting(Sym) ? Note : "";
        });
    C.addTransition(State, Tag);
  }

  void onIrpFieldLoad(const MemberExpr *ME, SVal V, CheckerContext &C) const;
  void onWdfBuffer(const CallEvent &Call, const ApiFunction &Api,
                   const std::string &Name, CheckerContext &C) const;
};

void KernelIoModel::checkPostStmt(const ImplicitCastExpr *CE,
                                  CheckerContext &C) const {
  if (CE->getCastKind() != CK_LValueToRValue)
    return;
  SVal V = C.getSVal(CE);
  if (const auto *ME = dyn_cast<MemberExpr>(CE->getSubExpr()->IgnoreParens()))
    onIrpFieldLoad(ME, V, C);

  // A pointer read out of user data is a user address (an "embedded"
  // pointer): the caller chose its value.
  if (!CE->getType()->isPointerType())
    return;
  SymbolRef Sym = V.getAsSymbol();
  ProgramStateRef State = C.getState();
  if (!Sym || State->get<KioBuffers>(Sym) || !taint::isTainted(State, Sym))
    return;
  // An integer the caller sent, converted to a pointer ((PVOID)in->Address),
  // is an address meant to be a kernel one: ioctl-arbitrary-kernel-rw's
  // business, not a user pointer to probe.
  if (!Sym->getType()->isAnyPointerType())
    return;
  if (State->get<KioIntegerAddresses>(Sym))
    return;
  State = State->set<KioBuffers>(
      Sym, {(unsigned char)Origin::EmbeddedPointer, true, false, false,
            UnknownVal(), UnknownVal(), nullptr});
  transition(C, State, Sym, "the pointer is read from data the caller controls");
}

void KernelIoModel::checkPostStmt(const CastExpr *CE, CheckerContext &C) const {
  // (PVOID)in->Address: Clang 19 evaluates an integer symbol converted to a
  // pointer to an unknown value. Give the pointer a symbol of its own,
  // tainted, that remembers the integer (its constraints are the
  // allowlist checks of the primitives rules).
  if (CE->getCastKind() != CK_IntegralToPointer)
    return;
  ProgramStateRef State = C.getState();
  SymbolRef Int = C.getSVal(CE->getSubExpr()).getAsSymbol();
  if (!Int || !taint::isTainted(State, Int))
    return;
  // Only an address the request supplies whole: every value it is computed
  // from is user data and none is a pointer. "(ULONG_PTR)SystemBuffer +
  // hdr->Offset" or "(ULONG_PTR)Ext + in->Index" is an offset into a buffer
  // the driver knows, other rules' business.
  for (SymbolRef Leaf : Int->symbols())
    if (isa<SymbolData>(Leaf) &&
        (Leaf->getType()->isAnyPointerType() || !taint::isTainted(State, Leaf)))
      return;
  SVal Cur = C.getSVal(CE);
  if (SymbolRef Existing = Cur.getAsLocSymbol())
    if (State->get<KioIntegerAddresses>(Existing))
      return;
  const LocationContext *LC = C.getLocationContext();
  SVal Ptr = C.getSValBuilder().conjureSymbolVal(nullptr, CE, LC, CE->getType(),
                                                  C.blockCount());
  SymbolRef PtrSym = Ptr.getAsLocSymbol();
  if (!PtrSym)
    return;
  State = State->BindExpr(CE, LC, Ptr);
  State = taint::addTaint(State, PtrSym);
  State = State->set<KioIntegerAddresses>(PtrSym, Int);
  C.addTransition(State);
}

void KernelIoModel::onIrpFieldLoad(const MemberExpr *ME, SVal V,
                                   CheckerContext &C) const {
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  SymbolRef Sym = V.getAsSymbol();
  if (!FD || !Sym)
    return;
  StringRef Field = FD->getName();
  StringRef Record = outerRecordName(FD);
  ProgramStateRef State = C.getState();
  if (Record == "_IO_STACK_LOCATION") {
    StringRef Group = baseMemberName(ME);
    if (Field == "Type3InputBuffer") {
      State = addBuffer(State, Sym, Origin::Type3InputBuffer, true, false,
                        UnknownVal(), UnknownVal());
      return transition(C, State, Sym,
                        "Type3InputBuffer is the caller's user-mode address");
    }
    if (Field == "InputBufferLength" || Field == "OutputBufferLength") {
      bool In = Field == "InputBufferLength";
      State = addSource(State, Sym, In ? Origin::InputBufferLength
                                       : Origin::OutputBufferLength);
      State = In ? State->set<KioInputLength>(Sym)
                 : State->set<KioOutputLength>(Sym);
      return transition(C, State, Sym,
                        (Field + " is chosen by the caller").str());
    }
    if (Field == "Length" && (Group == "Read" || Group == "Write")) {
      // A buffered read or write: the SystemBuffer holds Length bytes.
      State = addSource(State, Sym, Origin::ReadWriteLength);
      State = State->set<KioInputLength>(Sym)->set<KioOutputLength>(Sym);
      return transition(C, State, Sym,
                        ("the " + Group + " length is chosen by the caller").str());
    }
    if (Field == "IoControlCode") {
      State = State->add<KioIoctlCodes>(Sym);
      C.addTransition(State);
      return;
    }
    return;
  }
  if (Record == "_IRP") {
    if (Field == "SystemBuffer") {
      State = addBuffer(State, Sym, Origin::SystemBuffer, false, false,
                        UnknownVal(), UnknownVal());
      return transition(C, State, Sym,
                        "the SystemBuffer holds data the caller sent");
    }
    if (Field == "UserBuffer") {
      State = addBuffer(State, Sym, Origin::IrpUserBuffer, true, false,
                        UnknownVal(), UnknownVal());
      return transition(C, State, Sym,
                        "Irp->UserBuffer is the caller's user-mode address");
    }
    if (Field == "RequestorMode") {
      State = State->add<KioRequestorModes>(Sym);
      C.addTransition(State);
      return;
    }
  }
}

void KernelIoModel::checkBeginFunction(CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(C.getLocationContext()->getDecl());
  EntryKind K = entryKind(FD);
  if (K == EntryKind::None || K == EntryKind::Dispatch ||
      K == EntryKind::KmdfCallerContext)
    return; // their sources are read from the IRP / request later
  ProgramStateRef State = C.getState();
  const LocationContext *LC = C.getLocationContext();
  auto Param = [&](unsigned I) -> SymbolRef {
    SVal V = State->getSVal(State->getLValue(FD->getParamDecl(I), LC));
    return V.getAsSymbol();
  };
  auto Source = [&](unsigned I, Origin O) {
    if (SymbolRef S = Param(I))
      State = addSource(State, S, O);
  };
  switch (K) {
  case EntryKind::KmdfIoControl:
    Source(2, Origin::EvtOutputBufferLength);
    Source(3, Origin::EvtInputBufferLength);
    // The request's buffers are exactly these lengths: they bound what
    // WdfRequestRetrieve*Buffer returns.
    if (SymbolRef Out = Param(2))
      State = State->set<KioOutputLength>(Out);
    if (SymbolRef In = Param(3))
      State = State->set<KioInputLength>(In);
    if (SymbolRef Code = Param(4))
      State = State->add<KioIoctlCodes>(Code);
    break;
  case EntryKind::KmdfReadWrite:
    Source(2, Origin::EvtLength);
    break;
  case EntryKind::FastIoControl: {
    Source(3, Origin::InputBufferLength);
    Source(5, Origin::OutputBufferLength);
    if (SymbolRef In = Param(2))
      State = addBuffer(State, In, Origin::FastIoInputBuffer, true, false,
                        UnknownVal(), UnknownVal());
    if (SymbolRef Out = Param(4))
      State = addBuffer(State, Out, Origin::FastIoOutputBuffer, true, false,
                        UnknownVal(), UnknownVal());
    if (SymbolRef Code = Param(6))
      State = State->add<KioIoctlCodes>(Code);
    break;
  }
  case EntryKind::FltMessage: {
    SymbolRef InLen = Param(2), OutLen = Param(4);
    if (InLen)
      State = addSource(State, InLen, Origin::FltInputBufferLength);
    if (OutLen)
      State = addSource(State, OutLen, Origin::FltOutputBufferLength);
    SVal InBound = InLen ? SVal(nonloc::SymbolVal(InLen)) : SVal(UnknownVal());
    SVal OutBound = OutLen ? SVal(nonloc::SymbolVal(OutLen)) : SVal(UnknownVal());
    if (SymbolRef In = Param(1))
      State = addBuffer(State, In, Origin::FltInputBuffer, true, true, InBound,
                        UnknownVal());
    if (SymbolRef Out = Param(3))
      State = addBuffer(State, Out, Origin::FltOutputBuffer, true, true,
                        UnknownVal(), OutBound);
    break;
  }
  default:
    break;
  }
  C.addTransition(State);
}

void KernelIoModel::checkPostCall(const CallEvent &Call,
                                  CheckerContext &C) const {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !Call.getOriginExpr())
    return;
  auto Resolved = resolveApiCall(FD, Call.getOriginExpr()->getBeginLoc(),
                                 C.getSourceManager(), C.getLangOpts());
  if (!Resolved)
    return;
  const ApiFunction &Api = *Resolved->Api;
  ProgramStateRef State = C.getState();
  SValBuilder &SVB = C.getSValBuilder();

  if (Api.ReturnsPreviousMode) {
    if (SymbolRef Mode = Call.getReturnValue().getAsSymbol())
      C.addTransition(State->add<KioRequestorModes>(Mode));
    return;
  }
  if (Api.Check) {
    SymbolRef Result = Call.getReturnValue().getAsSymbol();
    if (!Result)
      return;
    int64_t Checked = -1;
    if (Api.Check->CheckedArg >= 0 &&
        unsigned(Api.Check->CheckedArg) < Call.getNumArgs()) {
      const Expr *Arg = Call.getArgExpr(Api.Check->CheckedArg);
      Checked = Api.Check->Kind == ApiFunction::AccessCheck::Privilege
                    ? privilegeNumber(Arg, C.getASTContext())
                    : constantValue(Arg, C.getASTContext()).value_or(-1);
    }
    C.addTransition(State->set<KioAccessChecks>(
        Result, CheckCall{FD->getIdentifier(), unsigned(Api.Check->Kind),
                          Api.Check->ReturnsNtStatus, Checked}));
    return;
  }
  if (Api.Probe && unsigned(Api.Probe->LengthArg) < Call.getNumArgs()) {
    SVal Addr = Call.getArgSVal(Api.Probe->AddressArg);
    SymbolRef Base = baseSymbol(Addr);
    const MemRegion *BaseRegion = nullptr;
    SVal Begin = SVB.makeZeroArrayIndex();
    if (const MemRegion *R = Addr.getAsRegion())
      if (auto Off = byteOffset(C, R, BaseRegion))
        Begin = *Off;
    if (!Base)
      return;
    const ProbeState *Old = State->get<KioProbes>(Base);
    ProbeState P{Begin, Call.getArgSVal(Api.Probe->LengthArg),
                 Api.Probe->ForWrite || (Old && Old->ForWrite),
                 &C.getASTContext().Idents.get(Resolved->WrittenName)};
    State = State->set<KioProbes>(Base, P);
    std::string Note = "'" + Resolved->WrittenName + "' checks the user range";
    const NoteTag *Tag = C.getNoteTag(
        [Base, Note](PathSensitiveBugReport &BR) -> std::string {
          return isDrvcertReport(BR) && BR.isInteresting(Base) ? Note : "";
        });
    C.addTransition(State, Tag);
    return;
  }
  if (Api.WdfBuffer)
    return onWdfBuffer(Call, Api, Resolved->WrittenName, C);
  if (Api.Pool && Api.Pool->SizeArg >= 0 &&
      unsigned(Api.Pool->SizeArg) < Call.getNumArgs()) {
    const MemRegion *R = Call.getReturnValue().getAsRegion();
    SVal Size = Call.getArgSVal(Api.Pool->SizeArg);
    if (R && !Size.isUnknownOrUndef())
      C.addTransition(setDynamicExtent(State, R->getBaseRegion(),
                                       Size.castAs<DefinedOrUnknownSVal>(), SVB));
    return;
  }
  if (Api.Copy && Api.Copy->DstArg >= 0 && Api.Copy->SrcArg >= 0 &&
      unsigned(std::max(Api.Copy->DstArg, Api.Copy->SrcArg)) < Call.getNumArgs()) {
    // A copy of user data into kernel memory: the copy holds user data
    // (captured, but still chosen by the caller, embedded pointers too).
    SVal Src = Call.getArgSVal(Api.Copy->SrcArg);
    const MemRegion *SrcR = Src.getAsRegion();
    bool UserSource = (SrcR && taint::isTainted(State, SrcR)) ||
                      taint::isTainted(State, Src);
    const MemRegion *DstR = Call.getArgSVal(Api.Copy->DstArg).getAsRegion();
    if (!UserSource || !DstR)
      return;
    DstR = DstR->StripCasts();
    // Taint what the copy wrote, never the destination's address: a pool
    // buffer holding user data is still a kernel pointer.
    if (const auto *TR = dyn_cast<TypedValueRegion>(DstR)) {
      SVal Contents = State->getSVal(TR);
      State = taint::addTaint(State, Contents);
    } else if (std::optional<SVal> Default =
                   State->getStateManager().getStoreManager().getDefaultBinding(
                       State->getStore(), DstR->getBaseRegion())) {
      if (SymbolRef Written = Default->getAsSymbol())
        State = taint::addTaint(State, Written);
    }
    C.addTransition(State);
  }
}

void KernelIoModel::onWdfBuffer(const CallEvent &Call, const ApiFunction &Api,
                                const std::string &Name,
                                CheckerContext &C) const {
  const auto &W = *Api.WdfBuffer;
  if (unsigned(W.BufferArg) >= Call.getNumArgs())
    return;
  ProgramStateRef State = C.getState();
  SValBuilder &SVB = C.getSValBuilder();
  // (PVOID *)&buffer: read the variable itself, with its own type, so the
  // symbol is the one the program's later loads of it see.
  const MemRegion *OutPtr = Call.getArgSVal(W.BufferArg).getAsRegion();
  if (!OutPtr)
    return;
  OutPtr = OutPtr->StripCasts();
  SVal BufVal = isa<TypedValueRegion>(OutPtr)
                    ? State->getSVal(OutPtr)
                    : State->getSVal(OutPtr, C.getASTContext().VoidPtrTy);
  SymbolRef Buf = BufVal.getAsSymbol();
  if (!Buf)
    return;
  SVal Min = W.MinLengthArg >= 0 ? Call.getArgSVal(W.MinLengthArg) : UnknownVal();
  SVal Len = UnknownVal();
  if (W.LengthArg >= 0 && unsigned(W.LengthArg) < Call.getNumArgs())
    if (const MemRegion *LenPtr = Call.getArgSVal(W.LengthArg).getAsRegion()) {
      LenPtr = LenPtr->StripCasts();
      Len = isa<TypedValueRegion>(LenPtr)
                ? State->getSVal(LenPtr)
                : State->getSVal(LenPtr, C.getASTContext().getSizeType());
    }

  // Success: the buffer holds at least MinimumRequiredLength bytes, and
  // *Length says how many. Failure: the buffer must not be used.
  ProgramStateRef Ok = State, Failed = nullptr;
  SVal Status = Call.getReturnValue();
  if (auto S = Status.getAs<DefinedOrUnknownSVal>()) {
    SVal IsSuccess = SVB.evalBinOp(State, BO_GE, *S,
                                   SVB.makeIntVal(0, Call.getResultType()),
                                   C.getASTContext().BoolTy);
    if (auto Cond = IsSuccess.getAs<DefinedOrUnknownSVal>())
      std::tie(Ok, Failed) = State->assume(*Cond);
  }
  // The buffer holds the request's length: the returned *Length, else the
  // Evt callback's length parameter, else at least MinimumRequiredLength.
  SVal Bound = Min;
  if (SymbolRef EvtLen = W.Output ? State->get<KioOutputLength>()
                                  : State->get<KioInputLength>())
    if (!W.UnsafeUser) {
      Bound = nonloc::SymbolVal(EvtLen);
      if (Ok && !Min.isUnknownOrUndef()) {
        SVal AtLeast = SVB.evalBinOp(Ok, BO_GE, Bound, Min, C.getASTContext().BoolTy);
        if (auto Cond = AtLeast.getAs<DefinedOrUnknownSVal>())
          if (ProgramStateRef S = Ok->assume(*Cond, true))
            Ok = S;
      }
    }
  if (SymbolRef LenSym = Len.getAsSymbol()) {
    Bound = Len;
    if (Ok && !Min.isUnknownOrUndef()) {
      SVal AtLeast = SVB.evalBinOp(Ok, BO_GE, Len, Min, C.getASTContext().BoolTy);
      if (auto Cond = AtLeast.getAs<DefinedOrUnknownSVal>())
        if (ProgramStateRef S = Ok->assume(*Cond, true))
          Ok = S;
    }
    if (Ok)
      Ok = addSource(Ok, LenSym, Origin::WdfReturnedLength);
  }
  Origin O = W.UnsafeUser ? (W.Output ? Origin::WdfUnsafeOutputBuffer
                                      : Origin::WdfUnsafeInputBuffer)
                          : (W.Output ? Origin::WdfOutputBuffer
                                      : Origin::WdfInputBuffer);
  const IdentifierInfo *Routine = &C.getASTContext().Idents.get(Name);
  SVal Read = W.Output ? UnknownVal() : Bound;
  SVal Write = W.Output ? Bound : UnknownVal();
  if (W.UnsafeUser)
    Read = Write = UnknownVal(); // a raw user address: the probe decides
  std::string Note = "'" + Name + "' returns a buffer of at least " +
                     "MinimumRequiredLength bytes";
  if (Ok) {
    Ok = addBuffer(Ok, Buf, O, W.UnsafeUser, false, Read, Write, Routine);
    transition(C, Ok, Buf, Note);
  }
  if (Failed) {
    Failed = addBuffer(Failed, Buf, O, W.UnsafeUser, false, Read, Write, Routine);
    BufferState B = *Failed->get<KioBuffers>(Buf);
    B.MayHaveFailed = true;
    Failed = Failed->set<KioBuffers>(Buf, B);
    transition(C, Failed, Buf,
               "'" + Name + "' fails here; the buffer is not valid");
  }
}

} // namespace

std::string describe(Origin O) {
  switch (O) {
  case Origin::Type3InputBuffer:
    return "Type3InputBuffer";
  case Origin::IrpUserBuffer:
    return "Irp->UserBuffer";
  case Origin::FastIoInputBuffer:
    return "the FastIoDeviceControl InputBuffer";
  case Origin::FastIoOutputBuffer:
    return "the FastIoDeviceControl OutputBuffer";
  case Origin::EmbeddedPointer:
    return "a pointer read from the caller's data";
  case Origin::WdfUnsafeInputBuffer:
    return "WdfRequestRetrieveUnsafeUserInputBuffer";
  case Origin::WdfUnsafeOutputBuffer:
    return "WdfRequestRetrieveUnsafeUserOutputBuffer";
  case Origin::FltInputBuffer:
    return "the message InputBuffer";
  case Origin::FltOutputBuffer:
    return "the message OutputBuffer";
  case Origin::SystemBuffer:
    return "the SystemBuffer";
  case Origin::WdfInputBuffer:
    return "the request's input buffer";
  case Origin::WdfOutputBuffer:
    return "the request's output buffer";
  case Origin::InputBufferLength:
    return "InputBufferLength";
  case Origin::OutputBufferLength:
    return "OutputBufferLength";
  case Origin::ReadWriteLength:
    return "the read or write Length";
  case Origin::EvtInputBufferLength:
    return "the InputBufferLength parameter";
  case Origin::EvtOutputBufferLength:
    return "the OutputBufferLength parameter";
  case Origin::EvtLength:
    return "the Length parameter";
  case Origin::WdfReturnedLength:
    return "the buffer length the request returned";
  case Origin::FltInputBufferLength:
    return "the message InputBufferLength";
  case Origin::FltOutputBufferLength:
    return "the message OutputBufferLength";
  }
  return "the caller's data";
}

std::optional<Buffer> bufferOf(ProgramStateRef State, SVal Loc,
                               SymbolRef &Base) {
  Base = baseSymbol(Loc);
  if (!Base)
    return std::nullopt;
  const BufferState *B = State->get<KioBuffers>(Base);
  if (!B)
    return std::nullopt;
  return Buffer{Origin(B->From), B->IsUser,    B->PreProbed,
                B->MayHaveFailed, B->ReadBound, B->WriteBound,
                B->Retriever ? B->Retriever->getName().str() : ""};
}

SVal systemBufferBound(CheckerContext &C, bool IsWrite, std::string &Name) {
  ProgramStateRef State = C.getState();
  SymbolRef In = State->get<KioInputLength>();
  SymbolRef Out = State->get<KioOutputLength>();
  SymbolRef Bound = IsWrite ? Out : In;
  Name = IsWrite ? "OutputBufferLength" : "InputBufferLength";
  // METHOD_IN_DIRECT / METHOD_OUT_DIRECT: the SystemBuffer is the input
  // only (the output goes through the MDL).
  if (IsWrite)
    for (SymbolRef Code : State->get<KioIoctlCodes>())
      if (const llvm::APSInt *V =
              C.getConstraintManager().getSymVal(State, Code)) {
        unsigned Method = V->getZExtValue() & 3;
        if (Method == 1 || Method == 2) {
          Bound = In;
          Name = "InputBufferLength";
        }
      }
  return Bound ? SVal(nonloc::SymbolVal(Bound)) : SVal(UnknownVal());
}

std::optional<Probe> probeOf(ProgramStateRef State, SymbolRef Base) {
  if (!Base)
    return std::nullopt;
  const ProbeState *P = State->get<KioProbes>(Base);
  if (!P)
    return std::nullopt;
  return Probe{P->Begin, P->Length, P->ForWrite,
               P->Routine ? P->Routine->getName().str() : ""};
}

bool isUserData(ProgramStateRef State, SVal V) {
  return taint::isTainted(State, V);
}

std::string userDataOrigin(ProgramStateRef State, SVal V) {
  if (SymbolRef Int = integerBehind(State, V.getAsSymbol(/*IncludeBaseRegions=*/true)))
    V = nonloc::SymbolVal(Int);
  for (SymbolRef S : taint::getTaintedSymbols(State, V)) {
    if (const unsigned *O = State->get<KioSourceOrigins>(S)) {
      Origin Or = Origin(*O);
      // A tainted buffer: the value was read from it.
      if (State->get<KioBuffers>(S))
        return "a value read from " + describe(Or);
      return describe(Or);
    }
  }
  for (SymbolRef S : taint::getTaintedSymbols(State, V))
    for (SymbolRef Sub : S->symbols())
      if (const auto *SRV = dyn_cast<SymbolRegionValue>(Sub))
        if (const auto *SR =
                dyn_cast<SymbolicRegion>(SRV->getRegion()->getBaseRegion()))
          if (const unsigned *O = State->get<KioSourceOrigins>(SR->getSymbol()))
            return "a value read from " + describe(Origin(*O));
  return isUserData(State, V) ? "the caller's data" : "";
}


/// The privilege a LUID argument names: RtlConvertLongToLuid(SE_X_PRIVILEGE),
/// SeExports->SeXPrivilege, or a local initialized with one of those; -1
/// when unknown.
static int64_t privilegeNumber(const Expr *E, const ASTContext &Ctx,
                               unsigned Depth) {
  if (!E || Depth > 4)
    return -1;
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    StringRef Name = ME->getMemberDecl()->getName();
    for (int64_t I = 2; I < NumPrivileges; ++I)
      if (Name == PrivilegeNames[I])
        return I;
    return -1;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (CE->getNumArgs() == 1)
      if (auto V = constantValue(CE->getArg(0), Ctx))
        return *V;
    return -1;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->isLocalVarDecl() && VD->getInit())
        return privilegeNumber(VD->getInit(), Ctx, Depth + 1);
  if (auto V = constantValue(E, Ctx))
    return *V;
  return -1;
}

static int64_t privilegeNumber(const Expr *E, const ASTContext &Ctx) {
  return privilegeNumber(E, Ctx, 0);
}

std::vector<AccessCheck> passedAccessChecks(CheckerContext &C) {
  ProgramStateRef State = C.getState();
  SValBuilder &SVB = C.getSValBuilder();
  std::vector<AccessCheck> Out;
  for (const auto &E : State->get<KioAccessChecks>()) {
    const CheckCall &Call = E.second;
    SymbolRef Result = E.first;
    QualType T = Result->getType();
    // Failure: FALSE, or a negative NTSTATUS. Passed when the path refutes it.
    SVal Failed =
        Call.NtStatus
            ? SVB.evalBinOpNN(State, BO_LT, nonloc::SymbolVal(Result),
                              SVB.makeZeroVal(T).castAs<NonLoc>(), SVB.getConditionType())
            : SVB.evalBinOpNN(State, BO_EQ, nonloc::SymbolVal(Result),
                              SVB.makeZeroVal(T).castAs<NonLoc>(), SVB.getConditionType());
    auto FailedV = Failed.getAs<DefinedOrUnknownSVal>();
    if (!FailedV || FailedV->isUnknown() || State->assume(*FailedV, true))
      continue;
    AccessCheck A;
    A.Routine = Call.Routine ? Call.Routine->getName().str() : "";
    static const char *const Kinds[] = {"privilege", "access", "admin",
                                        "ioctl-access"};
    A.Kind = Kinds[Call.Kind & 3];
    if (Call.Kind == ApiFunction::AccessCheck::Privilege && Call.Checked >= 2 &&
        Call.Checked < NumPrivileges) {
      A.Detail = PrivilegeNames[Call.Checked];
      A.StandardUsersPass = standardUsersHold(Call.Checked);
    } else if (Call.Kind == ApiFunction::AccessCheck::IoctlAccess &&
               Call.Checked >= 0) {
      static const char *const Access[] = {
          "FILE_ANY_ACCESS", "FILE_READ_ACCESS", "FILE_WRITE_ACCESS",
          "FILE_READ_ACCESS | FILE_WRITE_ACCESS"};
      A.Detail = Access[Call.Checked & 3];
    }
    Out.push_back(std::move(A));
  }
  // Deterministic order: the map is ordered by symbol id.
  return Out;
}

bool onlyPrivilegedCallersReach(CheckerContext &C, std::string *Why) {
  for (const AccessCheck &A : passedAccessChecks(C))
    if (A.Kind != "ioctl-access" && !A.StandardUsersPass) {
      if (Why)
        *Why = A.describe();
      return true;
    }
  if (requestorIsKernel(C)) {
    if (Why)
      *Why = "RequestorMode == KernelMode";
    return true;
  }
  return false;
}

bool requestorIsKernel(CheckerContext &C) {
  ProgramStateRef State = C.getState();
  for (SymbolRef Mode : State->get<KioRequestorModes>())
    if (const llvm::APSInt *V = C.getConstraintManager().getSymVal(State, Mode))
      if (V->getExtValue() == KernelModeValue)
        return true;
  return false;
}

static bool handlerCatchesFaults(const SEHTryStmt *Try,
                                 const ASTContext &Ctx) {
  const SEHExceptStmt *Except = Try->getExceptHandler();
  if (!Except)
    return false; // __try/__finally handles nothing
  // EXCEPTION_CONTINUE_SEARCH (0) as a constant filter handles nothing.
  if (auto V = constantValue(Except->getFilterExpr(), Ctx))
    return *V != 0;
  return true;
}

bool insideTryExcept(const Stmt *S, const LocationContext *LC) {
  while (S && LC) {
    const ParentMap &PM = LC->getParentMap();
    const Stmt *Prev = S;
    for (const Stmt *P = PM.getParent(S); P; Prev = P, P = PM.getParent(P))
      if (const auto *Try = dyn_cast<SEHTryStmt>(P))
        if (Prev == Try->getTryBlock() &&
            handlerCatchesFaults(Try, LC->getAnalysisDeclContext()->getASTContext()))
          return true;
    // Not in this function: maybe around the call in the caller.
    const StackFrameContext *SF = LC->getStackFrame();
    S = SF->getCallSite();
    LC = SF->getParent();
  }
  return false;
}

bool isEntryPoint(const FunctionDecl *FD) {
  return entryKind(FD) != EntryKind::None;
}

bool pathStartsAtEntryPoint(const LocationContext *LC) {
  const StackFrameContext *Top = LC->getStackFrame();
  while (Top->getParent())
    Top = Top->getParent()->getStackFrame();
  return isEntryPoint(dyn_cast_or_null<FunctionDecl>(Top->getDecl()));
}

QualType accessType(const MemRegion *R) {
  if (const auto *TR = dyn_cast_or_null<TypedValueRegion>(R))
    return TR->getValueType();
  if (const auto *SR = dyn_cast_or_null<SymbolicRegion>(R))
    return SR->getPointeeStaticType();
  return QualType();
}

std::optional<NonLoc> byteOffset(CheckerContext &C, const MemRegion *R,
                                 const MemRegion *&Base) {
  SValBuilder &SVB = C.getSValBuilder();
  ASTContext &Ctx = C.getASTContext();
  QualType IdxTy = SVB.getArrayIndexType();
  ProgramStateRef State = C.getState();
  NonLoc Off = SVB.makeZeroArrayIndex();
  R = R->StripCasts(/*StripBaseAndDerivedCasts=*/true);
  while (true) {
    if (const auto *ER = dyn_cast<ElementRegion>(R)) {
      QualType ET = ER->getElementType();
      uint64_t Size = ET->isIncompleteType() || ET->isVoidType()
                          ? 1
                          : Ctx.getTypeSizeInChars(ET).getQuantity();
      SVal Scaled = SVB.evalBinOpNN(State, BO_Mul, ER->getIndex(),
                                    SVB.makeArrayIndex(Size), IdxTy);
      auto S = Scaled.getAs<NonLoc>();
      if (!S)
        return std::nullopt;
      SVal Sum = SVB.evalBinOpNN(State, BO_Add, Off, *S, IdxTy);
      auto N = Sum.getAs<NonLoc>();
      if (!N)
        return std::nullopt;
      Off = *N;
      R = ER->getSuperRegion()->StripCasts(true);
      continue;
    }
    if (const auto *FR = dyn_cast<FieldRegion>(R)) {
      const FieldDecl *FD = FR->getDecl();
      if (FD->isBitField())
        return std::nullopt;
      uint64_t Bits = Ctx.getFieldOffset(FD);
      SVal Sum = SVB.evalBinOpNN(State, BO_Add, Off,
                                 SVB.makeArrayIndex(Bits / 8), IdxTy);
      auto N = Sum.getAs<NonLoc>();
      if (!N)
        return std::nullopt;
      Off = *N;
      R = FR->getSuperRegion()->StripCasts(true);
      continue;
    }
    break;
  }
  Base = R;
  return Off;
}

namespace {
/// An interval of integers, wide enough that no analyzed arithmetic wraps.
struct Interval {
  llvm::APSInt Lo, Hi;
};

llvm::APSInt wide(const llvm::APSInt &V) {
  llvm::APSInt W = V.extend(128);
  W.setIsSigned(true);
  return W;
}

Interval typeRange(QualType T, ASTContext &Ctx) {
  if (T.isNull() || !T->isIntegralOrEnumerationType()) {
    llvm::APSInt Max = llvm::APSInt::getMaxValue(64, /*Unsigned=*/false);
    return {wide(llvm::APSInt::getMinValue(64, false)), wide(Max)};
  }
  unsigned Bits = Ctx.getIntWidth(T);
  bool Unsigned = T->isUnsignedIntegerOrEnumerationType();
  return {wide(llvm::APSInt::getMinValue(Bits, Unsigned)),
          wide(llvm::APSInt::getMaxValue(Bits, Unsigned))};
}

/// Clamp to the type: arithmetic that leaves its type's range may wrap, so
/// nothing better than the whole range is known.
Interval fit(Interval I, QualType T, ASTContext &Ctx) {
  Interval R = typeRange(T, Ctx);
  if (I.Lo < R.Lo || I.Hi > R.Hi)
    return R;
  return I;
}

Interval rangeOf(ConstraintMap &CM, SymbolRef Sym, ASTContext &Ctx,
                 unsigned Depth = 0);

Interval rangeOfSVal(ConstraintMap &CM, SVal V, ASTContext &Ctx,
                     unsigned Depth) {
  if (auto CI = V.getAs<nonloc::ConcreteInt>())
    return {wide(CI->getValue()), wide(CI->getValue())};
  if (SymbolRef S = V.getAsSymbol())
    return rangeOf(CM, S, Ctx, Depth);
  return typeRange(QualType(), Ctx);
}

Interval combine(BinaryOperator::Opcode Op, Interval A, Interval B,
                 QualType T, ASTContext &Ctx) {
  switch (Op) {
  case BO_Add:
    return fit({A.Lo + B.Lo, A.Hi + B.Hi}, T, Ctx);
  case BO_Sub:
    return fit({A.Lo - B.Hi, A.Hi - B.Lo}, T, Ctx);
  case BO_Mul:
    if (A.Lo.isNonNegative() && B.Lo.isNonNegative())
      return fit({A.Lo * B.Lo, A.Hi * B.Hi}, T, Ctx);
    return typeRange(T, Ctx);
  case BO_Div:
    if (A.Lo.isNonNegative() && B.Lo.isStrictlyPositive())
      return fit({llvm::APSInt(A.Lo.sdiv(B.Hi), false), llvm::APSInt(A.Hi.sdiv(B.Lo), false)}, T, Ctx);
    return typeRange(T, Ctx);
  default:
    return typeRange(T, Ctx);
  }
}

Interval rangeOf(ConstraintMap &CM, SymbolRef Sym, ASTContext &Ctx,
                 unsigned Depth) {
  QualType T = Sym->getType();
  Interval R = typeRange(T, Ctx);
  if (Depth < 8) {
    if (const auto *SIE = dyn_cast<SymIntExpr>(Sym))
      R = combine(SIE->getOpcode(), rangeOf(CM, SIE->getLHS(), Ctx, Depth + 1),
                  {wide(SIE->getRHS()), wide(SIE->getRHS())}, T, Ctx);
    else if (const auto *ISE = dyn_cast<IntSymExpr>(Sym))
      R = combine(ISE->getOpcode(), {wide(ISE->getLHS()), wide(ISE->getLHS())},
                  rangeOf(CM, ISE->getRHS(), Ctx, Depth + 1), T, Ctx);
    else if (const auto *SSE = dyn_cast<SymSymExpr>(Sym))
      R = combine(SSE->getOpcode(), rangeOf(CM, SSE->getLHS(), Ctx, Depth + 1),
                  rangeOf(CM, SSE->getRHS(), Ctx, Depth + 1), T, Ctx);
    else if (const auto *SC = dyn_cast<SymbolCast>(Sym))
      R = fit(rangeOf(CM, SC->getOperand(), Ctx, Depth + 1), T, Ctx);
  }
  if (const RangeSet *RS = CM.lookup(Sym); RS && !RS->isEmpty()) {
    llvm::APSInt Lo = wide(RS->getMinValue()), Hi = wide(RS->getMaxValue());
    if (Lo > R.Lo)
      R.Lo = Lo;
    if (Hi < R.Hi)
      R.Hi = Hi;
  }
  return R;
}
} // namespace

bool provablyAtMost(ProgramStateRef State, SVal A, SVal B, ASTContext &Ctx) {
  ConstraintMap CM = getConstraintMap(State);
  Interval IA = rangeOfSVal(CM, A, Ctx, 0);
  Interval IB = rangeOfSVal(CM, B, Ctx, 0);
  return IA.Hi <= IB.Lo;
}

namespace {
/// True when some comparison the path recorded (a driver's check, known
/// true or false) cannot hold under State's ranges: State is infeasible.
/// One round of interval propagation: after assuming "access > bound",
/// InputBufferLength's range narrows and a check like
/// "count > (InputBufferLength - 4) / 4" (recorded false, count >= 1)
/// becomes impossible.
bool contradictsRecordedChecks(ProgramStateRef State, ASTContext &Ctx) {
  ConstraintMap CM = getConstraintMap(State);
  for (const auto &Entry : CM) {
    const auto *BSE = dyn_cast<BinarySymExpr>(Entry.first);
    if (!BSE || !BinaryOperator::isComparisonOp(BSE->getOpcode()))
      continue;
    const RangeSet &Truth = Entry.second;
    if (Truth.isEmpty())
      continue;
    bool KnownFalse = Truth.getMinValue() == 0 && Truth.getMaxValue() == 0;
    bool KnownTrue = !Truth.contains(llvm::APSInt::get(0).extOrTrunc(
                         Truth.getMinValue().getBitWidth()));
    if (!KnownFalse && !KnownTrue)
      continue;
    Interval L, R;
    if (const auto *SSE = dyn_cast<SymSymExpr>(BSE)) {
      L = rangeOf(CM, SSE->getLHS(), Ctx);
      R = rangeOf(CM, SSE->getRHS(), Ctx);
    } else if (const auto *SIE = dyn_cast<SymIntExpr>(BSE)) {
      L = rangeOf(CM, SIE->getLHS(), Ctx);
      R = {wide(SIE->getRHS()), wide(SIE->getRHS())};
    } else if (const auto *ISE = dyn_cast<IntSymExpr>(BSE)) {
      L = {wide(ISE->getLHS()), wide(ISE->getLHS())};
      R = rangeOf(CM, ISE->getRHS(), Ctx);
    } else {
      continue;
    }
    // Whether the comparison is certainly true / certainly false.
    bool AlwaysTrue = false, AlwaysFalse = false;
    switch (BSE->getOpcode()) {
    case BO_LT: AlwaysTrue = L.Hi < R.Lo; AlwaysFalse = L.Lo >= R.Hi; break;
    case BO_LE: AlwaysTrue = L.Hi <= R.Lo; AlwaysFalse = L.Lo > R.Hi; break;
    case BO_GT: AlwaysTrue = L.Lo > R.Hi; AlwaysFalse = L.Hi <= R.Lo; break;
    case BO_GE: AlwaysTrue = L.Lo >= R.Hi; AlwaysFalse = L.Hi < R.Lo; break;
    case BO_EQ: AlwaysFalse = L.Hi < R.Lo || R.Hi < L.Lo; break;
    case BO_NE: AlwaysTrue = L.Hi < R.Lo || R.Hi < L.Lo; break;
    default: break;
    }
    if ((KnownFalse && AlwaysTrue) || (KnownTrue && AlwaysFalse))
      return true;
  }
  return false;
}
} // namespace

bool mayExceed(CheckerContext &C, SVal Offset, SVal Size, SVal Bound) {
  ProgramStateRef State = C.getState();
  SValBuilder &SVB = C.getSValBuilder();
  ASTContext &Ctx = C.getASTContext();
  if (Offset.isUnknownOrUndef() || Size.isUnknownOrUndef() ||
      Bound.isUnknownOrUndef())
    return false;
  // Refuted when assuming the condition true is infeasible.
  // C comparisons have type int, C++ ones bool: the constraint manager only
  // matches a recorded check when the expression is the same, type included.
  auto Refuted = [&](BinaryOperator::Opcode Op, SVal L, SVal R) {
    for (QualType CmpTy : {Ctx.IntTy, Ctx.BoolTy}) {
      SVal Cond = SVB.evalBinOp(State, Op, L, R, CmpTy);
      auto D = Cond.getAs<DefinedOrUnknownSVal>();
      if (D && !D->isUnknown() && !State->assume(*D, true))
        return true;
    }
    return false;
  };
  const QualType Types[] = {Ctx.getSizeType(), SVB.getArrayIndexType(),
                           Size.getType(Ctx), Bound.getType(Ctx)};
  for (QualType T : Types) {
    if (T.isNull() || !T->isIntegerType())
      continue;
    SVal O = SVB.evalCast(Offset, T, Offset.getType(Ctx));
    SVal S = SVB.evalCast(Size, T, Size.getType(Ctx));
    SVal B = SVB.evalCast(Bound, T, Bound.getType(Ctx));
    SVal End = SVB.evalBinOp(State, BO_Add, O, S, T);
    SVal Room = SVB.evalBinOp(State, BO_Sub, B, O, T);
    if (Refuted(BO_GT, End, B) || Refuted(BO_LT, B, End))
      return false;
    // "Bound - Offset" wraps in an unsigned type when Offset > Bound: the
    // subtraction shapes only count when the path shows it cannot.
    bool RoomWraps = T->isUnsignedIntegerType() && !O.isZeroConstant() &&
                     !provablyAtMost(State, O, B, Ctx);
    if (!RoomWraps && (Refuted(BO_GT, S, Room) || Refuted(BO_LT, Room, S)))
      return false;
    // Size = Count * ElementSize, checked as Count > (Bound - Offset) /
    // ElementSize (the usual array-in-buffer validation).
    if (const auto *Mul = dyn_cast_or_null<SymIntExpr>(S.getAsSymbol());
        !RoomWraps && Mul && Mul->getOpcode() == BO_Mul) {
      SVal Count = nonloc::SymbolVal(Mul->getLHS());
      SVal Elem = SVB.makeIntVal(Mul->getRHS());
      Elem = SVB.evalCast(Elem, T, Mul->getType());
      SVal PerElem = SVB.evalBinOp(State, BO_Div, Room, Elem, T);
      if (Refuted(BO_GT, Count, PerElem) || Refuted(BO_LT, PerElem, Count))
        return false;
    }
    if (provablyAtMost(State, End, B, Ctx))
      return false;
    // Assume the access overflows; if that contradicts a check the driver
    // made, it cannot.
    for (QualType CmpTy : {Ctx.IntTy, Ctx.BoolTy}) {
      SVal Cond = SVB.evalBinOp(State, BO_GT, End, B, CmpTy);
      auto D = Cond.getAs<DefinedOrUnknownSVal>();
      if (!D || D->isUnknown())
        continue;
      ProgramStateRef Over = State->assume(*D, true);
      if (!Over || contradictsRecordedChecks(Over, Ctx))
        return false;
    }
  }
  return true;
}

void markSources(PathSensitiveBugReport &R, ProgramStateRef State, SVal V) {
  for (SymbolRef S : taint::getTaintedSymbols(State, V))
    R.markInteresting(S);
  if (SymbolRef B = baseSymbol(V))
    R.markInteresting(B);
}

void addIoctlProperties(PathSensitiveBugReport &R, CheckerContext &C) {
  ProgramStateRef State = C.getState();
  PathDiagnosticLocation Loc = PathDiagnosticLocation::createBegin(
      C.getLocationContext()->getStackFrame()->getDecl(), C.getSourceManager());
  auto Property = [&](StringRef Key, StringRef Value) {
    R.addNote((PropertyNotePrefix + Key + "=" + Value).str(), Loc);
  };
  for (SymbolRef Code : State->get<KioIoctlCodes>()) {
    const llvm::APSInt *V = C.getConstraintManager().getSymVal(State, Code);
    if (!V)
      continue;
    uint32_t Ioctl = uint32_t(V->getZExtValue());
    static const char *const Methods[] = {"METHOD_BUFFERED", "METHOD_IN_DIRECT",
                                          "METHOD_OUT_DIRECT", "METHOD_NEITHER"};
    static const char *const Access[] = {
        "FILE_ANY_ACCESS", "FILE_READ_ACCESS", "FILE_WRITE_ACCESS",
        "FILE_READ_ACCESS | FILE_WRITE_ACCESS"};
    Property("ioctl", "0x" + llvm::utohexstr(Ioctl, false, 8));
    Property("method", Methods[Ioctl & 3]);
    Property("requiredAccess", Access[(Ioctl >> 14) & 3]);
    break;
  }
  const StackFrameContext *Top = C.getLocationContext()->getStackFrame();
  while (Top->getParent())
    Top = Top->getParent()->getStackFrame();
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Top->getDecl()))
    if (isEntryPoint(FD))
      Property("entryPoint", FD->getName());
  std::string Checks;
  for (const AccessCheck &A : passedAccessChecks(C))
    Checks += (Checks.empty() ? "" : ", ") + A.describe();
  if (!Checks.empty())
    Property("accessCheck", Checks);
  if (requestorIsKernel(C))
    Property("requestorMode", "KernelMode");
}

void emitReport(CheckerContext &C, const BugType &BT, std::string Message,
                const Stmt *S, std::initializer_list<SVal> Interesting,
                bool Fatal, ProgramStateRef NewState) {
  ExplodedNode *N = Fatal ? C.generateErrorNode(NewState)
                          : C.generateNonFatalErrorNode(NewState);
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(BT, Message, N);
  if (S)
    R->addRange(S->getSourceRange());
  for (SVal V : Interesting)
    markSources(*R, NewState ? NewState : C.getState(), V);
  addIoctlProperties(*R, C);
  C.emitReport(std::move(R));
}

std::optional<CopyCall> copyCall(const CallEvent &Call, CheckerContext &C) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !Call.getOriginExpr())
    return std::nullopt;
  auto Resolved = resolveApiCall(FD, Call.getOriginExpr()->getBeginLoc(),
                                 C.getSourceManager(), C.getLangOpts());
  if (!Resolved || !Resolved->Api->Copy)
    return std::nullopt;
  const auto &Cp = *Resolved->Api->Copy;
  CopyCall Out;
  Out.Name = Resolved->WrittenName;
  auto Arg = [&](int I) -> std::optional<SVal> {
    if (I < 0 || unsigned(I) >= Call.getNumArgs())
      return std::nullopt;
    return Call.getArgSVal(I);
  };
  Out.Dst = Arg(Cp.DstArg);
  Out.Src = Arg(Cp.SrcArg);
  Out.Len = Arg(Cp.LenArg);
  if (Out.Dst)
    Out.DstExpr = Call.getArgExpr(Cp.DstArg);
  if (Out.Src)
    Out.SrcExpr = Call.getArgExpr(Cp.SrcArg);
  return Out;
}

void registerKernelIoModel(CheckerRegistry &Registry) {
  Registry.addChecker<KernelIoModel>(
      ModelCheckerName, "Models kernel I/O: user buffers, lengths, probes",
      "", /*IsHidden=*/true);
}

SymbolRef integerBehind(ProgramStateRef State, SymbolRef Ptr) {
  if (!Ptr)
    return nullptr;
  const SymbolRef *Int = State->get<KioIntegerAddresses>(Ptr);
  return Int ? *Int : nullptr;
}

std::optional<ValueRange> valueRange(ProgramStateRef State, SVal V,
                                     ASTContext &Ctx) {
  QualType T;
  Interval I;
  ConstraintMap CM = getConstraintMap(State);
  if (auto CI = V.getAs<nonloc::ConcreteInt>()) {
    I = {wide(CI->getValue()), wide(CI->getValue())};
  } else if (auto LC = V.getAs<loc::ConcreteInt>()) {
    I = {wide(LC->getValue()), wide(LC->getValue())};
  } else if (SymbolRef S = V.getAsSymbol(/*IncludeBaseRegions=*/true)) {
    if (SymbolRef Int = integerBehind(State, S))
      S = Int;
    T = S->getType();
    I = rangeOf(CM, S, Ctx);
  } else {
    return std::nullopt;
  }
  Interval TR = typeRange(T, Ctx);
  return ValueRange{I.Lo, I.Hi, TR.Lo, TR.Hi};
}

} // namespace drvcert::kio
