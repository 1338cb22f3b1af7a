#include "search/Database.h"

#include <sqlite3.h>

#include <stdexcept>

#include "traces/InputError.h"

namespace autorac::search {
namespace {

using nlohmann::json;

// A prepared statement, finalised on scope exit.
struct Statement {
  sqlite3_stmt* s = nullptr;
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
  }
  ~Statement() { sqlite3_finalize(s); }
  void text(int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), int(v.size()), SQLITE_TRANSIENT); }
  void integer(int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
  void real(int i, double v) { sqlite3_bind_double(s, i, v); }
  std::string column(int i) const {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
};

}  // namespace

Database::Database(const std::string& path, const json& settings) : path_(path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw InputError(path, "", "cannot open the results database: " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  // WAL: a killed writer leaves every committed row readable; FULL sync: a commit survives power loss.
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
       "CREATE TABLE IF NOT EXISTS candidates ("
       " ordinal INTEGER PRIMARY KEY, generation INTEGER NOT NULL, seed INTEGER NOT NULL,"
       " candidate_key TEXT NOT NULL, candidate TEXT NOT NULL,"
       " status TEXT NOT NULL, reason TEXT NOT NULL,"
       " log_loss REAL, auc REAL, cycles REAL, time_ns REAL, latency_ns REAL, energy_pj REAL, area_mm2 REAL,"
       " power_w REAL, tops_per_w REAL, chip_tiles INTEGER, adc_lossless INTEGER,"
       " analytical_cycles REAL, analytical_energy_pj REAL, accuracy_seconds REAL, simulation_seconds REAL,"
       " result TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT (datetime('now')));"
       "CREATE INDEX IF NOT EXISTS candidates_by_key ON candidates (candidate_key);");
  Statement get(db_, "SELECT value FROM meta WHERE key = 'settings'");
  if (sqlite3_step(get.s) == SQLITE_ROW) {
    const json stored = json::parse(get.column(0));
    if (stored != settings)
      throw InputError(path, "settings", "this database holds a search with other settings (" + stored.dump() +
                                             "); use another --db or the same options to resume");
  } else {
    Statement put(db_, "INSERT INTO meta (key, value) VALUES ('settings', ?1)");
    put.text(1, settings.dump());
    if (sqlite3_step(put.s) != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
}

Database::~Database() { sqlite3_close(db_); }

void Database::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string why = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error("sqlite (" + path_ + "): " + why);
  }
}

std::optional<StoredCandidate> Database::find(int64_t ordinal) const {
  Statement q(db_, "SELECT generation, candidate_key, result FROM candidates WHERE ordinal = ?1");
  q.integer(1, ordinal);
  if (sqlite3_step(q.s) != SQLITE_ROW) return std::nullopt;
  return StoredCandidate{ordinal, sqlite3_column_int(q.s, 0), q.column(1), Result::fromJson(json::parse(q.column(2)))};
}

std::optional<Result> Database::findByKey(const std::string& key) const {
  Statement q(db_, "SELECT result FROM candidates WHERE candidate_key = ?1 ORDER BY ordinal LIMIT 1");
  q.text(1, key);
  if (sqlite3_step(q.s) != SQLITE_ROW) return std::nullopt;
  return Result::fromJson(json::parse(q.column(0)));
}

void Database::record(const StoredCandidate& c, uint64_t seed, const std::string& candidate_json) {
  exec("BEGIN IMMEDIATE");
  try {
    Statement ins(db_,
                  "INSERT INTO candidates (ordinal, generation, seed, candidate_key, candidate, status, reason, log_loss,"
                  " auc, cycles, time_ns, latency_ns, energy_pj, area_mm2, power_w, tops_per_w, chip_tiles, adc_lossless,"
                  " analytical_cycles, analytical_energy_pj, accuracy_seconds, simulation_seconds, result)"
                  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23)");
    const Result& r = c.result;
    ins.integer(1, c.ordinal);
    ins.integer(2, c.generation);
    ins.integer(3, int64_t(seed));
    ins.text(4, c.candidate);
    ins.text(5, candidate_json);
    ins.text(6, r.status);
    ins.text(7, r.reason);
    const double reals[] = {r.log_loss, r.auc, r.cycles, r.time_ns, r.latency_ns, r.energy_pj, r.area_mm2, r.power_w, r.tops_per_w};
    for (int i = 0; i < 9; ++i) ins.real(8 + i, reals[i]);
    ins.integer(17, r.chip_tiles);
    ins.integer(18, r.adc_lossless ? 1 : 0);
    ins.real(19, r.analytical_cycles);
    ins.real(20, r.analytical_energy_pj);
    ins.real(21, r.accuracy_seconds);
    ins.real(22, r.simulation_seconds);
    ins.text(23, r.toJson().dump());
    if (sqlite3_step(ins.s) != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  exec("COMMIT");
}

int64_t Database::count() const {
  Statement q(db_, "SELECT COUNT(*) FROM candidates");
  sqlite3_step(q.s);
  return sqlite3_column_int64(q.s, 0);
}

}  // namespace autorac::search
