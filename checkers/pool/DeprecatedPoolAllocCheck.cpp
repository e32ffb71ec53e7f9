//===- DeprecatedPoolAllocCheck.cpp - deprecated-pool-alloc ---------------===//
//
// Rule deprecated-pool-alloc (doc: deprecated-pool-alloc.md). Reports calls to
// the ExAllocatePool* routines that the API model marks deprecated; when the
// POOL_TYPE argument is a constant executable non-paged pool type, says so.
//
//===----------------------------------------------------------------------===//
#include "ApiCall.h"
#include "AstCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace drvcert {
namespace {

/// POOL_TYPE values: bit 0 set = paged, bit 0x200 set = NX non-paged. The
/// rest (NonPagedPool, NonPagedPoolMustSucceed, NonPagedPoolCacheAligned,
/// NonPagedPoolSession ...) is executable non-paged pool.
bool isExecutablePoolType(int64_t V) {
  constexpr int64_t PagedBit = 0x1, NxBit = 0x200;
  return V >= 0 && !(V & PagedBit) && !(V & NxBit);
}

class DeprecatedPoolAllocCheck final : public AstCheck {
public:
  using AstCheck::AstCheck;

  void registerMatchers(MatchFinder &Finder) override {
    Finder.addMatcher(callsOutsideSystemHeaders(), this);
  }

  void check(const MatchFinder::MatchResult &R) override {
    const auto *CE = R.Nodes.getNodeAs<CallExpr>("call");
    auto Call = resolveApiCall(CE, *R.SourceManager, R.Context->getLangOpts());
    if (!Call || !Call->Api->DeprecatedUseInstead || !Call->Api->Pool)
      return;
    const std::string &UseInstead = *Call->Api->DeprecatedUseInstead;
    std::string Msg;
    int PoolArg = Call->Api->Pool->PoolTypeArg;
    std::optional<int64_t> PoolType;
    if (PoolArg >= 0 && unsigned(PoolArg) < CE->getNumArgs())
      PoolType = constantValue(CE->getArg(PoolArg), *R.Context);
    if (PoolType && isExecutablePoolType(*PoolType))
      Msg = "'" + Call->WrittenName +
            "' allocates executable NonPagedPool memory, which lets an "
            "attacker run injected code and fails HVCI; use '" +
            UseInstead + "' with POOL_FLAG_NON_PAGED";
    else
      Msg = "'" + Call->WrittenName +
            "' is deprecated and returns uninitialized pool memory that can "
            "leak kernel data to callers; use '" +
            UseInstead + "', which zeroes the allocation";
    report(R, CE->getSourceRange(), std::move(Msg),
           R.Nodes.getNodeAs<FunctionDecl>("fn"));
  }
};

} // namespace

std::unique_ptr<AstCheck> createDeprecatedPoolAllocCheck(const RuleInfo &Rule,
                                                         FindingCollector &Out) {
  return std::make_unique<DeprecatedPoolAllocCheck>(Rule, Out);
}

} // namespace drvcert
