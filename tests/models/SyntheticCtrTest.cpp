#include <gtest/gtest.h>

#include "models/data/CtrSource.h"
#include "models/data/SyntheticCtr.h"

using namespace autorac::models;

TEST(SyntheticCtr, DeterministicBySeedAndCriteoShaped) {
  SyntheticCtr a(500, 3, 1 << 16), b(500, 3, 1 << 16), c(500, 4, 1 << 16);
  Example x, y, z;
  int differ = 0, missing = 0;
  double pos = 0;
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(a.next(x));
    ASSERT_TRUE(b.next(y));
    ASSERT_TRUE(c.next(z));
    EXPECT_EQ(x.sparse, y.sparse);
    EXPECT_EQ(x.dense, y.dense);
    EXPECT_EQ(x.label, y.label);
    differ += x.sparse != z.sparse;
    for (int f = 0; f < 26; ++f) missing += x.sparse[f] == f;
    pos += x.label;
  }
  EXPECT_FALSE(a.next(x));
  EXPECT_GT(differ, 400);
  EXPECT_GT(missing, 100);
  EXPECT_GT(pos / 500, 0.1);
  EXPECT_LT(pos / 500, 0.45);
  EXPECT_EQ(a.schema().numDense(), 13);
  EXPECT_EQ(a.schema().numSparse(), 26);
}

TEST(SyntheticCtr, SourceSpec) {
  CtrSource s("synthetic:rows=10,seed=2", {});
  auto r = s.open();
  Example ex;
  int n = 0;
  while (r->next(ex)) ++n;
  EXPECT_EQ(n, 10);
}
