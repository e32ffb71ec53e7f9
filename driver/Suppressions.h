//===- Suppressions.h - In-source suppressions of findings ------*- C++ -*-===//
//
// Forms honoured (the line is the one drvcert reports for the finding, after
// macro expansion):
//
//   code();  // drvcert-suppress(rule-id[, rule-id...]): justification
//   // drvcert-suppress(rule-id): justification     (alone: the next code line)
//   // drvcert-suppress-begin(rule-id): justification
//   ...                                              (every line in between)
//   // drvcert-suppress-end(rule-id)
//   #pragma warning(suppress: N ...)                 (the next code line)
//   #pragma prefast(suppress: N ..., "justification")
//
// /* ... */ comments work like // ones. A drvcert comment needs a
// justification and known rule ids, else it suppresses nothing and is
// reported; one that suppressed nothing in this run is reported as unused.
// A pragma suppresses the rules whose CaWarnings (Checkers.def) list N; its
// numbers also serve other tools, so it is never reported.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_SUPPRESSIONS_H
#define DRVCERT_DRIVER_SUPPRESSIONS_H

#include "Finding.h"
#include "Run.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace drvcert {

struct SuppressionDirective {
  enum Form { Comment, Block, Pragma };
  Form F = Comment;
  std::vector<std::string> Rules; // known rule ids (comment forms)
  std::vector<unsigned> Numbers;  // Code Analysis warning numbers (pragmas)
  std::string Justification;
  SourceSpan Where;               // the comment or pragma
  unsigned FirstLine = 0, LastLine = 0; // the lines it covers
};

/// A suppression comment that is itself wrong.
struct SuppressionProblem {
  SourceSpan Where;
  std::string Message;
};

/// Every suppression in the text of File (C or C++).
void scanSuppressions(llvm::StringRef Text, llvm::StringRef File,
                      std::vector<SuppressionDirective> &Out,
                      std::vector<SuppressionProblem> &Problems);

/// Marks Run's findings covered by a suppression, and adds a notification
/// for every invalid suppression and every unused one. Reads the main file
/// of every analyzed translation unit and every file holding a finding.
void applySuppressions(RunResult &Run);

} // namespace drvcert

#endif
