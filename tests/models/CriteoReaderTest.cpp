#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "DataPaths.h"
#include "RejectedHeaderCheck.h"
#include "models/data/CriteoReader.h"
#include "models/data/CtrSource.h"
#include "models/data/SplitFilter.h"
#include "traces/InputError.h"

using namespace autorac::models;
using namespace autorac::models::test;

namespace {

int64_t countRows(const std::string& path, double* label_rate = nullptr) {
  CriteoReader r(path, 1 << 16);
  Example ex;
  int64_t n = 0;
  double pos = 0;
  while (r.next(ex)) {
    EXPECT_EQ(ex.dense.size(), 13u);
    EXPECT_EQ(ex.sparse.size(), 26u);
    for (auto s : ex.sparse) EXPECT_TRUE(s >= 0 && s < (1 << 16));
    pos += ex.label;
    ++n;
  }
  EXPECT_EQ(r.stats().bad_rows, 0);
  if (label_rate) *label_rate = pos / n;
  return n;
}

}  // namespace

TEST(CriteoReader, ParsesEveryCriteoSample) {
  REQUIRE_SHARED_DATA();
  double rate = 0;
  EXPECT_EQ(countRows(sharedData("criteo/train.txt"), &rate), 8000);
  EXPECT_NEAR(rate, 0.216, 0.002);
  EXPECT_EQ(countRows(sharedData("criteo/test.txt")), 1000);
  EXPECT_EQ(countRows(sharedData("criteo/kaggle_tiny.csv")), 1999);
  EXPECT_EQ(countRows(sharedData("criteo/deepctr_sample.csv")), 200);
  EXPECT_EQ(countRows(sharedData("holdout/criteo.txt")), 1109);  // parse only, never tuned on
}

TEST(CriteoReader, CsvWithIdColumnMatchesTsv) {
  REQUIRE_SHARED_DATA();
  // kaggle_tiny.csv overlaps the head of train.txt: same rows, same preprocessing.
  CriteoReader tsv(sharedData("criteo/train.txt"), 1 << 16), csv(sharedData("criteo/kaggle_tiny.csv"), 1 << 16);
  Example a, b;
  ASSERT_TRUE(tsv.next(a));
  ASSERT_TRUE(csv.next(b));
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.dense, b.dense);
  EXPECT_EQ(a.sparse, b.sparse);
}

TEST(CriteoReader, FloatsForIntegersMissingAndNegatives) {
  auto path = writeTemp("criteo_float.csv",
                        "label,I1,I2,I3,I4,I5,I6,I7,I8,I9,I10,I11,I12,I13,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,"
                        "C11,C12,C13,C14,C15,C16,C17,C18,C19,C20,C21,C22,C23,C24,C25,C26\n"
                        "1,,-2,260.0,,,,,,,,,,,a,,,,,,,,,,,,,,,,,,,,,,,,,\n");
  CriteoReader r(path, 1024);
  Example ex;
  ASSERT_TRUE(r.next(ex));
  EXPECT_EQ(ex.label, 1.0f);
  EXPECT_FLOAT_EQ(ex.dense[0], 0.0f);  // missing
  EXPECT_FLOAT_EQ(ex.dense[1], 0.0f);  // negative -> log1p(max(x, 0)) = 0
  EXPECT_FLOAT_EQ(ex.dense[2], static_cast<float>(std::log1p(260.0)));
  EXPECT_GE(ex.sparse[0], 26);         // hashed
  EXPECT_EQ(ex.sparse[1], 1);          // missing -> the field's own index
  EXPECT_FALSE(r.next(ex));
  std::filesystem::remove(path);
}

TEST(CriteoReader, BadRowsNameFileAndLine) {
  std::string good = "0" + std::string(13, '\t') + std::string(26, '\t') + "\n";
  std::string short_row = "0\t1\t2\n";
  std::string bad_num = "0\tx1" + std::string(12, '\t') + std::string(26, '\t') + "\n";
  auto path = writeTemp("criteo_bad.txt", good + short_row + good + bad_num);
  try {
    CriteoReader r(path, 1024);
    Example ex;
    while (r.next(ex)) {}
    FAIL() << "no error";
  } catch (const autorac::InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.where(), "line 2");
    EXPECT_NE(std::string(e.what()).find("expected 40 fields, found 3"), std::string::npos);
  }
  CriteoReader skip(path, 1024, /*skip_bad_rows=*/true);
  Example ex;
  int n = 0;
  while (skip.next(ex)) ++n;
  EXPECT_EQ(n, 2);
  EXPECT_EQ(skip.stats().bad_rows, 2);
  EXPECT_NE(skip.stats().first_bad.find("line 2"), std::string::npos);
  // The non-number is reported with its column.
  auto path2 = writeTemp("criteo_bad2.txt", good + bad_num);
  try {
    CriteoReader r(path2, 1024);
    while (r.next(ex)) {}
    FAIL() << "no error";
  } catch (const autorac::InputError& e) {
    EXPECT_EQ(e.where(), "line 2");
    EXPECT_NE(std::string(e.what()).find("I1"), std::string::npos);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path2);
}

// Found by fuzz/criteo_fuzz (ASan heap-use-after-free): a header lacking a column was skipped as a
// bad row with the columns before the missing one already remapped, here to positions 20.. of the
// 60-field header, past the end of every 40-field data row that followed.
TEST(CriteoReader, RejectedHeaderKeepsTheDefaultLayout) {
  std::string header = "label";
  for (int i = 1; i <= 20; ++i) header += ",pad" + std::to_string(i);
  for (int i = 1; i <= 13; ++i) header += ",I" + std::to_string(i);
  for (int i = 1; i <= 25; ++i) header += ",C" + std::to_string(i);  // no C26
  std::string row = "1";
  for (int i = 1; i <= 13; ++i) row += "," + std::to_string(i);
  for (int i = 1; i <= 26; ++i) row += ",c" + std::to_string(i);
  expectRejectedHeaderKeepsTheDefaultLayout<CriteoReader>("criteo", header, row);
}

TEST(CriteoReader, MissingFileIsInputError) {
  EXPECT_THROW(CriteoReader("/nonexistent/criteo.txt", 1024), autorac::InputError);
  EXPECT_THROW(CtrSource("parquet:/x", {}), autorac::InputError);
}

TEST(SplitFilter, DeterministicAndRoughlyTheFraction) {
  SplitFilter a(0.2, 7), b(0.2, 7), c(0.2, 8);
  int val = 0, same = 0;
  for (int i = 0; i < 10000; ++i) {
    val += a.isValidation(i);
    EXPECT_EQ(a.isValidation(i), b.isValidation(i));
    same += a.isValidation(i) == c.isValidation(i);
  }
  EXPECT_NEAR(val, 2000, 150);
  EXPECT_LT(same, 10000);
}
