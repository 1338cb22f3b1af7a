#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "DataPaths.h"
#include "RejectedHeaderCheck.h"
#include "models/data/KddReader.h"
#include "traces/InputError.h"

using namespace autorac::models;
using namespace autorac::models::test;

TEST(KddReader, ParsesTrainingAndJoinedTestFiles) {
  REQUIRE_SHARED_DATA();
  for (const char* f : {"kdd2012/training.txt", "kdd2012/TestPublic.txt"}) {
    KddReader r(sharedData(f), 1 << 16, false, sharedData("kdd2012/user.txt"), true);
    Example ex;
    int64_t n = 0;
    while (r.next(ex)) {
      EXPECT_EQ(ex.dense.size(), 3u);
      EXPECT_EQ(ex.sparse.size(), 10u);
      EXPECT_GE(ex.weight, 1.0f);
      ++n;
    }
    EXPECT_GE(n, 5) << f;
    EXPECT_EQ(r.stats().bad_rows, 0);
  }
}

TEST(KddReader, LabelDenseAndUserJoin) {
  auto users = writeTemp("kdd_users.txt", "7\t1\t5\n");
  auto data = writeTemp("kdd_train.txt", "2\t3\t11\t12\t13\t4\t2\t14\t15\t16\t17\t7\n"
                                         "0\t1\t11\t12\t13\t4\t2\t14\t15\t16\t17\t8\n");
  KddReader r(data, 4096, false, users);
  Example ex;
  ASSERT_TRUE(r.next(ex));
  EXPECT_EQ(ex.label, 1.0f);
  EXPECT_FLOAT_EQ(ex.dense[2], 0.5f);
  FieldHasher h(10, 4096);
  EXPECT_EQ(ex.sparse[8], h.index(8, "1"));
  ASSERT_TRUE(r.next(ex));
  EXPECT_EQ(ex.label, 0.0f);
  EXPECT_EQ(ex.sparse[8], h.missingIndex(8));  // user 8 not in the table
  std::filesystem::remove(users);
  std::filesystem::remove(data);
}

TEST(KddReader, BadRowNamesLine) {
  auto data = writeTemp("kdd_bad.txt", "0\t1\t11\t12\t13\t4\t2\t14\t15\t16\t17\t7\n0\tone\t11\n");
  try {
    KddReader r(data, 4096);
    Example ex;
    while (r.next(ex)) {}
    FAIL() << "no error";
  } catch (const autorac::InputError& e) {
    EXPECT_EQ(e.file(), data);
    EXPECT_EQ(e.where(), "line 2");
  }
  std::filesystem::remove(data);
}

// The Criteo reader's fuzz finding, in the KDD reader too (RejectedHeaderCheck.h).
TEST(KddReader, RejectedHeaderKeepsTheDefaultLayout) {
  expectRejectedHeaderKeepsTheDefaultLayout<KddReader>(
      "kdd", "a\tb\tc\td\te\tf\tg\th\ti\tj\tk\tl\tm\tn\tclick\timpression\tdisplayurl",
      "1\t1\t11\t12\t13\t4\t2\t14\t15\t16\t17\t7");
}
