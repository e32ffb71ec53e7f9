//===- FindingCollector.h - Where rules report, per TU ----------*- C++ -*-===//
//
// Both engines report through this class. It maps Clang locations to file
// spans (a finding in a macro lands where the macro is used), drops every
// finding whose location is in a system header, and records what the
// fingerprints need (function, sink code).
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_FINDINGCOLLECTOR_H
#define DRVCERT_FRAMEWORK_FINDINGCOLLECTOR_H

#include "Finding.h"
#include "Rule.h"
#include "clang/Basic/SourceLocation.h"
#include <vector>

namespace clang {
class Decl;
class LangOptions;
class SourceManager;
} // namespace clang

namespace drvcert {

/// The file span of R, mapped out of macros to where the code is written in
/// a file. Returns an invalid span for locations without a file.
SourceSpan toSpan(const clang::SourceManager &SM, const clang::LangOptions &LO,
                  clang::SourceRange R);

/// Source text of R (macro-expanded to its use) with all whitespace removed.
std::string normalizedCode(const clang::SourceManager &SM,
                           const clang::LangOptions &LO, clang::SourceRange R);

/// "Namespace::Function" for a function, method or block's parent.
std::string functionName(const clang::Decl *D);

class FindingCollector {
public:
  /// Reports a finding; returns false when it was dropped (system header,
  /// no file location).
  bool report(const RuleInfo &Rule, const clang::SourceManager &SM,
              const clang::LangOptions &LO, clang::SourceRange Where,
              std::string Message, const clang::Decl *Function,
              std::vector<FlowStep> Flow = {},
              std::vector<std::pair<std::string, std::string>> Properties = {});

  /// True when Loc is, after macro expansion, inside a system header.
  static bool inSystemHeader(const clang::SourceManager &SM,
                             clang::SourceLocation Loc);

  std::vector<Finding> take() { return std::move(Findings); }
  const std::vector<Finding> &findings() const { return Findings; }

private:
  std::vector<Finding> Findings;
};

} // namespace drvcert

#endif
