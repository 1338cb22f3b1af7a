#pragma once
// The search's results database (SQLite): one row per evaluated candidate, in the order the search
// asked for them, written in its own transaction as soon as the evaluation finishes. A search killed
// at any point (kill -9 included) resumes from it: the finished rows are read back and replayed, so
// nothing finished is lost or evaluated again. The study's settings are stored with it; resuming with
// other settings is an error. The headline's steps (search/Headline.h: models trained stand-alone,
// their simulations) are rows too, each written as it finishes, so every figure of the report is a
// row and a killed headline resumes at its first unfinished step.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "search/Candidate.h"

struct sqlite3;
struct sqlite3_stmt;

namespace autorac::search {

struct StoredCandidate {
  int64_t ordinal;
  int generation;
  std::string candidate;  // Candidate::key()
  Result result;
};

class Database {
public:
  // Opens or creates `path`. `settings` must equal those stored, if any (else InputError).
  Database(const std::string& path, const nlohmann::json& settings);
  // Opens the database of a search that has run (InputError if `path` holds none).
  static std::unique_ptr<Database> ofFinishedSearch(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  std::optional<StoredCandidate> find(int64_t ordinal) const;
  // A finished evaluation of the same candidate (any ordinal), to reuse instead of repeating it.
  std::optional<Result> findByKey(const std::string& key) const;
  void record(const StoredCandidate& c, uint64_t seed, const std::string& candidate_json);
  int64_t count() const;

  // The headline's steps, each under the context (what its result depends on) it ran for:
  // a row stored under another context is not returned, and recording replaces it.
  // A model trained stand-alone (table headline_models, by name): its Headline row as JSON.
  std::optional<nlohmann::json> headlineModel(const std::string& name, const std::string& context) const;
  void recordHeadlineModel(const std::string& context, const nlohmann::json& model);
  // Deletes a model's row and the rows simulated from it (before it is trained again).
  void forgetHeadlineModel(const std::string& name);
  // One simulated row of the headline table (table headline_rows, by label).
  std::optional<nlohmann::json> headlineRow(const std::string& label, const std::string& context) const;
  void recordHeadlineRow(const std::string& context, const nlohmann::json& row);

private:
  explicit Database(const std::string& path);  // opens or creates the file and its tables
  std::optional<nlohmann::json> headlineStep(const char* select, const std::string& id, const std::string& context) const;
  void exec(const std::string& sql) const;
  void step(sqlite3_stmt* s) const;  // runs a write; throws naming the file
  void inTransaction(const std::function<void()>& write);  // all of `write` or none of it
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace autorac::search
