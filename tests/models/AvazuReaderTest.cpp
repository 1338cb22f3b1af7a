#include <gtest/gtest.h>

#include <filesystem>

#include "DataPaths.h"
#include "RejectedHeaderCheck.h"
#include "models/data/AvazuReader.h"
#include "traces/InputError.h"

using namespace autorac::models;
using namespace autorac::models::test;

static int64_t countAvazu(const std::string& path) {
  AvazuReader r(path, 1 << 16);
  Example ex;
  int64_t n = 0;
  while (r.next(ex)) {
    EXPECT_EQ(ex.dense.size(), 0u);
    EXPECT_EQ(ex.sparse.size(), 23u);
    ++n;
  }
  return n;
}

TEST(AvazuReader, ParsesEveryAvazuSample) {
  REQUIRE_SHARED_DATA();
  EXPECT_EQ(countAvazu(sharedData("avazu/train.csv")), 8999);
  EXPECT_EQ(countAvazu(sharedData("avazu/test_noheader.csv")), 1000);
  EXPECT_EQ(countAvazu(sharedData("avazu/deepctr_sample.csv")), 100);
  EXPECT_EQ(countAvazu(sharedData("holdout/avazu_4hours_noheader.csv")), 6000);  // parse only (6,000 lines; the README says 5,999)
}

TEST(AvazuReader, HourBecomesHourOfDayAndWeekday) {
  // 2014-10-21 was a Tuesday; with and without header give the same example.
  const std::string row = "1,1,14102113,1005,0,a,b,c,d,e,f,g,h,i,1,2,15706,320,50,1722,0,35,-1,79\n";
  const std::string header =
      "id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,app_category,"
      "device_id,device_ip,device_model,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21\n";
  auto p1 = writeTemp("avazu1.csv", header + row), p2 = writeTemp("avazu2.csv", row);
  AvazuReader r1(p1, 4096), r2(p2, 4096);
  Example a, b;
  ASSERT_TRUE(r1.next(a));
  ASSERT_TRUE(r2.next(b));
  EXPECT_EQ(a.sparse, b.sparse);
  EXPECT_EQ(a.label, 1.0f);
  FieldHasher h(23, 4096);
  EXPECT_EQ(a.sparse[0], h.index(0, "13"));
  EXPECT_EQ(a.sparse[1], h.index(1, "2"));  // Tuesday
  std::filesystem::remove(p1);
  std::filesystem::remove(p2);
}

TEST(AvazuReader, BadHourAndFieldCount) {
  const std::string good = "1,0,14102113,1005,0,a,b,c,d,e,f,g,h,i,1,2,15706,320,50,1722,0,35,-1,79\n";
  auto path = writeTemp("avazu_bad.csv", good + good + "1,0,1410211,1005,0,a,b,c,d,e,f,g,h,i,1,2,1,3,5,1,0,3,-1,7\n");
  try {
    AvazuReader r(path, 4096);
    Example ex;
    while (r.next(ex)) {}
    FAIL() << "no error";
  } catch (const autorac::InputError& e) {
    EXPECT_EQ(e.where(), "line 3");
    EXPECT_NE(std::string(e.what()).find("hour"), std::string::npos);
  }
  AvazuReader skip(path, 4096, true);
  Example ex;
  while (skip.next(ex)) {}
  EXPECT_EQ(skip.stats().rows, 2);
  EXPECT_EQ(skip.stats().bad_rows, 1);
  std::filesystem::remove(path);
}

// The Criteo reader's fuzz finding, in the Avazu reader too (RejectedHeaderCheck.h).
TEST(AvazuReader, RejectedHeaderKeepsTheDefaultLayout) {
  std::string header = "id,click";
  for (int i = 1; i <= 30; ++i) header += ",p" + std::to_string(i);
  expectRejectedHeaderKeepsTheDefaultLayout<AvazuReader>("avazu", header + ",hour",  // no C1 and after
                                                         "1,0,14102100,1005,0,a,b,c,d,e,f,g,h,i,1,2,1,3,5,1,0,3,-1,7");
}
