//===- TuResultJson.h - A TU's job and result as JSON -----------*- C++ -*-===//
//
// An isolated worker (driver/Worker.h) gets its translation unit and
// everything the analysis depends on as a job file, and hands back the
// TuResult as a result file. Both are JSON, written and read here, and
// lossless: a string that is not UTF-8 (a Latin-1 comment in a sink's code,
// a path) travels as {"hex": "..."}, so a run gives the same bytes whether
// its TUs were analyzed in this process or in workers.
//
// Adding a field to Finding, TuResult or AnalysisOptions? Serialize it here;
// tests/framework/TuResultJsonTest.cpp round-trips every field.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_DRIVER_TURESULTJSON_H
#define DRVCERT_DRIVER_TURESULTJSON_H

#include "TuAnalyzer.h"
#include "llvm/Support/JSON.h"
#include <map>
#include <string>

namespace drvcert {

/// One translation unit for a worker, and what its analysis depends on.
struct WorkerJob {
  clang::tooling::CompileCommand Command;
  AnalysisOptions Options;
  /// Every rule option's value in this run (rule id -> name -> value).
  std::map<std::string, std::map<std::string, std::string>> RuleOptions;
  double TimeoutSeconds = 0; // 0: no limit
  /// When this file exists the worker stops at once (the run was interrupted).
  std::string StopFile;
};

/// The values of every declared rule option in this process (ruleOption()).
std::map<std::string, std::map<std::string, std::string>> currentRuleOptions();

/// The values borrow their argument's strings (llvm::json's StringRef
/// values): write or copy them while it lives.
llvm::json::Value toJson(const Finding &F);
llvm::json::Value toJson(const TuResult &R);
llvm::json::Value toJson(const WorkerJob &J);

/// Each returns false and sets Error ("what: why") on a malformed value.
bool fromJson(const llvm::json::Value &V, Finding &F, std::string &Error);
bool fromJson(const llvm::json::Value &V, TuResult &R, std::string &Error);
bool fromJson(const llvm::json::Value &V, WorkerJob &J, std::string &Error);

/// Writes V to Path through a temporary file and a rename, so a reader never
/// sees half a file.
bool writeJsonFile(const llvm::json::Value &V, llvm::StringRef Path,
                   std::string &Error);
/// Reads and parses a JSON file.
bool readJsonFile(llvm::StringRef Path, llvm::json::Value &Out,
                  std::string &Error);

} // namespace drvcert

#endif
