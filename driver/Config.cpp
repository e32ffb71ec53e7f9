//===- Config.cpp - Rulesets and the project file .drvcert.yaml -----------===//
//
// Strict YAML loading in the style of ApiModel.cpp: every problem is thrown
// with the position of the node at fault and comes out as file:line:col.
//
//===----------------------------------------------------------------------===//
#include "Config.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <yaml-cpp/yaml.h>
#include <set>

namespace drvcert {

namespace {

struct EmbeddedRuleset {
  const char *Stem;
  const char *Text;
};
#define DRVCERT_RULESET(Stem, Text) {Stem, Text},
const EmbeddedRuleset BuiltinRulesets[] = {
#include "Rulesets.inc"
};
#undef DRVCERT_RULESET

/// Thrown inside the loader only; carries a position in the file.
struct ConfigError {
  YAML::Mark Mark;
  std::string Message;
};

[[noreturn]] void fail(const YAML::Node &N, std::string Msg) {
  throw ConfigError{N.Mark(), std::move(Msg)};
}

std::string position(llvm::StringRef File, const YAML::Mark &M) {
  int Line = M.is_null() ? 0 : M.line, Col = M.is_null() ? 0 : M.column;
  return File.str() + ":" + std::to_string(Line + 1) + ":" +
         std::to_string(Col + 1);
}

template <typename Range> std::string join(const Range &R, llvm::StringRef Sep) {
  std::string Out;
  for (const auto &S : R) {
    if (!Out.empty())
      Out += Sep;
    Out += llvm::StringRef(S).str();
  }
  return Out;
}

/// A mapping holding only the Known keys, each once.
void checkKeys(const YAML::Node &Map, llvm::ArrayRef<const char *> Known,
               const std::string &What) {
  if (!Map.IsMap())
    fail(Map, What + " must be a mapping");
  std::set<std::string> Seen;
  for (const auto &KV : Map) {
    std::string Key = KV.first.IsScalar() ? KV.first.Scalar() : "";
    if (!llvm::is_contained(Known, Key))
      fail(KV.first, "unknown key '" + Key + "' in " + What +
                         " (expected one of: " + join(Known, ", ") + ")");
    if (!Seen.insert(Key).second)
      fail(KV.first, "duplicate key '" + Key + "' in " + What);
  }
}

std::string str(const YAML::Node &N, const std::string &What) {
  if (!N.IsScalar() || N.Scalar().empty())
    fail(N, What + " must be a non-empty string");
  return N.Scalar();
}

std::string absoluteFrom(llvm::StringRef Dir, llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    P = Dir;
    llvm::sys::path::append(P, Path);
  }
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, true);
  llvm::sys::path::native(P);
  return std::string(P);
}

std::string directoryOf(llvm::StringRef File) {
  return absoluteFrom(".", llvm::sys::path::parent_path(File));
}

void parseChecks(const YAML::Node &N, ConfigLayer &Out) {
  auto Add = [&](const YAML::Node &At, llvm::StringRef Text) {
    llvm::SmallVector<llvm::StringRef, 8> Parts;
    Text.split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts) {
      P = P.trim();
      if (P.empty())
        continue;
      std::vector<const RuleInfo *> Unused;
      std::string Error;
      if (!selectRules(P, Unused, Error))
        fail(At, Error);
      Out.Checks.push_back(P.str());
    }
  };
  if (N.IsScalar()) {
    Add(N, N.Scalar());
    return;
  }
  if (!N.IsSequence())
    fail(N, "'checks' must be a list of globs such as \"banned-*\" or "
            "\"-banned-*\", or one string of comma-separated globs");
  for (const YAML::Node &G : N) {
    if (!G.IsScalar() || G.Scalar().empty())
      fail(G, "each entry of 'checks' must be a glob such as \"banned-*\" or "
              "\"-banned-*\"");
    Add(G, G.Scalar());
  }
}

std::string optionValue(const YAML::Node &V, const RuleOptionInfo &O) {
  std::string What = "option '" + O.Name.str() + "' of rule '" + O.Rule.str() + "'";
  if (!V.IsScalar())
    fail(V, What + " must be a single value");
  const std::string &S = V.Scalar();
  switch (O.Kind) {
  case RuleOptionInfo::Bool:
    if (S != "true" && S != "false")
      fail(V, What + " must be true or false, got '" + S + "'");
    break;
  case RuleOptionInfo::Int: {
    long long I;
    if (llvm::StringRef(S).getAsInteger(10, I))
      fail(V, What + " must be an integer, got '" + S + "'");
    break;
  }
  case RuleOptionInfo::String:
    break;
  }
  return S;
}

void parseRules(const YAML::Node &N, ConfigLayer &Out,
                llvm::ArrayRef<RuleOptionInfo> Known) {
  if (!N.IsMap())
    fail(N, "'rules' must map rule ids to their settings, e.g. "
            "{ banned-string-api: { level: warning } }");
  std::set<std::string> Seen;
  for (const auto &KV : N) {
    std::string Id = KV.first.IsScalar() ? KV.first.Scalar() : "";
    if (!findRule(Id))
      fail(KV.first, "unknown rule '" + Id +
                         "'; run 'drvcert --list-checks' to see the rule ids");
    if (!Seen.insert(Id).second)
      fail(KV.first, "rule '" + Id + "' is configured twice");
    const YAML::Node &S = KV.second;
    if (S.IsNull())
      continue;
    checkKeys(S, {"level", "options"}, "the settings of rule '" + Id + "'");
    if (YAML::Node L = S["level"]) {
      Level Lvl;
      if (!L.IsScalar() || L.Scalar() == "none" || !parseLevel(L.Scalar(), Lvl) ||
          L.Scalar() != levelName(Lvl))
        fail(L, "level of rule '" + Id + "' must be error, warning or note, got '" +
                    (L.IsScalar() ? L.Scalar() : "") + "'");
      Out.Levels[Id] = Lvl;
    }
    if (YAML::Node O = S["options"]) {
      if (!O.IsMap())
        fail(O, "options of rule '" + Id + "' must map option names to values");
      for (const auto &OV : O) {
        std::string Name = OV.first.IsScalar() ? OV.first.Scalar() : "";
        const RuleOptionInfo *Info = nullptr;
        std::vector<std::string> Names;
        for (const RuleOptionInfo &I : Known)
          if (I.Rule == Id) {
            Names.push_back(I.Name.str());
            if (I.Name == Name)
              Info = &I;
          }
        if (!Info)
          fail(OV.first,
               "unknown option '" + Name + "' for rule '" + Id + "'" +
                   (Names.empty() ? ", which has no options"
                                  : " (expected one of: " + join(Names, ", ") + ")"));
        if (Out.Options[Id].count(Name))
          fail(OV.first, "option '" + Name + "' of rule '" + Id + "' is set twice");
        Out.Options[Id][Name] = optionValue(OV.second, *Info);
      }
    }
  }
}

void parseModels(const YAML::Node &N, llvm::StringRef FileName,
                 ConfigLayer &Out) {
  if (!N.IsSequence())
    fail(N, "'models' must be a list of API model files (YAML), relative to "
            "this file");
  for (const YAML::Node &M : N) {
    std::string Path = str(M, "each entry of 'models'");
    std::string Abs = absoluteFrom(directoryOf(FileName), Path);
    if (!llvm::sys::fs::is_regular_file(Abs))
      fail(M, "model file '" + Path + "' does not exist (looked for '" + Abs + "')");
    Out.Models.push_back(Abs);
  }
}

bool readText(llvm::StringRef Path, std::string &Text, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Error = Buf.getError().message();
    return false;
  }
  Text = (*Buf)->getBuffer().str();
  return true;
}

bool looksLikePath(llvm::StringRef Ref) {
  return Ref.contains('/') || Ref.contains('\\') || Ref.ends_with(".yaml") ||
         Ref.ends_with(".yml");
}

/// Loads the ruleset Ref and the ones it inherits, parents first, into Chain.
/// BaseDir resolves a relative path ("" inside a built-in ruleset, which
/// can only inherit built-in ones); RefWhere says where Ref was written.
bool loadRuleset(llvm::StringRef Ref, llvm::StringRef BaseDir,
                 const std::string &RefWhere, std::vector<std::string> &Stack,
                 std::vector<ConfigLayer> &Chain, std::string &File,
                 std::string &Error) {
  std::string Key, Text;
  llvm::StringRef Builtin = builtinRulesetText(Ref);
  File.clear();
  if (!Builtin.empty()) {
    Key = "<builtin>/" + Ref.str() + ".yaml";
    Text = Builtin.str();
  } else {
    std::string Known = join(builtinRulesets(), ", ");
    if (BaseDir.empty() || (!looksLikePath(Ref) &&
                            !llvm::sys::fs::exists(absoluteFrom(BaseDir, Ref)))) {
      Error = RefWhere + ": unknown ruleset '" + Ref.str() +
              "': it is neither a built-in ruleset (" + Known +
              ") nor a ruleset file; name one of those or a YAML file";
      return false;
    }
    Key = File = absoluteFrom(BaseDir, Ref);
    std::string Why;
    if (!readText(Key, Text, Why)) {
      Error = RefWhere + ": cannot read ruleset '" + Ref.str() + "': " + Why;
      return false;
    }
  }
  if (llvm::is_contained(Stack, Key)) {
    Error = RefWhere + ": ruleset inheritance cycle: " + join(Stack, " -> ") +
            " -> " + Key;
    return false;
  }
  ConfigLayer L;
  if (!parseConfig(Text, Key, ConfigKind::Ruleset, L, Error))
    return false;
  if (!L.Inherits.empty()) {
    Stack.push_back(Key);
    std::string ParentFile;
    bool Ok = loadRuleset(L.Inherits, File.empty() ? "" : directoryOf(File),
                          L.InheritsWhere, Stack, Chain, ParentFile, Error);
    Stack.pop_back();
    if (!Ok)
      return false;
  }
  Chain.push_back(std::move(L));
  return true;
}

void apply(const ConfigLayer &L, Config &C) {
  C.Checks.insert(C.Checks.end(), L.Checks.begin(), L.Checks.end());
  for (const auto &KV : L.Levels)
    C.Levels[KV.first] = KV.second;
  for (const auto &R : L.Options)
    for (const auto &O : R.second)
      C.Options[R.first][O.first] = O.second;
  C.Models.insert(C.Models.end(), L.Models.begin(), L.Models.end());
}

std::string currentDir() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  return std::string(Cwd);
}

} // namespace

bool parseConfig(llvm::StringRef Text, llvm::StringRef FileName, ConfigKind Kind,
                 ConfigLayer &Out, std::string &Error,
                 llvm::ArrayRef<RuleOptionInfo> KnownOptions) {
  ConfigLayer L;
  L.File = FileName.str();
  bool Project = Kind == ConfigKind::Project;
  std::string What = Project ? "the project file" : "the ruleset";
  try {
    YAML::Node Root = YAML::Load(Text.str());
    if (!Root.IsMap())
      fail(Root, What + " must be a mapping with 'version: 1'");
    if (Project)
      checkKeys(Root, {"version", "ruleset", "checks", "rules", "models"}, What);
    else
      checkKeys(Root, {"version", "description", "inherits", "checks", "rules"},
                What);
    if (!Root["version"] || Root["version"].Scalar() != "1")
      fail(Root["version"] ? Root["version"] : Root,
           "unsupported or missing 'version' (this drvcert reads version 1)");
    if (YAML::Node D = Root["description"])
      L.Description = str(D, "'description'");
    if (YAML::Node I = Root[Project ? "ruleset" : "inherits"]) {
      L.Inherits = str(I, Project ? "'ruleset'" : "'inherits'");
      L.InheritsWhere = position(FileName, I.Mark());
    }
    if (YAML::Node C = Root["checks"])
      parseChecks(C, L);
    if (YAML::Node R = Root["rules"])
      parseRules(R, L, KnownOptions);
    if (YAML::Node M = Root["models"])
      parseModels(M, FileName, L);
  } catch (const ConfigError &E) {
    Error = position(FileName, E.Mark) + ": " + E.Message;
    return false;
  } catch (const YAML::Exception &E) {
    Error = position(FileName, E.mark) + ": invalid YAML: " + E.msg;
    return false;
  }
  Out = std::move(L);
  return true;
}

std::vector<std::string> builtinRulesets() {
  std::vector<std::string> Names;
  for (const EmbeddedRuleset &R : BuiltinRulesets)
    Names.push_back(R.Stem);
  llvm::sort(Names);
  return Names;
}

llvm::StringRef builtinRulesetText(llvm::StringRef Name) {
  for (const EmbeddedRuleset &R : BuiltinRulesets)
    if (Name == R.Stem)
      return R.Text;
  return "";
}

Level Config::level(const RuleInfo &R) const {
  auto It = Levels.find(R.Id.str());
  return It == Levels.end() ? R.DefaultLevel : It->second;
}

std::string Config::dump() const {
  YAML::Emitter E;
  E << YAML::Comment("the effective drvcert configuration" +
                     (ProjectFile.empty() ? "" : " (project file " + ProjectFile + ")") +
                     "; use it with --config FILE");
  E << YAML::BeginMap;
  E << YAML::Key << "version" << YAML::Value << 1;
  E << YAML::Key << "ruleset" << YAML::Value
    << (RulesetFile.empty() ? Ruleset : RulesetFile);
  E << YAML::Key << "checks" << YAML::Value << YAML::BeginSeq << "-*";
  for (const RuleInfo *R : Rules)
    E << R->Id.str();
  E << YAML::EndSeq;
  E << YAML::Key << "rules" << YAML::Value << YAML::BeginMap;
  for (const RuleInfo *R : Rules) {
    E << YAML::Key << R->Id.str() << YAML::Value << YAML::BeginMap;
    E << YAML::Key << "level" << YAML::Value << levelName(level(*R)).str();
    bool Any = false;
    for (const RuleOptionInfo &O : ruleOptionInfos()) {
      if (O.Rule != R->Id)
        continue;
      if (!Any)
        E << YAML::Key << "options" << YAML::Value << YAML::BeginMap;
      Any = true;
      std::string V = O.Default.str();
      if (auto It = Options.find(R->Id.str()); It != Options.end())
        if (auto OV = It->second.find(O.Name.str()); OV != It->second.end())
          V = OV->second;
      E << YAML::Key << O.Name.str() << YAML::Value << V;
    }
    if (Any)
      E << YAML::EndMap;
    E << YAML::EndMap;
  }
  E << YAML::EndMap;
  E << YAML::Key << "models" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string &M : Models)
    E << M;
  E << YAML::EndSeq;
  E << YAML::EndMap;
  return std::string(E.c_str()) + "\n";
}

bool loadConfig(llvm::StringRef RulesetRef, llvm::StringRef ProjectFile,
                llvm::StringRef Checks, Config &Out, std::string &Error) {
  Config C;
  ConfigLayer Project;
  if (!ProjectFile.empty()) {
    C.ProjectFile = absoluteFrom(".", ProjectFile);
    std::string Text, Why;
    if (!readText(C.ProjectFile, Text, Why)) {
      Error = "cannot read project file '" + ProjectFile.str() + "': " + Why;
      return false;
    }
    if (!parseConfig(Text, C.ProjectFile, ConfigKind::Project, Project, Error))
      return false;
  }
  std::string Ref = RulesetRef.str(), Where = "--ruleset", Base = currentDir();
  if (Ref.empty() && !Project.Inherits.empty()) {
    Ref = Project.Inherits;
    Where = Project.InheritsWhere;
    Base = directoryOf(C.ProjectFile);
  }
  if (Ref.empty())
    Ref = DefaultRuleset;
  std::vector<ConfigLayer> Chain;
  std::vector<std::string> Stack;
  if (!loadRuleset(Ref, Base, Where, Stack, Chain, C.RulesetFile, Error))
    return false;
  C.Ruleset = Ref;
  for (const ConfigLayer &L : Chain)
    apply(L, C);
  apply(Project, C);

  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Checks.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (P.empty())
      continue;
    std::vector<const RuleInfo *> Unused;
    if (!selectRules(P, Unused, Error)) {
      Error = "--checks: " + Error;
      return false;
    }
    C.Checks.push_back(P.str());
  }
  if (!selectRules(join(C.Checks, ","), C.Rules, Error))
    return false;
  Out = std::move(C);
  return true;
}

bool findProjectFile(llvm::ArrayRef<std::string> Sources, std::string &Found,
                     std::string &Error) {
  std::map<std::string, std::string> Nearest; // directory -> project file
  auto Lookup = [&](llvm::StringRef Dir) {
    std::vector<std::string> Walked;
    std::string Result;
    for (llvm::StringRef Cur = Dir; !Cur.empty();
         Cur = llvm::sys::path::parent_path(Cur)) {
      if (auto It = Nearest.find(Cur.str()); It != Nearest.end()) {
        Result = It->second;
        break;
      }
      Walked.push_back(Cur.str());
      llvm::SmallString<256> P(Cur);
      llvm::sys::path::append(P, ProjectFileName);
      if (llvm::sys::fs::is_regular_file(P)) {
        Result = std::string(P);
        break;
      }
    }
    for (const std::string &W : Walked)
      Nearest[W] = Result;
    return Result;
  };
  Found.clear();
  std::string First;
  for (const std::string &S : Sources) {
    std::string F = Lookup(llvm::sys::path::parent_path(S));
    if (First.empty()) {
      First = S;
      Found = F;
    } else if (F != Found) {
      auto Name = [](const std::string &P) {
        return P.empty() ? std::string("no project file") : "'" + P + "'";
      };
      Error = "'" + First + "' is configured by " + Name(Found) + " but '" + S +
              "' by " + Name(F) +
              ", and one run applies one configuration; run drvcert once per "
              "project file, or pick one with --config";
      return false;
    }
  }
  return true;
}

} // namespace drvcert
