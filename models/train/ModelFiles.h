#pragma once
// Reading and writing LibTorch archives (models, optimiser states, kept weights) as user files.
// - saveWhole: readers, and a resume after kill -9, see the old file or the new one, never a partial
//   one: the archive goes to "<path>.part" in the same directory, then is renamed over the path
//   (atomic on one file system). JSON and text files use trace::StagedFile for the same reason.
// - loadFile: a missing, truncated or foreign file is bad input (autorac::InputError naming the
//   file, exit 2), not an internal error; LibTorch reports it as c10::Error.
#include <filesystem>
#include <string>

#include <torch/torch.h>

#include "traces/InputError.h"

namespace autorac::models {

template <class T>
void saveWhole(const T& value, const std::string& path) {
  const std::string part = path + ".part";
  try {
    torch::save(value, part);
  } catch (const c10::Error& e) {
    std::error_code ec;
    std::filesystem::remove(part, ec);
    throw InputError(path, "", "cannot write (" + std::string(e.what_without_backtrace()) + ")");
  }
  std::error_code ec;
  std::filesystem::rename(part, path, ec);
  if (ec) throw InputError(path, "", "cannot replace (" + ec.message() + ")");
}

template <class T>
void loadFile(T& value, const std::string& path) {
  try {
    torch::load(value, path);
  } catch (const c10::Error& e) {
    throw InputError(path, "", "not a model file this build can read (" + std::string(e.what_without_backtrace()) + ")");
  }
}

}  // namespace autorac::models
