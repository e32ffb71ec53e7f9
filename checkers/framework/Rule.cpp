//===- Rule.cpp - The rule table built from Checkers.def ------------------===//
#include "Rule.h"
#include "DrvcertConfig.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include <algorithm>

namespace drvcert {

namespace {
struct EmbeddedDoc {
  const char *Stem;
  const char *Text;
};
#define DRVCERT_DOC(Stem, Text) {Stem, Text},
const EmbeddedDoc Docs[] = {
#include "RuleDocs.inc"
};
#undef DRVCERT_DOC

const RuleInfo Rules[] = {
#define DRVCERT_RULE(Id, Family, Class, Eng, Lvl, Cwes, Precision, SecSev,     \
                     MustFix, CaWarnings, Summary)                             \
  {Id,     #Family,    #Class,     Engine::Eng, Level::Lvl, Cwes,              \
   Precision, SecSev, MustFix,     CaWarnings, Summary},
#include "Checkers.def"
#undef DRVCERT_RULE
};
} // namespace

llvm::StringRef levelName(Level L) {
  switch (L) {
  case Level::Error:
    return "error";
  case Level::Warning:
    return "warning";
  case Level::Note:
    return "note";
  case Level::None:
    return "none";
  }
  return "none";
}

bool parseLevel(llvm::StringRef S, Level &Out) {
  for (Level L : {Level::None, Level::Note, Level::Warning, Level::Error})
    if (S.equals_insensitive(levelName(L))) {
      Out = L;
      return true;
    }
  return false;
}

bool operator<(const Finding &A, const Finding &B) {
  return std::tie(A.Where.File, A.Where.Line, A.Where.Column, A.RuleId,
                  A.Message, A.Where.EndLine, A.Where.EndColumn) <
         std::tie(B.Where.File, B.Where.Line, B.Where.Column, B.RuleId,
                  B.Message, B.Where.EndLine, B.Where.EndColumn);
}

std::string RuleInfo::name() const {
  llvm::StringRef N = ClassName;
  if (!N.consume_back("Checker") && !N.consume_back("Summary"))
    N.consume_back("Check");
  return N.str();
}

std::string RuleInfo::analyzerCheckerName() const {
  return ("drvcert." + Family + "." + name()).str();
}

std::string RuleInfo::docPath() const {
  return ("checkers/" + Family + "/" + Id + ".md").str();
}

std::string RuleInfo::helpUri() const {
  return std::string(DRVCERT_HOMEPAGE) + "/blob/" + DRVCERT_DOCS_REF + "/" +
         docPath();
}

llvm::StringRef RuleInfo::doc() const {
  for (const EmbeddedDoc &D : Docs)
    if (Id == D.Stem)
      return D.Text;
  return "";
}

llvm::SmallVector<unsigned, 4> RuleInfo::cweList() const {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  llvm::SmallVector<unsigned, 4> Out;
  Cwes.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    unsigned N;
    if (!P.trim().getAsInteger(10, N))
      Out.push_back(N);
  }
  return Out;
}

llvm::ArrayRef<RuleInfo> allRules() { return Rules; }

namespace {
/// Rule options, sorted by rule and name:
///   {"rule-id", "name", RuleOptionInfo::Int, "default", "what it does"},
const std::vector<RuleOptionInfo> RuleOptions = {};

std::map<std::string, std::map<std::string, std::string>> &optionValues() {
  static std::map<std::string, std::map<std::string, std::string>> Values;
  return Values;
}
} // namespace

llvm::ArrayRef<RuleOptionInfo> ruleOptionInfos() { return RuleOptions; }

std::string ruleOption(llvm::StringRef Rule, llvm::StringRef Name) {
  auto R = optionValues().find(Rule.str());
  if (R != optionValues().end()) {
    auto V = R->second.find(Name.str());
    if (V != R->second.end())
      return V->second;
  }
  for (const RuleOptionInfo &O : RuleOptions)
    if (O.Rule == Rule && O.Name == Name)
      return O.Default.str();
  return "";
}

void setRuleOptions(
    std::map<std::string, std::map<std::string, std::string>> V) {
  optionValues() = std::move(V);
}

const RuleInfo *findRule(llvm::StringRef Id) {
  for (const RuleInfo &R : Rules)
    if (R.Id == Id)
      return &R;
  return nullptr;
}

const RuleInfo *findRuleByAnalyzerName(llvm::StringRef CheckerName) {
  for (const RuleInfo &R : Rules)
    if (R.Eng == Engine::Path && R.analyzerCheckerName() == CheckerName)
      return &R;
  return nullptr;
}

bool selectRules(llvm::StringRef Globs, std::vector<const RuleInfo *> &Out,
                 std::string &Error) {
  std::vector<bool> On(std::size(Rules), false);
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (P.empty())
      continue;
    bool Enable = !P.consume_front("-");
    auto Pat = llvm::GlobPattern::create(P);
    if (!Pat) {
      Error = "invalid rule glob '" + P.str() + "': " +
              llvm::toString(Pat.takeError());
      return false;
    }
    bool Any = false;
    for (size_t I = 0; I < std::size(Rules); ++I)
      if (Pat->match(Rules[I].Id)) {
        On[I] = Enable;
        Any = true;
      }
    if (!Any) {
      Error = "'" + P.str() + "' matches no rule; run --list-checks to see them";
      return false;
    }
  }
  Out.clear();
  for (size_t I = 0; I < std::size(Rules); ++I)
    if (On[I])
      Out.push_back(&Rules[I]);
  return true;
}

} // namespace drvcert
