#include "models/train/CpuRuntime.h"

#include <dlfcn.h>
#include <malloc.h>

#include <torch/torch.h>

namespace autorac::models {

void useCpuRuntime(int threads) {
  // 32 MiB is glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX). The trim
  // threshold keeps what was freed at the heap's top for the next step.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  torch::set_num_threads(threads);
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
}

void releaseFreedMemory() { malloc_trim(0); }

}  // namespace autorac::models
