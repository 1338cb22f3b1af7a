#pragma once
// Crash-safe file replacement: the content goes to a temporary file in the target's directory (same
// file system, so rename is atomic), is flushed to disk, and only commit() renames it over the target.
// Readers therefore see the old file or the new one, never a partial one; an uncommitted or failed
// write removes its temporary file.
#include <string>

namespace autorac::trace {

class StagedFile {
public:
  // Writes content to the temporary file now. Throws autorac::InputError(path, ...) when the
  // directory is missing or unwritable or the disk is full; nothing is left behind then.
  StagedFile(std::string path, const std::string& content);
  ~StagedFile();  // removes the temporary file unless committed
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  void commit();  // rename onto the target; throws autorac::InputError on failure

private:
  std::string path_;
  std::string temp_;
  bool committed_ = false;
};

}  // namespace autorac::trace
