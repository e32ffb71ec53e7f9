//===- ApiCall.h - Calls resolved against the API model ---------*- C++ -*-===//
#ifndef DRVCERT_FRAMEWORK_APICALL_H
#define DRVCERT_FRAMEWORK_APICALL_H

#include "ApiModel.h"
#include "clang/Basic/SourceLocation.h"
#include <optional>
#include <string>

namespace clang {
class CallExpr;
class Expr;
class FunctionDecl;
class LangOptions;
class SourceManager;
class ASTContext;
} // namespace clang

namespace drvcert {

struct ApiCall {
  const ApiFunction *Api = nullptr;
  /// The name as the developer wrote it: the outermost macro the model knows
  /// when the call comes from one (RtlCopyMemory for memcpy,
  /// MmGetSystemAddressForMdlSafe for MmMapLockedPagesSpecifyCache),
  /// otherwise the callee's name.
  std::string WrittenName;
};

/// Resolves a call whose callee is FD, written at Loc, against the global
/// model. Returns nothing for functions the model does not describe.
std::optional<ApiCall> resolveApiCall(const clang::FunctionDecl *FD,
                                      clang::SourceLocation Loc,
                                      const clang::SourceManager &SM,
                                      const clang::LangOptions &LO);
std::optional<ApiCall> resolveApiCall(const clang::CallExpr *CE,
                                      const clang::SourceManager &SM,
                                      const clang::LangOptions &LO);

/// The integer value of E when it is a compile-time constant.
std::optional<int64_t> constantValue(const clang::Expr *E,
                                     const clang::ASTContext &Ctx);

} // namespace drvcert

#endif
