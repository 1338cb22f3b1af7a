#pragma once
// The search's results database (SQLite): one row per evaluated candidate, in the order the search
// asked for them, written in its own transaction as soon as the evaluation finishes. A search killed
// at any point (kill -9 included) resumes from it: the finished rows are read back and replayed, so
// nothing finished is lost or evaluated again. The study's settings are stored with it; resuming with
// other settings is an error.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "search/Candidate.h"

struct sqlite3;

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
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  std::optional<StoredCandidate> find(int64_t ordinal) const;
  // A finished evaluation of the same candidate (any ordinal), to reuse instead of repeating it.
  std::optional<Result> findByKey(const std::string& key) const;
  void record(const StoredCandidate& c, uint64_t seed, const std::string& candidate_json);
  int64_t count() const;

private:
  void exec(const std::string& sql) const;
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace autorac::search
