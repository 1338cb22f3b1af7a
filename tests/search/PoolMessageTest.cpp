// What the MPI pool sends between ranks: a command and its outcome survive the encoding whole.
#include <gtest/gtest.h>

#include "search/PoolMessage.h"

namespace autorac::search {
namespace {

TEST(PoolMessage, CommandAndOutcomeSurviveTheWire) {
  Command c;
  c.argv = {"pimsim", "--trace", "a b.json", "--set", "pe.adc_bits=6"};
  c.time_limit_s = 12.5;
  c.stdout_path = "/tmp/out";
  int64_t id = -1;
  const Command back = commandFromJson(openEnvelope(envelope(41, commandToJson(c)), id));
  EXPECT_EQ(id, 41);
  EXPECT_EQ(back.argv, c.argv);
  EXPECT_EQ(back.time_limit_s, 12.5);
  EXPECT_EQ(back.stdout_path, "/tmp/out");
  EXPECT_FALSE(back.attached);

  Outcome o;
  o.exit_code = 2;
  o.seconds = 0.25;
  o.stderr_tail = "pimsim: input register too small\n\"quoted\"";
  const Outcome got = outcomeFromJson(openEnvelope(envelope(7, outcomeToJson(o)), id));
  EXPECT_EQ(id, 7);
  EXPECT_EQ(got.exit_code, 2);
  EXPECT_EQ(got.signal, 0);
  EXPECT_FALSE(got.timed_out);
  EXPECT_EQ(got.seconds, 0.25);
  EXPECT_EQ(got.describe(), o.describe());
}

}  // namespace
}  // namespace autorac::search
