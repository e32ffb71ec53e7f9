//===- TuResultJson.cpp ---------------------------------------------------===//
#include "TuResultJson.h"
#include "AtomicFile.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <limits>

namespace drvcert {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

std::map<std::string, std::map<std::string, std::string>> currentRuleOptions() {
  std::map<std::string, std::map<std::string, std::string>> Out;
  for (const RuleOptionInfo &O : ruleOptionInfos())
    Out[O.Rule.str()][O.Name.str()] = ruleOption(O.Rule, O.Name);
  return Out;
}

namespace {

/// A string, losslessly: JSON strings must be UTF-8, anything else is hex.
Value str(llvm::StringRef S) {
  if (llvm::json::isUTF8(S))
    return S;
  return Object{{"hex", llvm::toHex(S, /*LowerCase=*/true)}};
}

Array strs(const std::vector<std::string> &V) {
  Array A;
  for (const std::string &S : V)
    A.push_back(str(S));
  return A;
}

Value span(const SourceSpan &S) {
  return Object{{"file", str(S.File)},
                {"line", S.Line},
                {"column", S.Column},
                {"endLine", S.EndLine},
                {"endColumn", S.EndColumn}};
}

llvm::StringRef baselineName(BaselineState B) {
  switch (B) {
  case BaselineState::None:
    return "none";
  case BaselineState::New:
    return "new";
  case BaselineState::Unchanged:
    return "unchanged";
  case BaselineState::Updated:
    return "updated";
  case BaselineState::Absent:
    return "absent";
  }
  return "none";
}

llvm::StringRef faultName(TuResult::FaultKind K) {
  switch (K) {
  case TuResult::FaultKind::None:
    return "none";
  case TuResult::FaultKind::Crashed:
    return "crashed";
  case TuResult::FaultKind::TimedOut:
    return "timed-out";
  }
  return "none";
}

/// Reads members of one JSON object; the first problem wins and names the
/// member's path ("findings[2].where.line: expected an unsigned integer").
class Reader {
public:
  Reader(std::string &Error) : Error(Error) {}

  bool ok() const { return Error.empty(); }

  const Object *object(const Value *V, llvm::StringRef Path) {
    const Object *O = V ? V->getAsObject() : nullptr;
    if (!O)
      fail(Path, "expected an object");
    return O;
  }
  const Array *array(const Object *O, llvm::StringRef Key,
                     llvm::StringRef Path) {
    const Array *A = O ? O->getArray(Key) : nullptr;
    if (O && !A)
      fail(join(Path, Key), "expected an array");
    return A;
  }
  void get(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
           std::string &Out) {
    if (O)
      string(O->get(Key), join(Path, Key), Out);
  }
  void string(const Value *V, llvm::StringRef Path, std::string &Out) {
    if (!V)
      return fail(Path, "missing");
    if (auto S = V->getAsString()) {
      Out = S->str();
      return;
    }
    const Object *O = V->getAsObject();
    auto Hex = O ? O->getString("hex") : std::nullopt;
    if (!Hex || !llvm::tryGetFromHex(*Hex, Out))
      fail(Path, "expected a string");
  }
  template <typename T>
  void get(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
           T &Out) {
    if (!O)
      return;
    const Value *V = O->get(Key);
    auto N = V ? V->getAsUINT64() : std::nullopt;
    if (!N || *N > std::numeric_limits<T>::max())
      return fail(join(Path, Key), "expected an unsigned integer");
    Out = T(*N);
  }
  void get(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
           double &Out) {
    auto N = O ? O->getNumber(Key) : std::nullopt;
    if (O && !N)
      return fail(join(Path, Key), "expected a number");
    if (N)
      Out = *N;
  }
  void get(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
           bool &Out) {
    auto B = O ? O->getBoolean(Key) : std::nullopt;
    if (O && !B)
      return fail(join(Path, Key), "expected true or false");
    if (B)
      Out = *B;
  }
  void get(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
           std::vector<std::string> &Out) {
    const Array *A = array(O, Key, Path);
    if (!A)
      return;
    Out.clear();
    for (size_t I = 0; I < A->size() && ok(); ++I)
      string(&(*A)[I], join(Path, Key) + "[" + std::to_string(I) + "]",
             Out.emplace_back());
  }
  void get(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
           SourceSpan &S) {
    std::string P = join(Path, Key);
    const Object *Sp = object(O ? O->get(Key) : nullptr, P);
    get(Sp, "file", P, S.File);
    get(Sp, "line", P, S.Line);
    get(Sp, "column", P, S.Column);
    get(Sp, "endLine", P, S.EndLine);
    get(Sp, "endColumn", P, S.EndColumn);
  }
  /// A string member that must be one of Names (the index is the value).
  template <typename E>
  void oneOf(const Object *O, llvm::StringRef Key, llvm::StringRef Path,
             llvm::StringRef (*Name)(E), std::initializer_list<E> Values,
             E &Out) {
    std::string S;
    get(O, Key, Path, S);
    if (!ok())
      return;
    for (E V : Values)
      if (Name(V) == S) {
        Out = V;
        return;
      }
    fail(join(Path, Key), "unknown value '" + S + "'");
  }

  void fail(llvm::StringRef Path, llvm::StringRef Why) {
    if (ok())
      Error = (Path + ": " + Why).str();
  }

  static std::string join(llvm::StringRef Path, llvm::StringRef Key) {
    return Path.empty() ? Key.str() : (Path + "." + Key).str();
  }

private:
  std::string &Error;
};

bool readFinding(Reader &R, const Value &V, llvm::StringRef P, Finding &F) {
  const Object *O = R.object(&V, P);
  R.get(O, "rule", P, F.RuleId);
  std::string Lvl;
  R.get(O, "level", P, Lvl);
  if (R.ok() && !parseLevel(Lvl, F.Lvl))
    R.fail(Reader::join(P, "level"), "unknown level '" + Lvl + "'");
  R.get(O, "message", P, F.Message);
  R.get(O, "where", P, F.Where);
  if (const Array *Flow = R.array(O, "flow", P)) {
    F.Flow.clear();
    for (size_t I = 0; I < Flow->size() && R.ok(); ++I) {
      std::string SP = Reader::join(P, "flow") + "[" + std::to_string(I) + "]";
      const Object *S = R.object(&(*Flow)[I], SP);
      FlowStep &Step = F.Flow.emplace_back();
      R.get(S, "where", SP, Step.Where);
      R.get(S, "message", SP, Step.Message);
      R.get(S, "depth", SP, Step.Depth);
    }
  }
  R.get(O, "function", P, F.Function);
  R.get(O, "sinkCode", P, F.SinkCode);
  if (const Array *Props = R.array(O, "properties", P)) {
    F.Properties.clear();
    for (size_t I = 0; I < Props->size() && R.ok(); ++I) {
      std::string PP =
          Reader::join(P, "properties") + "[" + std::to_string(I) + "]";
      const Array *KV = (*Props)[I].getAsArray();
      if (!KV || KV->size() != 2) {
        R.fail(PP, "expected a [name, value] pair");
        break;
      }
      auto &Prop = F.Properties.emplace_back();
      R.string(&(*KV)[0], PP, Prop.first);
      R.string(&(*KV)[1], PP, Prop.second);
    }
  }
  if (const Array *Sups = R.array(O, "suppressions", P)) {
    F.Suppressions.clear();
    for (size_t I = 0; I < Sups->size() && R.ok(); ++I) {
      std::string SP =
          Reader::join(P, "suppressions") + "[" + std::to_string(I) + "]";
      const Object *S = R.object(&(*Sups)[I], SP);
      Suppression &Sup = F.Suppressions.emplace_back();
      R.get(S, "justification", SP, Sup.Justification);
      R.get(S, "where", SP, Sup.Where);
    }
  }
  R.oneOf(O, "baseline", P, baselineName,
          {BaselineState::None, BaselineState::New, BaselineState::Unchanged,
           BaselineState::Updated, BaselineState::Absent},
          F.Baseline);
  // Optional, so that results of older workers or shards still read.
  if (O && O->get("related"))
    if (const Array *Rel = R.array(O, "related", P)) {
      F.Related.clear();
      for (size_t I = 0; I < Rel->size() && R.ok(); ++I) {
        std::string SP = Reader::join(P, "related") + "[" + std::to_string(I) + "]";
        const Object *S = R.object(&(*Rel)[I], SP);
        RelatedLocation &L = F.Related.emplace_back();
        R.get(S, "where", SP, L.Where);
        R.get(S, "message", SP, L.Message);
      }
    }
  R.get(O, "fingerprint", P, F.Fingerprint);
  R.get(O, "lineHash", P, F.LineHash);
  return R.ok();
}

} // namespace

Value toJson(const Finding &F) {
  Array Flow;
  for (const FlowStep &S : F.Flow)
    Flow.push_back(Object{
        {"where", span(S.Where)}, {"message", str(S.Message)}, {"depth", S.Depth}});
  Array Props;
  for (const auto &KV : F.Properties)
    Props.push_back(Array{str(KV.first), str(KV.second)});
  Array Related;
  for (const RelatedLocation &L : F.Related)
    Related.push_back(Object{{"where", span(L.Where)}, {"message", str(L.Message)}});
  Array Sups;
  for (const Suppression &S : F.Suppressions)
    Sups.push_back(Object{{"justification", str(S.Justification)},
                          {"where", span(S.Where)}});
  return Object{{"rule", str(F.RuleId)},
                {"level", levelName(F.Lvl)},
                {"message", str(F.Message)},
                {"where", span(F.Where)},
                {"flow", std::move(Flow)},
                {"function", str(F.Function)},
                {"sinkCode", str(F.SinkCode)},
                {"properties", std::move(Props)},
                {"related", std::move(Related)},
                {"suppressions", std::move(Sups)},
                {"baseline", baselineName(F.Baseline)},
                {"fingerprint", str(F.Fingerprint)},
                {"lineHash", str(F.LineHash)}};
}

Value toJson(const TuResult &R) {
  Array Findings;
  for (const Finding &F : R.Findings)
    Findings.push_back(toJson(F));
  Array Devices;
  for (const DeviceFact &D : R.Devices.Devices)
    Devices.push_back(Object{{"kind", frameworkName(D.Kind)},
                             {"api", str(D.Api)},
                             {"where", span(D.Where)},
                             {"function", str(D.Function)},
                             {"name", str(D.Name)},
                             {"named", D.Named},
                             {"security", securityName(D.Sd)},
                             {"sddl", str(D.Sddl)},
                             {"sddlSource", str(D.SddlSource)},
                             {"securityWhere", span(D.SdWhere)},
                             {"secureOpen", D.SecureOpen},
                             {"symbolicLink", D.SymbolicLink},
                             {"interface", D.Interface},
                             {"controlDevice", D.ControlDevice},
                             {"pnp", D.PnP}});
  Array Entries;
  for (const EntryRegistration &E : R.Devices.Entries)
    Entries.push_back(Object{{"function", str(E.Function)},
                             {"slot", str(E.Slot)},
                             {"kind", frameworkName(E.Kind)},
                             {"where", span(E.Where)},
                             {"device", int64_t(E.Device)}});
  Array Calls;
  for (const CallEdge &E : R.Devices.Calls)
    Calls.push_back(Object{{"caller", str(E.Caller)}, {"callee", str(E.Callee)}});
  return Object{{"file", str(R.File)},
                {"directory", str(R.Directory)},
                {"analyzed", R.Analyzed},
                {"errors", strs(R.Errors)},
                {"findings", std::move(Findings)},
                {"seconds", R.Seconds},
                {"fault", faultName(R.Fault)},
                {"faultDetail", str(R.FaultDetail)},
                {"budgetExhausted", strs(R.BudgetExhausted)},
                {"devices", std::move(Devices)},
                {"entryPoints", std::move(Entries)},
                {"calls", std::move(Calls)},
                {"noPathAnalysis", strs(R.NoPathAnalysis)}};
}

Value toJson(const WorkerJob &J) {
  Array Rules;
  for (const RuleInfo *R : J.Options.Rules)
    Rules.push_back(R->Id);
  Object RuleOptions;
  for (const auto &[Rule, Opts] : J.RuleOptions) {
    Object O;
    for (const auto &[Name, V] : Opts)
      O[Name] = str(V);
    RuleOptions[Rule] = std::move(O);
  }
  const AnalysisOptions &A = J.Options;
  return Object{
      {"command",
       Object{{"directory", str(J.Command.Directory)},
              {"file", str(J.Command.Filename)},
              {"arguments", strs(J.Command.CommandLine)},
              {"output", str(J.Command.Output)},
              {"heuristic", str(J.Command.Heuristic)}}},
      {"options",
       Object{{"rules", std::move(Rules)},
              {"resourceDir", str(A.ResourceDir)},
              {"extraArgsBefore", strs(A.ExtraArgsBefore)},
              {"extraArgs", strs(A.ExtraArgs)},
              {"maxSteps", A.MaxSteps},
              {"maxLoop", A.MaxLoop},
              {"inlineDepth", A.InlineDepth},
              {"modelFiles", strs(A.ModelFiles)},
              {"pchCacheDir", str(A.PchCacheDir)}}},
      {"ruleOptions", std::move(RuleOptions)},
      {"timeoutSeconds", J.TimeoutSeconds},
      {"stopFile", str(J.StopFile)}};
}

bool fromJson(const Value &V, Finding &F, std::string &Error) {
  Error.clear();
  Reader R(Error);
  return readFinding(R, V, "", F);
}

bool fromJson(const Value &V, TuResult &T, std::string &Error) {
  Error.clear();
  Reader R(Error);
  const Object *O = R.object(&V, "result");
  R.get(O, "file", "", T.File);
  R.get(O, "directory", "", T.Directory);
  R.get(O, "analyzed", "", T.Analyzed);
  R.get(O, "errors", "", T.Errors);
  if (const Array *Fs = R.array(O, "findings", "")) {
    T.Findings.clear();
    for (size_t I = 0; I < Fs->size() && R.ok(); ++I)
      readFinding(R, (*Fs)[I], "findings[" + std::to_string(I) + "]",
                  T.Findings.emplace_back());
  }
  R.get(O, "seconds", "", T.Seconds);
  R.oneOf(O, "fault", "", faultName,
          {TuResult::FaultKind::None, TuResult::FaultKind::Crashed,
           TuResult::FaultKind::TimedOut},
          T.Fault);
  R.get(O, "faultDetail", "", T.FaultDetail);
  R.get(O, "budgetExhausted", "", T.BudgetExhausted);
  // Device facts: optional, so that results without them still read.
  T.Devices = DeviceFacts();
  if (O && O->get("devices"))
    if (const Array *Ds = R.array(O, "devices", ""))
      for (size_t I = 0; I < Ds->size() && R.ok(); ++I) {
        std::string P = "devices[" + std::to_string(I) + "]";
        const Object *D = R.object(&(*Ds)[I], P);
        DeviceFact &F = T.Devices.Devices.emplace_back();
        R.oneOf(D, "kind", P, frameworkName,
                {DeviceFact::Framework::Wdm, DeviceFact::Framework::Kmdf,
                 DeviceFact::Framework::FltPort},
                F.Kind);
        R.get(D, "api", P, F.Api);
        R.get(D, "where", P, F.Where);
        R.get(D, "function", P, F.Function);
        R.get(D, "name", P, F.Name);
        R.get(D, "named", P, F.Named);
        R.oneOf(D, "security", P, securityName,
                {DeviceFact::Security::None, DeviceFact::Security::Sddl,
                 DeviceFact::Security::DefaultAdmin,
                 DeviceFact::Security::NullDacl, DeviceFact::Security::Opaque},
                F.Sd);
        R.get(D, "sddl", P, F.Sddl);
        R.get(D, "sddlSource", P, F.SddlSource);
        R.get(D, "securityWhere", P, F.SdWhere);
        R.get(D, "secureOpen", P, F.SecureOpen);
        R.get(D, "symbolicLink", P, F.SymbolicLink);
        R.get(D, "interface", P, F.Interface);
        R.get(D, "controlDevice", P, F.ControlDevice);
        R.get(D, "pnp", P, F.PnP);
      }
  if (O && O->get("entryPoints"))
    if (const Array *Es = R.array(O, "entryPoints", ""))
      for (size_t I = 0; I < Es->size() && R.ok(); ++I) {
        std::string P = "entryPoints[" + std::to_string(I) + "]";
        const Object *E = R.object(&(*Es)[I], P);
        EntryRegistration &Reg = T.Devices.Entries.emplace_back();
        R.get(E, "function", P, Reg.Function);
        R.get(E, "slot", P, Reg.Slot);
        R.oneOf(E, "kind", P, frameworkName,
                {DeviceFact::Framework::Wdm, DeviceFact::Framework::Kmdf,
                 DeviceFact::Framework::FltPort},
                Reg.Kind);
        R.get(E, "where", P, Reg.Where);
        auto Dev = E ? E->getInteger("device") : std::nullopt;
        if (E && (!Dev || *Dev < -1 ||
                  *Dev >= int64_t(T.Devices.Devices.size())))
          R.fail(P + ".device", "expected a device index or -1");
        else if (Dev)
          Reg.Device = int(*Dev);
      }
  if (O && O->get("calls"))
    if (const Array *Cs = R.array(O, "calls", ""))
      for (size_t I = 0; I < Cs->size() && R.ok(); ++I) {
        std::string P = "calls[" + std::to_string(I) + "]";
        const Object *E = R.object(&(*Cs)[I], P);
        CallEdge &Edge = T.Devices.Calls.emplace_back();
        R.get(E, "caller", P, Edge.Caller);
        R.get(E, "callee", P, Edge.Callee);
      }
  // Optional, so that results written before it existed still read.
  if (O && O->get("noPathAnalysis"))
    R.get(O, "noPathAnalysis", "", T.NoPathAnalysis);
  return R.ok();
}

bool fromJson(const Value &V, WorkerJob &J, std::string &Error) {
  Error.clear();
  Reader R(Error);
  const Object *O = R.object(&V, "job");
  const Object *C = R.object(O ? O->get("command") : nullptr, "command");
  R.get(C, "directory", "command", J.Command.Directory);
  R.get(C, "file", "command", J.Command.Filename);
  R.get(C, "arguments", "command", J.Command.CommandLine);
  R.get(C, "output", "command", J.Command.Output);
  R.get(C, "heuristic", "command", J.Command.Heuristic);
  if (R.ok() && J.Command.CommandLine.empty())
    R.fail("command.arguments", "expected at least the compiler");

  const Object *A = R.object(O ? O->get("options") : nullptr, "options");
  std::vector<std::string> Ids;
  R.get(A, "rules", "options", Ids);
  J.Options.Rules.clear();
  for (const std::string &Id : Ids) {
    const RuleInfo *Rule = findRule(Id);
    if (!Rule) {
      R.fail("options.rules", "unknown rule '" + Id + "'");
      break;
    }
    J.Options.Rules.push_back(Rule);
  }
  R.get(A, "resourceDir", "options", J.Options.ResourceDir);
  R.get(A, "extraArgsBefore", "options", J.Options.ExtraArgsBefore);
  R.get(A, "extraArgs", "options", J.Options.ExtraArgs);
  R.get(A, "maxSteps", "options", J.Options.MaxSteps);
  R.get(A, "maxLoop", "options", J.Options.MaxLoop);
  R.get(A, "inlineDepth", "options", J.Options.InlineDepth);
  R.get(A, "modelFiles", "options", J.Options.ModelFiles);
  R.get(A, "pchCacheDir", "options", J.Options.PchCacheDir);

  const Object *Opts = R.object(O ? O->get("ruleOptions") : nullptr, "ruleOptions");
  J.RuleOptions.clear();
  if (Opts)
    for (const auto &[Rule, Values] : *Opts) {
      std::string P = "ruleOptions." + Rule.str();
      const Object *VO = R.object(&Values, P);
      if (!VO)
        break;
      for (const auto &[Name, Val] : *VO)
        R.string(&Val, P + "." + Name.str(),
                 J.RuleOptions[Rule.str()][Name.str()]);
    }
  R.get(O, "timeoutSeconds", "", J.TimeoutSeconds);
  R.get(O, "stopFile", "", J.StopFile);
  return R.ok();
}

bool writeJsonFile(const Value &V, llvm::StringRef Path, std::string &Error) {
  return writeAtomically(
      Path, [&](llvm::raw_ostream &OS) { OS << V; }, Error);
}

bool readJsonFile(llvm::StringRef Path, Value &Out, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf) {
    Error = ("cannot read '" + Path + "': " + Buf.getError().message()).str();
    return false;
  }
  auto V = llvm::json::parse((*Buf)->getBuffer());
  if (!V) {
    Error = ("'" + Path + "' is not valid JSON: " + llvm::toString(V.takeError()))
                .str();
    return false;
  }
  Out = std::move(*V);
  return true;
}

} // namespace drvcert
