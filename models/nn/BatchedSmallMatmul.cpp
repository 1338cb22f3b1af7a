#include "models/nn/BatchedSmallMatmul.h"

#include <algorithm>

#include <ATen/Parallel.h>
#include <torch/torch.h>

namespace autorac::models {

namespace {

// One matrix: c (M x N) = a (M x K) . b (K x N), row-major. The inner loop runs along a row of b and
// of c so that the compiler vectorises it; target_clones builds it for AVX-512, AVX2 and baseline
// x86-64 and picks one at load time, so the binary runs on any x86-64 CPU.
template <class T>
__attribute__((target_clones("avx512f", "avx2", "default"))) void gemmOne(
    const T* __restrict a, const T* __restrict b, T* __restrict c, int64_t M, int64_t K, int64_t N) {
  for (int64_t i = 0; i < M; ++i) {
    T* __restrict ci = c + i * N;
    for (int64_t j = 0; j < N; ++j) ci[j] = T(0);
    for (int64_t k = 0; k < K; ++k) {
      const T aik = a[i * K + k];
      const T* __restrict bk = b + k * N;
      for (int64_t j = 0; j < N; ++j) ci[j] += aik * bk[j];
    }
  }
}

// c[s] = a[s] . b[s] for every matrix s of the batch, split over the intra-op threads.
template <class T>
void gemmBatched(const T* a, const T* b, T* c, int64_t batch, int64_t M, int64_t K, int64_t N) {
  const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(1, M * K * N));
  at::parallel_for(0, batch, grain, [&](int64_t begin, int64_t end) {
    for (int64_t s = begin; s < end; ++s) gemmOne(a + s * M * K, b + s * K * N, c + s * M * N, M, K, N);
  });
}

// a [..., M, K] @ b [..., K, N] with equal leading dimensions; no autograd.
torch::Tensor product(const torch::Tensor& a, const torch::Tensor& b) {
  TORCH_CHECK(a.dim() >= 3 && a.dim() == b.dim(), "batchedSmallMatmul: operands of rank ", a.dim(), " and ",
              b.dim());
  TORCH_CHECK(a.sizes().slice(0, a.dim() - 2) == b.sizes().slice(0, b.dim() - 2),
              "batchedSmallMatmul: batch dimensions differ");
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  TORCH_CHECK(b.size(-2) == K, "batchedSmallMatmul: inner sizes ", K, " and ", b.size(-2));
  auto ac = a.contiguous(), bc = b.contiguous();
  std::vector<int64_t> out_shape(a.sizes().begin(), a.sizes().end());
  out_shape.back() = N;
  auto c = torch::empty(out_shape, a.options());
  const int64_t batch = M * K > 0 ? ac.numel() / (M * K) : 0;
  AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "batchedSmallMatmul", [&] {
    gemmBatched(ac.data_ptr<scalar_t>(), bc.data_ptr<scalar_t>(), c.data_ptr<scalar_t>(), batch, M, K, N);
  });
  return c;
}

struct BatchedSmallMatmulFn : torch::autograd::Function<BatchedSmallMatmulFn> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a,
                               const torch::Tensor& b) {
    ctx->save_for_backward({a, b});
    return product(a, b);
  }
  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& a = saved[0];
    const auto& b = saved[1];
    const auto& g = grads[0];
    // Both gradients contract over the large dimensions (N, resp. M): at::matmul's GEMMs do those
    // better than this kernel.
    return {torch::matmul(g, b.transpose(-1, -2)), torch::matmul(a.transpose(-1, -2), g)};
  }
};

}  // namespace

torch::Tensor batchedSmallMatmul(const torch::Tensor& a, const torch::Tensor& b) {
  return BatchedSmallMatmulFn::apply(a, b);
}

}  // namespace autorac::models
