#include "models/nn/Supernet.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <torch/torch.h>

namespace autorac::models {

SupernetImpl::SupernetImpl(NetShape shape) : shape_(std::move(shape)) {
  embedding_ = register_module(
      "embedding", torch::nn::Embedding(torch::nn::EmbeddingOptions(shape_.table_size, Arch::kEmbeddingDim)));
  torch::NoGradGuard guard;
  embedding_->weight.uniform_(-0.05, 0.05);
  for (size_t i = 0; i < shape_.blocks.size(); ++i)
    blocks_.push_back(register_module("block" + std::to_string(i + 1), Block(shape_.blocks[i])));
  head_ = register_module(
      "head", SlicedLinear(std::vector<int64_t>{shape_.head_dense, shape_.head_tokens * Arch::kEmbeddingDim}, 1));
}

void SupernetImpl::checkArch(const Arch& arch) const {
  if (arch.blocks.size() > shape_.blocks.size())
    throw std::invalid_argument("architecture '" + arch.name + "' has " + std::to_string(arch.blocks.size()) +
                                " blocks, the network " + std::to_string(shape_.blocks.size()));
  for (size_t i = 0; i < arch.blocks.size(); ++i) {
    const auto& a = arch.blocks[i];
    const auto& s = shape_.blocks[i];
    const std::string where = "architecture '" + arch.name + "', block " + std::to_string(i + 1) + ": ";
    if (a.width > s.max_width || a.tokens > s.max_tokens)
      throw std::invalid_argument(where + "width or tokens larger than the network's");
    if (std::find(s.dense_ops.begin(), s.dense_ops.end(), a.dense_op) == s.dense_ops.end())
      throw std::invalid_argument(where + "dense op '" + denseOpName(a.dense_op) + "' not in the network");
    if (std::find(s.sparse_ops.begin(), s.sparse_ops.end(), a.sparse_op) == s.sparse_ops.end())
      throw std::invalid_argument(where + "sparse op '" + sparseOpName(a.sparse_op) + "' not in the network");
    if (a.merge && !s.merge) throw std::invalid_argument(where + "merge not in the network");
  }
  const auto& last = arch.blocks.back();
  if (last.width > shape_.head_dense || last.outputTokens() > shape_.head_tokens)
    throw std::invalid_argument("architecture '" + arch.name + "': last block larger than the head");
}

torch::Tensor SupernetImpl::forward(const torch::Tensor& dense, const torch::Tensor& sparse,
                                    const Arch& arch, Recorder* rec) {
  std::vector<torch::Tensor> dense_outs, sparse_outs;
  dense_outs.push_back(shape_.num_dense > 0 ? dense
                                            : torch::ones({sparse.size(0), 1}, torch::kFloat32));
  sparse_outs.push_back(embedding_->forward(sparse));
  for (size_t i = 0; i < arch.blocks.size(); ++i) {
    auto out = blocks_[i]->forward(arch.blocks[i], dense_outs, sparse_outs, rec,
                                   "b" + std::to_string(i + 1));
    dense_outs.push_back(out.dense);
    sparse_outs.push_back(out.sparse);
  }
  auto flat = sparse_outs.back().flatten(1);
  SourceList head_in{{0, dense_outs.back()}, {1, flat}};
  return head_->forward(head_in, 1, arch.head_precision, rec, "head").squeeze(1);
}

void SupernetImpl::setOutputPrior(double label_rate) {
  if (!(label_rate > 0.0 && label_rate < 1.0))
    throw std::invalid_argument("label rate must be in (0, 1), got " + std::to_string(label_rate));
  head_->fillBias(std::log(label_rate / (1.0 - label_rate)));
}

int64_t SupernetImpl::parameterCount() {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

}  // namespace autorac::models
