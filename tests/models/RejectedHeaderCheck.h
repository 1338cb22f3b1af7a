#pragma once
// The check behind each reader's RejectedHeaderKeepsTheDefaultLayout test (fuzz/criteo_fuzz found the
// bug under ASan): a header line lacking a column is skipped as a bad row with skip_bad_rows, and must
// leave the default column layout whole, so the row after it reads as in a file without that header.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "DataPaths.h"
#include "models/data/Example.h"

namespace autorac::models::test {

template <class Reader>
void expectRejectedHeaderKeepsTheDefaultLayout(const std::string& name, const std::string& header, const std::string& row) {
  const auto with_header = writeTemp(name + "_bad_header", header + "\n" + row + "\n");
  const auto plain = writeTemp(name + "_plain", row + "\n");
  {
    Reader skip(with_header, 4096, /*skip_bad_rows=*/true), expected(plain, 4096);
    Example ex, want;
    ASSERT_TRUE(skip.next(ex));
    ASSERT_TRUE(expected.next(want));
    EXPECT_EQ(skip.stats().bad_rows, 1);
    EXPECT_NE(skip.stats().first_bad.find("header lacks the column"), std::string::npos) << skip.stats().first_bad;
    EXPECT_EQ(ex.label, want.label);
    EXPECT_EQ(ex.dense, want.dense);
    EXPECT_EQ(ex.sparse, want.sparse);
  }
  std::filesystem::remove(with_header);
  std::filesystem::remove(plain);
}

}  // namespace autorac::models::test
