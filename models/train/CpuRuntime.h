#pragma once
// Process-wide CPU settings for LibTorch training on small batches. Measured on this project's
// models (docs/models.md, "CPU runtime"): `autorac eval` with a 28-step fine-tune of a tiny-space
// path, --threads 1, took 7.2 s wall and 13.8 CPU-s (6.0 of them in the kernel) before, and 3.6 s
// wall and 3.7 CPU-s after, with the same log loss as OPENBLAS_NUM_THREADS=1 to the last digit.
namespace autorac::models {

// Sets up the process for training on small batches; call it before the first tensor op, with
// `--threads`:
// - LibTorch's intra-op threads `threads`, and one OpenBLAS thread. Debian's LibTorch calls OpenBLAS
//   for its GEMMs, and OpenBLAS starts one thread per core whatever torch::set_num_threads says; on
//   these models' small GEMMs its threads cost more than they give (the same fine-tune at --threads 2:
//   5.6 s with OpenBLAS on 2 threads, 3.1 s on 1) and its idle threads spin in sched_yield. One BLAS
//   thread also makes results independent of the core count, since OpenBLAS splits a GEMM's sums by
//   thread. OpenBLAS is looked up at run time, so another BLAS is left alone.
// - Freed blocks of up to 32 MiB stay in the heap instead of going back to the kernel. Each training
//   step allocates and frees the embedding table's dense gradient (8 MiB at the default hash size)
//   and other large temporaries; above glibc's default mmap threshold every one was a fresh mmap,
//   page-faulted and zeroed page by page (most of the 6.0 kernel CPU-s above).
void useCpuRuntime(int threads);

// Hands the free pages inside every malloc arena back to the kernel (glibc's malloc_trim). With the
// heap keeping freed blocks, it otherwise keeps every page it ever held: on a 2 M-row generated
// Criteo file, where batches differ in their hashed rows, training DLRM grew to 2.6 GB of RSS
// (bench/models/full_scale.sh; 661 MB with the trainer calling this every 64 steps, at 13,468
// against 14,265 samples/s without).
void releaseFreedMemory();

}  // namespace autorac::models
