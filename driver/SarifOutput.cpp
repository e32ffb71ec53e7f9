//===- SarifOutput.cpp - SARIF 2.1.0 log of a run -------------------------===//
//
// Shaped for GitHub code scanning, the Visual Studio and VS Code SARIF
// viewers, and Microsoft's validator (shared/SARIF.md): paths relative to
// %SRCROOT%, full rule metadata with an absolute helpUri, inline thread-flow
// locations with 1-based nesting levels, both fingerprints, and invocation
// notifications for everything that was not analyzed.
//
//===----------------------------------------------------------------------===//
#include "AtomicFile.h"
#include "Baseline.h"
#include "DrvcertConfig.h"
#include "Output.h"
#include "Shard.h"
#include "SourceFiles.h"
#include "Verdict.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

namespace drvcert {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

constexpr const char *SrcRoot = "%SRCROOT%";
/// Files outside the source root are named by their file name only, relative
/// to this base, which has no URI: where they are on this machine is not the
/// log's business (unless --sarif-absolute-paths).
constexpr const char *OutsideRoot = "OUTSIDE_SRCROOT";

/// Percent-encodes a path for a URI (RFC 3986), keeping '/' separators.
std::string uriEscape(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C))
      Out.push_back(C);
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

std::string slashes(llvm::StringRef P) {
  std::string S = P.str();
  std::replace(S.begin(), S.end(), '\\', '/');
  return S;
}

std::string fileUri(llvm::StringRef AbsPath) {
  std::string P = slashes(AbsPath);
  if (!llvm::StringRef(P).starts_with("/"))
    P = "/" + P; // C:/x -> /C:/x
  return "file://" + uriEscape(P);
}

/// Text of the "## Heading" section of a doc page, up to the next heading.
std::string docSection(llvm::StringRef Doc, llvm::StringRef Heading) {
  std::string Marker = ("## " + Heading).str();
  size_t B = Doc.find(Marker);
  if (B == llvm::StringRef::npos)
    return "";
  llvm::StringRef Rest = Doc.substr(B + Marker.size());
  Rest = Rest.substr(0, Rest.find("\n## "));
  std::string Flat;
  for (llvm::StringRef L : llvm::split(Rest.trim(), '\n')) {
    if (!Flat.empty())
      Flat += ' ';
    Flat += L.trim().str();
  }
  return Flat;
}

/// Descriptions are prose (sentences); finding messages stay exactly as on
/// the terminal, Clang style, which every consumer accepts.
std::string sentence(llvm::StringRef Msg) {
  std::string S = Msg.trim().str();
  if (!S.empty() && S.back() != '.')
    S += '.';
  return S;
}

/// The validator (GH1004) rejects thread flows of more than 100 steps; keep
/// the start of the path and the steps leading to the sink.
constexpr size_t MaxFlowSteps = 100;

std::string sourceLanguage(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  if (Ext.equals_insensitive(".c") || Ext.equals_insensitive(".h"))
    return "c";
  return "cplusplus";
}

std::string truncate(std::string S, size_t Max) {
  if (S.size() > Max)
    S = S.substr(0, Max - 3) + "...";
  return S;
}

class SarifBuilder {
public:
  SarifBuilder(const RunResult &Run, const SarifOptions &Opts)
      : Run(Run), Opts(Opts) {
    Root = slashes(Run.SourceRoot);
    if (!llvm::StringRef(Root).ends_with("/"))
      Root += '/';
  }

  /// drvcert/v1 and primaryLocationLineHash of every finding, in order
  /// (the drvcert/v1 occurrence count runs over the findings in order).
  std::vector<std::pair<std::string, std::string>> fingerprints() {
    std::vector<std::pair<std::string, std::string>> Out;
    std::map<std::string, unsigned> Occ;
    for (const Finding &F : Run.Findings) {
      if (!F.Fingerprint.empty()) {
        Out.push_back({F.Fingerprint, F.LineHash});
        continue;
      }
      std::string Rel = relative(F.Where.File);
      std::string Key =
          F.RuleId + '\0' + Rel + '\0' + F.Function + '\0' + F.SinkCode;
      unsigned N = ++Occ[Key];
      Out.push_back(
          {drvcertFingerprint(F.RuleId, Rel.empty() ? slashes(F.Where.File) : Rel,
                              F.Function, F.SinkCode, N),
           primaryLocationLineHash(Src.text(F.Where.File), F.Where.Line)});
    }
    return Out;
  }

  /// The artifact URI results give File.
  std::string uri(llvm::StringRef File) {
    return uriOf(File).getString("uri").value_or("").str();
  }

  Value build() {
    Array Rules;
    for (size_t I = 0; I < Run.Rules.size(); ++I) {
      RuleIndex[Run.Rules[I]->Id] = I;
      Rules.push_back(rule(*Run.Rules[I]));
    }
    // Reserved: a json::Value's move is not noexcept, so a growing vector
    // of them copies every result it holds (on 800 TUs that doubled the
    // memory the log takes to build).
    Array Results;
    Results.reserve(Run.Findings.size() + Run.AbsentResults.size());
    Artifacts.reserve(Run.Tus.size() + Run.Findings.size());
    auto Prints = fingerprints();
    for (size_t I = 0; I < Run.Findings.size(); ++I)
      if (!Opts.OpenOnly || !Run.Findings[I].suppressed())
        Results.push_back(result(Run.Findings[I], Prints[I]));
    if (!Opts.OpenOnly)
      for (const Object &A : Run.AbsentResults)
        Results.push_back(absent(A));

    // Every kind, in enum order: a notification's descriptor index is its
    // kind.
    Array Descriptors;
    for (unsigned I = 0; I < Notification::NumKinds; ++I) {
      auto K = Notification::Kind(I);
      Descriptors.push_back(Object{
          {"id", notificationId(K)},
          {"shortDescription", Object{{"text", notificationDescription(K)}}},
          {"fullDescription", Object{{"text", notificationDescription(K)}}},
          {"help", Object{{"text", notificationDescription(K)}}}});
    }

    Object Driver{{"name", "drvcert"},
                  {"fullName", "drvcert Windows kernel driver analyzer"},
                  {"version", DRVCERT_VERSION},
                  {"semanticVersion", DRVCERT_VERSION},
                  {"informationUri", DRVCERT_HOMEPAGE},
                  {"rules", std::move(Rules)},
                  {"notifications", std::move(Descriptors)},
                  {"properties",
                   Object{{"llvmVersion", DRVCERT_LLVM_VERSION}}}};

    Value Invocation = invocation();
    Object Bases{{SrcRoot, Object{{"uri", fileUri(Root)}}}};
    if (UsedOutsideRoot)
      Bases[OutsideRoot] = Object{
          {"description",
           Object{{"text", "Files outside %SRCROOT%, named without their "
                           "directory; drvcert --sarif-absolute-paths gives "
                           "their full path."}}}};
    Object RunObj{
        {"tool", Object{{"driver", std::move(Driver)}}},
        {"originalUriBaseIds", std::move(Bases)},
        {"invocations", Array{std::move(Invocation)}},
        {"results", std::move(Results)},
        {"columnKind", "utf16CodeUnits"},
        {"properties", verdict()}};
    if (Run.ShardProperty.kind() != Value::Null)
      RunObj.getObject("properties")->try_emplace(ShardPropertyKey,
                                                  Run.ShardProperty);
    // Artifacts last: locations above registered the files they name.
    RunObj["artifacts"] = std::move(Artifacts);
    return Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                  {"version", "2.1.0"},
                  {"runs", Array{std::move(RunObj)}}};
  }

private:
  Value rule(const RuleInfo &R) {
    Array Tags{"security"};
    for (unsigned Cwe : R.cweList())
      Tags.push_back("external/cwe/cwe-" + std::to_string(Cwe));
    if (R.MustFix)
      Tags.push_back("must-fix");
    Tags.push_back(R.Family);
    std::string Why = docSection(R.doc(), "Why it matters");
    if (Why.empty())
      Why = R.Summary.str();
    std::string Doc = R.doc().str();
    if (Doc.empty())
      Doc = R.Summary.str();
    // The level this run gives it: the VS viewer reads a result's level
    // "warning" as "use the rule's".
    Level Lvl = Run.level(R);
    return Object{
        {"id", R.Id},
        {"name", R.name()},
        {"shortDescription", Object{{"text", sentence(R.Summary)}}},
        {"fullDescription", Object{{"text", truncate(sentence(Why), 1024)}}},
        {"help", Object{{"text", Doc}, {"markdown", Doc}}},
        {"helpUri", R.helpUri()},
        {"defaultConfiguration", Object{{"level", levelName(Lvl)}}},
        {"properties",
         Object{{"tags", std::move(Tags)},
                {"precision", R.Precision},
                {"security-severity", R.SecuritySeverity},
                {"problem.severity", Lvl == Level::Error     ? "error"
                                     : Lvl == Level::Warning ? "warning"
                                                             : "recommendation"}}}};
  }

  /// The file's path relative to the source root, or empty when outside.
  std::string relative(llvm::StringRef File) {
    std::string F = slashes(File);
    llvm::StringRef Rel(F);
    if (Rel.consume_front(Root))
      return Rel.str();
    return "";
  }

  Value artifactLocation(llvm::StringRef File) {
    auto It = ArtifactIndex.find(File.str());
    if (It == ArtifactIndex.end()) {
      It = ArtifactIndex.insert({File.str(), Artifacts.size()}).first;
      Artifacts.push_back(Object{{"location", uriOf(File)},
                                 {"roles", Array{"resultFile"}},
                                 {"sourceLanguage", sourceLanguage(File)}});
    }
    Object L = uriOf(File);
    L["index"] = It->second;
    return L;
  }

  Object uriOf(llvm::StringRef File) {
    std::string Rel = relative(File);
    if (!Rel.empty())
      return Object{{"uri", uriEscape(Rel)}, {"uriBaseId", SrcRoot}};
    if (Run.AbsolutePathsOutsideRoot)
      return Object{{"uri", fileUri(File)}};
    UsedOutsideRoot = true;
    return Object{{"uri", uriEscape(llvm::sys::path::filename(File))},
                  {"uriBaseId", OutsideRoot}};
  }

  Value region(const SourceSpan &S) {
    llvm::StringRef First = Src.line(S.File, S.Line);
    llvm::StringRef Last =
        S.EndLine == S.Line ? First : Src.line(S.File, S.EndLine);
    unsigned EndLine = S.EndLine ? S.EndLine : S.Line;
    unsigned EndCol = S.EndColumn ? S.EndColumn : S.Column + 1;
    return Object{{"startLine", S.Line},
                  {"startColumn", utf16Column(First, S.Column)},
                  {"endLine", EndLine},
                  {"endColumn", utf16Column(Last, EndCol)}};
  }

  Value physical(const SourceSpan &S) {
    return Object{{"artifactLocation", artifactLocation(S.File)},
                  {"region", region(S)}};
  }

  Value result(const Finding &F,
               const std::pair<std::string, std::string> &Prints) {
    Object Fingerprints{{"drvcert/v1", Prints.first}};
    if (!Prints.second.empty())
      Fingerprints["primaryLocationLineHash"] = Prints.second;

    Object R{{"ruleId", F.RuleId},
             {"level", levelName(F.Lvl)},
             {"message", Object{{"text", F.Message}}},
             {"locations",
              Array{Object{{"physicalLocation", physical(F.Where)}}}},
             {"partialFingerprints", std::move(Fingerprints)}};
    if (auto It = RuleIndex.find(F.RuleId); It != RuleIndex.end())
      R["ruleIndex"] = It->second;
    if (!F.Flow.empty()) {
      Array Steps;
      Steps.reserve(std::min<size_t>(F.Flow.size(), MaxFlowSteps + 10));
      unsigned Order = 0;
      size_t Skip = F.Flow.size() > MaxFlowSteps ? F.Flow.size() - MaxFlowSteps : 0;
      for (size_t I = 0; I < F.Flow.size(); ++I) {
        if (I >= 10 && I < 10 + Skip)
          continue; // keep the first 10 and the last steps
        const FlowStep &S = F.Flow[I];
        Steps.push_back(Object{
            {"location", Object{{"physicalLocation", physical(S.Where)},
                                {"message", Object{{"text", S.Message}}}}},
            {"nestingLevel", S.Depth},
            {"executionOrder", ++Order},
            {"importance", "essential"}});
      }
      R["codeFlows"] = Array{Object{
          {"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
    }
    if (!F.Related.empty()) {
      // The device creation that decides who reaches the finding, the
      // sinks a summary lists.
      Array Related;
      Related.reserve(F.Related.size());
      unsigned Id = 0;
      for (const RelatedLocation &L : F.Related)
        Related.push_back(Object{{"id", ++Id},
                                 {"physicalLocation", physical(L.Where)},
                                 {"message", Object{{"text", L.Message}}}});
      R["relatedLocations"] = std::move(Related);
    }
    if (!F.Properties.empty()) {
      Object Props;
      for (const auto &KV : F.Properties)
        Props[KV.first] = KV.second;
      R["properties"] = std::move(Props);
    }
    // SARIF wants suppressions and baselineState on every result or none.
    Array Suppressions;
    for (const Suppression &S : F.Suppressions) {
      Object O{{"kind", "inSource"},
               {"status", "accepted"},
               {"location", Object{{"physicalLocation", physical(S.Where)}}}};
      if (!S.Justification.empty())
        O["justification"] = S.Justification;
      Suppressions.push_back(std::move(O));
    }
    R["suppressions"] = std::move(Suppressions);
    if (Run.HasBaseline)
      R["baselineState"] = baselineStateName(F.Baseline);
    return R;
  }

  /// The artifact locations of a result of another log: their indexes
  /// point into that log's artifacts; their base must be one of this log's.
  void adoptLocations(Value &V) {
    if (Object *O = V.getAsObject()) {
      if (Object *A = O->getObject("artifactLocation")) {
        A->erase("index");
        auto Base = A->getString("uriBaseId");
        if (Base == OutsideRoot)
          UsedOutsideRoot = true;
        else if (Base && Base != SrcRoot)
          A->erase("uriBaseId");
      }
      for (auto &KV : *O)
        adoptLocations(KV.second);
    } else if (Array *A = V.getAsArray()) {
      for (Value &E : *A)
        adoptLocations(E);
    }
  }

  /// A result of the baseline this run no longer has, as it was written.
  Value absent(const Object &Old) {
    Value V = Object(Old);
    adoptLocations(V);
    Object &R = *V.getAsObject();
    R.erase("ruleIndex");
    if (auto Id = R.getString("ruleId"))
      if (auto It = RuleIndex.find(*Id); It != RuleIndex.end())
        R["ruleIndex"] = It->second;
    if (!R.getArray("suppressions"))
      R["suppressions"] = Array{};
    R["baselineState"] = "absent";
    return V;
  }

  /// runs[0].properties: the certification verdict and its counts.
  Value verdict() {
    Verdict V = computeVerdict(Run);
    Array PerRule, NotRun;
    for (const RuleTally &T : V.Rules) {
      Object O{{"id", T.Rule->Id},
               {"level", levelName(T.Lvl)},
               {"mustFix", T.Rule->MustFix},
               {"findings", T.Open},
               {"suppressed", T.Suppressed}};
      if (V.HasBaseline) {
        O["new"] = T.New;
        O["absent"] = T.Absent;
      }
      PerRule.push_back(std::move(O));
    }
    for (const RuleInfo *R : V.MustFixNotRun)
      NotRun.push_back(R->Id);
    Object Counts{{"findings", V.Open},
                  {"suppressed", V.Suppressed},
                  {"mustFixFindings", V.MustFixOpen},
                  {"translationUnitsAnalyzed", V.TusAnalyzed},
                  {"translationUnitsNotAnalyzed", V.TusNotAnalyzed},
                  {"entriesSkipped", V.EntriesSkipped},
                  {"translationUnitsOverBudget", V.TusOverBudget}};
    if (V.HasBaseline) {
      Counts["new"] = V.New;
      Counts["unchanged"] = V.Unchanged;
      Counts["updated"] = V.Updated;
      Counts["absent"] = V.Absent;
    }
    return Object{{"ruleset", V.Ruleset},
                  {"verdict", V.Pass ? "PASS" : "FAIL"},
                  {"verdictReason", V.reason()},
                  {"counts", std::move(Counts)},
                  {"rules", std::move(PerRule)},
                  {"mustFixRulesNotRun", std::move(NotRun)}};
  }

  Value invocation() {
    std::string Cmd;
    for (const std::string &A : Run.CommandLine) {
      if (!Cmd.empty())
        Cmd += ' ';
      bool Quote = A.empty() || A.find_first_of(" \t\"'") != std::string::npos;
      Cmd += Quote ? "\"" + A + "\"" : A;
    }
    Array Notes, ConfigNotes;
    for (const Notification &N : Run.Notifications) {
      Object Note{{"level", levelName(N.Lvl)},
                  {"message", Object{{"text", N.Message}}},
                  {"descriptor",
                   Object{{"id", notificationId(N.K)}, {"index", unsigned(N.K)}}}};
      if (!N.File.empty()) {
        Object Physical{{"artifactLocation", artifactLocation(N.File)}};
        if (N.Line)
          Physical["region"] = region({N.File, N.Line, N.Column ? N.Column : 1});
        Note["locations"] =
            Array{Object{{"physicalLocation", std::move(Physical)}}};
      }
      (isConfigurationNotification(N.K) ? ConfigNotes : Notes)
          .push_back(std::move(Note));
    }
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    std::string CwdUri = fileUri(Cwd);
    if (!llvm::StringRef(CwdUri).ends_with("/"))
      CwdUri += '/';
    return Object{{"commandLine", Cmd},
                  {"workingDirectory", Object{{"uri", CwdUri}}},
                  {"executionSuccessful", Run.complete()},
                  {"toolExecutionNotifications", std::move(Notes)},
                  {"toolConfigurationNotifications", std::move(ConfigNotes)}};
  }

  const RunResult &Run;
  SarifOptions Opts;
  std::string Root;
  SourceFiles Src;
  std::map<llvm::StringRef, size_t> RuleIndex;
  std::map<std::string, size_t> ArtifactIndex;
  Array Artifacts;
  bool UsedOutsideRoot = false;
};

} // namespace

Value buildSarif(const RunResult &Run, const SarifOptions &Opts) {
  return SarifBuilder(Run, Opts).build();
}

void fingerprintFindings(RunResult &Run) {
  for (Finding &F : Run.Findings)
    F.Fingerprint.clear();
  auto Prints = SarifBuilder(Run, {}).fingerprints();
  for (size_t I = 0; I < Run.Findings.size(); ++I)
    std::tie(Run.Findings[I].Fingerprint, Run.Findings[I].LineHash) = Prints[I];
}

std::string resultUri(const RunResult &Run, llvm::StringRef File) {
  return SarifBuilder(Run, {}).uri(File);
}

bool writeSarif(const RunResult &Run, llvm::StringRef Path, std::string &Error,
                const SarifOptions &Opts) {
  Value Log = buildSarif(Run, Opts);
  if (Path == "-") {
    llvm::outs() << llvm::formatv("{0:2}", Log) << "\n";
    llvm::outs().flush();
    return true;
  }
  return writeAtomically(
      Path, [&](llvm::raw_ostream &OS) { OS << llvm::formatv("{0:2}", Log) << "\n"; },
      Error);
}

} // namespace drvcert
