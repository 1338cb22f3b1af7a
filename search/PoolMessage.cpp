#include "search/PoolMessage.h"

namespace autorac::search {

using nlohmann::json;

std::string envelope(int64_t id, const json& body) { return json{{"id", id}, {"body", body}}.dump(); }

json openEnvelope(const std::string& text, int64_t& id) {
  json j = json::parse(text);
  id = j.at("id").get<int64_t>();
  return std::move(j.at("body"));
}

json commandToJson(const Command& c) {
  return {{"argv", c.argv}, {"time_limit_s", c.time_limit_s}, {"stdout_path", c.stdout_path}, {"attached", c.attached}};
}

Command commandFromJson(const json& j) {
  Command c;
  c.argv = j.at("argv").get<std::vector<std::string>>();
  c.time_limit_s = j.at("time_limit_s").get<double>();
  c.stdout_path = j.at("stdout_path").get<std::string>();
  c.attached = j.at("attached").get<bool>();
  return c;
}

json outcomeToJson(const Outcome& o) {
  return {{"exit_code", o.exit_code}, {"signal", o.signal}, {"timed_out", o.timed_out}, {"seconds", o.seconds},
          {"stderr_tail", o.stderr_tail}};
}

Outcome outcomeFromJson(const json& j) {
  Outcome o;
  o.exit_code = j.at("exit_code").get<int>();
  o.signal = j.at("signal").get<int>();
  o.timed_out = j.at("timed_out").get<bool>();
  o.seconds = j.at("seconds").get<double>();
  o.stderr_tail = j.at("stderr_tail").get<std::string>();
  return o;
}

}  // namespace autorac::search
