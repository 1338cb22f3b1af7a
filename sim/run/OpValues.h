#pragma once
// One fc op's values in a functional run (pimsim --functional): its weights in the datapath's cells
// (hw::FunctionalMvm), the input rows of the trace's tensors, and what the chip computed for each.
// The values are computed where the chip computes them and carried between tiles by the run's own
// transfers (sim/run/StageValues): tensor row g rides with the op's g-th simulated input vector
// (sample n's vector v is g = n·V + v; which rows a batch checks: docs/trace-format.md). Each
// crossbar's share goes through the S+A unit's socket (hw/ShiftAddUnit.h) when one is given. Its
// arithmetic takes no simulated time.
#include <chrono>
#include <cstdint>
#include <exception>
#include <vector>

#include "hw/Design.h"
#include "hw/FunctionalMvm.h"
#include "hw/ShiftAddModel.h"
#include "sim/mapping/Mapping.h"
#include "sim/report/FunctionalCheck.h"

namespace autorac::sim {

// What the run's functional work shares: the first failure (rethrown once the run has stopped: an
// exception escaping a SystemC process would reach the caller as an sc_report, losing its kind) and
// the wall time spent in the arithmetic.
struct FunctionalRun {
  std::exception_ptr failure;
  double seconds = 0;
  // Runs f, timed; what it throws stops the simulation and is kept. Skipped once something failed.
  template <class F>
  void guard(F&& f) {
    if (failure) return;
    const auto start = std::chrono::steady_clock::now();
    try {
      f();
    } catch (...) {
      stop(std::current_exception());
    }
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

private:
  void stop(std::exception_ptr e);
};

class OpValues {
public:
  // `f` must have weights; `sa` (may be null: hw::FunctionalMvm's own arithmetic) and `run` must
  // outlive this.
  OpValues(const hw::Design& design, const FunctionalOp& f, hw::ShiftAddModel* sa, FunctionalRun& run);

  FunctionalRun& run() { return run_; }
  const hw::FunctionalMvm& mvm() const { return mvm_; }
  bool carries(uint64_t vector) const { return vector < rows_; }
  const int64_t* inputRow(uint64_t vector) const { return f_.input->data.data() + vector * k_; }
  // Crossbar `x`'s partial sums for its row block's activations `block_rows`.
  std::vector<int64_t> crossbarSums(const int64_t* block_rows, const CrossbarAssignment& x);
  // Vector `vector`'s N accumulations as they arrived at the op's home: offset-corrected and biased
  // there, kept, and compared with the reference.
  void finish(uint64_t vector, std::vector<int64_t> acc);
  void countCarried(uint64_t values) { carried_ += values; }
  OpFunctionalResult result() const;

private:
  const FunctionalOp& f_;
  hw::ShiftAddModel* sa_;
  FunctionalRun& run_;
  hw::FunctionalMvm mvm_;
  uint64_t k_, n_, rows_;
  hw::FunctionalStats stats_;
  std::vector<int64_t> outputs_;  // [rows][N]
  std::vector<bool> done_;        // per row
  uint64_t carried_ = 0;
};

}  // namespace autorac::sim
