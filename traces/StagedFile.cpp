#include "traces/StagedFile.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include "traces/InputError.h"

namespace autorac::trace {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw InputError(path, "", "cannot write: " + what + " (" + std::strerror(err) + ")");
}

// Unique per process and call, so concurrent writers (threads or search workers) never share a temp.
std::string tempNameFor(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  std::string name = "." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++);
  return (target.parent_path() / name).string();
}

bool writeAll(int fd, const std::string& content) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

StagedFile::StagedFile(std::string path, const std::string& content) : path_(std::move(path)) {
  fs::path target(path_);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) fail(path_, "directory '" + dir.string() + "' does not exist", ENOENT);
  if (fs::is_directory(target, ec)) fail(path_, "the path is a directory", EISDIR);

  temp_ = tempNameFor(target);
  int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail(path_, "cannot create a temporary file in '" + dir.string() + "'", errno);
  bool ok = writeAll(fd, content) && ::fsync(fd) == 0;
  int err = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    ::unlink(temp_.c_str());
    fail(path_, "writing the temporary file failed", err);
  }
}

StagedFile::~StagedFile() {
  if (!committed_) ::unlink(temp_.c_str());
}

void StagedFile::commit() {
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) fail(path_, "renaming the temporary file failed", errno);
  committed_ = true;
  // Make the rename itself durable; failing to sync the directory does not undo the write.
  std::string dir = fs::path(path_).parent_path().empty() ? "." : fs::path(path_).parent_path().string();
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace autorac::trace
