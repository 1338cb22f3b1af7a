#pragma once
// The study's headline table, as AutoRAC's: the searched design under the optimized mapping against
// the same design naively mapped (speedup), and against each handcrafted baseline (DLRM, DeepFM,
// AutoInt, DCN-v2) on its own fitted chip and on the searched chip (area, TOPS/W, energy per
// inference), with the log loss of every model trained stand-alone under the baseline protocol
// (`autorac train --epochs 3 --batch 128 --val-fraction f --select-every 10`, docs/models.md) beside
// every row. Every model is trained, exported and simulated by the real programs. Each finished step
// (a model trained and exported, one simulation) is a row of the study's database (tables
// headline_models and headline_rows) as soon as it finishes: the report's figures are those rows, and
// a headline that was killed resumes at its first unfinished step.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/Candidate.h"
#include "search/Database.h"
#include "search/WorkerPool.h"

namespace autorac::search {

struct HeadlineSettings {
  std::string autorac, pimsim, data, out;  // out: the folder for models, traces and reports
  double val_fraction = 0.1;
  std::string eval_data;  // where the log losses are measured (default: the validation split)
  int batch = 64;
  bool allow_lossy_adc = false;
  std::string baselines_dir;  // configs/archs
  std::vector<std::string> baselines{"dlrm", "deepfm", "autoint", "dcnv2"};  // <baselines_dir>/<name>.json
};

// `winner`: the study's winner; `db`: the study's database, which keeps every step. Returns the
// headline JSON (rows and ratios); throws on a failed training or export (a failed simulation is a
// row that says why).
nlohmann::json buildHeadline(const HeadlineSettings& s, const Candidate& winner, WorkerPool& pool, Database& db);
std::string headlineMarkdown(const nlohmann::json& headline);

}  // namespace autorac::search
