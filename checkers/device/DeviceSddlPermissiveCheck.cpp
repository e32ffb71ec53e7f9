//===- DeviceSddlPermissiveCheck.cpp - device-sddl-permissive -------------===//
//
// Rule device-sddl-permissive (doc: device-sddl-permissive.md). Reads the
// security descriptors a driver gives its device objects and communication
// ports: SDDL strings (IoCreateDeviceSecure, WdmlibIoCreateDeviceSecure,
// WdfDeviceInitAssignSDDLString, WdfControlDeviceInitAllocate: literals,
// RTL_CONSTANT_STRING / RtlInitUnicodeString values, wdmsec.h
// SDDL_DEVOBJ_* constants) are parsed (Sddl.h) and graded by the driver
// security checklist's SID hierarchy; NULL DACLs are reported wherever
// they are built (RtlSetDaclSecurityDescriptor(sd, TRUE, NULL, ...),
// D:NO_ACCESS_CONTROL); IoCreateDeviceSecure with a system setup class
// GUID lets that class's registry descriptor replace the SDDL.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "AstCheck.h"
#include "DeviceFacts.h"
#include "Sddl.h"
#include "clang/AST/Expr.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace drvcert {
namespace {

class DeviceSddlPermissiveCheck final : public AstCheck {
public:
  using AstCheck::AstCheck;

  void registerMatchers(MatchFinder &Finder) override {
    Finder.addMatcher(callsOutsideSystemHeaders(), this);
  }

  void check(const MatchFinder::MatchResult &R) override {
    const auto *CE = R.Nodes.getNodeAs<CallExpr>("call");
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (!CE || !Fn)
      return;
    auto Call = resolveApiCall(CE, *R.SourceManager, R.Context->getLangOpts());
    if (!Call)
      return;
    auto Arg = [&](int I) -> const Expr * {
      return I >= 0 && unsigned(I) < CE->getNumArgs() ? CE->getArg(I) : nullptr;
    };
    const Expr *Sddl = nullptr;
    using DS = ApiFunction::DeviceSetup;
    if (const auto &Dev = Call->Api->Device) {
      Sddl = Arg(Dev->SddlArg);
      checkClassGuid(R, CE, Call->WrittenName, Arg(Dev->ClassGuidArg), Fn);
    } else if (const auto &S = Call->Api->Setup) {
      if (S->Kind == DS::Sddl || S->Kind == DS::ControlDevice)
        Sddl = Arg(S->Arg);
      else if (S->Kind == DS::SetDacl) {
        auto Present = constantValue(Arg(S->FlagArg), *R.Context);
        const Expr *Dacl = Arg(S->Arg);
        if (Present && *Present && Dacl &&
            Dacl->IgnoreParenImpCasts()->isNullPointerConstant(
                *R.Context, Expr::NPC_ValueDependentIsNotNull))
          report(R, CE->getSourceRange(),
                 "'" + Call->WrittenName +
                     "' sets a NULL DACL, which grants everyone full access "
                     "to the object it secures; build a DACL that grants "
                     "access only to SYSTEM and administrators (e.g. "
                     "FltBuildDefaultSecurityDescriptor)",
                 Fn);
        return;
      }
    }
    if (!Sddl)
      return;
    std::string Source;
    auto Text = unicodeStringValue(Sddl, *R.Context, Fn, &Source);
    if (!Text)
      return; // not a constant: nothing to grade
    SddlAccess A = parseSddl(*Text);
    if (!A.Valid)
      return; // the call fails at run time; not a security hole
    std::string Where = "SDDL " + Source + " passed to '" + Call->WrittenName + "'";
    if (A.NullDacl) {
      report(R, Sddl->getSourceRange(),
             Where + " has no DACL, which grants everyone full access to the "
                     "device; grant access only to SYSTEM and administrators "
                     "(e.g. SDDL_DEVOBJ_SYS_ALL_ADM_ALL)",
             Fn);
      return;
    }
    if (A.Permissive.empty())
      return;
    // The most exposed grant: everyone before users, full control first.
    const PermissiveAce *Worst = &A.Permissive.front();
    for (const PermissiveAce &P : A.Permissive)
      if (std::make_pair(P.Class, !P.All) < std::make_pair(Worst->Class, !Worst->All))
        Worst = &P;
    report(R, Sddl->getSourceRange(),
           Where + " grants " + (Worst->All ? "full" : "write") +
               " access to " + Worst->Sid + " (" +
               exposureWords(Worst->Class).str() + ") in " + Worst->Ace +
               ", so " + exposureWords(Worst->Class).str() +
               " can open the device for writing and send it any IOCTL; "
               "grant write access only to SY and BA (e.g. "
               "SDDL_DEVOBJ_SYS_ALL_ADM_ALL or SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R)",
           Fn);
  }

private:
  /// IoCreateDeviceSecure(..., &GUID_DEVCLASS_X, ...) with a devguid.h
  /// class: a system-defined setup class, whose descriptor in the registry
  /// overrides the SDDL.
  void checkClassGuid(const MatchFinder::MatchResult &R, const CallExpr *CE,
                      const std::string &Api, const Expr *Guid,
                      const FunctionDecl *Fn) {
    if (!Guid)
      return;
    const Expr *E = Guid->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    if (!DRE)
      return;
    // devguid.h's classes: declared in a system header. A driver's own
    // class is often named GUID_DEVCLASS_* too, but defined by the driver.
    const SourceManager &SM = *R.SourceManager;
    StringRef Name = DRE->getDecl()->getName();
    if (!Name.starts_with("GUID_DEVCLASS_") ||
        !SM.isInSystemHeader(SM.getExpansionLoc(DRE->getDecl()->getLocation())))
      return;
    report(R, Guid->getSourceRange(),
           "'" + Api + "' is given the system setup class " + Name.str() +
               ", whose security settings in the registry replace the SDDL "
               "for every device of the class; pass the driver's own class "
               "GUID",
           Fn);
  }
};

} // namespace

std::unique_ptr<AstCheck>
createDeviceSddlPermissiveCheck(const RuleInfo &Rule, FindingCollector &Out) {
  return std::make_unique<DeviceSddlPermissiveCheck>(Rule, Out);
}

} // namespace drvcert
