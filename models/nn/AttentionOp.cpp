#include "models/nn/AttentionOp.h"

#include <cmath>

#include <torch/torch.h>

#include "models/nn/BatchedSmallMatmul.h"

namespace autorac::models {

AttentionOpImpl::AttentionOpImpl() {
  const int64_t d = Arch::kEmbeddingDim;
  qkv_ = register_module("qkv", SlicedLinear(std::vector<int64_t>{d}, 3 * d));
  out_ = register_module("out", SlicedLinear(std::vector<int64_t>{d}, d));
  ffn1_ = register_module("ffn1", SlicedLinear(std::vector<int64_t>{d}, kFfn));
  ffn2_ = register_module("ffn2", SlicedLinear(std::vector<int64_t>{kFfn}, d));
  ln1_ = register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
  ln2_ = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
}

torch::Tensor AttentionOpImpl::forward(const SourceList& sparse, int64_t tokens, Precision p,
                                       Recorder* rec, const std::string& prefix) {
  std::vector<torch::Tensor> parts;
  for (const auto& s : sparse) parts.push_back(s.second);
  auto x = parts.size() == 1 ? parts[0] : torch::cat(parts, 1);  // [B, T, 16]
  const int64_t B = x.size(0), T = x.size(1), d = Arch::kEmbeddingDim, hd = d / kHeads;
  auto qkv = qkv_->forward(x, 3 * d, p, rec, prefix + ".qkv").view({B, T, 3, kHeads, hd});
  auto q = qkv.select(2, 0).transpose(1, 2), k = qkv.select(2, 1).transpose(1, 2),
       v = qkv.select(2, 2).transpose(1, 2);  // [B, H, T, hd]
  // The 1/sqrt(hd) scale is applied to q ([B, H, T, hd]) rather than to the scores ([B, H, T, T]).
  auto att = torch::softmax(batchedSmallMatmul(q / std::sqrt(double(hd)), k.transpose(2, 3)), -1);
  auto ctx = torch::matmul(att, v).transpose(1, 2).reshape({B, T, d});
  x = ln1_(x + out_->forward(ctx, d, p, rec, prefix + ".out"));
  auto h = torch::relu(ffn1_->forward(x, kFfn, p, rec, prefix + ".ffn1"));
  x = ln2_(x + ffn2_->forward(h, d, p, rec, prefix + ".ffn2"));
  if (T >= tokens) return x.narrow(1, 0, tokens);
  return torch::cat({x, torch::zeros({B, tokens - T, d}, x.options())}, 1);
}

}  // namespace autorac::models
