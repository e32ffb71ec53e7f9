//===- Expectations.h - Inline expectations in test sources -----*- C++ -*-===//
//
// The grammar of Clang's -verify, for drvcert findings:
//
//   // drvcert-test: rules=<id>[,<id>...] [notes]
//   // drvcert-test-args: <extra compiler arguments>
//   // drvcert-test-model: <API model file, relative to the test file>
//   code();  // expected-error{{message substring}}
//   // expected-warning@+1{{...}}     (line offset; @N is an absolute line)
//   // expected-note@-2{{...}}        (a code-flow step; checked with 'notes')
//
// Any finding (or, with 'notes', any flow step) not expected fails the test,
// and so does an expectation nothing matched.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_TESTS_EXPECTATIONS_H
#define DRVCERT_TESTS_EXPECTATIONS_H

#include "Finding.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace drvcert::test {

struct Expectation {
  bool IsNote = false;
  Level Lvl = Level::Error; // for findings
  unsigned Line = 0;
  std::string Substring;
  unsigned DeclaredOn = 0; // line of the comment, for messages
};

struct TestSpec {
  std::string Rules;              // --checks globs
  bool CheckNotes = false;
  std::vector<std::string> Args;  // extra compiler arguments
  std::vector<std::string> Models; // extra API model files (relative)
  std::vector<Expectation> Expected;
  std::vector<std::string> Errors; // malformed expectations
};

TestSpec parseTestSpec(llvm::StringRef Source);

/// Compares findings against the spec; returns one line per mismatch
/// ("line 12: unexpected error: ..." / "line 7: expected error not found").
std::vector<std::string> compare(const TestSpec &Spec,
                                 const std::vector<Finding> &Findings,
                                 llvm::StringRef MainFile);

} // namespace drvcert::test

#endif
