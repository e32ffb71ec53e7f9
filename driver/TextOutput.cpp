//===- TextOutput.cpp - Clang-style diagnostics ---------------------------===//
#include "Baseline.h"
#include "Output.h"
#include "SourceFiles.h"
#include "Verdict.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include <fmt/format.h>

namespace drvcert {

namespace {

std::string displayPath(llvm::StringRef File, llvm::StringRef Cwd) {
  llvm::StringRef Rel = File;
  if (!Cwd.empty() && Rel.consume_front(Cwd) &&
      (Rel.consume_front("/") || Rel.consume_front("\\")))
    return Rel.str();
  return File.str();
}

struct Painter {
  llvm::raw_ostream &OS;
  bool Color;
  void put(llvm::raw_ostream::Colors C, bool Bold, llvm::StringRef Text) {
    if (Color)
      OS.changeColor(C, Bold);
    OS << Text;
    if (Color)
      OS.resetColor();
  }
};

llvm::raw_ostream::Colors levelColor(Level L) {
  switch (L) {
  case Level::Error:
    return llvm::raw_ostream::RED;
  case Level::Warning:
    return llvm::raw_ostream::MAGENTA;
  default:
    return llvm::raw_ostream::CYAN;
  }
}

/// Level words as Clang prints them; a note-level finding is a "remark" so
/// it is not confused with the notes of a code flow.
llvm::StringRef levelWord(Level L) {
  return L == Level::Note ? "remark" : levelName(L);
}

void snippet(llvm::raw_ostream &OS, SourceFiles &Src, const SourceSpan &S,
             bool Color) {
  llvm::StringRef Line = Src.line(S.File, S.Line);
  if (Line.empty())
    return;
  OS << fmt::format("{:>5} | ", S.Line) << Line << "\n";
  std::string Marker(S.Column > 0 ? S.Column - 1 : 0, ' ');
  for (size_t I = 0; I < Marker.size() && I < Line.size(); ++I)
    if (Line[I] == '\t')
      Marker[I] = '\t';
  unsigned Width = S.EndLine == S.Line && S.EndColumn > S.Column
                       ? S.EndColumn - S.Column
                       : 1;
  OS << "      | " << Marker;
  Painter P{OS, Color};
  P.put(llvm::raw_ostream::GREEN, true, "^" + std::string(Width - 1, '~'));
  OS << "\n";
}

} // namespace

void printFindings(const RunResult &Run, llvm::raw_ostream &OS,
                   const TextOptions &Opts) {
  SourceFiles Src;
  Painter P{OS, Opts.Color};
  for (const Finding &F : Run.Findings) {
    if (F.suppressed() && !Opts.ShowSuppressed)
      continue;
    P.put(llvm::raw_ostream::SAVEDCOLOR, true,
          fmt::format("{}:{}:{}: ", displayPath(F.Where.File, Opts.Cwd),
                      F.Where.Line, F.Where.Column));
    P.put(levelColor(F.Lvl), true, (levelWord(F.Lvl) + ": ").str());
    P.put(llvm::raw_ostream::SAVEDCOLOR, true, F.Message);
    OS << " [" << F.RuleId << "]";
    if (Run.HasBaseline)
      OS << " (" << baselineStateName(F.Baseline) << ")";
    OS << "\n";
    if (Opts.Snippets)
      snippet(OS, Src, F.Where, Opts.Color);
    for (const Suppression &S : F.Suppressions) {
      P.put(llvm::raw_ostream::SAVEDCOLOR, true,
            fmt::format("{}:{}:{}: ", displayPath(S.Where.File, Opts.Cwd),
                        S.Where.Line, S.Where.Column));
      P.put(llvm::raw_ostream::BLACK, true, "note: ");
      OS << "suppressed here"
         << (S.Justification.empty() ? "" : ": " + S.Justification) << "\n";
    }
    for (const RelatedLocation &L : F.Related) {
      P.put(llvm::raw_ostream::SAVEDCOLOR, true,
            fmt::format("{}:{}:{}: ", displayPath(L.Where.File, Opts.Cwd),
                        L.Where.Line, L.Where.Column));
      P.put(llvm::raw_ostream::BLACK, true, "note: ");
      OS << L.Message << "\n";
    }
    for (size_t I = 0; I < F.Flow.size(); ++I) {
      const FlowStep &S = F.Flow[I];
      // The analyzer's last step is the finding itself: printed above.
      if (I + 1 == F.Flow.size() && S.Message == F.Message &&
          S.Where.Line == F.Where.Line)
        continue;
      P.put(llvm::raw_ostream::SAVEDCOLOR, true,
            fmt::format("{}:{}:{}: ", displayPath(S.Where.File, Opts.Cwd),
                        S.Where.Line, S.Where.Column));
      P.put(llvm::raw_ostream::BLACK, true, "note: ");
      OS << S.Message << "\n";
      if (Opts.Snippets)
        snippet(OS, Src, S.Where, Opts.Color);
    }
  }
  OS.flush();
}

void printSummary(const RunResult &Run, llvm::raw_ostream &OS,
                  const TextOptions &Opts) {
  Painter P{OS, Opts.Color};
  for (const Notification &N : Run.Notifications) {
    if (N.Line)
      P.put(llvm::raw_ostream::SAVEDCOLOR, true,
            fmt::format("{}:{}:{}: ", displayPath(N.File, Opts.Cwd), N.Line,
                        N.Column));
    else
      P.put(llvm::raw_ostream::SAVEDCOLOR, true, "drvcert: ");
    P.put(levelColor(N.Lvl), true, (levelName(N.Lvl) + ": ").str());
    OS << N.Message;
    if (N.Line)
      OS << " [" << notificationId(N.K) << "]";
    OS << "\n";
  }
  unsigned Counts[4] = {}, Open = 0, Suppressed = 0;
  for (const Finding &F : Run.Findings) {
    if (F.suppressed()) {
      ++Suppressed;
      continue;
    }
    ++Open;
    ++Counts[unsigned(F.Lvl)];
  }
  unsigned Failed = Run.failedCount();
  std::string Line = fmt::format(
      "drvcert: {} translation unit{} analyzed, {} not analyzed; {} finding{} "
      "({} error, {} warning, {} note)",
      Run.analyzedCount(), Run.analyzedCount() == 1 ? "" : "s", Failed, Open,
      Open == 1 ? "" : "s", Counts[unsigned(Level::Error)],
      Counts[unsigned(Level::Warning)], Counts[unsigned(Level::Note)]);
  if (Suppressed)
    Line += fmt::format(", {} suppressed", Suppressed);
  if (!Run.complete())
    Line += "; the analysis is incomplete";
  P.put(llvm::raw_ostream::SAVEDCOLOR, true, Line);
  OS << "\n";
  OS.flush();
}

void printVerdict(const RunResult &Run, llvm::raw_ostream &OS,
                  const TextOptions &Opts) {
  Verdict V = computeVerdict(Run);
  Painter P{OS, Opts.Color};
  size_t Width = 4;
  for (const RuleTally &T : V.Rules)
    Width = std::max(Width, T.Rule->Id.size());
  P.put(llvm::raw_ostream::SAVEDCOLOR, true,
        fmt::format("drvcert: certification summary, ruleset '{}'\n", V.Ruleset));
  std::string Head = fmt::format("  {:<{}}  {:<8}  {:<7}  {:>8}  {:>10}", "rule",
                                 Width, "must-fix", "level", "findings",
                                 "suppressed");
  if (V.HasBaseline)
    Head += fmt::format("  {:>5}  {:>6}", "new", "absent");
  OS << Head << "\n";
  for (const RuleTally &T : V.Rules) {
    std::string Row = fmt::format("  {:<{}}  {:<8}  {:<7}  {:>8}  {:>10}",
                                  T.Rule->Id.str(), Width,
                                  T.Rule->MustFix ? "yes" : "no",
                                  levelName(T.Lvl).str(), T.Open, T.Suppressed);
    if (V.HasBaseline)
      Row += fmt::format("  {:>5}  {:>6}", T.New, T.Absent);
    OS << Row << "\n";
  }
  OS << fmt::format("  translation units: {} analyzed, {} not analyzed\n",
                    V.TusAnalyzed, V.TusNotAnalyzed);
  P.put(llvm::raw_ostream::SAVEDCOLOR, true, "drvcert: verdict: ");
  P.put(V.Pass ? llvm::raw_ostream::GREEN : llvm::raw_ostream::RED, true,
        V.Pass ? "PASS" : "FAIL");
  OS << " (" << V.reason() << ")\n";
  OS.flush();
}

} // namespace drvcert
