#include "sim/run/OpValues.h"

#include <cstdlib>
#include <stdexcept>

#include <systemc>

namespace autorac::sim {

void FunctionalRun::stop(std::exception_ptr e) {
  failure = std::move(e);
  // The kernel would print "Simulation stopped by user." on stdout; the error is the caller's to tell.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_stop();
}

OpValues::OpValues(const hw::Design& design, const FunctionalOp& f, hw::ShiftAddModel* sa, FunctionalRun& run)
    : f_(f), sa_(sa), run_(run), mvm_(design, *f.geometry, f.weights->data, f.act_signed),
      k_(uint64_t(f.geometry->in_features)), n_(uint64_t(f.geometry->out_features)),
      rows_(uint64_t(f.input->shape.at(0))), outputs_(rows_ * n_, 0), done_(rows_, false) {}

std::vector<int64_t> OpValues::crossbarSums(const int64_t* block_rows, const CrossbarAssignment& x) {
  return mvm_.crossbarSums(block_rows, x.row_block, x.col_block, &stats_, sa_);
}

void OpValues::finish(uint64_t vector, std::vector<int64_t> acc) {
  if (done_.at(vector)) throw std::logic_error("functional run: op '" + f_.op_id + "' finished a vector twice");
  mvm_.correctOffsets(acc, std::vector<int64_t>(inputRow(vector), inputRow(vector) + k_));
  for (uint64_t j = 0; j < n_; ++j) {
    if (f_.bias) acc[j] += f_.bias->data[j];
    outputs_[vector * n_ + j] = acc[j];
  }
  done_[vector] = true;
}

OpFunctionalResult OpValues::result() const {
  OpFunctionalResult r;
  r.op_id = f_.op_id;
  r.tensor_samples = rows_;
  r.lossless_adc = mvm_.lossless();
  r.has_reference = f_.reference != nullptr;
  r.conversions = uint64_t(stats_.conversions);
  r.lossy_conversions = uint64_t(stats_.lossy_conversions);
  r.values_carried = carried_;
  // The rows checked are the first ones: one rode with each simulated vector, in order.
  while (r.samples < rows_ && done_[r.samples]) ++r.samples;
  for (uint64_t g = r.samples; g < rows_; ++g)
    if (done_[g]) throw std::logic_error("functional run: op '" + f_.op_id + "' finished rows out of order");
  r.outputs.assign(outputs_.begin(), outputs_.begin() + int64_t(r.samples * n_));
  double abs_sum = 0;
  if (f_.reference) {
    for (uint64_t i = 0; i < r.samples * n_; ++i) {
      const int64_t err = std::llabs(outputs_[i] - f_.reference->data[i]);
      r.mismatches += err != 0;
      r.max_abs_error = std::max(r.max_abs_error, err);
      abs_sum += double(err);
    }
    if (r.samples > 0) r.mean_abs_error = abs_sum / double(r.samples * n_);
  }
  return r;
}

}  // namespace autorac::sim
