// The local worker pool: commands run side by side, and a crash, an error exit or a time-out fails
// only its own command, with the reason.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

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

// The co-search hands the pool each candidate's simulation as soon as its accuracy is in. The pool
// must start it then, not when the feed closes: here the second command is pushed only once the first
// has run, which a pool that waited for the close would never see.
TEST(LocalPool, StartsEachFedCommandBeforeTheFeedCloses) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / ("autorac-feed-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path mark = dir / "first-ran";
  LocalPool pool(2);
  ASSERT_TRUE(pool.streams());
  CommandFeed feed;
  std::vector<Outcome> out;
  std::thread running([&] { out = pool.run(feed); });
  Command first;
  first.argv = {"sh", "-c", "touch '" + mark.string() + "'"};
  feed.push(first);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!fs::exists(mark) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const bool ran_before_close = fs::exists(mark);
  Command second;
  second.argv = {"sh", "-c", "exit 3"};
  feed.push(second);
  feed.close();
  running.join();
  fs::remove_all(dir);
  EXPECT_TRUE(ran_before_close) << "the pool did not start a fed command within 30 s of its push";
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].ok()) << out[0].describe();
  EXPECT_EQ(out[1].exit_code, 3);
}

// A pool that does not stream (the MPI one) runs the fed commands once the feed is closed, in order.
TEST(WorkerPool, RunsAClosedFeedInPushOrderWhenItDoesNotStream) {
  struct Recording : WorkerPool {
    using WorkerPool::run;
    std::vector<Outcome> run(const std::vector<Command>& commands) override {
      std::vector<Outcome> out;
      for (const auto& c : commands) {
        Outcome o;
        o.exit_code = std::stoi(c.argv.at(0));
        out.push_back(o);
      }
      return out;
    }
    int jobs() const override { return 1; }
  } pool;
  CommandFeed feed;
  for (const char* code : {"4", "0", "7"}) {
    Command c;
    c.argv = {code};
    feed.push(c);
  }
  feed.close();
  const auto out = pool.run(feed);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].exit_code, 4);
  EXPECT_EQ(out[1].exit_code, 0);
  EXPECT_EQ(out[2].exit_code, 7);
}

}  // namespace
}  // namespace autorac::search
