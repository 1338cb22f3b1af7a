#pragma once
// The co-search's joint space (issue 9): the supernet's architecture space with per-op precision,
// the hardware knobs of the isaac-based chip (crossbar rows and cols, cell bits, ADC bits or
// "lossless for each op", ADC sharing, S+A units), the mapping, and a chip sized to the model
// (tiles: "fit"). Samples, mutates one choice, and turns a choice into pimsim --set overrides.
#include <random>
#include <string>
#include <vector>

#include "models/space/SearchSpace.h"
#include "search/Candidate.h"

namespace autorac::search {

struct HardwareSpace {
  std::vector<int> rows{64, 128, 256}, cols{64, 128, 256};
  std::vector<int> cell_bits{1, 2, 4};
  std::vector<int> adc_bits{0, 4, 6, 8};  // 0 = lossless for each op
  std::vector<int> crossbars_per_adc{1, 2, 4};
  std::vector<int> shift_add_units{4, 8, 16};
  std::vector<std::string> mappings{"naive", "optimized"};
  double log10Size() const;
};

class JointSpace {
public:
  JointSpace(models::SpaceConfig model, HardwareSpace hardware = {});
  Candidate sample(std::mt19937_64& rng) const;
  // One choice changed: half the time one of the model's, else one hardware knob.
  Candidate mutate(const Candidate& c, std::mt19937_64& rng) const;
  double log10Size() const { return model_.log10Size() + hardware_.log10Size(); }
  const models::SearchSpace& model() const { return model_; }
  const HardwareSpace& hardware() const { return hardware_; }

private:
  models::SearchSpace model_;
  HardwareSpace hardware_;
};

// The pimsim --set overrides (on the isaac preset) and the mapping of a hardware choice. "Lossless"
// ADC bits are those a full crossbar's column sum needs (HARDWARE.md §2.4).
// The input register holds one input vector per crossbar at the widest precision, as ISAAC's does.
std::vector<std::string> pimsimOverrides(const HardwareChoice& hw);
int losslessAdcBits(const HardwareChoice& hw);
int inputRegisterBytes(const HardwareChoice& hw);

}  // namespace autorac::search
