//===- Primitives.h - What the primitives rules share ------------*- C++ -*-===//
//
// The rules of the primitives family (ioctl-physmem-map,
// ioctl-arbitrary-kernel-rw, ioctl-msr-access, ioctl-port-or-bus-io,
// ioctl-cr-dr-access, user-controlled-call) ask the same questions of a
// call: which primitive of the API model it reaches, what value an operand
// has (a PHYSICAL_ADDRESS is a union passed by value), whether that value
// comes from the request, and whether the path constrains it to an
// allowlist. The answers live here; each rule decides what to report.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_PRIMITIVES_PRIMITIVES_H
#define DRVCERT_PRIMITIVES_PRIMITIVES_H

#include "ApiModel.h"
#include "KernelIo.h"
#include <optional>
#include <string>

namespace drvcert::prim {

using clang::ento::CallEvent;
using clang::ento::CheckerContext;
using clang::ento::SVal;

/// A call to a primitive of the API model, written outside system headers
/// (a READ_PORT_UCHAR inline body calling __inbyte is reported once, at the
/// driver's READ_PORT_UCHAR).
struct Sink {
  const ApiFunction::Primitive *P = nullptr;
  std::string Name; // as written
};
std::optional<Sink> sinkOf(const CallEvent &Call, CheckerContext &C);

/// The scalar value of argument Arg (-1: none, UnknownVal): integers and
/// pointers as they are; for a PHYSICAL_ADDRESS / LARGE_INTEGER or an
/// MM_COPY_ADDRESS passed by value, the member the driver set (QuadPart,
/// VirtualAddress, PhysicalAddress.QuadPart).
SVal scalarArg(const CallEvent &Call, int Arg, CheckerContext &C);

/// The scalar stored where Ptr points (a PLARGE_INTEGER, a PSIZE_T), read
/// the same way; UnknownVal when unknown.
SVal scalarAt(SVal Ptr, clang::QualType PointeeTy, CheckerContext &C);

/// How the path constrains a value.
enum class Bound {
  Open,      // nothing the path checked limits it
  DenyList,  // some values are excluded, but no bound
  AllowList, // a constant, or an interval bounded on both sides
};
struct Constraint {
  Bound Kind = Bound::Open;
  std::optional<kio::ValueRange> Range; // what the path allows
};
/// The allowlist question for V: equal to a constant, or between two bounds
/// (for an unsigned value an upper bound is enough), where the upper bound
/// may come from a window check on a sum ("pa >= base && pa + len <=
/// base + size" bounds both pa and len).
Constraint constraintOf(CheckerContext &C, SVal V);

/// True when V is user data the path leaves unconstrained (Open or
/// DenyList); Why receives where it comes from ("a value read from the
/// SystemBuffer").
bool openUserValue(CheckerContext &C, SVal V, std::string &Why,
                   Constraint *Out = nullptr);

/// True when the path only runs for privileged callers (a privilege check
/// standard users fail, SeAccessCheck, SeTokenIsAdmin, RequestorMode ==
/// KernelMode): the primitive is then the design, not a hole.
bool privilegedPath(CheckerContext &C);

/// "0x%llX" of an integer.
std::string hex(const llvm::APSInt &V);

} // namespace drvcert::prim

#endif
