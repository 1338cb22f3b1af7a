// The local worker pool: commands run side by side, and a crash, an error exit or a time-out fails
// only its own command, with the reason.
#include <gtest/gtest.h>

#include "search/WorkerPool.h"

namespace autorac::search {
namespace {

TEST(LocalPool, IsolatesCrashesErrorsAndTimeouts) {
  LocalPool pool(2);
  auto command = [](std::vector<std::string> argv, double limit) {
    Command c;
    c.argv = std::move(argv);
    c.time_limit_s = limit;
    return c;
  };
  const std::vector<Command> commands = {
      command({"sh", "-c", "exit 0"}, 0),
      command({"sh", "-c", "echo 'bad design' >&2; exit 2"}, 0),
      command({"sh", "-c", "kill -SEGV $$"}, 0),
      command({"sleep", "30"}, 0.5),
      command({"/nonexistent/program"}, 0),
      command({"sh", "-c", "exit 0"}, 0)};
  const auto out = pool.run(commands);
  ASSERT_EQ(out.size(), commands.size());
  EXPECT_TRUE(out[0].ok());
  EXPECT_EQ(out[1].exit_code, 2);
  EXPECT_NE(out[1].describe().find("bad design"), std::string::npos) << out[1].describe();
  EXPECT_EQ(out[2].signal, 11);
  EXPECT_TRUE(out[3].timed_out);
  EXPECT_LT(out[3].seconds, 10);
  EXPECT_EQ(out[4].exit_code, 127);
  EXPECT_TRUE(out[5].ok());
}

}  // namespace
}  // namespace autorac::search
