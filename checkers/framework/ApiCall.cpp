//===- ApiCall.cpp --------------------------------------------------------===//
#include "ApiCall.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace drvcert {

std::optional<ApiCall> resolveApiCall(const FunctionDecl *FD,
                                      SourceLocation Loc,
                                      const SourceManager &SM,
                                      const LangOptions &LO) {
  const ApiModel &Model = ApiModel::global();
  const ApiFunction *Api = Model.lookup(FD);
  if (!Api)
    return std::nullopt;
  ApiCall Call{Api, Api->Name};
  // Walk out of the macros the call was written through; keep the outermost
  // one the model knows by name.
  for (SourceLocation L = Loc; L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L)) {
    StringRef Macro = Lexer::getImmediateMacroName(L, SM, LO);
    if (!Macro.empty() && Model.hasName(Macro))
      Call.WrittenName = Macro.str();
  }
  return Call;
}

std::optional<ApiCall> resolveApiCall(const CallExpr *CE,
                                      const SourceManager &SM,
                                      const LangOptions &LO) {
  if (!CE)
    return std::nullopt;
  return resolveApiCall(CE->getDirectCallee(), CE->getBeginLoc(), SM, LO);
}

std::optional<int64_t> constantValue(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

} // namespace drvcert
