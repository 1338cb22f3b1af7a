#include "AdcGroupRtl.h"

#include <stdexcept>

#include "AdcGroupDriver.h"
#include "rtl/drivers/TestBench.h"
#include "Vadc_share_sequencer.h"
#include "Vadc_share_sequencerParams.h"
#include "Vadc_share_sequencer_n3a4t3.h"
#include "Vadc_share_sequencer_n3a4t3Params.h"

namespace autorac::rtl {
namespace {

template <class Params>
SequencerVariant variant(const char* prefix) {
  return {prefix, Params::N, Params::ADCS_PER_GROUP, Params::T_ADC, Params::COL_BITS};
}

template <class Model, class Params>
RtlRun run(const std::string& name, const GroupStimulus& stim, int64_t t_read, int64_t t_sa) {
  TestBench<Model> tb(name);
  tb.reset();
  AdcGroupDriver<Model, Params> driver(tb, stim, t_read, t_sa);
  RtlRun r;
  r.schedule = driver.run();
  r.order = driver.grantOrder();
  r.ties = driver.tieCycles();
  return r;
}

}  // namespace

const std::vector<SequencerVariant>& sequencerVariants() {
  static const std::vector<SequencerVariant> variants{
      variant<Vadc_share_sequencerParams>("Vadc_share_sequencer"),
      variant<Vadc_share_sequencer_n3a4t3Params>("Vadc_share_sequencer_n3a4t3")};
  return variants;
}

RtlRun runSequencerRtl(const SequencerVariant& v, const std::string& name, const GroupStimulus& stim, int64_t t_read,
                       int64_t t_sa) {
  if (v.prefix == "Vadc_share_sequencer")
    return run<Vadc_share_sequencer, Vadc_share_sequencerParams>(name, stim, t_read, t_sa);
  if (v.prefix == "Vadc_share_sequencer_n3a4t3")
    return run<Vadc_share_sequencer_n3a4t3, Vadc_share_sequencer_n3a4t3Params>(name, stim, t_read, t_sa);
  throw std::invalid_argument("no verilated sequencer " + v.prefix);
}

}  // namespace autorac::rtl
