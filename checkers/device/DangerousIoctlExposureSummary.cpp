//===- DangerousIoctlExposureSummary.cpp - dangerous-ioctl-exposure -------===//
//
// Rule dangerous-ioctl-exposure (doc: dangerous-ioctl-exposure.md). Not a
// bug of its own: a whole-run rule that, after the exposure step
// (Exposure.h), summarizes each (device, IOCTL) whose handler reaches a
// finding of the primitive families (Checkers.def DRVCERT_PRIMITIVE_FAMILY)
// and that everyone or any authenticated user can send. One result at the
// device creation, the reachable sinks as related locations: what a
// certification reviewer needs to see first.
//
//===----------------------------------------------------------------------===//
#include "Exposure.h"
#include "Rule.h"
#include <algorithm>
#include <map>
#include <tuple>

namespace drvcert {

namespace {
using GroupKey = std::tuple<std::string, unsigned, unsigned, std::string>;

struct Group {
  std::vector<const Finding *> Sinks;
  Exposure Who = Exposure::KernelOnly;
};
} // namespace

void runDangerousIoctlExposureSummary(const RuleInfo &Rule, Level Lvl,
                                      std::vector<Finding> &Findings) {
  // Ordered by device and IOCTL, so the output does not depend on -j.
  std::map<GroupKey, Group> Groups;
  for (const Finding &F : Findings) {
    if (!isPrimitiveRule(F.RuleId) || F.Related.empty())
      continue;
    Exposure Who = findingExposure(F);
    if (Who != Exposure::Everyone && Who != Exposure::AuthenticatedUsers)
      continue;
    const SourceSpan &Device = F.Related.front().Where;
    std::string Request = F.property("ioctl").str();
    if (Request.empty())
      Request = "entry point " + F.property("entryPoint").str();
    Group &G = Groups[{Device.File, Device.Line, Device.Column, Request}];
    G.Sinks.push_back(&F);
    G.Who = std::min(G.Who, Who);
  }
  std::vector<Finding> Out;
  for (const auto &[Key, G] : Groups) {
    const Finding &First = *G.Sinks.front();
    std::string Rules;
    std::vector<std::string> Seen;
    for (const Finding *S : G.Sinks)
      if (std::find(Seen.begin(), Seen.end(), S->RuleId) == Seen.end()) {
        Seen.push_back(S->RuleId);
        Rules += (Rules.empty() ? "" : ", ") + S->RuleId;
      }
    std::string Ioctl = First.property("ioctl").str();
    std::string Access = First.property("requiredAccess").str();
    std::string What = Ioctl.empty()
                           ? "entry point '" + First.property("entryPoint").str() + "'"
                           : "ioctl " + Ioctl +
                                 (Access.empty() ? "" : " (" + Access + ")");
    std::string Who = exposureWords(G.Who).str();
    Finding R;
    R.RuleId = Rule.Id.str();
    R.Lvl = Lvl;
    R.Where = First.Related.front().Where;
    R.Message = What + " reaches a kernel primitive (" + Rules + ") and " +
                Who + " can send it, so any such caller can take over the "
                      "kernel; create the device with an SDDL that grants "
                      "access only to SYSTEM and administrators, or check a "
                      "privilege on the path before the primitive";
    R.Function = First.property("entryPoint").str();
    R.SinkCode = std::get<3>(Key) + ":" + Rules;
    R.Related.push_back(First.Related.front());
    std::string Sinks;
    for (const Finding *S : G.Sinks) {
      R.Related.push_back({S->Where, "[" + S->RuleId + "] " + S->Message});
      Sinks += (Sinks.empty() ? "" : ", ") + S->RuleId + "@" +
               std::to_string(S->Where.Line);
    }
    if (!Ioctl.empty())
      R.Properties.push_back({"ioctl", Ioctl});
    if (!Access.empty())
      R.Properties.push_back({"requiredAccess", Access});
    R.Properties.push_back({"entryPoint", First.property("entryPoint").str()});
    R.Properties.push_back({"exposure", exposureName(G.Who).str()});
    R.Properties.push_back({"sinks", Sinks});
    Out.push_back(std::move(R));
  }
  for (Finding &F : Out)
    Findings.push_back(std::move(F));
}

} // namespace drvcert
