// serveMpiWorker (declared in MpiPool.h): the loop of every rank but 0.
#include <chrono>
#include <future>
#include <thread>

#include "search/MpiPool.h"
#include "search/PoolMessage.h"

namespace autorac::search {

void serveMpiWorker(MpiSession& session) {
  for (;;) {
    const auto m = session.poll(0);
    if (!m) {
      // Idle: a blocking receive would spin a core that rank 0's scorer or a simulation needs.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    if (m->tag == MpiTag::stop) {
      if (m->body != "finalize") session.skipFinalize();
      return;
    }
    if (m->tag != MpiTag::task) continue;
    int64_t id = 0;
    const Command c = decodeTask(m->body, id);
    // The command runs in a child process (LocalPool) on a helper thread; this thread keeps talking.
    auto result = std::async(std::launch::async, [c] { return LocalPool(1).run({c}).front(); });
    while (result.wait_for(std::chrono::seconds(1)) != std::future_status::ready)
      session.send(0, MpiTag::heartbeat, std::to_string(id));
    session.send(0, MpiTag::outcome, encodeOutcome(id, result.get()));
  }
}

}  // namespace autorac::search
