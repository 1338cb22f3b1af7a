#pragma once
// Writes an architecture as a trace (format v1, traces/TraceWriter) for the chip simulator: every op
// with shapes, bit widths and graph edges; optionally integer tensors for each learned fc op:
// "<op>.weight" [out, in] (per-output-channel quantised), "<op>.bias" (in accumulator units, i.e. scaled
// by weight scale x input scale), "<op>.input" [batch, in] (the quantised activations of a real batch)
// and "<op>.output" = weight . input + bias, the exact integer accumulators the chip must reproduce.
// See docs/models-architecture.md ("Export") for how each block maps onto trace ops.
#include <cstdint>
#include <string>

#include "models/data/BatchLoader.h"
#include "models/nn/Supernet.h"

namespace autorac::models {

struct ExportOptions {
  bool with_tensors = false;
};

struct ExportSummary {
  int ops = 0, fc_ops = 0, tensor_ops = 0;
  std::string tensors_file;
};

ExportSummary exportTrace(Supernet& net, const Arch& arch, const CtrSchema& schema, const Batch& batch,
                          const std::string& path, const ExportOptions& options);

}  // namespace autorac::models
