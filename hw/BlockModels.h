#pragma once
// Which implementation models each block that has an RTL twin (docs/rtl.md, "Mixed-level simulation").
// Empty members mean the project's own C++/SystemC model; cosim/RtlBlocks fills them for pimsim --rtl.
#include <memory>

#include "hw/AdcGroupFactory.h"
#include "hw/ShiftAddModel.h"
#include "hw/noc/RouterModel.h"

namespace autorac::hw {

struct BlockModels {
  noc::RouterFactory router;                  // every mesh router
  std::shared_ptr<ShiftAddModel> shift_add;  // the arithmetic behind the functional datapath's S+A unit (hw/ShiftAddUnit.h)
  AdcGroupFactory adc_group;                 // every ADC group of every PE
};

}  // namespace autorac::hw
