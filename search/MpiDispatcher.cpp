#include "search/MpiDispatcher.h"

#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <thread>

#include "search/PoolMessage.h"

namespace autorac::search {
namespace {

using Clock = std::chrono::steady_clock;

struct Assignment {
  size_t index = 0;  // into this call's tasks
  int64_t id = 0;
  Clock::time_point last_heard;
};

}  // namespace

std::vector<std::optional<nlohmann::json>> MpiDispatcher::run(MpiTag kind, const std::vector<nlohmann::json>& tasks) {
  std::vector<std::optional<nlohmann::json>> out(tasks.size());
  std::deque<size_t> queue;
  for (size_t i = 0; i < tasks.size(); ++i) queue.push_back(i);
  std::map<int, Assignment> busy;  // by rank
  size_t done = 0;
  while (done < tasks.size()) {
    const std::vector<int> live = session_.liveWorkers();
    if (live.empty()) break;  // the rest is rank 0's
    for (int r : live) {
      if (queue.empty()) break;
      if (busy.count(r)) continue;
      const Assignment a{queue.front(), next_id_++, Clock::now()};
      queue.pop_front();
      session_.send(r, kind, envelope(a.id, tasks[a.index]));
      busy[r] = a;
    }
    if (auto m = session_.poll()) {
      int64_t id = -1;
      nlohmann::json body = openEnvelope(m->body, id);
      auto it = busy.find(m->source);
      // A late word from a rank given up, or about an earlier task, is ignored.
      if (it == busy.end() || it->second.id != id) continue;
      if (m->tag == MpiTag::heartbeat) {
        it->second.last_heard = Clock::now();
      } else if (m->tag == MpiTag::answer) {
        out[it->second.index] = std::move(body);
        ++done;
        busy.erase(it);
      }
      continue;
    }
    const auto now = Clock::now();
    for (auto it = busy.begin(); it != busy.end();) {
      if (std::chrono::duration<double>(now - it->second.last_heard).count() <= rank_timeout_s_) {
        ++it;
        continue;
      }
      std::fprintf(stderr, "mpi: rank %d silent for %.0f s: given up, its task goes to another rank\n", it->first,
                   rank_timeout_s_);
      session_.markLost(it->first);
      queue.push_front(it->second.index);
      it = busy.erase(it);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a blocking receive would spin a core
  }
  return out;
}

}  // namespace autorac::search
