#pragma once
// Collects, during one forward pass, what every weighted linear op of the chosen path computed: its
// effective float weight [out, in] and bias, its float input [B, in] (before quantisation) and its
// precision. The exporter turns these into the integer tensors of a trace. Ops append in execution
// order; the names follow the trace op ids ("b3.fc", "b2.attn.qkv", "head", ...).
#include <string>
#include <vector>

#include <torch/types.h>

#include "models/space/Arch.h"

namespace autorac::models {

struct LinearRecord {
  std::string name;
  torch::Tensor weight;  // [out, in]
  torch::Tensor bias;    // [out] or undefined
  torch::Tensor input;   // [rows, in]
  Precision precision;
};

struct Recorder {
  std::vector<LinearRecord> linears;
};

}  // namespace autorac::models
