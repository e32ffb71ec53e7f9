//===- ObjectModeling.cpp - drvcert.objects.ObjectModel --------------------===//
//
// The modeling checker behind ObjectModel.h. It reports nothing; after each
// call the API model describes it records which process the caller chose
// (through the EPROCESS or handle the call wrote), which process the thread
// attached to, and which strings were built from the input.
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "Registry.h"
#include "clang/AST/ASTContext.h"
#include "clang/StaticAnalyzer/Checkers/Taint.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/RangedConstraintManager.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

namespace {

/// State of a chosen process (see obj::ChosenProcess). Strings are interned
/// as identifiers so that the state stays comparable and hashable.
struct ProcState {
  bool IsHandle, Checked, Unchecked, KernelHandle;
  const char *Chooser, *Via; // interned (intern())
  SymbolRef Source; // the process id or handle value from the input

  bool operator==(const ProcState &O) const {
    return IsHandle == O.IsHandle && Checked == O.Checked &&
           Unchecked == O.Unchecked && KernelHandle == O.KernelHandle &&
           Chooser == O.Chooser && Via == O.Via && Source == O.Source;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Source);
    ID.AddBoolean(IsHandle);
    ID.AddBoolean(Checked);
    ID.AddBoolean(Unchecked);
    ID.AddBoolean(KernelHandle);
    ID.AddPointer(Chooser);
    ID.AddPointer(Via);
  }
};

struct NameState {
  const char *Origin; // interned (intern())
  bool UserAddress;

  bool operator==(const NameState &O) const {
    return Origin == O.Origin && UserAddress == O.UserAddress;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddPointer(Origin);
    ID.AddBoolean(UserAddress);
  }
};

} // namespace

/// Processes the caller chose, by the symbol of the EPROCESS pointer or
/// handle that designates them.
REGISTER_MAP_WITH_PROGRAMSTATE(ObjChosenProcesses, SymbolRef, ProcState)
/// The chosen process the thread is attached to (key 0), if any.
REGISTER_MAP_WITH_PROGRAMSTATE(ObjAttached, unsigned, ProcState)
/// Opens of a chosen process, recorded before the call (the call
/// invalidates the OBJECT_ATTRIBUTES and CLIENT_ID it is given) and bound to
/// the handle it writes after the call; keyed by the call.
REGISTER_MAP_WITH_PROGRAMSTATE(ObjPendingOpens, const clang::Stmt *, ProcState)
/// Handles made from an integer of the input, and where it came from.
REGISTER_MAP_WITH_PROGRAMSTATE(ObjCastOrigins, SymbolRef,
                               const char *)
/// The integer of the input such a handle was made from.
REGISTER_MAP_WITH_PROGRAMSTATE(ObjCastSources, SymbolRef, SymbolRef)
/// UNICODE_STRINGs and character buffers built from the input.
REGISTER_MAP_WITH_PROGRAMSTATE(ObjInputNames, const MemRegion *, NameState)

namespace drvcert::obj {

SymbolRef inputSymbol(ProgramStateRef State, SVal V) {
  SymbolRef S = V.getAsSymbol();
  if (!S)
    return nullptr;
  if (const SymbolRef *Int = State->get<ObjCastSources>(S))
    return *Int;
  // The kernel I/O model gives a whole-integer address from the request a
  // pointer symbol of its own (kio::integerBehind); the checks constrain
  // the integer.
  if (SymbolRef Int = kio::integerBehind(State, S))
    return Int;
  return S;
}

namespace {
const SymExpr *stripCasts(const SymExpr *S) {
  while (const auto *SC = dyn_cast<SymbolCast>(S))
    S = SC->getOperand();
  return S;
}
} // namespace

bool allowlisted(CheckerContext &C, SymbolRef Source) {
  if (!Source)
    return false;
  ProgramStateRef State = C.getState();
  // Equal to a constant: the driver allows one known process.
  if (C.getConstraintManager().getSymVal(State, Source))
    return true;
  // Equal to a value not from the input (the driver's own list, a process
  // it started): "pid == Ext->AgentPid" known true, or "!=" known false.
  const SymExpr *Want = stripCasts(Source);
  for (const auto &E : getConstraintMap(State)) {
    const auto *SSE = dyn_cast<SymSymExpr>(E.first);
    if (!SSE || E.second.isEmpty())
      continue;
    const RangeSet &Truth = E.second;
    bool KnownFalse = Truth.getMinValue() == 0 && Truth.getMaxValue() == 0;
    bool KnownTrue = !Truth.contains(llvm::APSInt::get(0).extOrTrunc(
        Truth.getMinValue().getBitWidth()));
    bool Equal = (SSE->getOpcode() == BO_EQ && KnownTrue) ||
                 (SSE->getOpcode() == BO_NE && KnownFalse);
    if (!Equal)
      continue;
    const SymExpr *L = stripCasts(SSE->getLHS()), *R = stripCasts(SSE->getRHS());
    if (L == Want && !taint::isTainted(State, SSE->getRHS()))
      return true;
    if (R == Want && !taint::isTainted(State, SSE->getLHS()))
      return true;
  }
  return false;
}

SVal sourceValue(CheckerContext &C, const ChosenProcess &P) {
  if (!P.Source)
    return UnknownVal();
  return C.getSValBuilder().makeSymbolVal(P.Source);
}

std::string originOf(ProgramStateRef State, SVal V) {
  if (SymbolRef S = V.getAsSymbol())
    if (const char *const *O = State->get<ObjCastOrigins>(S))
      return *O;
  return kio::userDataOrigin(State, V);
}

namespace {

/// Stable, NUL-terminated storage for the texts the program state refers
/// to, compared by address. Not the ASTContext's identifier table: its
/// allocator, inlined into drvcert and also run inside libclang-cpp, makes
/// AddressSanitizer builds report reads of identifiers as use-after-poison.
const char *intern(CheckerContext &, StringRef S) {
  return internString(S).data();
}

ChosenProcess toChosen(const ProcState &P) {
  return ChosenProcess{P.IsHandle,
                       P.Chooser ? std::string(P.Chooser) : "",
                       P.Via ? std::string(P.Via) : "", P.Checked,
                       P.Unchecked, P.KernelHandle, P.Source};
}

/// The typedef a parameter was declared with ("HANDLE", "PEPROCESS").
bool isHandleType(QualType T) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (TT->getDecl()->getName() == "HANDLE")
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

/// The value a call wrote through its out-parameter Arg (PHANDLE,
/// PEPROCESS *, PVOID *), read with the pointee type of the parameter so
/// that it is the symbol the program's later loads see.
SVal outValue(const CallEvent &Call, unsigned Arg, CheckerContext &C) {
  if (Arg >= Call.getNumArgs())
    return UnknownVal();
  const MemRegion *R = Call.getArgSVal(Arg).getAsRegion();
  if (!R)
    return UnknownVal();
  R = R->StripCasts();
  ProgramStateRef State = C.getState();
  if (isa<TypedValueRegion>(R))
    return State->getSVal(R);
  return State->getSVal(R, C.getASTContext().VoidPtrTy);
}

/// The field Name of the record at Base (a region of type Record).
SVal fieldValue(ProgramStateRef State, const MemRegion *Base,
                const RecordDecl *Record, StringRef Name) {
  if (!Base || !Record)
    return UnknownVal();
  Record = Record->getDefinition();
  if (!Record)
    return UnknownVal();
  for (const FieldDecl *FD : Record->fields())
    if (FD->getName() == Name) {
      SVal L = State->getLValue(FD, loc::MemRegionVal(Base));
      if (auto Loc = L.getAs<clang::ento::Loc>())
        return State->getSVal(*Loc, FD->getType());
    }
  return UnknownVal();
}

const RecordDecl *pointeeRecord(QualType PtrTy) {
  if (PtrTy.isNull() || !PtrTy->isPointerType())
    return nullptr;
  return PtrTy->getPointeeType()->getAsRecordDecl();
}

std::optional<uint64_t> concreteValue(SVal V, CheckerContext &C) {
  if (auto CI = V.getAs<nonloc::ConcreteInt>())
    return CI->getValue().getZExtValue();
  if (auto CI = V.getAs<loc::ConcreteInt>())
    return CI->getValue().getZExtValue();
  if (SymbolRef S = V.getAsSymbol())
    if (const llvm::APSInt *I =
            C.getConstraintManager().getSymVal(C.getState(), S))
      return I->getZExtValue();
  return std::nullopt;
}

class ObjectModel : public Checker<check::PreCall, check::PostCall,
                                   check::PostStmt<CastExpr>,
                                   check::LiveSymbols> {
public:
  /// The input values that chose a process must outlive the program's last
  /// use of them: an allowlist check on them is what clears a finding.
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const {
    for (const auto &E : State->get<ObjChosenProcesses>())
      if (E.second.Source)
        SR.markLive(E.second.Source);
    for (const auto &E : State->get<ObjAttached>())
      if (E.second.Source)
        SR.markLive(E.second.Source);
    for (const auto &E : State->get<ObjPendingOpens>())
      if (E.second.Source)
        SR.markLive(E.second.Source);
  }

  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;

  /// (HANDLE)(ULONG_PTR)pid: the analyzer turns an integer symbol cast to a
  /// pointer into an unknown value, losing that the caller chose it. Keep a
  /// symbol for the handle, marked as user data, so that a process id or
  /// handle value from the request stays one once it is a HANDLE.
  void checkPostStmt(const CastExpr *CE, CheckerContext &C) const {
    if (CE->getCastKind() != CK_IntegralToPointer)
      return;
    ProgramStateRef State = C.getState();
    const LocationContext *LC = C.getLocationContext();
    SVal Result = State->getSVal(CE, LC);
    SVal Operand = State->getSVal(CE->getSubExpr(), LC);
    if (!Result.isUnknown() || !kio::isUserData(State, Operand))
      return;
    std::string Origin = kio::userDataOrigin(State, Operand);
    SVal Handle = C.getSValBuilder().conjureSymbolVal(CE, LC, CE->getType(),
                                                       C.blockCount());
    SymbolRef Sym = Handle.getAsSymbol();
    if (!Sym)
      return;
    State = State->BindExpr(CE, LC, Handle);
    State = taint::addTaint(State, Sym);
    State = State->set<ObjCastOrigins>(Sym, intern(C, Origin));
    if (SymbolRef Int = Operand.getAsSymbol())
      State = State->set<ObjCastSources>(Sym, Int);
    C.addTransition(State);
  }

private:
  std::optional<ProcState> openedProcess(const CallEvent &Call,
                                         const ApiCall &Api,
                                         CheckerContext &C) const;
  ProgramStateRef onStringBuild(const CallEvent &Call, const ApiCall &Api,
                                CheckerContext &C, ProgramStateRef State) const;
};

void ObjectModel::checkPostCall(const CallEvent &Call,
                                CheckerContext &C) const {
  auto Api = resolve(Call, C);
  if (!Api)
    return;
  const ApiFunction &F = *Api->Api;
  ProgramStateRef State = C.getState(), Old = State;
  // The step of the code flow where the process (or a handle to it) comes
  // from, shown when a report is about that symbol.
  SymbolRef Noted = nullptr, NotedFrom = nullptr;
  std::string Note;
  auto Record = [&](SymbolRef S, const ProcState &P, StringRef What) {
    State = State->set<ObjChosenProcesses>(S, P);
    Noted = S;
    Note = "'" + Api->WrittenName + "' " + What.str() + " " +
           std::string(P.Chooser);
  };
  if (F.Lookup) {
    SVal Id = Call.getArgSVal(F.Lookup->IdArg);
    if (kio::isUserData(State, Id)) {
      SVal Out = outValue(Call, F.Lookup->ProcessArg, C);
      if (SymbolRef S = Out.getAsSymbol())
        Record(S,
               ProcState{false, false, false, false,
                         intern(C, "whose id is " + originOf(State, Id)),
                         intern(C, Api->WrittenName), inputSymbol(State, Id)},
               "returns the process");
    }
  }
  if (F.Open && F.Open->HandleArg >= 0)
    if (const ProcState *P = State->get<ObjPendingOpens>(Call.getOriginExpr())) {
      SVal Out = outValue(Call, F.Open->HandleArg, C);
      ProcState Opened = *P;
      State = State->remove<ObjPendingOpens>(Call.getOriginExpr());
      if (SymbolRef S = Out.getAsSymbol()) {
        Record(S, Opened, "opens a handle to the process");
        // The flow goes on through the object it was opened from.
        if (F.Open->ObjectArg >= 0)
          NotedFrom = Call.getArgSVal(F.Open->ObjectArg).getAsSymbol();
      }
    }
  if (F.HandleRef && F.HandleRef->ObjectArg >= 0) {
    SVal H = Call.getArgSVal(F.HandleRef->HandleArg);
    if (auto P = chosenProcess(State, H, /*HandleTyped=*/true)) {
      // Referenced in UserMode, the caller's handle had to grant the access
      // asked for: the caller proved its rights to the object.
      auto Mode = concreteArg(Call, F.HandleRef->AccessModeArg, C);
      bool Checked = P->Checked || (Mode && *Mode == UserModeValue);
      SVal Out = outValue(Call, F.HandleRef->ObjectArg, C);
      if (SymbolRef S = Out.getAsSymbol())
        Record(S,
               ProcState{false, Checked, false, false, intern(C, P->Chooser),
                         intern(C, Api->WrittenName), P->Source},
               "returns the object");
    }
  }
  if (F.ProcessOp) {
    using PO = ApiFunction::ProcessOperation;
    if (F.ProcessOp->Kind == PO::Detach)
      State = State->remove<ObjAttached>(0);
    else if (F.ProcessOp->Kind == PO::Attach) {
      SVal P = Call.getArgSVal(F.ProcessOp->ProcessArg);
      SymbolRef S = P.getAsSymbol();
      if (const ProcState *PS = S ? State->get<ObjChosenProcesses>(S) : nullptr)
        State = State->set<ObjAttached>(0, *PS);
      else
        State = State->remove<ObjAttached>(0);
    }
  }
  if (F.StringBuild)
    State = onStringBuild(Call, *Api, C, State);
  // A copy of the input (memcpy, RtlCopyMemory ...) makes its destination
  // memory built from the input (a name, a FILE_RENAME_INFORMATION).
  if (F.Copy && F.Copy->DstArg >= 0 && F.Copy->SrcArg >= 0 &&
      unsigned(std::max(F.Copy->DstArg, F.Copy->SrcArg)) < Call.getNumArgs()) {
    SVal Src = Call.getArgSVal(F.Copy->SrcArg);
    if (auto N = memoryFromInput(C, Src))
      if (const MemRegion *D = Call.getArgSVal(F.Copy->DstArg).getAsRegion())
        State = State->set<ObjInputNames>(
            D->getBaseRegion(), NameState{intern(C, N->Origin), false});
  }
  if (State == Old)
    return;
  if (!Noted) {
    C.addTransition(State);
    return;
  }
  C.addTransition(State, C.getNoteTag([Noted, NotedFrom, Note](
                                          PathSensitiveBugReport &BR)
                                          -> std::string {
    bool Ours = BR.getBugType().getCheckerName().starts_with("drvcert.");
    if (!Ours || !BR.isInteresting(Noted))
      return "";
    if (NotedFrom)
      BR.markInteresting(NotedFrom);
    return Note;
  }));
}

void ObjectModel::checkPreCall(const CallEvent &Call,
                               CheckerContext &C) const {
  auto Api = resolve(Call, C);
  if (!Api || !Api->Api->Open || Api->Api->Open->HandleArg < 0)
    return;
  if (auto P = openedProcess(Call, *Api, C))
    C.addTransition(
        C.getState()->set<ObjPendingOpens>(Call.getOriginExpr(), *P));
}

std::optional<ProcState> ObjectModel::openedProcess(const CallEvent &Call,
                                                    const ApiCall &Api,
                                                    CheckerContext &C) const {
  const auto &O = *Api.Api->Open;
  ProgramStateRef State = C.getState();
  // Which process, when the caller chose it.
  std::string Chooser;
  SymbolRef Source = nullptr;
  bool ObjectChecked = false;
  if (O.ClientIdArg >= 0) {
    SVal Cid = Call.getArgSVal(O.ClientIdArg);
    const RecordDecl *RD =
        pointeeRecord(Call.parameters()[O.ClientIdArg]->getType());
    SVal Pid = fieldValue(State, Cid.getAsRegion(), RD, "UniqueProcess");
    if (kio::isUserData(State, Pid)) {
      Chooser = "whose id is " + originOf(State, Pid);
      Source = inputSymbol(State, Pid);
    }
  }
  if (O.ObjectArg >= 0)
    if (auto P = chosenProcess(State, Call.getArgSVal(O.ObjectArg), false)) {
      Chooser = P->Chooser;
      Source = P->Source;
      ObjectChecked = P->Checked;
    }
  if (Chooser.empty())
    return std::nullopt;
  // Whether the open checks the caller's access: AccessMode UserMode, or
  // OBJ_FORCE_ACCESS_CHECK; a Zw routine runs with KernelMode.
  std::optional<uint64_t> Attrs;
  if (O.AttributesArg >= 0) {
    if (auto OA = objectAttributes(Call, O.AttributesArg, C))
      Attrs = OA->Attributes;
  } else if (O.HandleAttributesArg >= 0) {
    Attrs = concreteArg(Call, O.HandleAttributesArg, C);
  }
  std::optional<uint64_t> Mode;
  if (O.AccessModeArg >= 0)
    Mode = concreteArg(Call, O.AccessModeArg, C);
  else if (StringRef(Api.Api->Name).starts_with("Zw"))
    Mode = KernelModeValue;
  bool Forced = Attrs && (*Attrs & ObjForceAccessCheck);
  bool Checked = ObjectChecked || Forced || (Mode && *Mode == UserModeValue);
  bool Unchecked =
      !ObjectChecked && Attrs && !Forced && Mode && *Mode == KernelModeValue;
  bool KernelHandle = Attrs && (*Attrs & ObjKernelHandle);
  return ProcState{true,         Checked,           Unchecked, KernelHandle,
                   intern(C, Chooser), intern(C, Api.WrittenName), Source};
}

ProgramStateRef ObjectModel::onStringBuild(const CallEvent &Call,
                                           const ApiCall &Api,
                                           CheckerContext &C,
                                           ProgramStateRef State) const {
  const auto &B = *Api.Api->StringBuild;
  if (unsigned(B.DestArg) >= Call.getNumArgs())
    return State;
  const MemRegion *Dest = Call.getArgSVal(B.DestArg).getAsRegion();
  if (!Dest)
    return State;
  for (unsigned I = B.FirstSourceArg; I < Call.getNumArgs(); ++I) {
    SVal Src = Call.getArgSVal(I);
    const Expr *E = Call.getArgExpr(I);
    if (!E || !E->getType()->isPointerType())
      continue;
    const RecordDecl *RD = pointeeRecord(E->getType());
    std::optional<NameInfo> N = RD && RD->getName() == "_UNICODE_STRING"
                                    ? nameFromInput(C, Src)
                                    : memoryFromInput(C, Src);
    if (!N)
      continue;
    // A UNICODE_STRING destination is keyed by its own region (it may be a
    // field of a larger structure); a character buffer by its base.
    const RecordDecl *DestRD = pointeeRecord(Call.getArgExpr(B.DestArg)->getType());
    const MemRegion *Key = DestRD ? Dest->StripCasts() : Dest->getBaseRegion();
    return State->set<ObjInputNames>(
        Key, NameState{intern(C, N->Origin),
                       B.AliasesSource && N->UserAddress});
  }
  return State;
}

} // namespace

std::optional<ApiCall> resolve(const CallEvent &Call, CheckerContext &C) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !Call.getOriginExpr())
    return std::nullopt;
  return resolveApiCall(FD, Call.getOriginExpr()->getBeginLoc(),
                        C.getSourceManager(), C.getLangOpts());
}

std::optional<uint64_t> concreteArg(const CallEvent &Call, int Arg,
                                    CheckerContext &C) {
  if (Arg < 0 || unsigned(Arg) >= Call.getNumArgs())
    return std::nullopt;
  return concreteValue(Call.getArgSVal(Arg), C);
}

bool isCurrentProcessHandle(SVal V) {
  if (auto CI = V.getAs<loc::ConcreteInt>())
    return CI->getValue().isAllOnes();
  if (auto CI = V.getAs<nonloc::ConcreteInt>())
    return CI->getValue().isAllOnes();
  return false;
}

std::optional<ChosenProcess> chosenProcess(ProgramStateRef State, SVal V,
                                           bool HandleTyped) {
  if (SymbolRef S = V.getAsSymbol())
    if (const ProcState *P = State->get<ObjChosenProcesses>(S))
      return toChosen(*P);
  if (HandleTyped && !isCurrentProcessHandle(V) && kio::isUserData(State, V))
    return ChosenProcess{true, "whose handle is " + originOf(State, V),
                         "", false, false, false, inputSymbol(State, V)};
  return std::nullopt;
}

std::optional<ChosenProcess> attachedProcess(ProgramStateRef State) {
  if (const ProcState *P = State->get<ObjAttached>(0))
    return toChosen(*P);
  return std::nullopt;
}

std::optional<NameInfo> memoryFromInput(CheckerContext &C, SVal Ptr) {
  ProgramStateRef State = C.getState();
  SymbolRef Base;
  if (auto B = kio::bufferOf(State, Ptr, Base))
    return NameInfo{kio::describe(B->From), B->IsUserAddress};
  if (const MemRegion *R = Ptr.getAsRegion()) {
    if (const NameState *N = State->get<ObjInputNames>(R->StripCasts()))
      return NameInfo{std::string(N->Origin), N->UserAddress};
    if (const NameState *N = State->get<ObjInputNames>(R->getBaseRegion()))
      return NameInfo{std::string(N->Origin), N->UserAddress};
  }
  if (kio::isUserData(State, Ptr))
    return NameInfo{kio::userDataOrigin(State, Ptr), true};
  return std::nullopt;
}

std::optional<NameInfo> nameFromInput(CheckerContext &C, SVal NamePtr) {
  ProgramStateRef State = C.getState();
  const MemRegion *R = NamePtr.getAsRegion();
  if (!R)
    return std::nullopt;
  R = R->StripCasts();
  if (const NameState *N = State->get<ObjInputNames>(R))
    return NameInfo{std::string(N->Origin), N->UserAddress};
  // A UNICODE_STRING inside the request: its Buffer is the caller's pointer.
  SymbolRef Base;
  if (auto B = kio::bufferOf(State, NamePtr, Base))
    return NameInfo{kio::describe(B->From), true};
  QualType T = kio::accessType(R);
  const RecordDecl *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
  if (!RD || RD->getName() != "_UNICODE_STRING")
    return std::nullopt;
  SVal Buffer = fieldValue(State, R, RD, "Buffer");
  if (Buffer.isUnknownOrUndef())
    return std::nullopt;
  return memoryFromInput(C, Buffer);
}

std::optional<ObjectAttributes> objectAttributes(const CallEvent &Call,
                                                 unsigned Arg,
                                                 CheckerContext &C) {
  if (Arg >= Call.getNumArgs() || Arg >= Call.parameters().size())
    return std::nullopt;
  const MemRegion *R = Call.getArgSVal(Arg).getAsRegion();
  const RecordDecl *RD = pointeeRecord(Call.parameters()[Arg]->getType());
  if (!R || !RD)
    return std::nullopt;
  R = R->StripCasts();
  ProgramStateRef State = C.getState();
  ObjectAttributes OA;
  OA.Attributes = concreteValue(fieldValue(State, R, RD, "Attributes"), C);
  OA.ObjectName = fieldValue(State, R, RD, "ObjectName");
  return OA;
}

bool isHandleParam(const CallEvent &Call, unsigned Arg) {
  if (Arg >= Call.parameters().size())
    return false;
  return isHandleType(Call.parameters()[Arg]->getType());
}

void registerObjectModel(CheckerRegistry &Registry) {
  Registry.addChecker<ObjectModel>(
      ObjectModelCheckerName,
      "Models processes, handles and object names chosen by the caller", "",
      /*IsHidden=*/true);
}

} // namespace drvcert::obj
