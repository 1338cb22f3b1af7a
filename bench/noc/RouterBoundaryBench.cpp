// What a TLM-2.0 boundary around each mesh router would cost (issue 10, item 4; docs/rtl.md, "Not yet
// done"). MeshCore reaches a router through its C++ interface (hw/noc/RouterModel.h): per flit hop an
// accept, a switch allocation, a departure and a credit. The same four calls, each carried instead by
// a checked blocking transaction (hw/tlm/ProtocolChecker.h, as the ADC group's and S+A unit's are)
// to a module holding the same hw::noc::Router, side by side in one run. A flit hop's time in each,
// times the flit hops of a run (pimsim's report: events.flit_hops), is what such a boundary adds.
#include <cstring>

#include <benchmark/benchmark.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/noc/Router.h"
#include "hw/tlm/ProtocolChecker.h"

namespace {

using autorac::hw::noc::Flit;
using autorac::hw::noc::Router;
using autorac::hw::noc::RouterModel;
constexpr int kWest = 3, kEast = 1;  // any two mesh ports: one flit in through one, out through the other

// One call of RouterModel, as a transaction's data.
struct RouterCall {
  enum class Kind { Accept, Allocate, Depart, Credit } kind;
  int in = 0, out = 0;
  Flit flit;
  int64_t cycle = 0;
  int grant[autorac::hw::noc::kPorts] = {};
};

struct RouterUnit : sc_core::sc_module {
  tlm_utils::simple_target_socket<RouterUnit> from_mesh{"from_mesh"};
  Router router{4, 1};
  explicit RouterUnit(sc_core::sc_module_name n) : sc_module(n) { from_mesh.register_b_transport(this, &RouterUnit::transport); }
  void transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
    RouterCall& c = *reinterpret_cast<RouterCall*>(gp.get_data_ptr());
    switch (c.kind) {
      case RouterCall::Kind::Accept: router.accept(c.in, c.flit, c.cycle); break;
      case RouterCall::Kind::Allocate: router.allocate(c.cycle, c.grant); break;
      case RouterCall::Kind::Depart: c.flit = router.depart(c.in, c.out); break;
      case RouterCall::Kind::Credit: router.returnCredit(c.out, c.cycle); break;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct Mesh : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Mesh> to_router{"to_router"};
  RouterCall call;
  tlm::tlm_generic_payload gp;
  autorac::hw::tlmcheck::InFlightMark mark;
  explicit Mesh(sc_core::sc_module_name n) : sc_module(n) {
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&call));
    gp.set_data_length(sizeof call);
    gp.set_streaming_width(sizeof call);
  }
  void send() {
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    autorac::hw::tlmcheck::checkedBTransport(to_router, gp, delay, "bench.to_router", &mark);
  }
};

Mesh* mesh = nullptr;
RouterUnit* unit = nullptr;

// One flit hop through `r` in cycle t: in from the west, allocated and sent east, its credit back.
void hopThroughInterface(RouterModel& r, int64_t t) {
  Flit f;
  f.route = kEast;
  f.tail = true;
  r.accept(kWest, f, t);
  int grant[autorac::hw::noc::kPorts];
  r.allocate(t + 1, grant);
  benchmark::DoNotOptimize(r.depart(grant[kEast], kEast));
  r.returnCredit(kEast, t + 2);
}

void hopThroughSocket(int64_t t) {
  RouterCall& c = mesh->call;
  c.kind = RouterCall::Kind::Accept, c.in = kWest, c.flit = Flit{}, c.flit.route = kEast, c.flit.tail = true, c.cycle = t;
  mesh->send();
  c.kind = RouterCall::Kind::Allocate, c.cycle = t + 1;
  mesh->send();
  c.kind = RouterCall::Kind::Depart, c.in = c.grant[kEast], c.out = kEast;
  mesh->send();
  benchmark::DoNotOptimize(c.flit);
  c.kind = RouterCall::Kind::Credit, c.out = kEast, c.cycle = t + 2;
  mesh->send();
}

void BM_FlitHopThroughRouterModel(benchmark::State& state) {
  Router router(4, 1);
  RouterModel& r = router;
  int64_t t = 0;
  for (auto _ : state) hopThroughInterface(r, t += 3);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FlitHopThroughRouterModel);

void BM_FlitHopThroughCheckedTransactions(benchmark::State& state) {
  int64_t t = 0;
  unit->router = Router(4, 1);
  for (auto _ : state) hopThroughSocket(t += 3);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FlitHopThroughCheckedTransactions);

}  // namespace

int sc_main(int argc, char* argv[]) {
  Mesh m("mesh");
  RouterUnit u("router");
  m.to_router.bind(u.from_mesh);
  mesh = &m, unit = &u;
  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // ends elaboration: the socket is bound
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
