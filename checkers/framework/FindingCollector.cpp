//===- FindingCollector.cpp -----------------------------------------------===//
#include "FindingCollector.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclObjC.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace drvcert {

SourceSpan toSpan(const SourceManager &SM, const LangOptions &LO,
                  SourceRange R) {
  SourceSpan S;
  if (R.isInvalid())
    return S;
  CharSourceRange CR = SM.getExpansionRange(R);
  SourceLocation B = CR.getBegin();
  SourceLocation E = CR.getEnd();
  if (B.isInvalid() || !B.isFileID())
    return S;
  FileID FID = SM.getFileID(B);
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return S;
  S.File = SM.getFileManager().getCanonicalName(*FE).str();
  S.Line = SM.getSpellingLineNumber(B);
  S.Column = SM.getSpellingColumnNumber(B);
  // End of the last token, exclusive, on the same file; else the begin.
  if (E.isValid() && E.isFileID() && SM.getFileID(E) == FID) {
    SourceLocation After =
        CR.isTokenRange() ? Lexer::getLocForEndOfToken(E, 0, SM, LO) : E;
    if (After.isInvalid())
      After = E;
    S.EndLine = SM.getSpellingLineNumber(After);
    S.EndColumn = SM.getSpellingColumnNumber(After);
  }
  if (S.EndLine < S.Line || (S.EndLine == S.Line && S.EndColumn <= S.Column)) {
    S.EndLine = S.Line;
    S.EndColumn = S.Column + 1;
  }
  return S;
}

std::string normalizedCode(const SourceManager &SM, const LangOptions &LO,
                           SourceRange R) {
  if (R.isInvalid())
    return "";
  CharSourceRange CR = SM.getExpansionRange(R);
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(CR, SM, LO, &Invalid);
  if (Invalid)
    return "";
  std::string Out;
  for (char C : Text.take_front(4096))
    if (!llvm::isSpace(C))
      Out.push_back(C);
  return Out;
}

std::string functionName(const Decl *D) {
  for (const DeclContext *DC = D ? (isa<DeclContext>(D) ? cast<DeclContext>(D)
                                                        : D->getDeclContext())
                                 : nullptr;
       DC; DC = DC->getParent())
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      return FD->getQualifiedNameAsString();
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
    return ND->getQualifiedNameAsString();
  return "";
}

bool FindingCollector::inSystemHeader(const SourceManager &SM,
                                      SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  return SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

bool FindingCollector::report(const RuleInfo &Rule, const SourceManager &SM,
                              const LangOptions &LO, SourceRange Where,
                              std::string Message, const Decl *Function,
                              std::vector<FlowStep> Flow,
                              std::vector<std::pair<std::string, std::string>> Properties) {
  if (inSystemHeader(SM, Where.getBegin()))
    return false;
  Finding F;
  F.Where = toSpan(SM, LO, Where);
  if (!F.Where.valid())
    return false;
  F.RuleId = Rule.Id.str();
  F.Lvl = Rule.DefaultLevel;
  F.Message = std::move(Message);
  F.Flow = std::move(Flow);
  F.Properties = std::move(Properties);
  F.Function = functionName(Function);
  F.SinkCode = normalizedCode(SM, LO, Where);
  Findings.push_back(std::move(F));
  return true;
}

} // namespace drvcert
