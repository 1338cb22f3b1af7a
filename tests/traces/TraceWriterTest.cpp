// The writer never leaves a partial or inconsistent file: failures leave the directory as it was.
#include <gtest/gtest.h>

#include "TraceTestSupport.h"
#include "traces/TraceReader.h"
#include "traces/TraceWriter.h"

namespace autorac::trace {
namespace {

namespace fs = std::filesystem;

Trace mlp() { return readTrace(testing::examplesDir() + "/mlp_512_256_128_1.json"); }
Trace withTensors() { return readTrace(testing::examplesDir() + "/fc_small_tensors.json"); }

TEST(TraceWriter, MissingDirectoryCreatesNothing) {
  testing::TempDir dir;
  std::string msg = testing::inputErrorOf([&] { writeTrace(withTensors(), dir.file("absent/t.json")); });
  EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
  EXPECT_TRUE(testing::filesIn(dir.path()).empty());
}

TEST(TraceWriter, UnwritableDirectoryCreatesNothing) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  testing::TempDir dir;
  fs::create_directory(dir.path() / "ro");
  fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  std::string msg = testing::inputErrorOf([&] { writeTrace(withTensors(), dir.file("ro/t.json")); });
  EXPECT_NE(msg.find("cannot write"), std::string::npos) << msg;
  EXPECT_TRUE(testing::filesIn(dir.path() / "ro").empty());
}

TEST(TraceWriter, TargetIsADirectoryLeavesNoTempOrSidecar) {
  testing::TempDir dir;
  fs::create_directory(dir.path() / "t.json");
  std::string msg = testing::inputErrorOf([&] { writeTrace(withTensors(), dir.file("t.json")); });
  EXPECT_NE(msg.find("is a directory"), std::string::npos) << msg;
  EXPECT_EQ(testing::filesIn(dir.path()), std::vector<std::string>{"t.json"});
}

TEST(TraceWriter, OverwriteReplacesWholeFile) {
  testing::TempDir dir;
  std::string path = dir.file("t.json");
  testing::writeText(path, std::string(100000, 'x'));  // longer than the trace: no leftover tail allowed
  writeTrace(mlp(), path);
  EXPECT_EQ(readTrace(path), mlp());
  EXPECT_EQ(testing::filesIn(dir.path()), std::vector<std::string>{"t.json"});
}

TEST(TraceWriter, InconsistentTraceIsRefusedBeforeTouchingDisk) {
  testing::TempDir dir;
  std::string path = dir.file("t.json");
  testing::writeText(path, "old");
  Trace t = mlp();
  t.ops[1].in_features = 300;  // fc1 produces 256
  std::string msg = testing::inputErrorOf([&] { writeTrace(t, path); });
  EXPECT_NE(msg.find("op 'fc2', field 'in_features'"), std::string::npos) << msg;
  EXPECT_EQ(testing::readText(path), "old");
  EXPECT_EQ(testing::filesIn(dir.path()), std::vector<std::string>{"t.json"});
}

TEST(TraceWriter, DerivedWidthDisagreeingWithAttributesIsRefused) {
  testing::TempDir dir;
  Trace t = mlp();
  t.ops.push_back(makeOp("ln", OpType::LayerNorm, {"fc3"}, {{"features", 1}, {"act_bits", 8}}));
  t.ops.back().in_features = 2;  // "features" in attributes still says 1
  std::string msg = testing::inputErrorOf([&] { writeTrace(t, dir.file("t.json")); });
  EXPECT_NE(msg.find("op 'ln'"), std::string::npos) << msg;
  EXPECT_TRUE(testing::filesIn(dir.path()).empty());
}

TEST(TraceWriter, BadTensorIsRefused) {
  testing::TempDir dir;
  Trace t = withTensors();
  t.tensors["fc.weight"].data[7] = 300;
  std::string msg = testing::inputErrorOf([&] { writeTrace(t, dir.file("t.json")); });
  EXPECT_NE(msg.find("tensor 'fc.weight', element 7"), std::string::npos) << msg;
  EXPECT_TRUE(testing::filesIn(dir.path()).empty());
}

TEST(TraceWriter, SidecarNameDefaultsToStem) {
  testing::TempDir dir;
  Trace t = withTensors();
  t.tensors_file.clear();
  writeTrace(t, dir.file("net.json"));
  EXPECT_EQ(testing::filesIn(dir.path()), (std::vector<std::string>{"net.json", "net.tensors.json"}));
  EXPECT_EQ(readTrace(dir.file("net.json")).tensors_file, "net.tensors.json");
}

TEST(TraceWriter, OutputIsOneRecordPerLine) {
  testing::TempDir dir;
  writeTrace(mlp(), dir.file("t.json"));
  std::string text = testing::readText(dir.file("t.json"));
  EXPECT_NE(text.find("\n    {\"id\": \"fc2\", \"type\": \"fc\", \"inputs\": [\"fc1\"], \"in_features\": 256"), std::string::npos)
      << text;
}

// scripts/make_example_tensors.py lays the sidecar out as the writer does: rewriting changes no byte.
TEST(TraceWriter, ExampleSidecarIsInWriterLayout) {
  testing::TempDir dir;
  writeTrace(readTrace(testing::examplesDir() + "/fc_small_tensors.json"), dir.file("fc_small_tensors.json"));
  EXPECT_EQ(testing::readText(dir.file("fc_small_tensors.tensors.json")),
            testing::readText(testing::examplesDir() + "/fc_small_tensors.tensors.json"));
}

}  // namespace
}  // namespace autorac::trace
