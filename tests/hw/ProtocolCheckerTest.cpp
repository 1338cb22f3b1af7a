// The TLM-2.0 base-protocol checker (hw/tlm/ProtocolChecker.h): a well-formed call passes, and each
// rule fires on a transaction built to break it. Real sockets on the real SystemC kernel.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::tlmcheck {
namespace {

// A target that answers after `latency` of simulated time, or leaves the status unset when told to.
struct Target : sc_core::sc_module {
  tlm_utils::simple_target_socket<Target> socket{"socket"};
  bool answer = true;
  sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  explicit Target(sc_core::sc_module_name n) : sc_module(n) { socket.register_b_transport(this, &Target::transport); }
  void transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
    if (latency != sc_core::SC_ZERO_TIME) sc_core::wait(latency);
    if (answer) gp.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket{"socket"};
  explicit Initiator(sc_core::sc_module_name n) : sc_module(n) {}
  void send(tlm::tlm_generic_payload& gp, sc_core::sc_time delay = sc_core::SC_ZERO_TIME, InFlightMark* mark = nullptr) {
    checkedBTransport(socket, gp, delay, "test", mark);
  }
};

void timingOnly(tlm::tlm_generic_payload& gp) {
  gp.set_command(tlm::TLM_IGNORE_COMMAND);
  gp.set_data_ptr(nullptr);
  gp.set_data_length(0);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

// One simulation per process (SystemC): every case runs in its own test, on its own kernel.
struct Bench {
  Initiator initiator{"initiator"};
  Target target{"target"};
  Bench() {
    initiator.socket.bind(target.socket);
    ProtocolChecker::instance().reset();
  }
  // Runs `body` in an SC_THREAD and returns the violations it caused.
  template <class F>
  uint64_t run(F body) {
    sc_core::sc_spawn(body);
    sc_core::sc_start();
    return ProtocolChecker::instance().violations();
  }
};

TEST(ProtocolChecker, WellFormedTransactionsPass) {
  Bench b;
  unsigned char data[4] = {};
  EXPECT_EQ(b.run([&] {
    tlm::tlm_generic_payload gp;
    timingOnly(gp);
    b.initiator.send(gp, sc_core::sc_time(5, sc_core::SC_NS));
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_data_ptr(data);
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    b.initiator.send(gp);
  }), 0u);
  EXPECT_EQ(ProtocolChecker::instance().transactions(), 2u);
}

TEST(ProtocolChecker, NullDataPointerWithALengthIsAViolation) {
  Bench b;
  EXPECT_EQ(b.run([&] {
    tlm::tlm_generic_payload gp;
    timingOnly(gp);
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_data_length(8);  // what the NI once sent: bytes of a payload that carries no data
    b.initiator.send(gp);
  }), 1u);
  EXPECT_NE(ProtocolChecker::instance().firstViolations().at(0).find("data: null data pointer"), std::string::npos);
}

TEST(ProtocolChecker, TargetThatSetsNoResponseStatusIsAViolation) {
  Bench b;
  b.target.answer = false;
  EXPECT_EQ(b.run([&] {
    tlm::tlm_generic_payload gp;
    timingOnly(gp);
    b.initiator.send(gp);
  }), 1u);
  EXPECT_NE(ProtocolChecker::instance().firstViolations().at(0).find("response:"), std::string::npos);
}

TEST(ProtocolChecker, StaleResponseStatusAtTheCallIsAViolation) {
  Bench b;
  EXPECT_EQ(b.run([&] {
    tlm::tlm_generic_payload gp;
    timingOnly(gp);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);  // left over from a previous use
    b.initiator.send(gp);
  }), 1u);
  EXPECT_NE(ProtocolChecker::instance().firstViolations().at(0).find("request:"), std::string::npos);
}

TEST(ProtocolChecker, PayloadReusedWhileInFlightIsAViolation) {
  Bench b;
  b.target.latency = sc_core::sc_time(10, sc_core::SC_NS);
  tlm::tlm_generic_payload shared;
  EXPECT_EQ(b.run([&] {
    timingOnly(shared);
    sc_core::sc_spawn([&] {
      sc_core::wait(1, sc_core::SC_NS);  // the first call is still waiting in the target
      shared.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
      b.initiator.send(shared);
    });
    b.initiator.send(shared);
  }), 1u);
  EXPECT_NE(ProtocolChecker::instance().firstViolations().at(0).find("reuse:"), std::string::npos);
}

// The same rule where the initiator keeps the payload's in-flight count itself (hw/AdcGroup.h's link):
// a second process sending it mid-call is caught, sending it again after the call returned is not.
TEST(ProtocolChecker, PayloadReusedWhileInFlightIsAViolationWithTheInitiatorsOwnMark) {
  Bench b;
  b.target.latency = sc_core::sc_time(10, sc_core::SC_NS);
  tlm::tlm_generic_payload shared;
  InFlightMark mark;
  EXPECT_EQ(b.run([&] {
    timingOnly(shared);
    sc_core::sc_spawn([&] {
      sc_core::wait(sc_core::sc_time(500, sc_core::SC_PS));
      EXPECT_EQ(mark.depth, 1);  // the checker counts the call on the initiator's mark, not in its table
      sc_core::wait(sc_core::sc_time(500, sc_core::SC_PS));  // the first call is still waiting in the target
      shared.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
      b.initiator.send(shared, sc_core::SC_ZERO_TIME, &mark);
    });
    b.initiator.send(shared, sc_core::SC_ZERO_TIME, &mark);
    sc_core::wait(20, sc_core::SC_NS);  // both calls have returned
    shared.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    b.initiator.send(shared, sc_core::SC_ZERO_TIME, &mark);
  }), 1u);
  EXPECT_NE(ProtocolChecker::instance().firstViolations().at(0).find("reuse:"), std::string::npos);
  EXPECT_EQ(mark.depth, 0);
  EXPECT_EQ(ProtocolChecker::instance().transactions(), 3u);
}

// An interconnect passes the transaction it received on, inside the call that brought it (the NoC's
// network interface does): the same payload in flight twice, on one process, nested.
TEST(ProtocolChecker, ATargetForwardingThePayloadItReceivedIsNoReuse) {
  struct Forwarder : sc_core::sc_module {
    tlm_utils::simple_target_socket<Forwarder> in{"in"};
    tlm_utils::simple_initiator_socket<Forwarder> out{"out"};
    explicit Forwarder(sc_core::sc_module_name n) : sc_module(n) { in.register_b_transport(this, &Forwarder::transport); }
    void transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) { checkedBTransport(out, gp, delay, "forward"); }
  };
  Initiator initiator{"initiator"};
  Forwarder hop{"hop"};
  Target target{"target"};
  initiator.socket.bind(hop.in);
  hop.out.bind(target.socket);
  target.latency = sc_core::sc_time(10, sc_core::SC_NS);
  ProtocolChecker::instance().reset();
  tlm::tlm_generic_payload gp;
  sc_core::sc_spawn([&] {
    timingOnly(gp);
    initiator.send(gp);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    initiator.send(gp);  // and again once both calls have returned
  });
  sc_core::sc_start();
  EXPECT_EQ(ProtocolChecker::instance().violations(), 0u) << ProtocolChecker::instance().firstViolations().at(0);
  EXPECT_EQ(ProtocolChecker::instance().transactions(), 4u);
}

TEST(ProtocolChecker, NegativeTimingAnnotationIsAViolation) {
  Bench b;
  EXPECT_EQ(b.run([&] {
    tlm::tlm_generic_payload gp;
    timingOnly(gp);
    // 0 - 1 ps: sc_time is unsigned, so the mistake wraps around instead of going negative.
    b.initiator.send(gp, sc_core::sc_time::from_value(0) - sc_core::sc_time::from_value(1));
  }), 2u);  // at the call, and on return: the target handed the annotation back unchanged
  EXPECT_NE(ProtocolChecker::instance().firstViolations().at(0).find("timing: negative"), std::string::npos);
}

}  // namespace
}  // namespace autorac::hw::tlmcheck
