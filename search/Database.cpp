#include "search/Database.h"

#include <sqlite3.h>

#include <filesystem>
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

Database::Database(const std::string& path) : path_(path) {
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
       "CREATE INDEX IF NOT EXISTS candidates_by_key ON candidates (candidate_key);"
       // The headline (search/Headline.h). Units: log loss in nats; ns, nJ per sample; mm²; W; s.
       "CREATE TABLE IF NOT EXISTS headline_models ("
       " name TEXT PRIMARY KEY, context TEXT NOT NULL, arch TEXT NOT NULL, log_loss REAL NOT NULL, auc REAL NOT NULL,"
       " weights TEXT NOT NULL, trace TEXT NOT NULL, seconds REAL NOT NULL, model TEXT NOT NULL,"
       " finished_at TEXT NOT NULL DEFAULT (datetime('now')));"
       "CREATE TABLE IF NOT EXISTS headline_rows ("
       " label TEXT PRIMARY KEY, context TEXT NOT NULL, model TEXT NOT NULL, mapping TEXT NOT NULL,"
       " status TEXT NOT NULL, reason TEXT NOT NULL, log_loss REAL, auc REAL,"
       " latency_ns_per_sample REAL, energy_nj_per_sample REAL, area_mm2 REAL, chip_tiles INTEGER, tops_per_w REAL,"
       " power_w REAL, adc_lossless INTEGER, report TEXT, seconds REAL NOT NULL, row TEXT NOT NULL,"
       " finished_at TEXT NOT NULL DEFAULT (datetime('now')));");
}

Database::Database(const std::string& path, const json& settings) : Database(path) {
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

std::unique_ptr<Database> Database::ofFinishedSearch(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path, "", "no results database here");
  std::unique_ptr<Database> db(new Database(path));
  Statement get(db->db_, "SELECT COUNT(*) FROM meta WHERE key = 'settings'");
  sqlite3_step(get.s);
  if (sqlite3_column_int64(get.s, 0) == 0) throw InputError(path, "settings", "this database holds no search");
  return db;
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
  inTransaction([&] {
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
    step(ins.s);
  });
}

int64_t Database::count() const {
  Statement q(db_, "SELECT COUNT(*) FROM candidates");
  sqlite3_step(q.s);
  return sqlite3_column_int64(q.s, 0);
}

}  // namespace autorac::search

namespace autorac::search {

void Database::step(sqlite3_stmt* s) const {
  if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error("sqlite (" + path_ + "): " + sqlite3_errmsg(db_));
}

void Database::inTransaction(const std::function<void()>& write) {
  exec("BEGIN IMMEDIATE");
  try {
    write();
    exec("COMMIT");
  } catch (...) {
    // SQLite may have rolled back already (a full disk, an I/O error): then ROLLBACK would fail and
    // hide the error being thrown.
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Database::forgetHeadlineModel(const std::string& name) {
  inTransaction([&] {
    for (const char* sql : {"DELETE FROM headline_rows WHERE model = ?1", "DELETE FROM headline_models WHERE name = ?1"}) {
      Statement del(db_, sql);
      del.text(1, name);
      step(del.s);
    }
  });
}

std::optional<json> Database::headlineStep(const char* select, const std::string& id, const std::string& context) const {
  Statement q(db_, select);
  q.text(1, id);
  q.text(2, context);
  if (sqlite3_step(q.s) != SQLITE_ROW) return std::nullopt;
  return json::parse(q.column(0));
}

std::optional<json> Database::headlineModel(const std::string& name, const std::string& context) const {
  return headlineStep("SELECT model FROM headline_models WHERE name = ?1 AND context = ?2", name, context);
}

std::optional<json> Database::headlineRow(const std::string& label, const std::string& context) const {
  return headlineStep("SELECT row FROM headline_rows WHERE label = ?1 AND context = ?2", label, context);
}

void Database::recordHeadlineModel(const std::string& context, const json& m) {
  inTransaction([&] {
    Statement ins(db_,
                  "INSERT OR REPLACE INTO headline_models (name, context, arch, log_loss, auc, weights, trace, seconds, model)"
                  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    ins.text(1, m.at("name").get<std::string>());
    ins.text(2, context);
    ins.text(3, m.at("arch").get<std::string>());
    ins.real(4, m.at("log_loss").get<double>());
    ins.real(5, m.at("auc").get<double>());
    ins.text(6, m.at("weights").get<std::string>());
    ins.text(7, m.at("trace").get<std::string>());
    ins.real(8, m.at("seconds").get<double>());
    ins.text(9, m.dump());
    step(ins.s);
  });
}

void Database::recordHeadlineRow(const std::string& context, const json& r) {
  inTransaction([&] {
    Statement ins(db_,
                  "INSERT OR REPLACE INTO headline_rows (label, context, model, mapping, status, reason, log_loss, auc,"
                  " latency_ns_per_sample, energy_nj_per_sample, area_mm2, chip_tiles, tops_per_w, power_w, adc_lossless,"
                  " report, seconds, row) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)");
    ins.text(1, r.at("label").get<std::string>());
    ins.text(2, context);
    ins.text(3, r.at("model").get<std::string>());
    ins.text(4, r.at("mapping").get<std::string>());
    ins.text(5, r.at("status").get<std::string>());
    ins.text(6, r.value("reason", std::string()));
    ins.real(7, r.at("log_loss").get<double>());
    ins.real(8, r.at("auc").get<double>());
    // A failed simulation has no figures: NULL, not 0.
    int i = 9;
    for (const char* f : {"latency_ns_per_sample", "energy_nj_per_sample", "area_mm2"}) {
      if (r.contains(f)) ins.real(i, r[f].get<double>());
      ++i;
    }
    if (r.contains("chip_tiles")) ins.integer(12, r["chip_tiles"].get<int64_t>());
    if (r.contains("tops_per_w")) ins.real(13, r["tops_per_w"].get<double>());
    if (r.contains("power_w")) ins.real(14, r["power_w"].get<double>());
    if (r.contains("adc_lossless")) ins.integer(15, r["adc_lossless"].get<bool>() ? 1 : 0);
    if (r.contains("report")) ins.text(16, r["report"].get<std::string>());
    ins.real(17, r.at("seconds").get<double>());
    ins.text(18, r.dump());
    step(ins.s);
  });
}

}  // namespace autorac::search
