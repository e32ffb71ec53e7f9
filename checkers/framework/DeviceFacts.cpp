//===- DeviceFacts.cpp - The devices a translation unit creates -----------===//
//
// One walk over the code outside system headers records, per function, the
// device creations and the calls that set them up (SDDL, name, symbolic
// link, interface, security descriptor), and the entry point assignments;
// then joins them: a setup call belongs to the device created in the same
// function (or to the TU's only device of its framework), an entry point to
// the devices of its framework created in the same function, else to every
// device of that framework in the TU (WDM dispatch tables are per driver,
// not per device).
//
//===----------------------------------------------------------------------===//
#include "DeviceFacts.h"
#include "ApiCall.h"
#include "FindingCollector.h"
#include "Sddl.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include <set>
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/MapVector.h"
#include <map>

using namespace clang;

namespace drvcert {

llvm::StringRef frameworkName(DeviceFact::Framework K) {
  switch (K) {
  case DeviceFact::Framework::Wdm:
    return "wdm";
  case DeviceFact::Framework::Kmdf:
    return "kmdf";
  case DeviceFact::Framework::FltPort:
    return "flt-port";
  }
  return "wdm";
}

bool parseFramework(llvm::StringRef S, DeviceFact::Framework &Out) {
  for (auto K : {DeviceFact::Framework::Wdm, DeviceFact::Framework::Kmdf,
                 DeviceFact::Framework::FltPort})
    if (S == frameworkName(K)) {
      Out = K;
      return true;
    }
  return false;
}

llvm::StringRef securityName(DeviceFact::Security S) {
  switch (S) {
  case DeviceFact::Security::None:
    return "none";
  case DeviceFact::Security::Sddl:
    return "sddl";
  case DeviceFact::Security::DefaultAdmin:
    return "default-admin";
  case DeviceFact::Security::NullDacl:
    return "null-dacl";
  case DeviceFact::Security::Opaque:
    return "opaque";
  }
  return "none";
}

bool parseSecurity(llvm::StringRef S, DeviceFact::Security &Out) {
  for (auto K : {DeviceFact::Security::None, DeviceFact::Security::Sddl,
                 DeviceFact::Security::DefaultAdmin,
                 DeviceFact::Security::NullDacl, DeviceFact::Security::Opaque})
    if (S == securityName(K)) {
      Out = K;
      return true;
    }
  return false;
}

namespace {

/// A wide or narrow literal as UTF-8 (non-ASCII code units become '?':
/// device names and SDDL strings are ASCII).
std::string literalText(const StringLiteral *SL) {
  std::string Out;
  for (unsigned I = 0; I < SL->getLength(); ++I) {
    uint32_t C = SL->getCodeUnit(I);
    Out += C < 0x80 ? char(C) : '?';
  }
  return Out;
}

const StringLiteral *asLiteral(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *SL = dyn_cast<StringLiteral>(E))
    return SL;
  // DECLARE_CONST_UNICODE_STRING: Buffer = (PWCH)Name_buffer, an array
  // initialized with the literal.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType()->isArrayType() && VD->getInit())
        return dyn_cast<StringLiteral>(VD->getInit()->IgnoreParenCasts());
  return nullptr;
}

const VarDecl *referencedVar(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// Finds RtlInitUnicodeString(&Var, L"...") in a body.
class InitStringFinder : public RecursiveASTVisitor<InitStringFinder> {
public:
  InitStringFinder(const VarDecl *Var, ASTContext &Ctx) : Var(Var), Ctx(Ctx) {}
  bool VisitCallExpr(CallExpr *CE) {
    if (Found)
      return true;
    auto Call = resolveApiCall(CE, Ctx.getSourceManager(), Ctx.getLangOpts());
    if (!Call || !Call->Api->Setup ||
        Call->Api->Setup->Kind != ApiFunction::DeviceSetup::InitString)
      return true;
    const auto &S = *Call->Api->Setup;
    if (unsigned(std::max(S.Arg, S.FlagArg)) >= CE->getNumArgs())
      return true;
    if (referencedVar(CE->getArg(S.FlagArg)) == Var)
      if (const StringLiteral *SL = asLiteral(CE->getArg(S.Arg)))
        Found = literalText(SL);
    return true;
  }
  const VarDecl *Var;
  ASTContext &Ctx;
  std::optional<std::string> Found;
};

} // namespace

std::optional<std::string> unicodeStringValue(const Expr *E, ASTContext &Ctx,
                                              const FunctionDecl *Fn,
                                              std::string *Source) {
  if (!E)
    return std::nullopt;
  if (const StringLiteral *SL = asLiteral(E)) {
    if (Source)
      *Source = "\"" + literalText(SL) + "\"";
    return literalText(SL);
  }
  const VarDecl *VD = referencedVar(E);
  if (!VD)
    return std::nullopt;
  if (auto S = wdmsecSddl(VD->getName())) {
    if (Source)
      *Source = VD->getName().str();
    return S;
  }
  // RTL_CONSTANT_STRING(L"...") or DECLARE_CONST_UNICODE_STRING: an
  // initializer list whose third member is the buffer.
  if (const Expr *Init = VD->getInit())
    if (const auto *IL = dyn_cast<InitListExpr>(Init->IgnoreParenCasts()))
      if (IL->getNumInits() >= 3)
        if (const StringLiteral *SL = asLiteral(IL->getInit(2))) {
          if (Source)
            *Source = "\"" + literalText(SL) + "\"";
          return literalText(SL);
        }
  // RtlInitUnicodeString(&Var, L"..."), in Fn, else anywhere in the TU for
  // a global.
  InitStringFinder Finder(VD, Ctx);
  if (Fn && Fn->hasBody())
    Finder.TraverseStmt(Fn->getBody());
  if (!Finder.Found && VD->hasGlobalStorage()) {
    const SourceManager &SM = Ctx.getSourceManager();
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
        Finder.TraverseDecl(D);
  }
  if (Finder.Found && Source)
    *Source = "\"" + *Finder.Found + "\"";
  return Finder.Found;
}

namespace {

constexpr int64_t FileDeviceSecureOpen = 0x00000100;
constexpr int64_t FileAutogeneratedDeviceName = 0x00000080;

std::string majorName(int64_t M) {
  static const char *const Names[] = {
      "IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE",
      "IRP_MJ_READ", "IRP_MJ_WRITE", "IRP_MJ_QUERY_INFORMATION",
      "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA", "IRP_MJ_SET_EA",
      "IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION",
      "IRP_MJ_SET_VOLUME_INFORMATION", "IRP_MJ_DIRECTORY_CONTROL",
      "IRP_MJ_FILE_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CONTROL",
      "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN",
      "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP", "IRP_MJ_CREATE_MAILSLOT",
      "IRP_MJ_QUERY_SECURITY", "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER",
      "IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE", "IRP_MJ_QUERY_QUOTA",
      "IRP_MJ_SET_QUOTA", "IRP_MJ_PNP"};
  if (M >= 0 && M < int64_t(std::size(Names)))
    return Names[M];
  return "IRP_MJ_" + std::to_string(M);
}

/// What a function does with devices, before the join.
struct PerFunction {
  std::vector<size_t> Devices; // indexes into DeviceFacts::Devices
  struct Setup {
    ApiFunction::DeviceSetup::KindT Kind;
    const CallExpr *Call;
    const Expr *Arg = nullptr;
    bool NullDacl = false;
  };
  std::vector<Setup> Setups;
  struct Reg {
    std::string Function, Slot;
    DeviceFact::Framework Kind;
    SourceRange Where;
    int Device = -1; // the port whose creation names it, when it is one
  };
  std::vector<Reg> Regs;
  /// ObjectAttributes fields assigned (InitializeObjectAttributes expands
  /// to them), in source order: variable -> field -> (where, value). One
  /// variable often initializes several ports in turn.
  std::map<const VarDecl *,
           std::map<std::string, std::vector<std::pair<SourceLocation, const Expr *>>>>
      ObjectFields;
};

class Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(ASTContext &Ctx)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()) {}

  bool TraverseFunctionDecl(FunctionDecl *FD) {
    const FunctionDecl *Saved = Current;
    if (FD->doesThisDeclarationHaveABody())
      Current = FD;
    bool R = RecursiveASTVisitor::TraverseFunctionDecl(FD);
    Current = Saved;
    return R;
  }

  bool VisitCallExpr(CallExpr *CE) {
    if (!Current)
      return true;
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (Callee->getIdentifier() &&
          !SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
        Edges.insert({Current->getName().str(), Callee->getName().str()});
    auto Call = resolveApiCall(CE, SM, LO);
    if (!Call)
      return true;
    PerFunction &PF = Fns[Current];
    auto Arg = [&](int I) -> const Expr * {
      return I >= 0 && unsigned(I) < CE->getNumArgs() ? CE->getArg(I) : nullptr;
    };
    if (const auto &Dev = Call->Api->Device) {
      DeviceFact D;
      D.Kind = DeviceFact::Framework::Wdm;
      D.Api = Call->WrittenName;
      D.Where = toSpan(SM, LO, CE->getSourceRange());
      D.Function = functionName(Current);
      D.PnP = isAddDevice(Current);
      auto Chars = constantValue(Arg(Dev->CharacteristicsArg), Ctx);
      D.SecureOpen = Chars && (*Chars & FileDeviceSecureOpen);
      if (const Expr *Name = Arg(Dev->NameArg)) {
        D.Named = !Name->IgnoreParenImpCasts()->isNullPointerConstant(
                      Ctx, Expr::NPC_ValueDependentIsNotNull) ||
                  (Chars && (*Chars & FileAutogeneratedDeviceName));
        if (auto N = unicodeStringValue(Name, Ctx, Current))
          D.Name = *N;
      }
      if (const Expr *Sddl = Arg(Dev->SddlArg)) {
        std::string Source;
        if (auto S = unicodeStringValue(Sddl, Ctx, Current, &Source)) {
          D.Sd = DeviceFact::Security::Sddl;
          D.Sddl = *S;
          D.SddlSource = Source;
        } else {
          D.Sd = DeviceFact::Security::Opaque;
        }
      }
      PF.Devices.push_back(Out.Devices.size());
      Out.Devices.push_back(std::move(D));
      return true;
    }
    const auto &Setup = Call->Api->Setup;
    if (!Setup)
      return true;
    using DS = ApiFunction::DeviceSetup;
    if (Setup->Kind == DS::WdfCreate || Setup->Kind == DS::CommPort) {
      DeviceFact D;
      D.Kind = Setup->Kind == DS::WdfCreate ? DeviceFact::Framework::Kmdf
                                            : DeviceFact::Framework::FltPort;
      D.Api = Call->WrittenName;
      D.Where = toSpan(SM, LO, CE->getSourceRange());
      D.Function = functionName(Current);
      D.PnP = D.Kind == DeviceFact::Framework::Kmdf && isAddDevice(Current);
      D.Named = D.Kind == DeviceFact::Framework::FltPort; // ports have names
      size_t Index = Out.Devices.size();
      PF.Devices.push_back(Index);
      Out.Devices.push_back(std::move(D));
      if (Setup->Kind == DS::CommPort) {
        PortAttributes.push_back({Index, referencedVar(Arg(Setup->Arg)),
                                  SM.getExpansionLoc(CE->getBeginLoc())});
        if (const auto *Cb = calleeOf(Arg(Setup->CallbackArg)))
          PF.Regs.push_back({Cb->getName().str(), "MessageNotify",
                             DeviceFact::Framework::FltPort,
                             CE->getSourceRange(), int(Index)});
      }
      return true;
    }
    PerFunction::Setup S{Setup->Kind, CE, Arg(Setup->Arg)};
    if (Setup->Kind == DS::SetDacl) {
      // RtlSetDaclSecurityDescriptor(sd, TRUE, NULL, ...): a NULL DACL.
      auto Present = constantValue(Arg(Setup->FlagArg), Ctx);
      const Expr *Dacl = Arg(Setup->Arg);
      S.NullDacl = Present && *Present && Dacl &&
                   Dacl->IgnoreParenImpCasts()->isNullPointerConstant(
                       Ctx, Expr::NPC_ValueDependentIsNotNull);
    }
    if (Setup->Kind == DS::CallerContext) {
      if (const auto *Cb = calleeOf(Arg(Setup->CallbackArg)))
        PF.Regs.push_back({Cb->getName().str(), "EvtIoInCallerContext",
                           DeviceFact::Framework::Kmdf, CE->getSourceRange()});
      return true;
    }
    PF.Setups.push_back(S);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!Current || BO->getOpcode() != BO_Assign)
      return true;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    PerFunction &PF = Fns[Current];
    // ObjectAttributes.SecurityDescriptor / ObjectName (from
    // InitializeObjectAttributes).
    if (const auto *ME = dyn_cast<MemberExpr>(L)) {
      StringRef Field = ME->getMemberDecl()->getName();
      if (Field == "SecurityDescriptor" || Field == "ObjectName")
        if (const VarDecl *V = referencedVar(ME->getBase()))
          PF.ObjectFields[V][Field.str()].push_back(
              {SM.getExpansionLoc(BO->getBeginLoc()), BO->getRHS()});
    }
    const FunctionDecl *Target = calleeOf(BO->getRHS());
    if (!Target)
      return true;
    std::string Slot;
    DeviceFact::Framework Kind = DeviceFact::Framework::Wdm;
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(L)) {
      const auto *Base =
          dyn_cast<MemberExpr>(AS->getBase()->IgnoreParenImpCasts());
      if (!Base || Base->getMemberDecl()->getName() != "MajorFunction")
        return true;
      auto M = constantValue(AS->getIdx(), Ctx);
      Slot = M ? majorName(*M) : "IRP_MJ_*"; // a loop over every major
    } else if (const auto *ME = dyn_cast<MemberExpr>(L)) {
      StringRef Field = ME->getMemberDecl()->getName();
      if (Field == "FastIoDeviceControl")
        Slot = Field.str();
      else if (Field == "EvtIoDeviceControl" ||
               Field == "EvtIoInternalDeviceControl" || Field == "EvtIoRead" ||
               Field == "EvtIoWrite" || Field == "EvtIoDefault") {
        Slot = Field.str();
        Kind = DeviceFact::Framework::Kmdf;
      } else
        return true;
    } else {
      return true;
    }
    PF.Regs.push_back({Target->getName().str(), Slot, Kind, BO->getSourceRange()});
    return true;
  }

  DeviceFacts finish();

  std::set<std::pair<std::string, std::string>> Edges;

private:
  /// The function E names (through chained assignments and casts).
  static const FunctionDecl *calleeOf(const Expr *E) {
    while (E) {
      E = E->IgnoreParenCasts();
      if (const auto *BO = dyn_cast<BinaryOperator>(E);
          BO && BO->getOpcode() == BO_Assign) {
        E = BO->getRHS();
        continue;
      }
      if (const auto *UO = dyn_cast<UnaryOperator>(E);
          UO && UO->getOpcode() == UO_AddrOf) {
        E = UO->getSubExpr();
        continue;
      }
      break;
    }
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
      return dyn_cast<FunctionDecl>(DRE->getDecl());
    return nullptr;
  }

  /// An AddDevice routine (PDRIVER_OBJECT, PDEVICE_OBJECT) or a KMDF
  /// EvtDriverDeviceAdd (WDFDRIVER, PWDFDEVICE_INIT).
  static bool isAddDevice(const FunctionDecl *FD) {
    if (FD->getNumParams() != 2)
      return false;
    auto Name = [&](unsigned I) {
      return FD->getParamDecl(I)->getType().getAsString();
    };
    std::string A = Name(0), B = Name(1);
    return (llvm::StringRef(A).contains("DRIVER_OBJECT") &&
            llvm::StringRef(B).contains("DEVICE_OBJECT")) ||
           (A == "WDFDRIVER" && llvm::StringRef(B).contains("WDFDEVICE_INIT"));
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const LangOptions &LO;
  const FunctionDecl *Current = nullptr;
  // In the order functions are met, so the join is deterministic.
  llvm::MapVector<const FunctionDecl *, PerFunction> Fns;
  struct PortCreation {
    size_t Device;
    const VarDecl *Attributes;
    SourceLocation Call;
  };
  std::vector<PortCreation> PortAttributes;
  DeviceFacts Out;
};

DeviceFacts Collector::finish() {
  using DS = ApiFunction::DeviceSetup;
  using FW = DeviceFact::Framework;
  // Devices of a framework: in a function, in the TU.
  auto OfKind = [&](const std::vector<size_t> &From, FW K) {
    std::vector<size_t> R;
    for (size_t I : From)
      if (Out.Devices[I].Kind == K)
        R.push_back(I);
    return R;
  };
  std::vector<size_t> All;
  for (size_t I = 0; I < Out.Devices.size(); ++I)
    All.push_back(I);
  // The devices a setup call of function F for framework K applies to: the
  // ones F creates, else the TU's only one.
  auto Targets = [&](const PerFunction &PF, FW K) {
    std::vector<size_t> R = OfKind(PF.Devices, K);
    if (R.empty()) {
      std::vector<size_t> T = OfKind(All, K);
      if (T.size() == 1)
        R = T;
    }
    return R;
  };
  for (auto &[Fn, PF] : Fns) {
    // The descriptors given a NULL DACL: RtlSetDaclSecurityDescriptor's
    // first argument (&sd or sd).
    std::vector<std::pair<const VarDecl *, const CallExpr *>> NullDacls;
    std::vector<const VarDecl *> DefaultSds;
    for (const PerFunction::Setup &S : PF.Setups) {
      switch (S.Kind) {
      case DS::Sddl:
      case DS::ControlDevice: {
        for (size_t I : Targets(PF, FW::Kmdf)) {
          DeviceFact &D = Out.Devices[I];
          std::string Source;
          if (auto V = unicodeStringValue(S.Arg, Ctx, Fn, &Source)) {
            D.Sd = DeviceFact::Security::Sddl;
            D.Sddl = *V;
            D.SddlSource = Source;
          } else {
            D.Sd = DeviceFact::Security::Opaque;
          }
          D.SdWhere = toSpan(SM, LO, S.Call->getSourceRange());
          if (S.Kind == DS::ControlDevice)
            D.ControlDevice = true;
        }
        break;
      }
      case DS::DeviceName:
        for (size_t I : Targets(PF, FW::Kmdf)) {
          Out.Devices[I].Named = true;
          if (auto V = unicodeStringValue(S.Arg, Ctx, Fn))
            Out.Devices[I].Name = *V;
        }
        break;
      case DS::SymbolicLink: {
        // IoCreateSymbolicLink names the device it links to.
        std::optional<std::string> Target =
            S.Arg ? unicodeStringValue(S.Arg, Ctx, Fn) : std::nullopt;
        bool Linked = false;
        if (Target)
          for (DeviceFact &D : Out.Devices)
            if (!D.Name.empty() && llvm::StringRef(D.Name).equals_insensitive(*Target)) {
              D.SymbolicLink = Linked = true;
            }
        if (!Linked)
          for (FW K : {FW::Wdm, FW::Kmdf})
            if (S.Arg ? K == FW::Wdm : K == FW::Kmdf)
              for (size_t I : Targets(PF, K))
                Out.Devices[I].SymbolicLink = true;
        break;
      }
      case DS::Interface: {
        std::string Callee = S.Call->getDirectCallee()
                                 ? S.Call->getDirectCallee()->getName().str()
                                 : "";
        FW K = llvm::StringRef(Callee).starts_with("Wdf") ? FW::Kmdf : FW::Wdm;
        for (size_t I : Targets(PF, K))
          Out.Devices[I].Interface = true;
        break;
      }
      case DS::DefaultSd:
        if (const VarDecl *V = referencedVar(S.Arg))
          DefaultSds.push_back(V);
        break;
      case DS::SetDacl:
        if (S.NullDacl && S.Call->getNumArgs() > 0)
          NullDacls.push_back({referencedVar(S.Call->getArg(0)), S.Call});
        break;
      default:
        break;
      }
    }
    // Communication ports: the descriptor in their object attributes.
    for (const PortCreation &P : PortAttributes) {
      if (std::find(PF.Devices.begin(), PF.Devices.end(), P.Device) ==
          PF.Devices.end())
        continue;
      DeviceFact &D = Out.Devices[P.Device];
      auto Fields =
          P.Attributes ? PF.ObjectFields.find(P.Attributes) : PF.ObjectFields.end();
      if (Fields == PF.ObjectFields.end()) {
        D.Sd = DeviceFact::Security::Opaque;
        continue;
      }
      // The value a field holds at the creation: its last assignment before.
      auto ValueAtCall = [&](const char *Field) -> const Expr * {
        auto It = Fields->second.find(Field);
        if (It == Fields->second.end())
          return nullptr;
        const Expr *Last = nullptr;
        for (const auto &[Loc, Value] : It->second)
          if (SM.isBeforeInTranslationUnit(Loc, P.Call))
            Last = Value;
        return Last;
      };
      if (const Expr *N = ValueAtCall("ObjectName"))
        if (auto V = unicodeStringValue(N, Ctx, Fn))
          D.Name = *V;
      const Expr *Sd = ValueAtCall("SecurityDescriptor");
      if (!Sd || Sd->IgnoreParenImpCasts()->isNullPointerConstant(
                     Ctx, Expr::NPC_ValueDependentIsNotNull))
        D.Sd = DeviceFact::Security::None;
      else {
        const VarDecl *SdVar = referencedVar(Sd);
        D.Sd = DeviceFact::Security::Opaque;
        for (const auto &[Var, Call] : NullDacls)
          if (Var && Var == SdVar) {
            D.Sd = DeviceFact::Security::NullDacl;
            D.SdWhere = toSpan(SM, LO, Call->getSourceRange());
          }
        if (D.Sd == DeviceFact::Security::Opaque && SdVar &&
            std::find(DefaultSds.begin(), DefaultSds.end(), SdVar) !=
                DefaultSds.end())
          D.Sd = DeviceFact::Security::DefaultAdmin;
      }
    }
  }
  // Entry points: to the devices of their framework in the same function,
  // else to every device of that framework in the TU.
  for (auto &[Fn, PF] : Fns)
    for (const PerFunction::Reg &R : PF.Regs) {
      std::vector<size_t> Devs = R.Device >= 0 ? std::vector<size_t>{size_t(R.Device)}
                                               : OfKind(PF.Devices, R.Kind);
      if (Devs.empty() && R.Kind != FW::FltPort)
        Devs = OfKind(All, R.Kind);
      EntryRegistration E;
      E.Function = R.Function;
      E.Slot = R.Slot;
      E.Kind = R.Kind;
      E.Where = toSpan(SM, LO, R.Where);
      if (Devs.empty()) {
        Out.Entries.push_back(E);
        continue;
      }
      for (size_t I : Devs) {
        E.Device = int(I);
        Out.Entries.push_back(E);
      }
    }
  // Deterministic order: where they are written.
  std::stable_sort(Out.Entries.begin(), Out.Entries.end(),
                   [](const EntryRegistration &A, const EntryRegistration &B) {
                     return std::tie(A.Where.File, A.Where.Line, A.Where.Column,
                                     A.Device) <
                            std::tie(B.Where.File, B.Where.Line, B.Where.Column,
                                     B.Device);
                   });
  for (const auto &[Caller, Callee] : Edges)
    Out.Calls.push_back({Caller, Callee});
  return std::move(Out);
}

} // namespace

DeviceFacts collectDeviceFacts(ASTContext &Ctx) {
  Collector C(Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      C.TraverseDecl(D);
  return C.finish();
}

} // namespace drvcert
