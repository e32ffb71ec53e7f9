//===- Suppressions.cpp - In-source suppressions of findings --------------===//
//
// Files are read with Clang's raw lexer, so a suppression inside a string
// literal is not one, and comments are found wherever C allows them.
//
//===----------------------------------------------------------------------===//
#include "Suppressions.h"
#include "SourceFiles.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include <map>
#include <set>

namespace drvcert {

namespace {

const std::string Marker = "drvcert-suppress";

std::string idList(llvm::ArrayRef<std::string> Ids) {
  return llvm::join(Ids, ", ");
}

/// Collapses runs of whitespace (a justification may span comment lines).
std::string collapse(llvm::StringRef S) {
  std::string Out;
  for (llvm::StringRef W : llvm::split(S, ' '))
    for (llvm::StringRef Part : llvm::split(W, '\n')) {
      Part = Part.trim(" \t\r*");
      if (Part.empty())
        continue;
      if (!Out.empty())
        Out += ' ';
      Out += Part.str();
    }
  return Out;
}

class Scanner {
public:
  Scanner(llvm::StringRef File, std::vector<SuppressionDirective> &Out,
          std::vector<SuppressionProblem> &Problems)
      : File(File), Out(Out), Problems(Problems) {}

  void scan(llvm::StringRef Text) {
    clang::SourceManagerForFile SMF(File, Text);
    clang::SourceManager &SM = SMF.get();
    clang::FileID FID = SM.getMainFileID();
    clang::LangOptions LO;
    LO.CPlusPlus = LO.CPlusPlus11 = LO.CPlusPlus14 = 1; // raw strings, digit separators
    LO.LineComment = 1;
    LO.MicrosoftExt = 1;
    clang::Lexer L(FID, SM.getBufferOrFake(FID), SM, LO);
    L.SetCommentRetentionState(true);
    clang::Token Tok;
    unsigned PragmaLine = 0;
    for (;;) {
      L.LexFromRawLexer(Tok);
      if (Tok.is(clang::tok::eof))
        break;
      clang::SourceLocation B = Tok.getLocation(), E = Tok.getEndLoc();
      unsigned Line = SM.getSpellingLineNumber(B);
      if (Tok.is(clang::tok::comment)) {
        SourceSpan S{File.str(), Line, SM.getSpellingColumnNumber(B),
                     SM.getSpellingLineNumber(E), SM.getSpellingColumnNumber(E)};
        comment(llvm::StringRef(SM.getCharacterData(B), Tok.getLength()), S,
                /*Trailing=*/LastCodeLine == Line);
        continue;
      }
      if (Line == PragmaLine)
        continue; // the rest of a suppression pragma
      if (Tok.is(clang::tok::hash) && Tok.isAtStartOfLine()) {
        llvm::StringRef Rest(SM.getCharacterData(B));
        Rest = Rest.take_until([](char C) { return C == '\n'; });
        SourceSpan S{File.str(), Line, SM.getSpellingColumnNumber(B), Line,
                     SM.getSpellingColumnNumber(B) + unsigned(Rest.rtrim().size())};
        if (pragma(Rest, S)) {
          PragmaLine = Line;
          continue;
        }
      }
      code(Line);
      LastCodeLine = SM.getSpellingLineNumber(E);
    }
    for (const Open &O : OpenBlocks)
      problem(O.Where, "'" + Marker + "-begin(" + idList(O.Written) +
                           ")' has no matching '" + Marker + "-end(" +
                           idList(O.Written) +
                           ")', so it suppresses nothing; close the block "
                           "with '// " + Marker + "-end(" + idList(O.Written) +
                           ")'");
  }

private:
  struct Open {
    std::vector<std::string> Written; // as written, sorted
    SuppressionDirective D;
    bool Valid;
    SourceSpan Where;
  };

  void problem(const SourceSpan &Where, std::string Message) {
    Problems.push_back({Where, std::move(Message)});
  }

  /// A line of code: the own-line suppressions above cover it.
  void code(unsigned Line) {
    for (SuppressionDirective &D : Pending) {
      D.FirstLine = D.LastLine = Line;
      Out.push_back(std::move(D));
    }
    Pending.clear();
  }

  void comment(llvm::StringRef Text, const SourceSpan &Where, bool Trailing) {
    llvm::StringRef Body = Text;
    if (!Body.consume_front("//") && Body.consume_front("/*"))
      Body.consume_back("*/");
    Body = Body.ltrim("/*! \t");
    if (!Body.consume_front(Marker))
      return;
    enum { Single, Begin, End } Kind = Single;
    if (Body.consume_front("-begin"))
      Kind = Begin;
    else if (Body.consume_front("-end"))
      Kind = End;
    if (!Body.empty() && (llvm::isAlnum(Body[0]) || Body[0] == '-' || Body[0] == '_'))
      return; // another word that starts like ours
    std::string Form = Marker + (Kind == Begin ? "-begin" : Kind == End ? "-end" : "");
    Body = Body.ltrim();
    size_t Close = Body.find(')');
    std::vector<std::string> Written;
    if (Body.consume_front("(") && Close != llvm::StringRef::npos)
      for (llvm::StringRef Id : llvm::split(Body.take_until([](char C) { return C == ')'; }), ','))
        if (!Id.trim().empty())
          Written.push_back(Id.trim().str());
    if (Written.empty()) {
      problem(Where, "malformed suppression comment, so it suppresses nothing; "
                     "write '// " + Form + "(rule-id)" + (Kind == End ? "" : ": justification") + "'");
      return;
    }
    llvm::sort(Written);
    llvm::StringRef Rest = Body.drop_until([](char C) { return C == ')'; }).drop_front().ltrim();

    if (Kind == End) {
      auto It = std::find_if(OpenBlocks.rbegin(), OpenBlocks.rend(),
                             [&](const Open &O) { return O.Written == Written; });
      if (It == OpenBlocks.rend()) {
        problem(Where, "'" + Form + "(" + idList(Written) + ")' has no matching '" +
                           Marker + "-begin(" + idList(Written) +
                           ")' above it, so it ends nothing; remove it or add the begin");
        return;
      }
      if (It->Valid) {
        It->D.LastLine = Where.Line;
        Out.push_back(std::move(It->D));
      }
      OpenBlocks.erase(std::next(It).base());
      return;
    }

    SuppressionDirective D;
    D.F = Kind == Begin ? SuppressionDirective::Block : SuppressionDirective::Comment;
    D.Where = Where;
    bool Valid = true;
    if (!Rest.consume_front(":") || (D.Justification = collapse(Rest)).empty()) {
      problem(Where, "suppression of '" + idList(Written) +
                         "' has no justification, so it suppresses nothing and "
                         "no reviewer can tell why the finding is safe; write "
                         "the reason after a colon: '// " + Form + "(" +
                         idList(Written) + "): reason'");
      Valid = false;
    }
    for (const std::string &Id : Written) {
      if (findRule(Id))
        D.Rules.push_back(Id);
      else
        problem(Where, "suppression names unknown rule '" + Id +
                           "', so it suppresses nothing; use a rule id from "
                           "'drvcert --list-checks'");
    }
    Valid &= !D.Rules.empty();
    if (Kind == Begin) {
      D.FirstLine = Where.Line;
      OpenBlocks.push_back({Written, std::move(D), Valid, Where});
    } else if (Valid && Trailing) {
      D.FirstLine = D.LastLine = Where.Line;
      Out.push_back(std::move(D));
    } else if (Valid) {
      Pending.push_back(std::move(D));
    }
  }

  /// '#pragma warning(suppress: N ...)' or '#pragma prefast(suppress: N,
  /// "reason")': pending for the next line of code. False for any other
  /// directive.
  bool pragma(llvm::StringRef Line, const SourceSpan &Where) {
    llvm::StringRef S = Line.trim();
    if (!S.consume_front("#"))
      return false;
    S = S.ltrim();
    if (!S.consume_front("pragma") || S.empty() || !llvm::isSpace(S[0]))
      return false;
    S = S.ltrim();
    bool Prefast = S.consume_front("prefast");
    if (!Prefast && !S.consume_front("warning"))
      return false;
    S = S.ltrim();
    if (!S.consume_front("("))
      return false;
    S = S.substr(0, S.rfind(')'));
    SuppressionDirective D;
    D.F = SuppressionDirective::Pragma;
    D.Where = Where;
    for (llvm::StringRef Spec : llvm::split(S, Prefast ? '\0' : ';')) {
      Spec = Spec.trim();
      if (!Spec.consume_front("suppress"))
        continue;
      Spec = Spec.ltrim();
      if (!Spec.consume_front(":"))
        continue;
      auto [Numbers, Reason] = Spec.split(',');
      llvm::SmallVector<llvm::StringRef, 4> Words;
      Numbers.split(Words, ' ', -1, false);
      for (llvm::StringRef W : Words) {
        unsigned N;
        if (!W.trim().getAsInteger(10, N))
          D.Numbers.push_back(N);
      }
      Reason = Reason.trim();
      if (Prefast && Reason.consume_front("\""))
        D.Justification = Reason.take_until([](char C) { return C == '"'; }).str();
    }
    if (D.Numbers.empty())
      return false;
    Pending.push_back(std::move(D));
    return true;
  }

  llvm::StringRef File;
  std::vector<SuppressionDirective> &Out;
  std::vector<SuppressionProblem> &Problems;
  std::vector<SuppressionDirective> Pending; // own-line, waiting for code
  std::vector<Open> OpenBlocks;
  unsigned LastCodeLine = 0;
};

bool mapsTo(const RuleInfo &R, llvm::ArrayRef<unsigned> Numbers) {
  for (llvm::StringRef W : llvm::split(R.CaWarnings, ',')) {
    unsigned N;
    if (!W.trim().getAsInteger(10, N) && llvm::is_contained(Numbers, N))
      return true;
  }
  return false;
}

std::string realPath(llvm::StringRef P) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(P, Real))
    return P.str();
  return std::string(Real);
}

} // namespace

void scanSuppressions(llvm::StringRef Text, llvm::StringRef File,
                      std::vector<SuppressionDirective> &Out,
                      std::vector<SuppressionProblem> &Problems) {
  // A file in an encoding Clang does not read (a UTF-16 or UTF-32 byte
  // order mark: Visual Studio can save sources so) has no finding to
  // suppress, as no TU over it parses; and Clang's SourceManager would
  // report the mark through a diagnostics engine this scan does not have.
  if (clang::SrcMgr::ContentCache::getInvalidBOM(Text))
    return;
  Scanner(File, Out, Problems).scan(Text);
}

void applySuppressions(RunResult &Run) {
  // Findings name files by their canonical path, TUs by the database's.
  std::map<std::string, std::vector<Finding *>> ByFile;
  std::set<std::string> Files;
  for (const TuResult &Tu : Run.Tus)
    if (Tu.Analyzed)
      Files.insert(realPath(Tu.File));
  for (Finding &F : Run.Findings) {
    std::string P = realPath(F.Where.File);
    Files.insert(P);
    ByFile[P].push_back(&F);
  }
  std::set<llvm::StringRef> Enabled;
  for (const RuleInfo *R : Run.Rules)
    Enabled.insert(R->Id);

  SourceFiles Src;
  std::vector<Notification> Notes;
  auto Note = [&](Notification::Kind K, const SourceSpan &S, std::string Msg) {
    Notification N{K, Level::Warning, std::move(Msg), S.File};
    N.Line = S.Line;
    N.Column = S.Column;
    Notes.push_back(std::move(N));
  };
  for (const std::string &File : Files) {
    llvm::StringRef Text = Src.text(File);
    if (Text.empty())
      continue;
    std::vector<SuppressionDirective> Ds;
    std::vector<SuppressionProblem> Problems;
    scanSuppressions(Text, File, Ds, Problems);
    for (const SuppressionProblem &P : Problems)
      Note(Notification::SuppressionInvalid, P.Where, P.Message);
    std::vector<std::set<std::string>> Used(Ds.size());
    for (Finding *F : ByFile[File]) {
      const RuleInfo *R = findRule(F->RuleId);
      for (size_t I = 0; I < Ds.size(); ++I) {
        const SuppressionDirective &D = Ds[I];
        if (F->Where.Line < D.FirstLine || F->Where.Line > D.LastLine)
          continue;
        if (D.F == SuppressionDirective::Pragma
                ? !(R && mapsTo(*R, D.Numbers))
                : !llvm::is_contained(D.Rules, F->RuleId))
          continue;
        F->Suppressions.push_back({D.Justification, D.Where});
        Used[I].insert(F->RuleId);
      }
    }
    for (size_t I = 0; I < Ds.size(); ++I)
      if (Ds[I].F != SuppressionDirective::Pragma)
        for (const std::string &Id : Ds[I].Rules)
          if (Enabled.count(Id) && !Used[I].count(Id))
            Note(Notification::SuppressionUnused, Ds[I].Where,
                 "suppression of '" + Id +
                     "' matched no finding, so it would silently hide a "
                     "future one; remove it");
  }
  llvm::stable_sort(Notes, [](const Notification &A, const Notification &B) {
    return std::tie(A.File, A.Line, A.Column) < std::tie(B.File, B.Line, B.Column);
  });
  for (Notification &N : Notes)
    Run.Notifications.push_back(std::move(N));
}

} // namespace drvcert
