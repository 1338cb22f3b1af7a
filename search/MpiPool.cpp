#include "search/MpiPool.h"

#include "search/PoolMessage.h"

namespace autorac::search {

int MpiPool::jobs() const { return dispatcher_.workers() > 0 ? dispatcher_.workers() : 1; }

std::vector<Outcome> MpiPool::run(const std::vector<Command>& commands) {
  std::vector<nlohmann::json> tasks;
  for (const auto& c : commands) tasks.push_back(commandToJson(c));
  const auto answers = dispatcher_.run(MpiTag::command, tasks);
  std::vector<Outcome> out(commands.size());
  std::vector<Command> rest;
  std::vector<size_t> rest_index;
  for (size_t i = 0; i < commands.size(); ++i) {
    if (answers[i]) out[i] = outcomeFromJson(*answers[i]);
    else rest.push_back(commands[i]), rest_index.push_back(i);
  }
  const std::vector<Outcome> local = LocalPool(1).run(rest);
  for (size_t k = 0; k < local.size(); ++k) out[rest_index[k]] = local[k];
  return out;
}

}  // namespace autorac::search
