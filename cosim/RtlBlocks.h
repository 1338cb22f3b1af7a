#pragma once
// pimsim --rtl: which blocks a verilated twin can stand in for inside the chip, and which verilated
// configuration fits a design. Verilator fixes a block's parameters when it translates it, so
// rtl/CMakeLists.txt verilates each block once per parameter set; a design whose parameters match
// none of them is refused with the fields that differ.
#include <string>
#include <vector>

#include "hw/BlockModels.h"
#include "hw/Design.h"

namespace autorac::cosim {

// One line per block --rtl accepts: its name, what it replaces, its verilated configurations.
std::string rtlBlockHelp();

// The block models for `names` (each as --rtl takes it, e.g. "router") on design `d`, and in
// `described` one line per block saying what runs in its place. Throws InputError (naming --rtl and
// the design's fields) for an unknown block, one the design lacks, or parameters never verilated.
hw::BlockModels rtlBlocks(const std::vector<std::string>& names, const hw::Design& d, std::vector<std::string>& described);

}  // namespace autorac::cosim
