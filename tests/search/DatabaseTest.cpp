// The results database: rows survive a reopen, a candidate is found by ordinal and by key, and a
// database of another search's settings is refused.
#include <gtest/gtest.h>

#include <cstdio>

#include "search/Database.h"
#include "traces/InputError.h"

namespace autorac::search {
namespace {

TEST(Database, KeepsEveryRecordedResultAcrossReopening) {
  const std::string path = ::testing::TempDir() + "db_reopen.db";
  std::remove(path.c_str());
  const nlohmann::json settings = {{"seed", 1}, {"population", 4}};
  Result r;
  r.log_loss = 0.45;
  r.cycles = 1234;
  r.status = "ok";
  {
    Database db(path, settings);
    db.record({0, 0, "key-a", r}, 1, "{}");
    Result bad;
    bad.status = "timeout";
    bad.reason = "pimsim timed out after 30 s";
    db.record({1, 0, "key-b", bad}, 1, "{}");
    EXPECT_EQ(db.count(), 2);
  }
  Database again(path, settings);
  EXPECT_EQ(again.count(), 2);
  const auto a = again.find(0);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->candidate, "key-a");
  EXPECT_DOUBLE_EQ(a->result.log_loss, 0.45);
  EXPECT_DOUBLE_EQ(a->result.cycles, 1234);
  EXPECT_EQ(again.find(1)->result.status, "timeout");
  EXPECT_FALSE(again.find(2).has_value());
  EXPECT_TRUE(again.findByKey("key-a").has_value());
  EXPECT_FALSE(again.findByKey("key-c").has_value());
  // The same ordinal twice is a programming error the database refuses (primary key).
  EXPECT_THROW(again.record({0, 0, "key-a", r}, 1, "{}"), std::runtime_error);
  EXPECT_EQ(again.count(), 2);
}

TEST(Database, RefusesToResumeASearchWithOtherSettings) {
  const std::string path = ::testing::TempDir() + "db_settings.db";
  std::remove(path.c_str());
  { Database db(path, {{"seed", 1}}); }
  try {
    Database other(path, {{"seed", 2}});
    FAIL() << "opened a database of another search";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("other settings"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace autorac::search
