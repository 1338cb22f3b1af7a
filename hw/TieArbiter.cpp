#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "hw/TieArbiter.h"

#include <vector>

#include <systemc>


namespace autorac::hw {
namespace {

struct Arbiter {
  sc_core::sc_simcontext* context = nullptr;  // the simulation the process was spawned in
  sc_core::sc_event wake;
  std::vector<QuietPointUser*> asking;  // users waiting for the quiet point, in asking order
  bool waiting = false;           // the process is waiting for the quiet point

  void run() {
    for (;;) {
      while (asking.empty()) sc_core::wait(wake);
      waiting = true;
      while (sc_core::sc_pending_activity_at_current_time()) sc_core::wait(sc_core::SC_ZERO_TIME);
      waiting = false;
      std::vector<QuietPointUser*> now;
      now.swap(asking);
      for (QuietPointUser* u : now) u->atQuietPoint();
    }
  }
};

Arbiter& arbiter() {
  static Arbiter a;  // per process; a new simulation context gets a new process
  if (a.context != sc_core::sc_get_curr_simcontext()) {
    a.context = sc_core::sc_get_curr_simcontext();
    a.asking.clear();
    a.waiting = false;
    sc_core::sc_spawn([] { arbiter().run(); }, sc_core::sc_gen_unique_name("tie_arbiter"));
  }
  return a;
}

}  // namespace

void arbitrateWhenQuiet(QuietPointUser& r) {
  Arbiter& a = arbiter();
  for (QuietPointUser* x : a.asking)
    if (x == &r) return;
  a.asking.push_back(&r);
  if (!a.waiting) a.wake.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace autorac::hw
