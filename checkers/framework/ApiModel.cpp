//===- ApiModel.cpp - Kernel API facts, loaded from YAML ------------------===//
#include "ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include <yaml-cpp/yaml.h>
#include <mutex>
#include <set>

namespace drvcert {

namespace {
#define DRVCERT_MODEL(Stem, Text) {Stem, Text},
struct EmbeddedModel {
  const char *Stem;
  const char *Text;
};
const EmbeddedModel BuiltinModels[] = {
#include "ApiModels.inc"
};
#undef DRVCERT_MODEL

/// Thrown inside the loader only; carries a position in the model file.
struct ModelError {
  YAML::Mark Mark;
  std::string Message;
};

[[noreturn]] void fail(const YAML::Node &N, std::string Msg) {
  throw ModelError{N.Mark(), std::move(Msg)};
}

void checkKeys(const YAML::Node &Map, std::initializer_list<const char *> Known,
               llvm::StringRef What) {
  if (!Map.IsMap())
    fail(Map, What.str() + " must be a mapping");
  for (const auto &KV : Map) {
    std::string Key = KV.first.as<std::string>();
    bool Ok = false;
    for (const char *K : Known)
      Ok |= Key == K;
    if (!Ok) {
      std::string List;
      for (const char *K : Known)
        List += std::string(List.empty() ? "" : ", ") + K;
      fail(KV.first, "unknown key '" + Key + "' in " + What.str() +
                         " (expected one of: " + List + ")");
    }
  }
}

std::string str(const YAML::Node &N, llvm::StringRef What) {
  if (!N.IsScalar() || N.Scalar().empty())
    fail(N, What.str() + " must be a non-empty string");
  return N.Scalar();
}

int integer(const YAML::Node &N, llvm::StringRef What, int Min) {
  if (!N.IsScalar())
    fail(N, What.str() + " must be an integer");
  int V;
  if (llvm::StringRef(N.Scalar()).getAsInteger(10, V) || V < Min)
    fail(N, What.str() + " must be an integer >= " + std::to_string(Min) +
                ", got '" + N.Scalar() + "'");
  return V;
}

bool boolean(const YAML::Node &N, llvm::StringRef What) {
  if (!N.IsScalar() || (N.Scalar() != "true" && N.Scalar() != "false"))
    fail(N, What.str() + " must be true or false");
  return N.Scalar() == "true";
}

int argIndex(const YAML::Node &Map, const char *Key, const ApiFunction &F) {
  YAML::Node N = Map[Key];
  if (!N)
    return -1;
  int V = integer(N, Key, 0);
  if (F.Params >= 0 && V >= F.Params)
    fail(N, std::string(Key) + " " + std::to_string(V) + " is out of range for '" +
                F.Name + "', which takes " + std::to_string(F.Params) +
                " parameters (indexes start at 0)");
  return V;
}

/// Engages Opt with a default value. (Clang rejects optional::emplace() on
/// ApiFunction's nested structs: their default member initializers are not
/// usable within ApiFunction's own definition, where the optionals are.)
template <typename T> void engage(std::optional<T> &Opt) { Opt = T(); }

/// The 'primitive' key: a kind and the arguments of its operands.
void parsePrimitive(const YAML::Node &P, ApiFunction &F) {
  using Prim = ApiFunction::Primitive;
  checkKeys(P,
            {"kind", "address-arg", "length-arg", "target-arg", "flags-arg",
             "attributes-arg", "handle-arg", "offset-arg", "mdl-arg",
             "mode-arg", "index-arg", "value-arg", "port-arg", "bus-arg",
             "slot-arg", "routine-args", "work-item-arg", "routine-field"},
            "'primitive'");
  static const std::pair<const char *, Prim::KindT> Kinds[] = {
      {"physical-map", Prim::PhysicalMap},
      {"physical-to-virtual", Prim::PhysicalToVirtual},
      {"memory-copy", Prim::MemoryCopy},
      {"section-open", Prim::SectionOpen},
      {"section-map", Prim::SectionMap},
      {"mdl-build", Prim::MdlBuild},
      {"map-to-process", Prim::MapToProcess},
      {"msr-read", Prim::MsrRead},
      {"msr-write", Prim::MsrWrite},
      {"port-in", Prim::PortIn},
      {"port-out", Prim::PortOut},
      {"bus-data", Prim::BusData},
      {"control-register-write", Prim::ControlRegisterWrite},
      {"descriptor-table-load", Prim::DescriptorTableLoad},
      {"register-read", Prim::RegisterRead},
      {"secret-read", Prim::SecretRead},
      {"secret-store", Prim::SecretStore},
      {"routine", Prim::Routine}};
  std::string Kind = P["kind"] ? str(P["kind"], "kind") : "";
  engage(F.Prim);
  bool Known = false;
  std::string List;
  for (const auto &K : Kinds) {
    List += std::string(List.empty() ? "" : ", ") + K.first;
    if (Kind == K.first) {
      F.Prim->Kind = K.second;
      Known = true;
    }
  }
  if (!Known)
    fail(P, "'primitive' needs kind: one of " + List + ", got '" + Kind + "'");
  Prim &Pr = *F.Prim;
  Pr.AddressArg = argIndex(P, "address-arg", F);
  Pr.LengthArg = argIndex(P, "length-arg", F);
  Pr.TargetArg = argIndex(P, "target-arg", F);
  Pr.FlagsArg = argIndex(P, "flags-arg", F);
  Pr.AttributesArg = argIndex(P, "attributes-arg", F);
  Pr.HandleArg = argIndex(P, "handle-arg", F);
  Pr.OffsetArg = argIndex(P, "offset-arg", F);
  Pr.MdlArg = argIndex(P, "mdl-arg", F);
  Pr.ModeArg = argIndex(P, "mode-arg", F);
  Pr.IndexArg = argIndex(P, "index-arg", F);
  Pr.ValueArg = argIndex(P, "value-arg", F);
  Pr.PortArg = argIndex(P, "port-arg", F);
  Pr.BusArg = argIndex(P, "bus-arg", F);
  Pr.SlotArg = argIndex(P, "slot-arg", F);
  Pr.WorkItemArg = argIndex(P, "work-item-arg", F);
  if (YAML::Node R = P["routine-args"]) {
    if (!R.IsSequence())
      fail(R, "routine-args must be a list of argument indexes");
    for (const YAML::Node &I : R) {
      int V = integer(I, "routine-args", 0);
      if (F.Params >= 0 && V >= F.Params)
        fail(I, "routine-args " + std::to_string(V) + " is out of range for '" +
                    F.Name + "', which takes " + std::to_string(F.Params) +
                    " parameters (indexes start at 0)");
      Pr.RoutineArgs.push_back(V);
    }
  }
  if (P["routine-field"])
    Pr.RoutineField = str(P["routine-field"], "routine-field");
  // The operands each kind needs: a model without them would check nothing.
  auto Need = [&](int Arg, const char *Key) {
    if (Arg < 0)
      fail(P, "'primitive' of kind " + Kind + " needs " + Key);
  };
  switch (Pr.Kind) {
  case Prim::PhysicalMap:
  case Prim::PhysicalToVirtual:
  case Prim::DescriptorTableLoad:
  case Prim::SecretStore:
  case Prim::MdlBuild:
    Need(Pr.AddressArg, "address-arg");
    break;
  case Prim::MemoryCopy:
    Need(Pr.AddressArg, "address-arg");
    Need(Pr.FlagsArg, "flags-arg");
    break;
  case Prim::SectionOpen:
    Need(Pr.AttributesArg, "attributes-arg");
    Need(Pr.HandleArg, "handle-arg");
    break;
  case Prim::SectionMap:
    Need(Pr.HandleArg, "handle-arg");
    break;
  case Prim::MapToProcess:
    Need(Pr.MdlArg, "mdl-arg");
    Need(Pr.ModeArg, "mode-arg");
    break;
  case Prim::MsrRead:
  case Prim::MsrWrite:
    Need(Pr.IndexArg, "index-arg");
    break;
  case Prim::PortIn:
  case Prim::PortOut:
    Need(Pr.PortArg, "port-arg");
    break;
  case Prim::ControlRegisterWrite:
    Need(Pr.ValueArg, "value-arg");
    break;
  case Prim::Routine:
    if (Pr.RoutineArgs.empty() &&
        (Pr.WorkItemArg < 0 || Pr.RoutineField.empty()))
      fail(P, "'primitive' of kind routine needs routine-args, or "
              "work-item-arg and routine-field");
    break;
  case Prim::BusData:
  case Prim::RegisterRead:
  case Prim::SecretRead:
    break;
  }
}

ApiFunction parseFunction(const YAML::Node &N, llvm::StringRef File) {
  checkKeys(N,
            {"name", "params", "deprecated", "banned", "pool-allocator",
             "device-creator", "mdl-mapper", "copy", "probe", "wdf-buffer",
             "raises-on-bad-address", "returns-previous-mode", "access-check",
             "device-setup", "process-lookup", "process-operation", "object-open",
             "handle-reference", "string-builder", "file-information", "primitive",
             "string-init"},
            "a function entry");
  ApiFunction F;
  if (!N["name"])
    fail(N, "function entry without 'name'");
  F.Name = str(N["name"], "name");
  if (N["params"])
    F.Params = integer(N["params"], "params", 0);
  F.DefinedIn = File.str() + ":" + std::to_string(N.Mark().line + 1);
  if (YAML::Node D = N["deprecated"]) {
    checkKeys(D, {"use-instead"}, "'deprecated'");
    F.DeprecatedUseInstead = str(D["use-instead"], "use-instead");
  }
  if (YAML::Node B = N["banned"]) {
    checkKeys(B, {"use-instead"}, "'banned'");
    F.BannedUseInstead = str(B["use-instead"], "use-instead");
  }
  if (YAML::Node P = N["pool-allocator"]) {
    checkKeys(P, {"pool-type-arg", "size-arg"}, "'pool-allocator'");
    engage(F.Pool);
    F.Pool->PoolTypeArg = argIndex(P, "pool-type-arg", F);
    F.Pool->SizeArg = argIndex(P, "size-arg", F);
  }
  if (YAML::Node D = N["device-creator"]) {
    checkKeys(D, {"name-arg", "characteristics-arg", "device-object-arg",
                  "sddl-arg", "class-guid-arg"},
              "'device-creator'");
    engage(F.Device);
    F.Device->SddlArg = argIndex(D, "sddl-arg", F);
    F.Device->ClassGuidArg = argIndex(D, "class-guid-arg", F);
    F.Device->NameArg = argIndex(D, "name-arg", F);
    F.Device->CharacteristicsArg = argIndex(D, "characteristics-arg", F);
    F.Device->DeviceObjectArg = argIndex(D, "device-object-arg", F);
    if (F.Device->NameArg < 0 || F.Device->CharacteristicsArg < 0)
      fail(D, "'device-creator' needs name-arg and characteristics-arg");
  }
  if (YAML::Node M = N["mdl-mapper"]) {
    checkKeys(M, {"mdl-arg", "may-return-null"}, "'mdl-mapper'");
    engage(F.Mdl);
    F.Mdl->MdlArg = std::max(0, argIndex(M, "mdl-arg", F));
    if (M["may-return-null"])
      F.Mdl->MayReturnNull = boolean(M["may-return-null"], "may-return-null");
  }
  if (YAML::Node C = N["copy"]) {
    checkKeys(C, {"dst-arg", "src-arg", "len-arg"}, "'copy'");
    engage(F.Copy);
    F.Copy->DstArg = argIndex(C, "dst-arg", F);
    F.Copy->SrcArg = argIndex(C, "src-arg", F);
    F.Copy->LenArg = argIndex(C, "len-arg", F);
  }
  if (YAML::Node P = N["probe"]) {
    checkKeys(P, {"address-arg", "length-arg", "access"}, "'probe'");
    engage(F.Probe);
    F.Probe->AddressArg = argIndex(P, "address-arg", F);
    F.Probe->LengthArg = argIndex(P, "length-arg", F);
    if (F.Probe->AddressArg < 0 || F.Probe->LengthArg < 0)
      fail(P, "'probe' needs address-arg and length-arg");
    std::string Access = P["access"] ? str(P["access"], "access") : "read";
    if (Access != "read" && Access != "write")
      fail(P["access"], "access must be read or write, got '" + Access + "'");
    F.Probe->ForWrite = Access == "write";
  }
  if (YAML::Node W = N["wdf-buffer"]) {
    checkKeys(W, {"min-length-arg", "buffer-arg", "length-arg", "direction", "unsafe-user"},
              "'wdf-buffer'");
    engage(F.WdfBuffer);
    F.WdfBuffer->MinLengthArg = argIndex(W, "min-length-arg", F);
    F.WdfBuffer->BufferArg = argIndex(W, "buffer-arg", F);
    F.WdfBuffer->LengthArg = argIndex(W, "length-arg", F);
    if (F.WdfBuffer->BufferArg < 0)
      fail(W, "'wdf-buffer' needs buffer-arg");
    std::string Dir = W["direction"] ? str(W["direction"], "direction") : "input";
    if (Dir != "input" && Dir != "output")
      fail(W["direction"], "direction must be input or output, got '" + Dir + "'");
    F.WdfBuffer->Output = Dir == "output";
    if (W["unsafe-user"])
      F.WdfBuffer->UnsafeUser = boolean(W["unsafe-user"], "unsafe-user");
  }
  if (N["raises-on-bad-address"])
    F.RaisesOnBadAddress =
        boolean(N["raises-on-bad-address"], "raises-on-bad-address");
  if (N["returns-previous-mode"])
    F.ReturnsPreviousMode =
        boolean(N["returns-previous-mode"], "returns-previous-mode");
  if (YAML::Node A = N["access-check"]) {
    checkKeys(A, {"kind", "returns", "checked-arg"}, "'access-check'");
    engage(F.Check);
    std::string Kind = A["kind"] ? str(A["kind"], "kind") : "";
    if (Kind == "privilege")
      F.Check->Kind = ApiFunction::AccessCheck::Privilege;
    else if (Kind == "access")
      F.Check->Kind = ApiFunction::AccessCheck::Access;
    else if (Kind == "admin")
      F.Check->Kind = ApiFunction::AccessCheck::Admin;
    else if (Kind == "ioctl-access")
      F.Check->Kind = ApiFunction::AccessCheck::IoctlAccess;
    else
      fail(A, "'access-check' needs kind: privilege, access, admin or "
              "ioctl-access, got '" + Kind + "'");
    std::string Returns = A["returns"] ? str(A["returns"], "returns") : "boolean";
    if (Returns != "boolean" && Returns != "ntstatus")
      fail(A["returns"], "returns must be boolean or ntstatus, got '" + Returns + "'");
    F.Check->ReturnsNtStatus = Returns == "ntstatus";
    F.Check->CheckedArg = argIndex(A, "checked-arg", F);
  }
  if (YAML::Node D = N["device-setup"]) {
    checkKeys(D, {"kind", "arg", "flag-arg", "callback-arg"}, "'device-setup'");
    engage(F.Setup);
    using DS = ApiFunction::DeviceSetup;
    static const std::pair<const char *, DS::KindT> Kinds[] = {
        {"sddl", DS::Sddl},
        {"control-device", DS::ControlDevice},
        {"device-name", DS::DeviceName},
        {"wdf-device-create", DS::WdfCreate},
        {"symbolic-link", DS::SymbolicLink},
        {"interface", DS::Interface},
        {"comm-port", DS::CommPort},
        {"default-sd", DS::DefaultSd},
        {"set-dacl", DS::SetDacl},
        {"caller-context", DS::CallerContext},
        {"init-string", DS::InitString}};
    std::string Kind = D["kind"] ? str(D["kind"], "kind") : "";
    bool Found = false;
    std::string List;
    for (const auto &K : Kinds) {
      List += std::string(List.empty() ? "" : ", ") + K.first;
      if (Kind == K.first) {
        F.Setup->Kind = K.second;
        Found = true;
      }
    }
    if (!Found)
      fail(D, "'device-setup' needs kind: one of " + List + ", got '" + Kind + "'");
    F.Setup->Arg = argIndex(D, "arg", F);
    F.Setup->FlagArg = argIndex(D, "flag-arg", F);
    F.Setup->CallbackArg = argIndex(D, "callback-arg", F);
  }
  if (YAML::Node L = N["process-lookup"]) {
    checkKeys(L, {"id-arg", "process-arg"}, "'process-lookup'");
    engage(F.Lookup);
    F.Lookup->IdArg = argIndex(L, "id-arg", F);
    F.Lookup->ProcessArg = argIndex(L, "process-arg", F);
    if (F.Lookup->IdArg < 0 || F.Lookup->ProcessArg < 0)
      fail(L, "'process-lookup' needs id-arg and process-arg");
  }
  if (YAML::Node P = N["process-operation"]) {
    checkKeys(P, {"kind", "process-arg", "other-process-arg"},
              "'process-operation'");
    engage(F.ProcessOp);
    std::string Kind = P["kind"] ? str(P["kind"], "kind") : "";
    using PO = ApiFunction::ProcessOperation;
    if (Kind == "terminate")
      F.ProcessOp->Kind = PO::Terminate;
    else if (Kind == "suspend")
      F.ProcessOp->Kind = PO::Suspend;
    else if (Kind == "attach")
      F.ProcessOp->Kind = PO::Attach;
    else if (Kind == "detach")
      F.ProcessOp->Kind = PO::Detach;
    else if (Kind == "memory")
      F.ProcessOp->Kind = PO::Memory;
    else
      fail(P, "'process-operation' needs kind: terminate, suspend, attach, "
              "detach or memory, got '" + Kind + "'");
    F.ProcessOp->ProcessArg = argIndex(P, "process-arg", F);
    F.ProcessOp->OtherProcessArg = argIndex(P, "other-process-arg", F);
    if (F.ProcessOp->Kind != PO::Detach && F.ProcessOp->ProcessArg < 0)
      fail(P, "'process-operation' of kind " + Kind + " needs process-arg");
  }
  if (YAML::Node O = N["object-open"]) {
    checkKeys(O, {"kind", "attributes-arg", "handle-attributes-arg",
                  "options-arg", "handle-arg", "client-id-arg", "object-arg",
                  "access-mode-arg"},
              "'object-open'");
    engage(F.Open);
    if (O["kind"]) {
      F.Open->Kind = str(O["kind"], "kind");
      static const char *const Kinds[] = {"file",    "key",   "process",
                                          "section", "event", "object"};
      bool Ok = false;
      for (const char *K : Kinds)
        Ok |= F.Open->Kind == K;
      if (!Ok)
        fail(O["kind"], "kind must be file, key, process, section, event or "
                        "object, got '" + F.Open->Kind + "'");
    }
    F.Open->AttributesArg = argIndex(O, "attributes-arg", F);
    F.Open->HandleAttributesArg = argIndex(O, "handle-attributes-arg", F);
    F.Open->OptionsArg = argIndex(O, "options-arg", F);
    F.Open->HandleArg = argIndex(O, "handle-arg", F);
    F.Open->ClientIdArg = argIndex(O, "client-id-arg", F);
    F.Open->ObjectArg = argIndex(O, "object-arg", F);
    F.Open->AccessModeArg = argIndex(O, "access-mode-arg", F);
    if (F.Open->AttributesArg < 0 && F.Open->ObjectArg < 0)
      fail(O, "'object-open' needs attributes-arg or object-arg");
  }
  if (YAML::Node H = N["handle-reference"]) {
    checkKeys(H, {"handle-arg", "access-mode-arg", "object-arg"},
              "'handle-reference'");
    engage(F.HandleRef);
    F.HandleRef->HandleArg = argIndex(H, "handle-arg", F);
    F.HandleRef->AccessModeArg = argIndex(H, "access-mode-arg", F);
    F.HandleRef->ObjectArg = argIndex(H, "object-arg", F);
    if (F.HandleRef->HandleArg < 0 || F.HandleRef->AccessModeArg < 0)
      fail(H, "'handle-reference' needs handle-arg and access-mode-arg");
  }
  if (YAML::Node S = N["string-builder"]) {
    checkKeys(S, {"dest-arg", "first-source-arg", "aliases-source"},
              "'string-builder'");
    engage(F.StringBuild);
    F.StringBuild->DestArg = argIndex(S, "dest-arg", F);
    F.StringBuild->FirstSourceArg = argIndex(S, "first-source-arg", F);
    if (F.StringBuild->DestArg < 0 || F.StringBuild->FirstSourceArg < 0)
      fail(S, "'string-builder' needs dest-arg and first-source-arg");
    if (S["aliases-source"])
      F.StringBuild->AliasesSource =
          boolean(S["aliases-source"], "aliases-source");
  }
  if (YAML::Node I = N["file-information"]) {
    checkKeys(I, {"handle-arg", "info-arg", "class-arg"}, "'file-information'");
    engage(F.FileInfo);
    F.FileInfo->HandleArg = argIndex(I, "handle-arg", F);
    F.FileInfo->InfoArg = argIndex(I, "info-arg", F);
    F.FileInfo->ClassArg = argIndex(I, "class-arg", F);
    if (F.FileInfo->InfoArg < 0 || F.FileInfo->ClassArg < 0)
      fail(I, "'file-information' needs info-arg and class-arg");
  }
  if (YAML::Node P = N["primitive"])
    parsePrimitive(P, F);
  if (YAML::Node S = N["string-init"]) {
    checkKeys(S, {"dst-arg", "src-arg"}, "'string-init'");
    engage(F.StrInit);
    F.StrInit->DstArg = argIndex(S, "dst-arg", F);
    F.StrInit->SrcArg = argIndex(S, "src-arg", F);
    if (F.StrInit->DstArg < 0 || F.StrInit->SrcArg < 0)
      fail(S, "'string-init' needs dst-arg and src-arg");
  }
  return F;
}
} // namespace

bool ApiModel::addYaml(llvm::StringRef Text, llvm::StringRef FileName,
                       std::string &Error) {
  llvm::StringMap<ApiFunction> Parsed;
  try {
    YAML::Node Root = YAML::Load(Text.str());
    if (!Root.IsMap())
      fail(Root, "a model file must be a mapping with 'version' and 'functions'");
    checkKeys(Root, {"version", "functions"}, "the model file");
    if (!Root["version"] || integer(Root["version"], "version", 1) != 1)
      fail(Root, "unsupported or missing model 'version' (this drvcert reads version 1)");
    YAML::Node Fns = Root["functions"];
    if (!Fns || !Fns.IsSequence())
      fail(Root, "'functions' must be a list of function entries");
    for (const YAML::Node &N : Fns) {
      ApiFunction F = parseFunction(N, FileName);
      if (Parsed.count(F.Name))
        fail(N, "function '" + F.Name + "' is described twice (first at " +
                    Parsed[F.Name].DefinedIn + ")");
      std::string Name = F.Name;
      Parsed[Name] = std::move(F);
    }
  } catch (const ModelError &E) {
    Error = FileName.str() + ":" + std::to_string(E.Mark.line + 1) + ":" +
            std::to_string(E.Mark.column + 1) + ": " + E.Message;
    return false;
  } catch (const YAML::Exception &E) {
    Error = FileName.str() + ":" + std::to_string(E.mark.line + 1) + ":" +
            std::to_string(E.mark.column + 1) + ": invalid YAML: " + E.msg;
    return false;
  }
  for (auto &KV : Parsed)
    Functions[KV.getKey()] = std::move(KV.getValue());
  return true;
}

bool ApiModel::addFile(llvm::StringRef Path, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Error = Path.str() + ": cannot read model file: " + Buf.getError().message();
    return false;
  }
  return addYaml((*Buf)->getBuffer(), Path, Error);
}

const ApiFunction *ApiModel::lookup(llvm::StringRef Name,
                                    unsigned NumParams) const {
  auto It = Functions.find(Name);
  if (It == Functions.end())
    return nullptr;
  const ApiFunction &F = It->getValue();
  if (F.Params >= 0 && unsigned(F.Params) != NumParams)
    return nullptr;
  return &F;
}

const ApiFunction *ApiModel::lookup(const clang::FunctionDecl *FD) const {
  if (!FD || !FD->getIdentifier())
    return nullptr;
  // The WDK's functions have C linkage; some headers (mingw's CRT) define
  // them as static inline wrappers instead. Either way they are declared by
  // a system header, unlike a driver's own function of the same name.
  if (!FD->isExternC()) {
    const clang::SourceManager &SM = FD->getASTContext().getSourceManager();
    if (!SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
      return nullptr;
  }
  return lookup(FD->getName(), FD->getNumParams());
}

ApiModel &ApiModel::global() {
  static ApiModel Model;
  return Model;
}

bool ApiModel::loadBuiltin(std::string &Error) {
  static std::once_flag Once;
  static bool Ok = true;
  static std::string Err;
  std::call_once(Once, [] {
    for (const EmbeddedModel &M : BuiltinModels)
      if (!global().addYaml(M.Text, std::string("<builtin>/") + M.Stem + ".yaml",
                            Err)) {
        Ok = false;
        return;
      }
  });
  Error = Err;
  return Ok;
}

} // namespace drvcert
