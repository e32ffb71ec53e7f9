//===- Finding.h - What every rule reports ----------------------*- C++ -*-===//
//
// The one result model shared by the AST and the path-sensitive engines, the
// text and SARIF emitters, and the tests.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_FINDING_H
#define DRVCERT_FRAMEWORK_FINDING_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <utility>
#include <vector>

namespace drvcert {

enum class Level { None = 0, Note = 1, Warning = 2, Error = 3 };

llvm::StringRef levelName(Level L); // "error", "warning", "note", "none"
bool parseLevel(llvm::StringRef S, Level &Out);

/// A range in a file, 1-based lines and columns (columns count bytes, as
/// Clang does). File is an absolute, canonical path.
struct SourceSpan {
  std::string File;
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;

  bool valid() const { return !File.empty() && Line != 0; }
};

/// One step of a code flow: a path note of the analyzer.
struct FlowStep {
  SourceSpan Where;
  std::string Message;
  unsigned Depth = 1; // 1 = the top-level function, +1 per call entered
};

/// A place that explains a finding without being on its path: the device
/// creation that decides who can reach it (SARIF relatedLocations).
struct RelatedLocation {
  SourceSpan Where;
  std::string Message;
};

/// An in-source suppression that covers a finding: SARIF suppression of
/// kind inSource, status accepted.
struct Suppression {
  std::string Justification; // empty only for #pragma warning(suppress: N)
  SourceSpan Where;          // the comment or pragma
};

/// How a finding compares with the --baseline log (SARIF baselineState).
enum class BaselineState { None, New, Unchanged, Updated, Absent };

struct Finding {
  std::string RuleId;
  Level Lvl = Level::Warning;
  std::string Message;
  SourceSpan Where;
  std::vector<FlowStep> Flow;
  /// Name of the function holding the sink, for fingerprints.
  std::string Function;
  /// The code of the sink with whitespace removed, for fingerprints that
  /// survive edits which only move code.
  std::string SinkCode;
  /// Extra SARIF result properties (ioctl, method, ...), in insertion order.
  std::vector<std::pair<std::string, std::string>> Properties;
  /// Related locations (set by the exposure step, or by run rules).
  std::vector<RelatedLocation> Related;

  /// The value of property Key; empty when it has none.
  llvm::StringRef property(llvm::StringRef Key) const {
    for (const auto &KV : Properties)
      if (KV.first == Key)
        return KV.second;
    return "";
  }

  // Set by the driver after the analysis.
  /// The suppressions covering it; empty when it is not suppressed.
  std::vector<Suppression> Suppressions;
  BaselineState Baseline = BaselineState::None;
  std::string Fingerprint; // drvcert/v1
  std::string LineHash;    // primaryLocationLineHash

  bool suppressed() const { return !Suppressions.empty(); }
};

/// Deterministic order: file, line, column, rule, message.
bool operator<(const Finding &A, const Finding &B);

} // namespace drvcert

#endif
