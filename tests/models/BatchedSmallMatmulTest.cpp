// batchedSmallMatmul must equal torch::matmul, values and gradients, on the shapes attention and the
// dot op use, on strided (transposed) operands, and on degenerate sizes.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/nn/BatchedSmallMatmul.h"

using autorac::models::batchedSmallMatmul;

namespace {

void expectSameAsMatmul(const torch::Tensor& a0, const torch::Tensor& b0) {
  auto a = a0.detach().clone().requires_grad_(true), b = b0.detach().clone().requires_grad_(true);
  auto a2 = a0.detach().clone().requires_grad_(true), b2 = b0.detach().clone().requires_grad_(true);
  auto y = batchedSmallMatmul(a, b), ref = torch::matmul(a2, b2);
  ASSERT_EQ(y.sizes(), ref.sizes());
  EXPECT_TRUE(torch::allclose(y, ref, 1e-10, 1e-12));
  auto w = torch::randn(ref.sizes(), ref.options());
  (y * w).sum().backward();
  (ref * w).sum().backward();
  EXPECT_TRUE(torch::allclose(a.grad(), a2.grad(), 1e-10, 1e-12));
  EXPECT_TRUE(torch::allclose(b.grad(), b2.grad(), 1e-10, 1e-12));
}

torch::Tensor randn(std::vector<int64_t> shape) { return torch::randn(shape, torch::kFloat64); }

}  // namespace

TEST(BatchedSmallMatmul, AttentionScores) {
  torch::manual_seed(3);
  auto k = randn({3, 2, 20, 8});
  expectSameAsMatmul(randn({3, 2, 20, 8}), k.transpose(2, 3));  // q k^T, k^T a strided view
}

TEST(BatchedSmallMatmul, AttentionContext) {
  torch::manual_seed(4);
  expectSameAsMatmul(randn({3, 2, 20, 20}), randn({3, 2, 20, 8}));
}

TEST(BatchedSmallMatmul, DotOpGram) {
  torch::manual_seed(5);
  auto z = randn({4, 17, 16});
  expectSameAsMatmul(z, z.transpose(1, 2));
}

TEST(BatchedSmallMatmul, DegenerateSizes) {
  torch::manual_seed(6);
  expectSameAsMatmul(randn({2, 1, 1}), randn({2, 1, 1}));
  expectSameAsMatmul(randn({1, 5, 3}), randn({1, 3, 7}));
}

TEST(BatchedSmallMatmul, Float32MatchesWithinRounding) {
  torch::manual_seed(7);
  auto a = torch::randn({64, 2, 40, 8}), b = torch::randn({64, 2, 8, 40});
  EXPECT_TRUE(torch::allclose(batchedSmallMatmul(a, b), torch::matmul(a, b), 1e-5, 1e-5));
}

TEST(BatchedSmallMatmul, MismatchedShapesAreRejected) {
  EXPECT_THROW(batchedSmallMatmul(torch::randn({2, 3, 4}), torch::randn({2, 5, 4})), c10::Error);
  EXPECT_THROW(batchedSmallMatmul(torch::randn({2, 3, 4}), torch::randn({3, 4, 4})), c10::Error);
}
