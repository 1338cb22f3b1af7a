#pragma once
// One mesh router as a SystemC module (docs/rtl.md, "Mixed-level simulation"). The mesh reaches it only
// through its TLM-2.0 target socket `from_mesh`: blocking transactions carrying a RouterCall extension,
// answered in the extension. A call is control, not data (a packet's values, in a functional run,
// travel with the packet between network interfaces: hw/noc/NetworkInterface.h), so the command is
// TLM_IGNORE_COMMAND with no data; the base protocol lets a write's target only read its data.
// Behind the socket the router's cycle behaviour is a RouterModel (hw/noc/RouterModel.h, with
// hw/noc/Router.h's timing): hw::noc::Router, or a verilated rtl/noc_router.sv in its place
// (cosim/RtlRouter, pimsim --rtl router).
//
// MeshCore steps routers through RouterModel, so in the chip each router it steps is a RouterLink: a
// RouterModel that carries MeshCore's calls to the router's unit. Each call would be a transaction;
// since the NoC-heaviest runs make tens of millions of them, the link sends two kinds of call, and
// each answer reports the occupancy and front flit of the inputs it changed, which MeshCore reads
// between calls:
//   Accept  a flit written into an input;
//   Step    cycle t evaluated and committed: the switch allocation, then every granted flit's departure
//           (MeshCore departs exactly the grants, so the link answers depart() from the step's answer);
// and each carries the credits returned to the router since its last call, which the unit hands to
// its model first (a credit is usable a link delay after it is sent, never in the cycle it is sent,
// so it only has to arrive before the router's next step).
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "hw/noc/RouterModel.h"
#include "hw/tlm/MemberExtension.h"
#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::noc {

struct CreditReturn {
  int out = 0;
  int64_t usable = 0;
};

struct RouterCall : tlmcheck::MemberExtension<RouterCall> {
  enum class Kind : uint8_t { Accept, Step };
  struct Input {
    int occupancy = 0;
    bool full = false;
    Flit front;  // when occupancy > 0
  };
  Kind kind = Kind::Step;
  const CreditReturn* credits = nullptr;  // returned since the router's last call, oldest first
  int credit_count = 0;
  int64_t cycle = 0;  // Accept: the cycle the flit entered; Step: the cycle evaluated
  int in = 0;         // Accept: the input
  Flit flit;          // Accept: the flit
  // The answer. Step: the input each output served (-1: none) and the flit it sent. Both kinds: the
  // inputs the call changed (the one accepted into, those departed from); the others are unchanged.
  int grant[kPorts] = {-1, -1, -1, -1, -1};
  Flit left[kPorts];
  Input inputs[kPorts];
};

class RouterUnit : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<RouterUnit> from_mesh{"from_mesh"};
  RouterUnit(sc_core::sc_module_name name, std::unique_ptr<RouterModel> model);

private:
  void transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  std::unique_ptr<RouterModel> model_;
};

using RouterSocket = tlm::tlm_initiator_socket<>;  // the mesh's side, bound to a unit's from_mesh

class RouterLink final : public RouterModel {
public:
  // `socket` is bound to the router's unit (an empty router) and outlives the link.
  explicit RouterLink(RouterSocket& socket);
  ~RouterLink() override;
  RouterLink(const RouterLink&) = delete;
  RouterLink& operator=(const RouterLink&) = delete;

  void accept(int in, Flit f, int64_t entered) override;
  bool full(int in) const override { return call_.inputs[in].full; }
  bool empty(int in) const override { return call_.inputs[in].occupancy == 0; }
  int occupancy(int in) const override { return call_.inputs[in].occupancy; }
  const Flit& front(int in) const override { return call_.inputs[in].front; }
  void returnCredit(int out, int64_t usable) override { credits_.push_back({out, usable}); }
  void allocate(int64_t t, int grant[kPorts]) override;
  Flit depart(int in, int out) override;

private:
  void send();  // the call in call_, with the credits waiting, through the socket

  RouterSocket& socket_;
  RouterCall call_;  // the last call and its answer: what MeshCore reads between calls
  std::vector<CreditReturn> credits_;
  tlm::tlm_generic_payload gp_;
  tlmcheck::InFlightMark in_flight_;
};

}  // namespace autorac::hw::noc
