#pragma once
// The measured-cost evaluator: pimsim (the SystemC simulator) runs each candidate's trace on its
// hardware choice, in the worker pool; the report gives the measured cycles, time, energy, area and
// power, and the analytical twin's figures for the same run. One SystemC elaboration per process.
#include <string>
#include <vector>

#include "search/Candidate.h"
#include "search/WorkerPool.h"

namespace autorac::search {

struct CostJob {
  std::string trace;   // exported trace of the candidate's architecture
  HardwareChoice hw;
  std::string report;  // where pimsim writes its report
};

class CostEvaluator {
public:
  // allow_lossy_adc false: the optimized mapping uses --lossless-adc (fewer rows per crossbar where the
  // ADC is narrow), and a design whose ADC still loses information is invalid, because the supernet's
  // log loss does not model ADC loss. True: such designs compete with that caveat.
  CostEvaluator(std::string pimsim, int batch, double time_limit_s, WorkerPool& pool, bool allow_lossy_adc = false)
      : pimsim_(std::move(pimsim)), batch_(batch), time_limit_s_(time_limit_s), pool_(pool), allow_lossy_(allow_lossy_adc) {}
  // The pimsim run of one job, for the pool.
  Command command(const CostJob& job) const;
  // Fills the measured and analytical figures of the job's result (whose accuracy is already in) from
  // the run's outcome and report, or marks it failed / timed out / invalid with the reason.
  void read(const CostJob& job, const Outcome& outcome, Result& r) const;
  WorkerPool& pool() const { return pool_; }
  int batch() const { return batch_; }

private:
  std::string pimsim_;
  int batch_;
  double time_limit_s_;
  WorkerPool& pool_;
  bool allow_lossy_;
};

}  // namespace autorac::search
