#pragma once
// The functional datapath's S+A unit (HARDWARE.md §2.5) as a SystemC module with a TLM-2.0 target
// socket, and the datapath's side of that socket (pimsim --functional; docs/rtl.md, "The S+A").
// One input vector's shift-and-add (in pimsim, one crossbar's share of it: sim/run/OpValues) is
// blocking transactions at address 0, each carrying a ShiftAddVector extension that names the
// matrix's geometry:
//   write  one or more, in order: the vector's ADC results as the datapath makes them, the payload's
//          data an array of hw::AdcResult (at most ShiftAddPort's chunk of them per write);
//   read   once, last: the accumulators, g.out_features int64 sums before offset correction.
// The arithmetic behind the socket is a hw::ShiftAddModel: hw::ShiftAdd (the project's), or the
// verilated rtl/shift_add.sv (cosim/RtlShiftAdd, pimsim --rtl sa). The functional datapath calls it
// from the chip's SystemC run, as each crossbar's partial sums leave (sim/run/StageValues), and takes
// no simulated time, so the timing figures are those of a run without it.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/ShiftAddModel.h"
#include "hw/tlm/MemberExtension.h"

namespace autorac::hw {

struct ShiftAddVector : tlmcheck::MemberExtension<ShiftAddVector> {
  const MvmGeometry* geometry = nullptr;  // the matrix the results belong to
  std::exception_ptr refused;             // set by the unit: why its arithmetic could not take the vector
};

class ShiftAddUnit : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<ShiftAddUnit> from_datapath{"from_datapath"};
  ShiftAddUnit(sc_core::sc_module_name name, std::shared_ptr<ShiftAddModel> arithmetic);
  int64_t vectors() const { return vectors_; }  // input vectors (or crossbar shares of one) whose sums were read

private:
  void transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  tlm::tlm_response_status take(tlm::tlm_generic_payload& gp, const MvmGeometry& g);
  std::shared_ptr<ShiftAddModel> arithmetic_;
  const MvmGeometry* open_ = nullptr;  // the vector being accumulated (its geometry), null between vectors
  int64_t vectors_ = 0;
};

// The datapath's side: a ShiftAddModel whose vectors go through a socket bound to a ShiftAddUnit, as
// the transactions above. It keeps at most `chunk` results before it writes them. Call from a
// SystemC process; what the unit's arithmetic refused a vector with (e.g. a verilated unit's
// limits: an InputError) is rethrown.
class ShiftAddPort : public sc_core::sc_module, public ShiftAddModel {
public:
  static constexpr size_t kChunk = 4096;  // results per write: 288 KB
  tlm_utils::simple_initiator_socket<ShiftAddPort> to_shift_add{"to_shift_add"};
  explicit ShiftAddPort(sc_core::sc_module_name name, size_t chunk = kChunk);
  void begin(const MvmGeometry& g) override;
  void add(const AdcResult* results, size_t count) override;
  std::vector<int64_t> sums() override;

private:
  void writeBuffered();
  size_t chunk_;
  const MvmGeometry* g_ = nullptr;
  std::vector<AdcResult> buffer_;
  bool written_ = false;  // this vector has had a write
};

}  // namespace autorac::hw
