//===- Expectations.h - Inline expectations in test sources -----*- C++ -*-===//
//
// The grammar of Clang's -verify, for drvcert findings:
//
//   // drvcert-test: rules=<id>[,<id>...] [notes]
//   // drvcert-test-args: <extra compiler arguments>
//   // drvcert-test-model: <API model file, relative to the test file>
//   // drvcert-test-primitive-rules: <id>[,<id>...]
//                    (these rules count as primitive families for the
//                    exposure step and dangerous-ioctl-exposure: tests of
//                    the summary before the primitive rules exist)
//   code();  // expected-error{{message substring}}
//   // expected-warning@+1{{...}}     (line offset; @N is an absolute line)
//   // expected-note@-2{{...}}        (a code-flow step; checked with 'notes')
//   // expected-property@+1{{exposure=administrators}}
//                                     (a finding on that line has that
//                                     SARIF property, with that value)
//   // expected-related@+1{{line 30: device '\Device\X' created here}}
//                                     (a finding on that line has a related
//                                     location whose "line N: message"
//                                     contains the text)
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
  enum KindT { Finding, Property, Related };
  KindT Kind = Finding;
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
  std::vector<std::string> PrimitiveRules; // treated as primitive families
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
