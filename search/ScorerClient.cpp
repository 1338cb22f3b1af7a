#include "search/ScorerClient.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace autorac::search {

ScorerClient::ScorerClient(const std::vector<std::string>& argv) {
  signal(SIGPIPE, SIG_IGN);  // a scorer that died makes a write fail, not the search
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("scorer: pipe failed");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("scorer: fork failed");
  if (pid_ == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    execvp(args[0], args.data());
    std::fprintf(stderr, "cannot run %s\n", args[0]);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  to_ = fdopen(in[1], "w");
  from_ = fdopen(out[0], "r");
}

ScorerClient::~ScorerClient() {
  if (to_) fclose(to_);  // end of input: the scorer exits
  if (from_) fclose(from_);
  if (pid_ > 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

nlohmann::json ScorerClient::score(const nlohmann::json& arch) {
  const std::string line = arch.dump() + "\n";
  if (std::fputs(line.c_str(), to_) < 0 || std::fflush(to_) != 0) throw std::runtime_error("scorer: the process is gone");
  std::string answer;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, from_)) {
    answer += buf;
    if (!answer.empty() && answer.back() == '\n') break;
  }
  if (answer.empty()) throw std::runtime_error("scorer: the process ended without an answer (see its stderr)");
  return nlohmann::json::parse(answer);
}

}  // namespace autorac::search
