#pragma once
// Batched matrix product a @ b for [..., M, K] x [..., K, N] with a small inner size K (attention
// scores q k^T: K = 8 per head; the dot op's Gram matrix: K = 16). Debian's LibTorch 1.13 has no
// MKL, so at::bmm runs these as a serial loop of one GEMM call per matrix (per sample and head),
// each dominated by call overhead on a single core. This op runs the batch through one vectorised
// loop nest split over the intra-op threads (1.3-2.4x faster than at::matmul at T = 40..80, batch
// 512, 2 heads; bench/models/StepTime.cpp measures the whole step). Its backward contracts over the
// large sizes and uses at::matmul. Values equal torch::matmul's up to rounding
// (tests/models/BatchedSmallMatmulTest.cpp).
#include <torch/types.h>

namespace autorac::models {

torch::Tensor batchedSmallMatmul(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace autorac::models
