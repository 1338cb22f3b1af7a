#include "search/JointSpace.h"

#include <cmath>

#include "hw/MvmGeometry.h"

namespace autorac::search {
namespace {

template <class T>
T pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

template <class T>
T other(const std::vector<T>& v, const T& current, std::mt19937_64& rng) {
  std::vector<T> rest;
  for (const T& x : v)
    if (x != current) rest.push_back(x);
  return rest.empty() ? current : pick(rest, rng);
}

}  // namespace

double HardwareSpace::log10Size() const {
  return std::log10(double(rows.size()) * cols.size() * cell_bits.size() * adc_bits.size() * crossbars_per_adc.size() *
                    shift_add_units.size() * mappings.size());
}

JointSpace::JointSpace(models::SpaceConfig model, HardwareSpace hardware)
    : model_(std::move(model)), hardware_(std::move(hardware)) {}

Candidate JointSpace::sample(std::mt19937_64& rng) const {
  Candidate c;
  c.arch = model_.sample(rng);
  c.hw.rows = pick(hardware_.rows, rng);
  c.hw.cols = pick(hardware_.cols, rng);
  c.hw.cell_bits = pick(hardware_.cell_bits, rng);
  c.hw.adc_bits = pick(hardware_.adc_bits, rng);
  c.hw.crossbars_per_adc = pick(hardware_.crossbars_per_adc, rng);
  c.hw.shift_add_units = pick(hardware_.shift_add_units, rng);
  c.hw.mapping = pick(hardware_.mappings, rng);
  return c;
}

Candidate JointSpace::mutate(const Candidate& c, std::mt19937_64& rng) const {
  Candidate m = c;
  if (rng() & 1) {
    m.arch = model_.mutate(c.arch, rng);
    return m;
  }
  HardwareChoice& h = m.hw;
  switch (std::uniform_int_distribution<int>(0, 6)(rng)) {
    case 0: h.rows = other(hardware_.rows, h.rows, rng); break;
    case 1: h.cols = other(hardware_.cols, h.cols, rng); break;
    case 2: h.cell_bits = other(hardware_.cell_bits, h.cell_bits, rng); break;
    case 3: h.adc_bits = other(hardware_.adc_bits, h.adc_bits, rng); break;
    case 4: h.crossbars_per_adc = other(hardware_.crossbars_per_adc, h.crossbars_per_adc, rng); break;
    case 5: h.shift_add_units = other(hardware_.shift_add_units, h.shift_add_units, rng); break;
    default: h.mapping = other(hardware_.mappings, h.mapping, rng);
  }
  return m;
}

int losslessAdcBits(const HardwareChoice& hw) {
  // isaac's DACs apply 1 bit per slice.
  return hw::bitsToHold(hw::MvmGeometry::columnSumBound(hw.rows, hw.cell_bits, 1));
}

int inputRegisterBytes(const HardwareChoice& hw) {
  // ISAAC sizes a PE's input register for one 16-bit input vector per crossbar (Table 6: 2 KB for 8
  // crossbars of 128 rows). The naive mapping streams every op at 16 bits, so the register grows with
  // the rows, or a 256-row crossbar could not take one input vector (sim/mapping/Mapper: checkCapacity).
  constexpr int kIsaacCrossbarsPerPe = 8, kWidestActBits = 16;
  return hw.rows * kWidestActBits * kIsaacCrossbarsPerPe / 8;
}

std::vector<std::string> pimsimOverrides(const HardwareChoice& hw) {
  const int bits = hw.adc_bits > 0 ? hw.adc_bits : losslessAdcBits(hw);
  return {"tiles=fit",
          "crossbar.rows=" + std::to_string(hw.rows),
          "input_register.bytes=" + std::to_string(inputRegisterBytes(hw)),
          "crossbar.cols=" + std::to_string(hw.cols),
          "crossbar.cell_bits=" + std::to_string(hw.cell_bits),
          "adc.bits=" + std::to_string(bits),
          "adc.crossbars_per_group=" + std::to_string(hw.crossbars_per_adc),
          "shift_add.units=" + std::to_string(hw.shift_add_units)};
}

}  // namespace autorac::search
