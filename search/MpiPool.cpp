#include "search/MpiPool.h"

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
  size_t index = 0;  // into the commands of this run
  int64_t id = 0;
  Clock::time_point last_heard;
};

}  // namespace

MpiPool::MpiPool(MpiSession& session, double rank_timeout_s) : session_(session), rank_timeout_s_(rank_timeout_s) {}

int MpiPool::jobs() const {
  const int workers = int(session_.liveWorkers().size());
  return workers > 0 ? workers : 1;
}

std::vector<Outcome> MpiPool::run(const std::vector<Command>& commands) {
  std::vector<Outcome> out(commands.size());
  std::deque<size_t> queue;
  for (size_t i = 0; i < commands.size(); ++i) queue.push_back(i);
  std::map<int, Assignment> busy;  // by rank
  size_t done = 0;
  while (done < commands.size()) {
    const std::vector<int> live = session_.liveWorkers();
    if (live.empty()) {
      // No worker rank (a job of one rank, or every worker lost): rank 0 runs the rest itself.
      std::vector<Command> rest;
      for (size_t i : queue) rest.push_back(commands[i]);
      const std::vector<Outcome> got = LocalPool(1).run(rest);
      for (size_t k = 0; k < got.size(); ++k) out[queue[k]] = got[k];
      break;
    }
    for (int r : live) {
      if (queue.empty()) break;
      if (busy.count(r)) continue;
      const Assignment a{queue.front(), next_id_++, Clock::now()};
      queue.pop_front();
      session_.send(r, MpiTag::task, encodeTask(a.id, commands[a.index]));
      busy[r] = a;
    }
    if (auto m = session_.poll()) {
      auto it = busy.find(m->source);
      if (m->tag == MpiTag::outcome || m->tag == MpiTag::heartbeat) {
        int64_t id = -1;
        Outcome o;
        if (m->tag == MpiTag::outcome) o = decodeOutcome(m->body, id);
        else id = std::stoll(m->body);
        // A late word from a rank given up, or about an earlier task, is ignored.
        if (it == busy.end() || it->second.id != id) continue;
        if (m->tag == MpiTag::heartbeat) {
          it->second.last_heard = Clock::now();
          continue;
        }
        out[it->second.index] = o;
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
      std::fprintf(stderr, "mpi pool: rank %d silent for %.0f s: given up, its command goes to another rank\n",
                   it->first, rank_timeout_s_);
      session_.markLost(it->first);
      queue.push_front(it->second.index);
      it = busy.erase(it);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a blocking receive would spin a core
  }
  return out;
}

}  // namespace autorac::search
