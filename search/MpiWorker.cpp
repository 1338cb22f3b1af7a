// serveMpiWorker (declared in MpiScorer.h): the loop of every rank but 0.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>

#include "search/MpiScorer.h"
#include "search/PoolMessage.h"

namespace autorac::search {
namespace {

// A task's answer; the task runs on a helper thread while this one sends heartbeats.
nlohmann::json work(MpiSession& session, int64_t id, std::function<nlohmann::json()> task) {
  auto result = std::async(std::launch::async, std::move(task));
  while (result.wait_for(std::chrono::seconds(1)) != std::future_status::ready)
    session.send(0, MpiTag::heartbeat, envelope(id, nullptr));
  return result.get();
}

}  // namespace

void serveMpiWorker(MpiSession& session) {
  std::unique_ptr<ScorerClient> scorer;  // started on the first score request, kept for the run
  for (;;) {
    const auto m = session.poll(0);
    if (!m) {
      // Idle: a blocking receive would spin a core that a scorer or a simulation needs.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    if (m->tag == MpiTag::stop) {
      if (m->body != "finalize") session.skipFinalize();
      return;
    }
    int64_t id = 0;
    const nlohmann::json task = openEnvelope(m->body, id);
    nlohmann::json answer;
    if (m->tag == MpiTag::command) {
      const Command c = commandFromJson(task);
      // In a child process: a crashing simulation fails its command, not this rank.
      answer = work(session, id, [c] { return outcomeToJson(LocalPool(1).run({c}).front()); });
    } else if (m->tag == MpiTag::score) {
      answer = work(session, id, [&] {
        try {
          if (!scorer) scorer = std::make_unique<ScorerClient>(task.at("scorer").get<std::vector<std::string>>());
          return scorer->score(task.at("arch"));
        } catch (const std::exception& e) {
          scorer.reset();  // the next request starts a fresh one
          return nlohmann::json{{"status", "failed"}, {"reason", "scorer on rank " + std::to_string(session.rank()) + ": " + e.what()}};
        }
      });
    } else {
      continue;
    }
    session.send(0, MpiTag::answer, envelope(id, answer));
  }
}

}  // namespace autorac::search
