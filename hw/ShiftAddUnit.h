#pragma once
// The functional datapath's S+A unit (HARDWARE.md §2.5) as a SystemC module with a TLM-2.0 target
// socket, and the datapath's side of that socket (pimsim --functional; docs/rtl.md, "The S+A").
// One input vector's shift-and-add is two blocking transactions, as the unit is driven in hardware:
//   write  the vector's ADC results in the order the datapath makes them: the payload's data is the
//          hw::AdcResult array, and a ShiftAddVector extension names the matrix's geometry;
//   read   the accumulators: the payload's data is g.out_features int64 sums (before offset correction).
// The arithmetic behind the socket is a hw::ShiftAddModel: hw::ShiftAdd (the project's), or the
// verilated rtl/shift_add.sv (cosim/RtlShiftAdd, pimsim --rtl sa). The functional datapath runs as a
// process of the chip's SystemC run (sim/run/ChipSimulation) and takes no simulated time, so the
// timing figures are those of a run without it.
#include <cstdint>
#include <exception>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/ShiftAddModel.h"

namespace autorac::hw {

struct ShiftAddVector : tlm::tlm_extension<ShiftAddVector> {
  const MvmGeometry* geometry = nullptr;  // the matrix the results belong to
  std::exception_ptr refused;             // set by the unit: why it answered with an error response
  // TLM's extension interface hands out owning raw pointers; the payloads here own none.
  tlm::tlm_extension_base* clone() const override { return new ShiftAddVector(*this); }
  void copy_from(const tlm::tlm_extension_base& e) override { *this = static_cast<const ShiftAddVector&>(e); }
};

class ShiftAddUnit : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<ShiftAddUnit> from_datapath{"from_datapath"};
  ShiftAddUnit(sc_core::sc_module_name name, std::shared_ptr<ShiftAddModel> arithmetic);
  int64_t vectors() const { return vectors_; }  // input vectors shifted and added

private:
  void transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  std::shared_ptr<ShiftAddModel> arithmetic_;
  std::vector<int64_t> sums_;  // the accumulators after the last vector written
  int64_t vectors_ = 0;
};

// The datapath's side: a ShiftAddModel whose every call is the two transactions above, through a
// socket bound to a ShiftAddUnit. Call accumulate() from a SystemC process.
class ShiftAddPort : public sc_core::sc_module, public ShiftAddModel {
public:
  tlm_utils::simple_initiator_socket<ShiftAddPort> to_shift_add{"to_shift_add"};
  explicit ShiftAddPort(sc_core::sc_module_name name);
  // Rethrows what the unit refused the vector with (e.g. a verilated unit's limits: an InputError).
  std::vector<int64_t> accumulate(const MvmGeometry& g, const std::vector<AdcResult>& results) override;
};

}  // namespace autorac::hw
