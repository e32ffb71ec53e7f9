//===- Expectations.cpp ---------------------------------------------------===//
#include "Expectations.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"
#include <regex>

namespace drvcert::test {

TestSpec parseTestSpec(llvm::StringRef Source) {
  TestSpec Spec;
  static const std::regex Expect(
      R"(expected-(error|warning|remark|note|property|related)(@([+-]?)(\d+))?\s*\{\{(.*?)\}\})");
  unsigned LineNo = 0;
  for (llvm::StringRef Line : llvm::split(Source, '\n')) {
    ++LineNo;
    llvm::StringRef T = Line.trim();
    if (T.consume_front("// drvcert-test:")) {
      llvm::SmallVector<llvm::StringRef, 4> Words;
      T.split(Words, ' ', -1, false);
      for (llvm::StringRef W : Words) {
        if (W.consume_front("rules="))
          Spec.Rules = W.str();
        else if (W == "notes")
          Spec.CheckNotes = true;
        else
          Spec.Errors.push_back("line " + std::to_string(LineNo) +
                                ": unknown drvcert-test key '" + W.str() + "'");
      }
      continue;
    }
    if (T.consume_front("// drvcert-test-primitive-rules:")) {
      llvm::SmallVector<llvm::StringRef, 4> Ids;
      T.split(Ids, ',', -1, false);
      for (llvm::StringRef Id : Ids)
        Spec.PrimitiveRules.push_back(Id.trim().str());
      continue;
    }
    if (T.consume_front("// drvcert-test-model:")) {
      Spec.Models.push_back(T.trim().str());
      continue;
    }
    if (T.consume_front("// drvcert-test-args:")) {
      llvm::BumpPtrAllocator A;
      llvm::StringSaver S(A);
      llvm::SmallVector<const char *, 8> Argv;
      llvm::cl::TokenizeGNUCommandLine(T, S, Argv);
      Spec.Args.insert(Spec.Args.end(), Argv.begin(), Argv.end());
      continue;
    }
    std::string L = Line.str();
    for (std::sregex_iterator It(L.begin(), L.end(), Expect), End; It != End;
         ++It) {
      const std::smatch &M = *It;
      Expectation E;
      E.DeclaredOn = LineNo;
      std::string Kind = M[1];
      E.IsNote = Kind == "note";
      if (Kind == "property")
        E.Kind = Expectation::Property;
      else if (Kind == "related")
        E.Kind = Expectation::Related;
      E.Lvl = Kind == "error"     ? Level::Error
              : Kind == "warning" ? Level::Warning
                                  : Level::Note;
      E.Line = LineNo;
      if (M[2].matched) {
        unsigned N = std::stoul(M[4]);
        if (M[3] == "+")
          E.Line = LineNo + N;
        else if (M[3] == "-")
          E.Line = LineNo - N;
        else
          E.Line = N;
      }
      E.Substring = M[5];
      if (E.Substring.empty())
        Spec.Errors.push_back("line " + std::to_string(LineNo) +
                              ": empty expectation");
      Spec.Expected.push_back(std::move(E));
    }
  }
  if (Spec.Rules.empty())
    Spec.Errors.push_back("missing '// drvcert-test: rules=...' line");
  return Spec;
}

namespace {
llvm::StringRef word(Level L) { return L == Level::Note ? "remark" : levelName(L); }

struct Actual {
  bool IsNote;
  Level Lvl;
  std::string File;
  unsigned Line;
  std::string Message;
  bool Matched = false;
};
} // namespace

std::vector<std::string> compare(const TestSpec &Spec,
                                 const std::vector<Finding> &Findings,
                                 llvm::StringRef MainFile) {
  std::vector<std::string> Problems = Spec.Errors;
  std::vector<Actual> Got;
  for (const Finding &F : Findings) {
    Got.push_back({false, F.Lvl, F.Where.File, F.Where.Line,
                   F.Message + " [" + F.RuleId + "]"});
    if (Spec.CheckNotes)
      for (const FlowStep &S : F.Flow)
        Got.push_back({true, Level::Note, S.Where.File, S.Where.Line, S.Message});
  }
  for (const Expectation &E : Spec.Expected) {
    if (E.Kind != Expectation::Finding) {
      // A property or related location of some finding on that line.
      bool Found = false;
      for (const Finding &F : Findings) {
        if (F.Where.Line != E.Line || F.Where.File != MainFile)
          continue;
        if (E.Kind == Expectation::Property) {
          llvm::StringRef Key, Value;
          std::tie(Key, Value) = llvm::StringRef(E.Substring).split('=');
          for (const auto &KV : F.Properties)
            Found |= KV.first == Key && KV.second == Value;
        } else {
          for (const RelatedLocation &L : F.Related)
            Found |= ("line " + std::to_string(L.Where.Line) + ": " + L.Message)
                         .find(E.Substring) != std::string::npos;
        }
      }
      if (!Found) {
        std::string Have;
        for (const Finding &F : Findings)
          if (F.Where.Line == E.Line && F.Where.File == MainFile) {
            for (const auto &KV : F.Properties)
              Have += " " + KV.first + "=" + KV.second;
            for (const RelatedLocation &L : F.Related)
              Have += " [line " + std::to_string(L.Where.Line) + ": " + L.Message + "]";
          }
        Problems.push_back("line " + std::to_string(E.Line) + ": expected " +
                           (E.Kind == Expectation::Property ? "property"
                                                            : "related location") +
                           " not found: {{" + E.Substring + "}}; the line has:" +
                           (Have.empty() ? " nothing" : Have));
      }
      continue;
    }
    if (E.IsNote && !Spec.CheckNotes) {
      Problems.push_back("line " + std::to_string(E.DeclaredOn) +
                         ": expected-note needs 'notes' in the drvcert-test line");
      continue;
    }
    bool Found = false;
    for (Actual &A : Got) {
      if (A.Matched || A.IsNote != E.IsNote || A.Line != E.Line ||
          A.File != MainFile || (!E.IsNote && A.Lvl != E.Lvl) ||
          A.Message.find(E.Substring) == std::string::npos)
        continue;
      A.Matched = Found = true;
      break;
    }
    if (!Found)
      Problems.push_back("line " + std::to_string(E.Line) + ": expected " +
                         (E.IsNote ? std::string("note")
                                   : word(E.Lvl).str()) +
                         " not reported: {{" + E.Substring + "}}");
  }
  for (const Actual &A : Got)
    if (!A.Matched)
      Problems.push_back(
          (A.File == MainFile ? "" : A.File + ":") + "line " +
          std::to_string(A.Line) + ": unexpected " +
          (A.IsNote ? std::string("note") : word(A.Lvl).str()) + ": " +
          A.Message);
  return Problems;
}

} // namespace drvcert::test
