//===- Registry.cpp - Factories of every rule, from Checkers.def ----------===//
#include "Registry.h"
#include "KernelIo.h"
#include "objects/ObjectModel.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/StringSet.h"
#include <mutex>

namespace drvcert {

// Each rule's .cpp defines exactly one of these, named after its class.
#define DRVCERT_DECLARE_Ast(Class)                                             \
  std::unique_ptr<AstCheck> create##Class(const RuleInfo &, FindingCollector &);
#define DRVCERT_DECLARE_Path(Class)                                            \
  void register##Class(clang::ento::CheckerRegistry &, const RuleInfo &);
#define DRVCERT_DECLARE_Run(Class)                                             \
  void run##Class(const RuleInfo &, Level, std::vector<Finding> &);
#define DRVCERT_RULE(Id, Family, Class, Eng, ...) DRVCERT_DECLARE_##Eng(Class)
#include "Checkers.def"
#undef DRVCERT_RULE

namespace {
using AstFactory = std::unique_ptr<AstCheck> (*)(const RuleInfo &,
                                                 FindingCollector &);
using PathFactory = void (*)(clang::ento::CheckerRegistry &, const RuleInfo &);
using RunFactory = void (*)(const RuleInfo &, Level, std::vector<Finding> &);
struct Factory {
  const char *Id;
  AstFactory Ast;
  PathFactory Path;
  RunFactory Run;
};
#define DRVCERT_AST_Ast(Class) &create##Class
#define DRVCERT_AST_Path(Class) nullptr
#define DRVCERT_AST_Run(Class) nullptr
#define DRVCERT_PATH_Ast(Class) nullptr
#define DRVCERT_PATH_Path(Class) &register##Class
#define DRVCERT_PATH_Run(Class) nullptr
#define DRVCERT_RUN_Ast(Class) nullptr
#define DRVCERT_RUN_Path(Class) nullptr
#define DRVCERT_RUN_Run(Class) &run##Class
const Factory Factories[] = {
#define DRVCERT_RULE(Id, Family, Class, Eng, ...)                              \
  {Id, DRVCERT_AST_##Eng(Class), DRVCERT_PATH_##Eng(Class),                    \
   DRVCERT_RUN_##Eng(Class)},
#include "Checkers.def"
#undef DRVCERT_RULE
};

const Factory *factoryFor(const RuleInfo &Rule) {
  for (const Factory &F : Factories)
    if (Rule.Id == F.Id)
      return &F;
  return nullptr;
}
} // namespace

llvm::StringRef internString(llvm::StringRef S) {
  // CheckerRegistry keeps StringRefs to names and URIs: they must outlive
  // every analysis, so they live here for the whole process.
  static std::mutex Lock;
  static llvm::StringSet<> Strings;
  std::lock_guard<std::mutex> Guard(Lock);
  return Strings.insert(S).first->getKey();
}

std::unique_ptr<AstCheck> createAstCheck(const RuleInfo &Rule,
                                         FindingCollector &Out) {
  const Factory *F = factoryFor(Rule);
  return F && F->Ast ? F->Ast(Rule, Out) : nullptr;
}

bool needsKernelIoModel(const std::vector<const RuleInfo *> &Rules) {
  // The user-input rules read the kernel I/O model (KernelIo.h).
  for (const RuleInfo *R : Rules)
    if (R->Family == "usermem" || R->Family == "memory" || R->Family == "ioctl" ||
        R->Family == "objects" ||
        R->Family == "primitives")
      return true;
  return false;
}

void runRunRules(const std::vector<const RuleInfo *> &Rules,
                 std::vector<Finding> &Findings,
                 const std::function<Level(const RuleInfo &)> &LevelOf) {
  for (const RuleInfo *R : Rules)
    if (const Factory *F = factoryFor(*R); F && F->Run)
      F->Run(*R, LevelOf(*R), Findings);
}

void registerPathCheckers(clang::ento::CheckerRegistry &Registry,
                          const std::vector<const RuleInfo *> &Rules) {
  if (needsKernelIoModel(Rules))
    kio::registerKernelIoModel(Registry);
  // The objects rules read the process, handle and name model
  // (objects/ObjectModel.h); as their dependency it is enabled with them.
  bool ObjectModel = false;
  for (const RuleInfo *R : Rules)
    ObjectModel |= R->Family == "objects";
  if (ObjectModel)
    obj::registerObjectModel(Registry);
  for (const RuleInfo *R : Rules)
    if (const Factory *F = factoryFor(*R); F && F->Path) {
      F->Path(Registry, *R);
      if (R->Family == "objects")
        Registry.addDependency(internString(R->analyzerCheckerName()),
                               obj::ObjectModelCheckerName);
    }
}

} // namespace drvcert
