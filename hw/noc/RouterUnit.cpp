#include "hw/noc/RouterUnit.h"

#include <stdexcept>
#include <string>


namespace autorac::hw::noc {

RouterUnit::RouterUnit(sc_core::sc_module_name name, std::unique_ptr<RouterModel> model)
    : sc_module(name), model_(std::move(model)) {
  from_mesh.register_b_transport(this, &RouterUnit::transport);
}

void RouterUnit::transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  // The base protocol's answers to what this target cannot take: a command other than an ignore, a
  // data array, byte enables; and a payload without the call is not one at all.
  if (gp.get_command() != tlm::TLM_IGNORE_COMMAND) {
    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  if (gp.get_data_ptr() != nullptr || gp.get_data_length() != 0) {
    gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (gp.get_byte_enable_ptr() != nullptr) {
    gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  RouterCall* call = gp.get_extension<RouterCall>();
  if (!call) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  // The call is answered in its extension, which the initiator reads on return.
  RouterCall& c = *call;
  RouterModel& r = *model_;
  for (int k = 0; k < c.credit_count; ++k) r.returnCredit(c.credits[k].out, c.credits[k].usable);
  // Only an accept or a departure changes an input: the answer updates those, the initiator keeps
  // the others from earlier answers.
  const auto report = [&](int i) {
    RouterCall::Input& in = c.inputs[i];
    in.occupancy = r.occupancy(i);
    in.full = r.full(i);
    if (in.occupancy > 0) in.front = r.front(i);
  };
  if (c.kind == RouterCall::Kind::Accept) {
    r.accept(c.in, c.flit, c.cycle);
    report(c.in);
  } else {
    r.allocate(c.cycle, c.grant);
    for (int o = 0; o < kPorts; ++o)
      if (c.grant[o] >= 0) c.left[o] = r.depart(c.grant[o], o), report(c.grant[o]);
  }
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

RouterLink::RouterLink(RouterSocket& socket) : socket_(socket) {
  gp_.set_command(tlm::TLM_IGNORE_COMMAND);
  gp_.set_address(0);
  gp_.set_data_ptr(nullptr);
  gp_.set_data_length(0);
  gp_.set_streaming_width(0);
  gp_.set_extension(&call_);
}

RouterLink::~RouterLink() { gp_.clear_extension(&call_); }  // the payload must not delete the link's member

void RouterLink::send() {
  call_.credits = credits_.data();
  call_.credit_count = int(credits_.size());
  gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  tlmcheck::checkedBTransport(socket_, gp_, delay, "MeshInterconnect.to_router", &in_flight_);
  // A unit refuses only a payload that is not a call: a simulator bug, never to be lost silently.
  if (gp_.is_response_error())
    throw std::logic_error(std::string("mesh: a router refused a call (") + gp_.get_response_string() + ")");
  credits_.clear();
}

void RouterLink::accept(int in, Flit f, int64_t entered) {
  call_.kind = RouterCall::Kind::Accept, call_.in = in, call_.flit = f, call_.cycle = entered;
  send();
}

void RouterLink::allocate(int64_t t, int grant[kPorts]) {
  call_.kind = RouterCall::Kind::Step, call_.cycle = t;
  send();
  for (int o = 0; o < kPorts; ++o) grant[o] = call_.grant[o];
}

Flit RouterLink::depart(int in, int out) {
  // The step already moved it: MeshCore departs exactly the grants of the cycle it evaluated.
  if (call_.kind != RouterCall::Kind::Step || call_.grant[out] != in)
    throw std::logic_error("mesh: departure from input " + std::to_string(in) + " through output " + std::to_string(out) +
                           " that the router's step did not grant");
  call_.grant[out] = -1;
  return call_.left[out];
}

}  // namespace autorac::hw::noc
