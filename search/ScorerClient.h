#pragma once
// The accuracy evaluator: one long-lived `autorac score` process (models/, LibTorch) that loaded the
// supernet once; the search writes each architecture as a JSON line to its stdin and reads one JSON
// line back: the inherited-weight log loss and AUC under the documented protocol (docs/models.md), and
// the path of the architecture's exported trace. search/ itself never includes LibTorch.
#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace autorac::search {

class ScorerClient {
public:
  // argv: the full `autorac score ...` command line.
  explicit ScorerClient(const std::vector<std::string>& argv);
  ~ScorerClient();
  ScorerClient(const ScorerClient&) = delete;
  ScorerClient& operator=(const ScorerClient&) = delete;
  // One request, one answer; throws std::runtime_error if the process died.
  nlohmann::json score(const nlohmann::json& arch);

private:
  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

}  // namespace autorac::search
