// Bad input to every `autorac` subcommand is exit 2 with a message naming the file (and the line or
// field) or the option, never exit 1 ("internal error"), a crash or a hang. Each case runs the real
// program as a user would; the cases that need a supernet share one trained here in a few seconds.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  const char* name;                       // the test's name
  std::vector<std::string> args;          // "{dir}" is replaced by the scratch folder
  std::vector<std::string> must_name;     // what the message must contain (file, line, field, option)
};

std::string criteoRow(const std::string& label, const std::string& dense5) {
  std::string row = label;
  for (int i = 1; i <= 13; ++i) row += "\t" + (i == 5 ? dense5 : std::to_string(i));
  for (int i = 1; i <= 26; ++i) row += "\tc" + std::to_string(i);
  return row + "\n";
}

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }  // ctest names, not bytes

// A folder of this process's own (ctest runs the cases in parallel processes) with data files that
// have faults at known lines, files that look like models but are not, and, made only for the cases
// that name "{tiny}", a tiny supernet trained in a few seconds.
std::string scratch() {
  static const std::string dir = [] {
    const std::string d = (fs::path(::testing::TempDir()) / ("autorac_input_errors_" + std::to_string(::getpid()))).string();
    fs::remove_all(d);
    fs::create_directories(d);
    std::ofstream(d + "/short_row.txt") << criteoRow("0", "5") << criteoRow("1", "5") << "1\t2\t3\n";
    std::ofstream(d + "/bad_number.txt") << criteoRow("0", "5") << criteoRow("1", "five");
    std::ofstream(d + "/empty.txt");
    std::ofstream(d + "/not_json.json") << "{\"name\": \"x\", \"blocks\": [\n";
    std::ofstream(d + "/bad_field.json") << "{\"name\": \"x\", \"blocks\": 7}\n";
    std::ofstream(d + "/garbage.pt") << "this is not a LibTorch archive\n";
    std::ofstream(d + "/garbage.pt.config.json")
        << R"({"kind": "supernet", "space": "tiny", "data_format": "synthetic", "table_size": 4096})" << "\n";
    return d;
  }();
  return dir;
}

std::string tinySupernet() {
  const std::string prefix = scratch() + "/tiny";
  if (!fs::exists(prefix + ".json")) {
    const ProgramResult r = runProgram(AUTORAC_PATH, {"train-supernet", "--data", "synthetic:rows=400", "--space", "tiny",
                                                      "--steps", "2", "--batch", "64", "--hash-size", "4096",
                                                      "--threads", "1", "--checkpoint", prefix});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  return prefix;
}

std::string expand(std::string a) {
  auto sub = [&a](const std::string& key, const std::function<std::string()>& value) {
    for (size_t p; (p = a.find(key)) != std::string::npos;) a.replace(p, key.size(), value());
  };
  sub("{dir}", scratch);
  sub("{archs}", [] { return std::string(AUTORAC_SOURCE_DIR) + "/configs/archs"; });
  sub("{tiny}", tinySupernet);
  return a;
}

class AutoracInputError : public ::testing::TestWithParam<BadInput> {};

TEST_P(AutoracInputError, ExitsTwoNamingTheCulprit) {
  const BadInput& c = GetParam();
  std::vector<std::string> args;
  for (const auto& a : c.args) args.push_back(expand(a));
  const ProgramResult r = runProgram(AUTORAC_PATH, args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  for (const auto& w : c.must_name) {
    const std::string want = expand(w);
    EXPECT_NE(r.err.find(want), std::string::npos) << "the message should name '" << want << "':\n" << r.err;
  }
}

const std::vector<std::string> kTiny = {"--weights", "{tiny}", "--threads", "1"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

INSTANTIATE_TEST_SUITE_P(
    EverySubcommand, AutoracInputError,
    ::testing::Values(
        BadInput{"UnknownCommand", {"trian"}, {"unknown command 'trian'"}},
        BadInput{"UnknownOption", {"train-supernet", "--epohcs", "2"}, {"epohcs"}},
        // Data: missing file, a short row, a non-number, no rows, unknown format, bad synthetic options.
        BadInput{"MissingDataFile", {"train-supernet", "--data", "criteo:{dir}/nope.txt"}, {"{dir}/nope.txt", "cannot open"}},
        BadInput{"ShortRow", {"train-supernet", "--data", "criteo:{dir}/short_row.txt", "--space", "tiny", "--threads", "1"},
                 {"{dir}/short_row.txt", "line 3", "fields"}},
        BadInput{"NotANumber", {"train", "--arch", "{archs}/dlrm.json", "--data", "criteo:{dir}/bad_number.txt", "--threads", "1"},
                 {"{dir}/bad_number.txt", "line 2", "I5"}},
        BadInput{"NoRows", {"train-supernet", "--data", "criteo:{dir}/empty.txt", "--space", "tiny"}, {"{dir}/empty.txt", "no training rows"}},
        BadInput{"UnknownFormat", {"train-supernet", "--data", "parquet:x"}, {"--data", "unknown data format"}},
        BadInput{"BadSyntheticOption", {"train", "--arch", "{archs}/dlrm.json", "--data", "synthetic:rows=many"}, {"--data", "rows=many"}},
        BadInput{"MissingKddUserTable", {"train-supernet", "--data", "kdd2012:{dir}/empty.txt", "--kdd-users", "{dir}/users.txt"},
                 {"{dir}/users.txt"}},
        // Options out of range, named with their value.
        BadInput{"ValFractionAboveOne", {"train-supernet", "--val-fraction", "1.5"}, {"--val-fraction", "1.5"}},
        BadInput{"ZeroBatch", {"train", "--arch", "{archs}/dlrm.json", "--batch", "0"}, {"--batch"}},
        BadInput{"ZeroThreads", {"train-supernet", "--threads", "0"}, {"--threads"}},
        BadInput{"NegativeLearningRate", {"train-supernet", "--lr", "-0.1"}, {"--lr"}},
        BadInput{"ZeroCheckpointInterval", {"train-supernet", "--checkpoint-every", "0"}, {"--checkpoint-every"}},
        BadInput{"NoProbePaths", {"train-supernet", "--select-paths", "0"}, {"--select-paths"}},
        BadInput{"HashTableTooSmall", {"train-supernet", "--hash-size", "10"}, {"--hash-size", "10"}},
        BadInput{"UnknownSpace", {"train-supernet", "--space", "huge"}, {"--space", "huge"}},
        BadInput{"SelectionWithoutValidation", {"train-supernet", "--space", "tiny", "--select-every", "5", "--steps", "5"},
                 {"--select-every", "--val-fraction"}},
        BadInput{"UnwritableCheckpoint", {"train-supernet", "--space", "tiny", "--checkpoint", "{dir}/no/such/folder/ck"},
                 {"{dir}/no/such/folder/ck"}},
        // Architecture files: missing, not JSON, a bad field, another space than the weights'.
        BadInput{"MissingArch", {"train", "--arch", "{dir}/nope.json"}, {"{dir}/nope.json", "cannot open"}},
        BadInput{"ArchNotJson", {"export", "--arch", "{dir}/not_json.json", "--out", "{dir}/t.json"}, {"{dir}/not_json.json", "byte"}},
        BadInput{"ArchBadField", {"train", "--arch", "{dir}/bad_field.json"}, {"{dir}/bad_field.json", "blocks"}},
        BadInput{"ArchOutsideTheSupernet", with({"eval", "--arch", "{archs}/dlrm.json", "--val-fraction", "0.2"}, kTiny),
                 {"dlrm.json"}},
        BadInput{"ExportArchOutsideTheSupernet", with({"export", "--arch", "{archs}/dlrm.json", "--out", "{dir}/t.json"}, kTiny),
                 {"dlrm.json"}},
        // Weights: missing, not a model.
        BadInput{"MissingWeights", {"eval", "--arch", "{archs}/dlrm.json", "--weights", "{dir}/nothing"}, {"{dir}/nothing"}},
        BadInput{"WeightsNotAModel", {"eval", "--arch", "{archs}/dlrm.json", "--weights", "{dir}/garbage.pt", "--val-fraction", "0.2"},
                 {"{dir}/garbage.pt", "not a model file"}},
        // Outputs that cannot be written.
        BadInput{"UnwritableTrace", {"export", "--arch", "{archs}/dlrm.json", "--out", "{dir}/no/such/folder/t.json"},
                 {"{dir}/no/such/folder/t.json"}},
        BadInput{"UnwritableModel", {"train", "--arch", "{archs}/dlrm.json", "--data", "synthetic:rows=200", "--steps", "1",
                                     "--threads", "1", "--out", "{dir}/no/such/folder/m.pt"},
                 {"{dir}/no/such/folder/m.pt"}},
        // score and run.
        BadInput{"NegativeHeadL2", with({"score", "--head-l2", "-1", "--val-fraction", "0.2"}, kTiny), {"--head-l2"}},
        BadInput{"ZeroFinetuneBatch", with({"score", "--finetune-batch", "0", "--val-fraction", "0.2"}, kTiny),
                 {"--finetune-batch"}},
        BadInput{"NegativeFinetuneSteps", with({"score", "--finetune-steps", "-1", "--val-fraction", "0.2"}, kTiny),
                 {"--finetune-steps"}},
        BadInput{"MissingTraceDir", with({"score", "--trace-dir", "{dir}/no/such/folder", "--val-fraction", "0.2"}, kTiny),
                 {"--trace-dir", "{dir}/no/such/folder"}},
        BadInput{"SpaceSampleUnknownSpace", {"space", "--space", "mini"}, {"--space", "mini"}},
        BadInput{"RunEmptyPopulation", {"run", "--population", "0", "--out", "{dir}/run"}, {"--population"}},
        BadInput{"RunUnknownData", {"run", "--data", "parquet:x", "--out", "{dir}/run"}, {"--data", "unknown data format"}},
        BadInput{"RunNoValidationSplit", {"run", "--val-fraction", "0", "--out", "{dir}/run"}, {"--val-fraction"}},
        BadInput{"RunNegativeFinetune", {"run", "--finetune-steps", "-2", "--out", "{dir}/run"}, {"--finetune-steps"}},
        BadInput{"RunUnwritableFolder", {"run", "--out", "/proc/autorac_run"}, {"--out", "/proc/autorac_run"}},
        BadInput{"RunMissingWeights", {"run", "--weights", "{dir}/nothing", "--out", "{dir}/run"}, {"{dir}/nothing"}}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace autorac::test
