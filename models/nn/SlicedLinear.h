#pragma once
// A linear layer over the concatenation of several input sources whose widths vary by architecture:
// one weight block [max_out, max_width_j] per source j, and a bias [max_out]. A path uses the leading
// `out` rows and, for each source it reads, the leading columns matching that source's actual width;
// the result equals a plain Linear over concat(inputs) with those weights, so a sub-network's weights
// are inherited by slicing. Weights and inputs are fake-quantised at the path's precision.
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "models/nn/Recorder.h"
#include "models/space/Arch.h"

namespace autorac::models {

using SourceList = std::vector<std::pair<int, torch::Tensor>>;  // (source index, [B, width])

class SlicedLinearImpl : public torch::nn::Module {
public:
  SlicedLinearImpl(std::vector<int64_t> source_widths, int64_t max_out, bool bias = true);
  torch::Tensor forward(const SourceList& inputs, int64_t out, Precision p,
                        Recorder* rec = nullptr, const std::string& name = "");
  torch::Tensor forward(const torch::Tensor& x, int64_t out, Precision p, Recorder* rec = nullptr,
                        const std::string& name = "");  // source 0 only
  // The effective weight for inputs of these (source, width) in this order.
  torch::Tensor weightFor(const std::vector<std::pair<int, int64_t>>& layout, int64_t out) const;
  int64_t maxOut() const { return max_out_; }
  // Sets every bias entry to v (no-op without a bias).
  void fillBias(double v);

private:
  std::vector<torch::Tensor> weights_;
  torch::Tensor bias_;
  int64_t max_out_;
};
TORCH_MODULE(SlicedLinear);

}  // namespace autorac::models
