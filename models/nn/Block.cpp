#include "models/nn/Block.h"

#include <algorithm>

#include <torch/torch.h>

namespace autorac::models {

template <class T>
static bool has(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

torch::Tensor fmInteraction(const torch::Tensor& tokens) {
  auto s = tokens.sum(1);
  return 0.5 * (s * s - (tokens * tokens).sum(1));
}

BlockImpl::BlockImpl(const BlockShape& shape) : shape_(shape) {
  const auto& dw = shape.dense_source_width;
  const int64_t w = shape.max_width;
  const int64_t widest = *std::max_element(dw.begin(), dw.end());
  if (has(shape.dense_ops, DenseOp::Fc)) fc_ = register_module("fc", SlicedLinear(dw, w));
  if (has(shape.dense_ops, DenseOp::Sum))
    sum_ = register_module("sum", SlicedLinear(std::vector<int64_t>{widest}, w));
  if (has(shape.dense_ops, DenseOp::Cross))
    cross_ = register_module("cross", SlicedLinear(std::vector<int64_t>{w}, w));
  if (has(shape.dense_ops, DenseOp::Dot)) dot_ = register_module("dot", DotOp(dw, shape.max_tokens, w));
  if (has(shape.dense_ops, DenseOp::Gating)) gating_ = register_module("gating", GatingOp(dw, w));
  if (has(shape.sparse_ops, SparseOp::Efc))
    efc_ = register_module("efc", EfcOp(shape.sparse_source_tokens, shape.max_tokens));
  if (has(shape.sparse_ops, SparseOp::Attention)) attention_ = register_module("attention", AttentionOp());
  if (shape.merge)
    merge_ = register_module(
        "merge", SlicedLinear(std::vector<int64_t>{w}, Arch::kMergeTokens * Arch::kEmbeddingDim));
}

BlockOutput BlockImpl::forward(const BlockArch& a, const std::vector<torch::Tensor>& dense_outs,
                               const std::vector<torch::Tensor>& sparse_outs, Recorder* rec,
                               const std::string& prefix) {
  SourceList dense, sparse;
  for (int i : a.dense_inputs) dense.emplace_back(i, dense_outs.at(i));
  for (int i : a.sparse_inputs) sparse.emplace_back(i, sparse_outs.at(i));
  TORCH_CHECK(a.width <= shape_.max_width && a.tokens <= shape_.max_tokens, prefix,
              ": width/tokens exceed the supernet's");

  torch::Tensor s;
  if (a.sparse_op == SparseOp::Efc) {
    TORCH_CHECK(efc_, prefix, ": this network has no efc op");
    s = efc_->forward(sparse, a.tokens, a.sparse_precision, rec, prefix + ".efc");
  } else {
    TORCH_CHECK(attention_, prefix, ": this network has no attention op");
    s = attention_->forward(sparse, a.tokens, a.sparse_precision, rec, prefix + ".attn");
  }

  torch::Tensor y;
  const Precision& p = a.dense_precision;
  switch (a.dense_op) {
    case DenseOp::Fc:
      TORCH_CHECK(fc_, prefix, ": this network has no fc op");
      y = torch::relu(fc_->forward(dense, a.width, p, rec, prefix + ".fc"));
      break;
    case DenseOp::Dot:
      TORCH_CHECK(dot_, prefix, ": this network has no dot op");
      y = dot_->forward(dense, s, a.width, p, rec, prefix + ".dot");
      break;
    case DenseOp::Gating:
      TORCH_CHECK(gating_, prefix, ": this network has no gating op");
      y = gating_->forward(dense, a.width, p, rec, prefix + ".gating");
      break;
    case DenseOp::Sum: {
      TORCH_CHECK(sum_, prefix, ": this network has no sum op");
      int64_t widest = 0;
      for (const auto& d : dense) widest = std::max(widest, d.second.size(1));
      y = sum_->forward(padSum(dense, widest), a.width, p, rec, prefix + ".sum");
      break;
    }
    case DenseOp::Cross: {
      TORCH_CHECK(cross_, prefix, ": this network has no cross op");
      auto x0 = padTo(dense.front().second, a.width), xl = padTo(dense.back().second, a.width);
      y = x0 * cross_->forward(xl, a.width, p, rec, prefix + ".cross") + xl;
      break;
    }
  }
  if (a.fm) y = y + padTo(fmInteraction(s), a.width);
  // Parameter-free LayerNorm of every block's dense output: without it the products of the dot, FM
  // and cross ops compound over 7 blocks (logits ~1e9 at initialisation on the largest path).
  y = torch::layer_norm(y, {y.size(1)});
  if (a.merge) {
    TORCH_CHECK(merge_, prefix, ": this network has no merge op");
    auto m = merge_->forward(y, Arch::kMergeTokens * Arch::kEmbeddingDim, a.merge_precision, rec,
                             prefix + ".merge");
    s = torch::cat({s, m.view({-1, Arch::kMergeTokens, Arch::kEmbeddingDim})}, 1);
  }
  return {y, s};
}

}  // namespace autorac::models
