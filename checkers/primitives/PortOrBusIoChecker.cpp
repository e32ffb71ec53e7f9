//===- PortOrBusIoChecker.cpp - ioctl-port-or-bus-io -----------------------===//
//
// Rule ioctl-port-or-bus-io (doc: ioctl-port-or-bus-io.md). Port I/O
// (__inbyte ... __outdword and their string forms, READ_PORT_* /
// WRITE_PORT_*) at a port from the request, or PCI configuration access
// (HalGetBusDataByOffset, HalSetBusDataByOffset, HalGetBusData,
// HalSetBusData) at a bus, slot or offset from the request, that no
// allowlist constrains; and a value from the request written to the PCI
// configuration address port 0xCF8, which selects any device's
// configuration space just the same.
//
//===----------------------------------------------------------------------===//
#include "KernelIo.h"
#include "Primitives.h"
#include "Registry.h"
#include "Rule.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

using namespace clang;
using namespace clang::ento;

namespace drvcert {
namespace {

using Prim = ApiFunction::Primitive;

/// PCI configuration mechanism #1: the address port (PCI Local Bus
/// specification 3.0, section 3.2.2.3.2).
constexpr uint64_t PciConfigAddressPort = 0xCF8;

class PortOrBusIoChecker : public Checker<check::PreCall> {
  const BugType BT{this, "I/O port or PCI configuration access from the caller",
                   "Windows driver security"};

public:
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const {
    auto S = prim::sinkOf(Call, C);
    if (!S || prim::privilegedPath(C))
      return;
    const Prim &P = *S->P;
    std::string Why;
    prim::Constraint K;
    auto DenyNote = [&]() -> std::string {
      return K.Kind == prim::Bound::DenyList
                 ? ", which only a deny-list constrains (not enough: every "
                   "port it forgets stays open)"
                 : " without an allowlist";
    };
    switch (P.Kind) {
    case Prim::PortIn:
    case Prim::PortOut: {
      bool Out = P.Kind == Prim::PortOut;
      SVal Port = prim::scalarArg(Call, P.PortArg, C);
      if (prim::openUserValue(C, Port, Why, &K)) {
        kio::emitReport(
            C, BT,
            "'" + S->Name + "' " + (Out ? "writes to" : "reads from") +
                " an I/O port from " + Why + DenyNote() +
                "; any caller can drive any device on the port bus (PCI "
                "configuration at 0xCF8, the CMOS, the keyboard controller, "
                "SMI ports) and take over the machine; accept only the device's "
                "own ports (port == C, or Cmin <= port <= Cmax)",
            Call.getOriginExpr(), {Port});
        return;
      }
      // The port is fixed; 0xCF8 with a caller value is PCI configuration
      // access to any device anyway.
      auto PR = prim::constraintOf(C, Port).Range;
      SVal Value = prim::scalarArg(Call, P.ValueArg, C);
      if (Out && PR && PR->isConstant() &&
          PR->Lo.getZExtValue() == PciConfigAddressPort &&
          prim::openUserValue(C, Value, Why)) {
        kio::emitReport(
            C, BT,
            "'" + S->Name + "' writes a PCI configuration address from " + Why +
                " to port 0xCF8 without an allowlist; any caller can read and "
                "rewrite the configuration space of any PCI device, including "
                "its BARs and the chipset's memory and SPI protections; accept "
                "only the bus, device, function and registers of the driver's "
                "own device",
            Call.getOriginExpr(), {Value});
      }
      return;
    }
    case Prim::BusData: {
      struct Operand {
        int Arg;
        const char *Name;
      } Operands[] = {{P.BusArg, "bus number"},
                      {P.SlotArg, "slot"},
                      {P.OffsetArg, "offset"}};
      for (const Operand &O : Operands) {
        SVal V = prim::scalarArg(Call, O.Arg, C);
        if (!prim::openUserValue(C, V, Why, &K))
          continue;
        kio::emitReport(
            C, BT,
            "'" + S->Name + "' accesses PCI configuration space at a " +
                O.Name + " from " + Why + DenyNote() +
                "; any caller can read and rewrite the configuration of any "
                "PCI device, including its BARs and the chipset's memory and "
                "SPI protections; accept only the driver's own device (bus, "
                "slot from its resources) and the registers the tool needs",
            Call.getOriginExpr(), {V});
        return;
      }
      return;
    }
    default:
      return;
    }
  }
};

} // namespace

void registerPortOrBusIoChecker(CheckerRegistry &Registry, const RuleInfo &Rule) {
  addRuleChecker<PortOrBusIoChecker>(Registry, Rule);
}

} // namespace drvcert
