#include "cosim/AdcSequencerRtl.h"

#include <sstream>
#include <stdexcept>

#include "Vadc_share_sequencer.h"
#include "Vadc_share_sequencerParams.h"
#include "Vadc_share_sequencer_n1a1t2.h"
#include "Vadc_share_sequencer_n1a1t2Params.h"
#include "Vadc_share_sequencer_n3a4t3.h"
#include "Vadc_share_sequencer_n3a4t3Params.h"
#include "rtl/drivers/TestBench.h"

namespace autorac::cosim {
namespace {

template <class Model, class Params>
class Sequencer final : public AdcSequencerRtl {
  static_assert(Params::N * Params::COL_BITS <= 64, "cols_used is driven as one 64-bit word");

public:
  explicit Sequencer(const std::string& name) : bench_(name) { bench_.reset(); }

  Outputs evaluate(uint64_t req, const std::vector<int64_t>& cols) override {
    auto& io = bench_.io();
    uint64_t packed = 0;
    for (int i = 0; i < Params::N; ++i) packed |= uint64_t(cols.at(size_t(i))) << (i * Params::COL_BITS);
    io.cols_used = packed;
    io.req = req;
    bench_.settle();
    Outputs o;
    o.grant = io.grant;
    o.done = io.done;
    o.pending = io.pending;
    o.start = io.start;
    o.start_idx = int(io.start_idx);
    o.busy = io.busy;
    return o;
  }
  void tick() override { bench_.tick(); }

private:
  rtl::TestBench<Model> bench_;
};

struct Build {
  const char* model;
  int n, adcs_per_group, t_adc, col_bits;
  std::unique_ptr<AdcSequencerRtl> (*make)(const std::string&);
  bool fits(const hw::Design& d) const {
    return d.adc.crossbars_per_group == n && d.adc.adcs_per_group == adcs_per_group && d.adcConversionCycles() == t_adc &&
           d.crossbar.cols < (1 << col_bits);
  }
};

template <class Model, class Params>
Build build(const char* model) {
  return {model, Params::N, Params::ADCS_PER_GROUP, Params::T_ADC, Params::COL_BITS,
          [](const std::string& name) { return std::unique_ptr<AdcSequencerRtl>(std::make_unique<Sequencer<Model, Params>>(name)); }};
}

const std::vector<Build>& builds() {
  static const std::vector<Build> all = {
      build<Vadc_share_sequencer_n1a1t2, Vadc_share_sequencer_n1a1t2Params>("Vadc_share_sequencer_n1a1t2"),
      build<Vadc_share_sequencer, Vadc_share_sequencerParams>("Vadc_share_sequencer"),
      build<Vadc_share_sequencer_n3a4t3, Vadc_share_sequencer_n3a4t3Params>("Vadc_share_sequencer_n3a4t3")};
  return all;
}

std::string describe(const Build& b) {
  std::ostringstream os;
  os << b.model << " (crossbars_per_group " << b.n << ", adcs_per_group " << b.adcs_per_group << ", t_adc " << b.t_adc
     << ", up to " << ((1 << b.col_bits) - 1) << " columns)";
  return os.str();
}

}  // namespace

std::string adcSequencerBuilds() {
  std::string s;
  for (const auto& b : builds()) s += (s.empty() ? "" : "; ") + describe(b);
  return s;
}

std::string adcSequencerBuildFor(const hw::Design& d) {
  for (const auto& b : builds())
    if (b.fits(d)) return describe(b);
  return "";
}

std::unique_ptr<AdcSequencerRtl> makeAdcSequencerRtl(const hw::Design& d, const std::string& name) {
  for (const auto& b : builds())
    if (b.fits(d)) return b.make(name);
  return nullptr;
}

}  // namespace autorac::cosim
