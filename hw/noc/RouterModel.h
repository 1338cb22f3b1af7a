#pragma once
// The seam where a mesh router's implementation is chosen (docs/rtl.md, "Mixed-level simulation"):
// MeshCore steps every router through this interface, so hw::noc::Router (plain C++) and a verilated
// rtl/noc_router.sv (cosim/RtlRouter, `pimsim --rtl router`) are interchangeable cycle for cycle.
// The calls and their timing are those documented in hw/noc/Router.h. In the chip each router is a
// module holding its model behind a TLM socket, and the RouterModel MeshCore steps is a link to it
// (hw/noc/RouterUnit.h), which relies on three properties every model keeps: only accept() and
// depart() change an input (what full/empty/occupancy/front report); allocate() alone consumes
// credits, so a credit may reach the model at any time before its next allocate(); and allocate() is
// always followed by exactly its grants' depart() calls, before any other call.
#include <cstdint>
#include <functional>
#include <memory>

#include "hw/noc/MeshTopology.h"

namespace autorac::hw::noc {

struct Flit {
  uint32_t packet = 0;  // the owner's handle (MeshCore: slot in its packet table)
  uint32_t seq = 0;     // 0 = head
  int64_t ready = 0;    // earliest cycle it may leave the router it is buffered in (set by accept())
  int32_t dst = 0;      // destination router (an RTL router computes the route from it)
  int8_t route = 0;     // the output a head flit asks for at this router (XY; set by the caller)
  bool tail = false;    // last flit of its packet (a one-flit packet's head is its tail)
};

class RouterModel {
public:
  virtual ~RouterModel() = default;
  // A flit enters input `in` in cycle `entered`: ready from entered + R. Throws if the buffer is full.
  virtual void accept(int in, Flit f, int64_t entered) = 0;
  virtual bool full(int in) const = 0;
  virtual bool empty(int in) const = 0;
  virtual int occupancy(int in) const = 0;
  virtual const Flit& front(int in) const = 0;
  // A credit for output `out` (one slot freed downstream) becomes usable in cycle `usable`.
  virtual void returnCredit(int out, int64_t usable) = 0;
  // Evaluate cycle t (cycles never decrease): grant[o] = the input output o serves (-1: none).
  virtual void allocate(int64_t t, int grant[kPorts]) = 0;
  // Commit: input `in` sends its front flit through output `out` (a grant of this cycle's allocate()).
  virtual Flit depart(int in, int out) = 0;
};

// Builds the router at `r` of a mesh; an empty factory means hw::noc::Router.
using RouterFactory = std::function<std::unique_ptr<RouterModel>(RouterId r, const MeshTopology& topology)>;

}  // namespace autorac::hw::noc
