#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/nn/Quantizer.h"

using namespace autorac::models;

TEST(Quantizer, SixteenBitsRoundTrips) {
  torch::manual_seed(0);
  auto w = torch::randn({8, 32});
  auto q = quantizeWeight(w, 16);
  auto back = q.values.to(torch::kFloat32) * q.scale.unsqueeze(1);
  // Error at most half a step, and a step is max|row| / 32767.
  EXPECT_LE((back - w).abs().max().item<float>(), (q.scale.max() * 0.5001).item<float>());
  EXPECT_LT((back - w).abs().max().item<float>(), 1e-4);
  // Values already on the 16-bit grid come back exactly.
  auto grid = torch::arange(-32767, 32768, 97).to(torch::kFloat32) * 0.001f;
  auto g = quantizeActivation(grid, 16);
  EXPECT_TRUE(torch::allclose(g.values.to(torch::kFloat32) * g.scale, grid, 0, 1e-6));
  EXPECT_TRUE(torch::allclose(fakeQuantWeight(w, 16), w, 0, 1e-4));
}

TEST(Quantizer, PerChannelSymmetricRanges) {
  auto w = torch::tensor({{1.0f, -0.5f}, {100.0f, 50.0f}});
  for (int bits : {2, 4, 8, 16}) {
    auto q = quantizeWeight(w, bits);
    EXPECT_EQ(q.values.abs().max().item<int64_t>(), quantMax(bits));
    EXPECT_EQ(q.values[0][0].item<int64_t>(), quantMax(bits));  // each row uses its own scale
    EXPECT_EQ(q.values[1][0].item<int64_t>(), quantMax(bits));
  }
  EXPECT_EQ(quantMax(2), 1);
  EXPECT_EQ(quantMax(8), 127);
}

TEST(Quantizer, StraightThroughGradientPasses) {
  for (int bits : {2, 4, 8, 16}) {
    auto w = torch::randn({4, 6}, torch::requires_grad());
    auto x = torch::randn({3, 6}, torch::requires_grad());
    auto y = torch::matmul(fakeQuantActivation(x, bits), fakeQuantWeight(w, bits).t()).sum();
    y.backward();
    // d/dw sum(x w^T) = column sums of x (quantised x), passed straight through the quantiser.
    auto expected = fakeQuantActivation(x, bits).detach().sum(0).expand({4, 6});
    EXPECT_TRUE(torch::allclose(w.grad(), expected, 1e-5, 1e-5)) << bits;
    EXPECT_TRUE(x.grad().defined());
    EXPECT_GT(x.grad().abs().sum().item<float>(), 0.0f);
    // The forward value is the quantised one.
    auto fq = fakeQuantWeight(w, bits);
    auto q = quantizeWeight(w, bits);
    EXPECT_TRUE(torch::allclose(fq, q.values.to(torch::kFloat32) * q.scale.unsqueeze(1)));
  }
}

TEST(Quantizer, FakeQuantisedValuesAreTheExportedIntegersTimesTheirScale) {
  // The training forward (fakeQuant*) and the integers the export writes must
  // agree exactly, for every bit width, weights per row and activations per tensor.
  torch::manual_seed(9);
  auto w = torch::randn({33, 47}) * 0.3, x = torch::randn({8, 47}) * 2.0;
  for (int bits : {2, 4, 8, 16}) {
    auto qw = quantizeWeight(w, bits);
    EXPECT_TRUE(torch::equal(fakeQuantWeight(w, bits), qw.values.to(torch::kFloat32) * qw.scale.view({-1, 1})))
        << bits;
    auto qx = quantizeActivation(x, bits);
    EXPECT_TRUE(torch::equal(fakeQuantActivation(x, bits), qx.values.to(torch::kFloat32) * qx.scale)) << bits;
  }
}

TEST(Quantizer, FakeQuantisationIsAtensFusedKernelBitForBit) {
  // fakeQuant* compute what ATen's fused fake-quantisation kernels compute (the reference: float
  // reciprocal of the scale, ties to even), forward and backward. The largest magnitude is q/8, so
  // the scale is exactly 1/8 and (k + 0.5)/8 are exact ties, both signs.
  torch::manual_seed(11);
  for (int bits : {2, 4, 8, 16}) {
    const int64_t q = quantMax(bits);
    const float top = float(q) / 8;
    auto ties = (torch::arange(-q, q).to(torch::kFloat32) + 0.5f) / 8;  // |k + 0.5| < q
    auto w = (torch::randn({19, 37}) * 0.3 * top).clamp(-top, top);
    w.index_put_({torch::indexing::Slice(), 0}, top);
    w.index_put_({torch::indexing::Slice(), 1}, ties.index({torch::arange(19) % ties.numel()}));
    auto x = torch::cat({torch::tensor({-top}), (torch::randn({64}) * 0.3 * top).clamp(-top, top), ties.narrow(0, 0, std::min<int64_t>(ties.numel(), 200))});
    const int64_t n = x.numel();
    for (bool grad : {false, true}) {
      auto wa = w.clone().requires_grad_(grad), wb = w.clone().requires_grad_(grad);
      auto xa = x.clone().requires_grad_(grad), xb = x.clone().requires_grad_(grad);
      auto sw = (w.abs().amax(1) / double(q)).clamp_min(1e-12);
      auto sx = (x.abs().max() / double(q)).clamp_min(1e-12).reshape({1});
      auto ref_w = torch::fake_quantize_per_channel_affine(wb, sw, torch::zeros({19}, torch::kInt32), 0, -q, q);
      auto ref_x = torch::fake_quantize_per_tensor_affine(xb, sx, torch::zeros({1}, torch::kInt32), -q, q);
      auto got_w = fakeQuantWeight(wa, bits), got_x = fakeQuantActivation(xa, bits);
      ASSERT_TRUE(torch::equal(got_w, ref_w)) << bits;
      ASSERT_TRUE(torch::equal(got_x, ref_x)) << bits;
      if (!grad) continue;
      auto gw = torch::randn({19, 37}), gx = torch::randn({n});
      (got_w * gw).sum().backward();
      (ref_w * gw).sum().backward();
      (got_x * gx).sum().backward();
      (ref_x * gx).sum().backward();
      EXPECT_TRUE(torch::equal(wa.grad(), wb.grad())) << bits;
      EXPECT_TRUE(torch::equal(xa.grad(), xb.grad())) << bits;
    }
  }
}
