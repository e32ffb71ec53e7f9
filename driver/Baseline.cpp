//===- Baseline.cpp -------------------------------------------------------===//
#include "Baseline.h"
#include "Output.h"
#include "llvm/Support/MemoryBuffer.h"
#include <map>
#include <optional>

namespace drvcert {

llvm::StringRef baselineStateName(BaselineState S) {
  switch (S) {
  case BaselineState::New:
    return "new";
  case BaselineState::Unchanged:
    return "unchanged";
  case BaselineState::Updated:
    return "updated";
  case BaselineState::Absent:
    return "absent";
  case BaselineState::None:
    break;
  }
  return "";
}

bool parseBaseline(llvm::StringRef Text, llvm::StringRef Path, Baseline &Out,
                   std::string &Error) {
  auto Log = llvm::json::parse(Text);
  if (!Log) {
    // "[line:col, byte=N]: message"; col is 0 at the start of a line (EOF).
    std::string Msg = llvm::toString(Log.takeError());
    llvm::StringRef M(Msg);
    if (M.consume_front("[")) {
      auto [Line, Col] = M.split(", byte=").first.split(':');
      Error = (Path + ":" + Line + ":" + (Col == "0" ? "1" : Col) +
               ": invalid JSON in the baseline: " + M.split("]: ").second)
                  .str();
    } else
      Error = (Path + ": invalid JSON in the baseline: " + Msg).str();
    return false;
  }
  auto Bad = [&](const std::string &Why) {
    Error = (Path + ": not a usable baseline: " + Why +
             "; pass the SARIF log an earlier drvcert run wrote with -o")
                .str();
    return false;
  };
  const llvm::json::Object *Root = Log->getAsObject();
  const llvm::json::Array *Runs = Root ? Root->getArray("runs") : nullptr;
  if (!Root || Root->getString("version") != "2.1.0" || !Runs)
    return Bad("it is not a SARIF 2.1.0 log (an object with \"version\": "
               "\"2.1.0\" and \"runs\")");
  const llvm::json::Object *Run = nullptr;
  std::string Tools;
  for (const llvm::json::Value &R : *Runs) {
    const llvm::json::Object *O = R.getAsObject();
    const llvm::json::Object *Tool = O ? O->getObject("tool") : nullptr;
    const llvm::json::Object *Driver = Tool ? Tool->getObject("driver") : nullptr;
    llvm::StringRef Name = Driver ? Driver->getString("name").value_or("") : "";
    if (Name == "drvcert") {
      Run = O;
      break;
    }
    Tools += (Tools.empty() ? "" : ", ") + (Name.empty() ? "?" : Name.str());
  }
  if (!Run)
    return Bad("it holds no drvcert run" +
               (Tools.empty() ? std::string() : " (runs of: " + Tools + ")"));
  const llvm::json::Array *Results = Run->getArray("results");
  if (!Results)
    return Bad("its drvcert run has no \"results\" array");
  Baseline B;
  B.Path = Path.str();
  for (size_t I = 0; I < Results->size(); ++I) {
    const llvm::json::Object *O = (*Results)[I].getAsObject();
    if (!O || !O->getString("ruleId"))
      return Bad("result " + std::to_string(I) + " has no \"ruleId\"");
    if (O->getString("baselineState") == "absent")
      continue; // already gone in that run
    BaselineResult R;
    R.RuleId = O->getString("ruleId")->str();
    R.Level = O->getString("level").value_or("warning").str();
    if (const llvm::json::Object *M = O->getObject("message"))
      R.Message = M->getString("text").value_or("").str();
    if (const llvm::json::Array *Locs = O->getArray("locations"))
      if (!Locs->empty())
        if (const llvm::json::Object *L = Locs->front().getAsObject())
          if (const llvm::json::Object *P = L->getObject("physicalLocation"))
            if (const llvm::json::Object *A = P->getObject("artifactLocation"))
              R.Uri = A->getString("uri").value_or("").str();
    if (const llvm::json::Object *F = O->getObject("partialFingerprints")) {
      R.Fingerprint = F->getString("drvcert/v1").value_or("").str();
      R.LineHash = F->getString("primaryLocationLineHash").value_or("").str();
    }
    R.Json = *O;
    B.Results.push_back(std::move(R));
  }
  Out = std::move(B);
  return true;
}

bool loadBaseline(llvm::StringRef Path, Baseline &Out, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Error = ("cannot read baseline '" + Path + "': " + Buf.getError().message())
                .str();
    return false;
  }
  return parseBaseline((*Buf)->getBuffer(), Path, Out, Error);
}

void applyBaseline(RunResult &Run, const Baseline &B) {
  using Key = std::pair<std::string, std::string>;
  std::multimap<Key, size_t> ByFingerprint, ByLine;
  for (size_t I = 0; I < B.Results.size(); ++I) {
    const BaselineResult &R = B.Results[I];
    if (!R.Fingerprint.empty())
      ByFingerprint.insert({{R.RuleId, R.Fingerprint}, I});
    if (!R.LineHash.empty())
      ByLine.insert({{R.RuleId, R.Uri + '\0' + R.LineHash}, I});
  }
  std::vector<bool> Used(B.Results.size());
  auto Take = [&](const std::multimap<Key, size_t> &Map,
                  const Key &K) -> std::optional<size_t> {
    auto Range = Map.equal_range(K);
    for (auto It = Range.first; It != Range.second; ++It)
      if (!Used[It->second]) {
        Used[It->second] = true;
        return It->second;
      }
    return std::nullopt;
  };
  for (Finding &F : Run.Findings) {
    F.Baseline = BaselineState::New;
    if (F.Fingerprint.empty())
      continue;
    if (auto I = Take(ByFingerprint, {F.RuleId, F.Fingerprint})) {
      const BaselineResult &R = B.Results[*I];
      F.Baseline = R.Level == levelName(F.Lvl) && R.Message == F.Message
                       ? BaselineState::Unchanged
                       : BaselineState::Updated;
    }
  }
  for (Finding &F : Run.Findings)
    if (F.Baseline == BaselineState::New && !F.LineHash.empty() &&
        Take(ByLine,
             {F.RuleId, resultUri(Run, F.Where.File) + '\0' + F.LineHash}))
      F.Baseline = BaselineState::Updated;
  Run.HasBaseline = true;
  Run.AbsentResults.clear();
  for (size_t I = 0; I < B.Results.size(); ++I)
    if (!Used[I])
      Run.AbsentResults.push_back(B.Results[I].Json);
}

} // namespace drvcert
