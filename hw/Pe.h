#pragma once
// A processing element (ISAAC's IMA): its crossbars, the ADC groups they share, and the S+A units.
// Shared ADC groups serve same-cycle requests lowest crossbar index first, as their RTL twin
// (rtl/adc_share_sequencer.sv) does: Resource::Order::Index (a private group cannot tie:
// hw/ResourceAdcGroup.h); so does the S+A pool where its requests can outnumber its slots (Pe.cpp,
// shiftAddOrder).
// The input and output registers are accounted per access by the op runners that fill and drain them;
// the output register's room (in bits) is a shared resource too, held from a vector's last conversion
// until its drain (hw/CrossbarUnit).
#include <memory>
#include <vector>

#include <systemc>

#include "hw/AdcGroup.h"
#include "hw/CrossbarUnit.h"
#include "hw/Design.h"
#include "hw/Resource.h"

namespace autorac::hw {

class Pe : public sc_core::sc_module {
public:
  // `clock` must outlive the PE. `make_adc_group`: what models each ADC group (empty: the project's
  // hw::ResourceAdcGroup; pimsim --rtl adcseq: the verilated sequencer).
  Pe(sc_core::sc_module_name name, const Design& design, const Clock& clock, const AdcGroupFactory& make_adc_group = {});

  CrossbarUnit& crossbar(int index) { return *crossbars_.at(size_t(index)); }
  int crossbarCount() const { return int(crossbars_.size()); }
  AdcGroup& adcGroup(int index) { return *adc_groups_.at(size_t(index)); }
  int adcGroupCount() const { return int(adc_groups_.size()); }
  Resource& shiftAdd() { return shift_add_; }
  Resource& outputRegister() { return output_register_; }
  void trace(sc_core::sc_trace_file* tf);

private:
  // One S+A unit accepts a result per cycle while an ADC delivers one per t_adc, so each unit can
  // serve t_adc ADCs: the pool has units × t_adc slots and a converting group takes one per ADC.
  Resource shift_add_;
  Resource output_register_;  // slots: bits
  // After the S+A pool, which each group reaches, so that the pool outlives them; before the
  // crossbars, whose sockets are bound to them.
  std::vector<std::unique_ptr<AdcGroup>> adc_groups_;
  std::vector<std::unique_ptr<CrossbarUnit>> crossbars_;
};

}  // namespace autorac::hw
