#include "search/PoolMessage.h"

#include <nlohmann/json.hpp>

namespace autorac::search {

using nlohmann::json;

std::string encodeTask(int64_t id, const Command& c) {
  return json{{"id", id}, {"argv", c.argv}, {"time_limit_s", c.time_limit_s}, {"stdout_path", c.stdout_path},
              {"attached", c.attached}}
      .dump();
}

Command decodeTask(const std::string& text, int64_t& id) {
  const json j = json::parse(text);
  id = j.at("id").get<int64_t>();
  Command c;
  c.argv = j.at("argv").get<std::vector<std::string>>();
  c.time_limit_s = j.at("time_limit_s").get<double>();
  c.stdout_path = j.at("stdout_path").get<std::string>();
  c.attached = j.at("attached").get<bool>();
  return c;
}

std::string encodeOutcome(int64_t id, const Outcome& o) {
  return json{{"id", id}, {"exit_code", o.exit_code}, {"signal", o.signal}, {"timed_out", o.timed_out},
              {"seconds", o.seconds}, {"stderr_tail", o.stderr_tail}}
      .dump();
}

Outcome decodeOutcome(const std::string& text, int64_t& id) {
  const json j = json::parse(text);
  id = j.at("id").get<int64_t>();
  Outcome o;
  o.exit_code = j.at("exit_code").get<int>();
  o.signal = j.at("signal").get<int>();
  o.timed_out = j.at("timed_out").get<bool>();
  o.seconds = j.at("seconds").get<double>();
  o.stderr_tail = j.at("stderr_tail").get<std::string>();
  return o;
}

}  // namespace autorac::search
