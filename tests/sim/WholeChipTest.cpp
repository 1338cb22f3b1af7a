// The whole chip through pimsim: every op type, both mappings on the model examples, the engine
// choice for dynamic ops, fit errors, and analytical versus measured.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <iostream>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

using nlohmann::json;
const std::string kExamples = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/";

// Runs pimsim on the trace file `path` and returns its report (null when it failed).
json simulatePath(const std::string& path, const std::vector<std::string>& extra, const std::string& tag) {
  const std::string report = ::testing::TempDir() + tag + ".json";
  std::vector<std::string> args = {"--trace", path, "--report", report};
  args.insert(args.end(), extra.begin(), extra.end());
  const ProgramResult r = runPimsim(args);
  EXPECT_EQ(r.exit_code, 0) << tag << ": " << r.err;
  return r.exit_code == 0 ? json::parse(readFile(report)) : json();
}

// The same for an example trace of traces/examples.
json simulate(const std::string& trace, const std::vector<std::string>& extra, const std::string& tag) {
  return simulatePath(kExamples + trace, extra, tag);
}
// A trace of one in -> out fc from a graph input to a graph output, `bits`-bit inputs, weights and
// activations, written to the test's temporary folder; returns its path.
std::string oneFcTrace(const std::string& name, int in, int out, int bits, int batch) {
  const std::string path = ::testing::TempDir() + name + "_" + std::to_string(in) + "x" + std::to_string(out) + ".json";
  const json trace = {{"format", "autorac-trace"}, {"version", 1}, {"name", name}, {"batch", batch},
                      {"inputs", {{{"id", "x"}, {"shape", {in}}, {"bits", bits}, {"signed", true}}}},
                      {"ops", {{{"id", "fc"}, {"type", "fc"}, {"inputs", {"x"}}, {"in_features", in}, {"out_features", out},
                                {"weight_bits", bits}, {"act_bits", bits}}}}};
  std::ofstream(path) << trace.dump();
  return path;
}

TEST(WholeChip, EveryOpTypeRunsEndToEndUnderBothMappings) {
  for (const char* mapping : {"naive", "optimized"}) {
    const json r = simulate("all_ops.json", {"--mapping", mapping}, std::string("all_ops_") + mapping);
    ASSERT_FALSE(r.is_null());
    std::set<std::string> types;
    for (const auto& op : r["ops"]) {
      types.insert(op["type"].get<std::string>());
      EXPECT_GT(op["end_cycle"].get<uint64_t>(), 0u) << op["id"];
      EXPECT_GT(op["energy_pj"].get<double>(), 0) << op["id"];
    }
    EXPECT_EQ(types.size(), 15u) << "every op type of trace format v1";
    EXPECT_TRUE(r["analytical"]["events_match_simulation"].get<bool>()) << mapping;
    EXPECT_GE(r["cycles"].get<int64_t>(), r["analytical"]["cycles"].get<int64_t>()) << mapping;
  }
}

// Issue 11, item 5: every NoC packet crosses two TLM-2.0 sockets (tile to NI, NI to tile) under the
// base-protocol checker (hw/tlm/ProtocolChecker.h); over these whole-chip runs, none breaks a rule.
TEST(WholeChip, EveryNocTransactionKeepsTheTlmBaseProtocol) {
  uint64_t transactions = 0;
  for (const char* model : {"dlrm", "deepfm", "autoint", "dcnv2", "mlp_512_256_128_1"})
    for (const char* design : {"isaac", "neurosim22"})
      for (const char* mapping : {"naive", "optimized"}) {
        const std::string tag = std::string("tlm_") + model + "_" + design + "_" + mapping;
        const json r = simulate(std::string(model) + ".json", {"--design", design, "--mapping", mapping, "--batch", "8"}, tag);
        ASSERT_FALSE(r.is_null()) << tag;
        EXPECT_EQ(r["tlm_protocol"]["violations"].get<uint64_t>(), 0u) << tag;
        transactions += r["tlm_protocol"]["transactions"].get<uint64_t>();
      }
  EXPECT_GT(transactions, 1000u);
  std::cout << "TLM-2.0 base-protocol checks: " << transactions << " b_transport calls, 0 violations\n";
}

TEST(WholeChip, OptimizedMappingIsNeverSlowerAndFasterOnDlrmAndDeepFm) {
  for (const char* model : {"dlrm", "deepfm", "autoint", "dcnv2"}) {
    const std::string file = std::string(model) + ".json";
    const json naive = simulate(file, {"--mapping", "naive", "--batch", "32"}, std::string(model) + "_naive");
    const json opt = simulate(file, {"--mapping", "optimized", "--batch", "32"}, std::string(model) + "_opt");
    ASSERT_FALSE(naive.is_null() || opt.is_null());
    const double tn = naive["throughput_samples_per_s"].get<double>(), to = opt["throughput_samples_per_s"].get<double>();
    EXPECT_GE(to, tn) << model;
    if (std::string(model) == "dlrm" || std::string(model) == "deepfm") {
      EXPECT_GT(to, 1.2 * tn) << model;
    }
    // Precision-aware slices never need more crossbars per copy than the naive 16-bit layout.
    EXPECT_TRUE(naive["analytical"]["events_match_simulation"].get<bool>()) << model;
    EXPECT_TRUE(opt["analytical"]["events_match_simulation"].get<bool>()) << model;
    // Measured time exceeds the closed-form estimate mostly by queueing, and not by much here. The
    // estimate is not a strict bound (its eDRAM and NoC loads are sums that the run partly overlaps):
    // within 10 % below, as issue 8's goal for the analytical twin asks.
    for (const json* r : {&naive, &opt}) {
      const double ratio = (*r)["measured_over_analytical_cycles"].get<double>();
      EXPECT_GE(ratio, 0.9) << model;
      EXPECT_LT(ratio, 1.5) << model;
    }
  }
}

// Issue 8's throughput goal, measured by the SystemC run: at batch 256 on isaac the optimized mapping
// serves every example recommender at least twice as fast as the naive one. DCN-v2 reached only 1.50x
// while every op stayed homed on tile 0 and its eDRAM set the interval; moving homes off the pressed
// unit (sim/mapping/HomeSpreading) is what lifts it.
TEST(WholeChip, OptimizedIsAtLeastTwiceNaiveAtBatch256OnEveryExampleRecommender) {
  for (const char* model : {"mlp_512_256_128_1", "dlrm", "deepfm", "autoint", "dcnv2"}) {
    const std::string file = std::string(model) + ".json";
    const json naive = simulate(file, {"--mapping", "naive", "--batch", "256"}, std::string(model) + "_naive256");
    const json opt = simulate(file, {"--mapping", "optimized", "--batch", "256"}, std::string(model) + "_opt256");
    ASSERT_FALSE(naive.is_null() || opt.is_null());
    EXPECT_GE(opt["throughput_samples_per_s"].get<double>(), 2.0 * naive["throughput_samples_per_s"].get<double>())
        << model;
    std::set<int> homes;
    for (const auto& op : opt["ops"]) homes.insert(op["home_tile"].get<int>());
    if (std::string(model) == "dcnv2") {
      EXPECT_GT(homes.size(), 3u) << "its ops should no longer all live on tile 0";
    }
  }
}

// The twin's queueing term: an op that moves its inputs through an eDRAM or NoC channel other ops keep
// busy waits there. Without it the measurement of DLRM's and DCN-v2's spread mappings came out 1.28x
// and 1.49x the twin's cycles; with it DLRM's is within 10 % and no example recommender's optimized
// run at batch 256 is off by more than 15 % either way (DCN-v2's is the twin over-pricing, 0.875).
TEST(WholeChip, AnalyticalTwinPricesQueueingAtBusyUnits) {
  for (const char* model : {"mlp_512_256_128_1", "dlrm", "deepfm", "autoint", "dcnv2"}) {
    const json r = simulate(std::string(model) + ".json", {"--mapping", "optimized", "--batch", "256"},
                            std::string(model) + "_queueing");
    ASSERT_FALSE(r.is_null());
    const double ratio = r["measured_over_analytical_cycles"].get<double>();
    EXPECT_GT(ratio, 0.85) << model;
    EXPECT_LT(ratio, 1.15) << model;
    if (std::string(model) == "dlrm") {
      EXPECT_GT(ratio, 0.9) << model;
      EXPECT_LT(ratio, 1.1) << model;
    }
    EXPECT_FALSE(r["analytical"]["busiest_units"].empty());
  }
}

// The report's measured busiest units come from the run's own counters (flits leaving each router
// port, busy slot-cycles of each resource); the twin's loads from walking each transfer's route and
// each recipe's steps. With one copy per op (the naive mapping) every sample takes the same units, so
// the two agree unit by unit: on neurosim22's mesh the NoC channels that bind naive DCN-v2, and on
// isaac a single-crossbar fc's eDRAM, bus, off-chip port and a short S+A pool (8 slots: one group of
// 8 ADCs at a time, each conversion 2,048 cycles a sample in the ADC, so the pool 256 a sample).
// What the twin cannot give, the measured busy fraction says: how busy the binding unit really was.
// An ADC group is held while it waits for S+A slots (hw/AdcGroup.h), and the twin loads it so: on
// neurosim22 (16 S+A slots for 64 ADCs a PE) the optimized DCN-v2's cross1_w, one copy on tile 0,
// holds its groups 256 cycles a sample for 64 of conversions, and the twin once gave the 64.
TEST(WholeChip, MeasuredBusiestUnitsAreTheTwinsUnitsCountedInTheRun) {
  const std::string fc = "fc_single_crossbar.json";
  const std::vector<std::tuple<std::string, std::vector<std::string>, std::string>> runs = {
      {"dcnv2.json", {"--design", "neurosim22", "--mapping", "naive"}, "noc_eject_r3"},
      {fc, {"--design", "isaac", "--mapping", "naive", "--set", "shift_add.units=8"}, "shift_add0.0"},
      {fc, {"--design", "isaac", "--mapping", "naive", "--set", "adc.bits=10"}, "shift_add0.0"},
      {"dcnv2.json", {"--design", "neurosim22", "--mapping", "optimized"}, "adc0.0.3"}};
  for (const auto& [trace, extra, expected] : runs) {
    std::vector<std::string> args = extra;
    args.insert(args.end(), {"--batch", "16"});
    const std::string tag = "busiest_units_" + trace + "_" + extra[3] + "_" + extra.back();
    const json r = simulate(trace, args, tag);
    ASSERT_FALSE(r.is_null());
    ASSERT_FALSE(r["busiest_units"].empty()) << tag;
    bool found = false;
    double previous = 1e300;
    for (const json& u : r["busiest_units"]) {
      const std::string name = u["unit"].get<std::string>();
      const double measured = u["cycles_per_sample"].get<double>();
      EXPECT_LE(measured, previous) << tag << ": busiest first";
      previous = measured;
      EXPECT_GT(u["busy_fraction"].get<double>(), 0.0) << name;
      EXPECT_LE(u["busy_fraction"].get<double>(), 1.0) << name;
      ASSERT_FALSE(u["analytical_cycles_per_sample"].is_null()) << tag << ": the twin names no unit " << name;
      found = found || name == expected;
      EXPECT_DOUBLE_EQ(measured, u["analytical_cycles_per_sample"].get<double>()) << tag << ": " << name;
    }
    EXPECT_TRUE(found) << tag << ": " << expected << " among the five busiest";
  }
}

TEST(WholeChip, TheMostHeldChannelsShowWhereWormholeBlockingIdlesTheMesh) {
  // neurosim22's naive DCN-v2: the twin's busiest unit is noc_eject_r3, and the run agrees it carries
  // 1,096 flit-cycles a sample. But the packets queued for it back up into link r4_r3, which they hold
  // without carrying a flit: that link is owned longer each sample than the ejection port is busy
  // (docs/timing-model.md, *Wormhole blocking*). The twin loads channels with flits only.
  const json r = simulate("dcnv2.json", {"--design", "neurosim22", "--mapping", "naive", "--batch", "16"}, "most_held_dcnv2");
  ASSERT_FALSE(r.is_null());
  ASSERT_FALSE(r["most_held_channels"].empty());
  double previous = 1e300;
  for (const json& c : r["most_held_channels"]) {
    const std::string name = c["unit"].get<std::string>();
    const double held = c["held_cycles_per_sample"].get<double>(), busy = c["busy_cycles_per_sample"].get<double>();
    EXPECT_LE(held, previous) << "longest held first";
    previous = held;
    EXPECT_GE(held, busy) << name << ": a packet owns a channel at least while its flits cross it";
    EXPECT_GT(c["held_fraction"].get<double>(), 0.0) << name;
    EXPECT_LE(c["held_fraction"].get<double>(), 1.0) << name;
  }
  const json& most = r["most_held_channels"][0];
  EXPECT_EQ(most["unit"], "noc_link_r4_r3");
  EXPECT_EQ(r["busiest_units"][0]["unit"], "noc_eject_r3");
  EXPECT_GT(most["held_cycles_per_sample"].get<double>(), r["busiest_units"][0]["cycles_per_sample"].get<double>());
  // The bus interconnect's one medium is listed too.
  const json bus = simulate("dlrm.json", {"--design", "isaac", "--mapping", "naive", "--batch", "4", "--set", "interconnect.kind=bus"},
                            "most_held_bus");
  ASSERT_FALSE(bus.is_null());
  ASSERT_EQ(bus["most_held_channels"].size(), 1u);
  EXPECT_EQ(bus["most_held_channels"][0]["unit"], "interconnect");
}

TEST(WholeChip, AReplicatedOpsDispatcherFeedsItsReplicasInTurn) {
  // On neurosim22 the optimized mapping copies fc1 and fc2 of the MLP onto several tiles, and one
  // dispatcher sends sample n to copy n mod R: a trip to the home's own tile on some samples, over
  // the mesh on others. The twin once priced every sample as the first copy's trip and counted the
  // whole trip's load as the dispatcher's own at that copy's units, where the ledger held only a
  // third of it; the others' load came out negative, the dispatcher never queued, and the run was
  // 1.115x the twin.
  const json r = simulate("mlp_512_256_128_1.json", {"--design", "neurosim22", "--mapping", "optimized", "--batch", "256"},
                          "mlp_neurosim22_replicas");
  ASSERT_FALSE(r.is_null());
  ASSERT_GT(r["ops"][0]["replication"].get<int>(), 1);
  EXPECT_NEAR(r["measured_over_analytical_cycles"].get<double>(), 1.0, 0.1);
}
TEST(WholeChip, TheFirstSamplesOfACopiedOpEachFindAFreeCopy) {
  // isaac's optimized mapping copies each of these one-crossbar fcs 16 times, and the copies'
  // crossbars set the interval: 2,048 cycles a sample per copy, so 128 a sample in steady state. But
  // the first 16 samples each find a free copy and pass at the dispatcher's pace: the run takes
  // 3,325 cycles for 16 samples of fc_single_crossbar, not latency + 15 x 128 = 4,668 (the audit
  // helper's finding; the twin was 0.712 of the run at batch 16 and 0.674 on fc_small_tensors). Two
  // such fcs in series (8-bit, 128 -> 32 -> 32, each copied 16 times, each binding) fill alike.
  const std::string two = ::testing::TempDir() + "two_copied_fcs.json";
  std::ofstream(two) << R"({"format": "autorac-trace", "version": 1, "name": "two_fc", "batch": 16,
    "inputs": [{"id": "x", "shape": [128], "bits": 8, "signed": true}],
    "ops": [{"id": "a", "type": "fc", "inputs": ["x"], "in_features": 128, "out_features": 32, "weight_bits": 8, "act_bits": 8, "activation": "relu"},
            {"id": "b", "type": "fc", "inputs": ["a"], "in_features": 32, "out_features": 32, "weight_bits": 8, "act_bits": 8}]})";
  for (const std::string& trace : {kExamples + "fc_single_crossbar.json", kExamples + "fc_small_tensors.json", two})
    for (const char* batch : {"4", "16", "64", "256"}) {
      const json r = simulatePath(trace, {"--mapping", "optimized", "--batch", batch}, std::string("fill_") + batch);
      ASSERT_FALSE(r.is_null());
      for (const auto& op : r["ops"]) {
        ASSERT_EQ(op["replication"].get<int>(), 16) << trace;
        ASSERT_EQ(op["analytical"]["bottleneck"].get<std::string>(), "crossbars") << trace;
      }
      EXPECT_NEAR(r["measured_over_analytical_cycles"].get<double>(), 1.0, 0.05) << trace << " at batch " << batch;
    }
}
TEST(WholeChip, ReportSaysWhereEveryOpWent) {
  const json r = simulate("dlrm.json", {"--mapping", "optimized", "--batch", "8"}, "dlrm_places");
  ASSERT_FALSE(r.is_null());
  for (const auto& op : r["ops"]) {
    EXPECT_TRUE(op.contains("home_tile") && op.contains("tiles") && op.contains("pes") && op.contains("replication"))
        << op["id"];
    if (op["type"] == "embedding") {
      EXPECT_TRUE(op.contains("table_in")) << op["id"];
    }
    if (op["type"] == "dot") {
      EXPECT_TRUE(op.contains("engine")) << op["id"];
      EXPECT_NE(op["engine_reason"].get<std::string>().find("cycles/sample"), std::string::npos);
    }
  }
  EXPECT_GT(r["throughput_samples_per_s"].get<double>(), 0);
  EXPECT_GT(r["mean_sample_latency_ns"].get<double>(), 0);
  for (const char* unit : {"adc", "bus", "edram", "vector_unit", "interconnect", "offchip", "crossbar"})
    EXPECT_TRUE(r["utilisation"].contains(unit)) << unit;
}

TEST(WholeChip, CheaperEngineForDynamicOpsComesFromTheCostModel) {
  // A slow vector unit makes run-time-written crossbars the cheaper engine for the dot and attention.
  const json r = simulate("all_ops.json",
                          {"--mapping", "optimized", "--set", "vector_unit.lanes=1", "--set", "vector_unit.op_cycles=1024"},
                          "engine_choice");
  ASSERT_FALSE(r.is_null());
  bool saw_runtime = false;
  for (const auto& op : r["ops"]) {
    if (op["id"] != "pairs") continue;
    EXPECT_EQ(op["engine"], "runtime_crossbars") << op["engine_reason"];
    EXPECT_GT(op["crossbars"].get<int64_t>(), 0);
    EXPECT_GT(op["endurance"]["max_row_writes_per_crossbar"].get<uint64_t>(), 0u);
    saw_runtime = true;
  }
  EXPECT_TRUE(saw_runtime);
  EXPECT_GT(r["events"]["crossbar_row_writes"].get<uint64_t>(), 0u);
  EXPECT_TRUE(r["analytical"]["events_match_simulation"].get<bool>());
  // The naive mapping keeps every dynamic op on the vector unit whatever it costs.
  const json n = simulate("all_ops.json", {"--mapping", "naive", "--set", "vector_unit.lanes=1"}, "engine_naive");
  for (const auto& op : n["ops"]) {
    if (op.contains("engine")) {
      EXPECT_EQ(op["engine"], "vector_unit") << op["id"];
    }
  }
}

TEST(WholeChip, EmbeddingTablesGoToEdramOnlyWhenTheyFit) {
  const json r = simulate("all_ops.json", {"--mapping", "optimized"}, "tables");
  for (const auto& op : r["ops"]) {
    if (op["id"] == "emb_a") {
      EXPECT_EQ(op["table_in"], "edram");
    }
    if (op["id"] == "emb_b") {
      EXPECT_EQ(op["table_in"], "offchip_dram");
    }
  }
}

TEST(WholeChip, ModelsThatCannotFitExitTwoSayingWhatIsNeededAndWhatIsThere) {
  const ProgramResult table = runPimsim({"--trace", kExamples + "all_ops.json", "--set", "offchip.capacity_mib=1"});
  EXPECT_EQ(table.exit_code, 2);
  EXPECT_NE(table.err.find("emb_b"), std::string::npos) << table.err;
  EXPECT_NE(table.err.find("40000000 bytes"), std::string::npos) << table.err;
  EXPECT_NE(table.err.find("1048576"), std::string::npos) << table.err;
  const ProgramResult xbars = runPimsim({"--trace", kExamples + "dlrm.json", "--set", "tiles=2"});
  EXPECT_EQ(xbars.exit_code, 2);
  EXPECT_NE(xbars.err.find("crossbars"), std::string::npos) << xbars.err;
  EXPECT_NE(xbars.err.find("has 192 crossbars"), std::string::npos) << xbars.err;
}

TEST(WholeChip, InputRegisterDepthLimitsOverlap) {
  // isaac's 2 KB IR gives each of 8 crossbars 2048 bits: two 8-bit 128-row vectors (double-buffered).
  // At 1 KB only one fits, so the next vector's dispatch waits for the last slice's read.
  const json two = simulate("fc_single_crossbar.json", {"--batch", "8"}, "ir_two");
  const json one = simulate("fc_single_crossbar.json", {"--batch", "8", "--set", "input_register.bytes=1024"}, "ir_one");
  EXPECT_GT(one["cycles"].get<int64_t>(), two["cycles"].get<int64_t>());
  EXPECT_GT(one["analytical"]["cycles"].get<int64_t>(), two["analytical"]["cycles"].get<int64_t>());
  EXPECT_GE(one["cycles"].get<int64_t>(), one["analytical"]["cycles"].get<int64_t>());
  const ProgramResult small = runPimsim({"--trace", kExamples + "fc_single_crossbar.json", "--set", "input_register.bytes=64"});
  EXPECT_EQ(small.exit_code, 2);
  EXPECT_NE(small.err.find("input register"), std::string::npos) << small.err;
  EXPECT_NE(small.err.find("'fc'"), std::string::npos) << small.err;
  // A design's limit: the error names the design field and the size that fits (1024 bits a crossbar,
  // 8 crossbars a PE: 1 KB), not the trace's act_bits (the audit of 2026-12-07).
  EXPECT_NE(small.err.find("design field 'input_register.bytes'"), std::string::npos) << small.err;
  EXPECT_NE(small.err.find("use input_register.bytes >= 1024"), std::string::npos) << small.err;
  EXPECT_EQ(small.err.find("field 'act_bits'"), std::string::npos) << small.err;
}

TEST(WholeChip, OutputRegisterRoomIsTheHandCalculatedWait) {
  // A 1024 -> 16 fc, 8-bit, naive on isaac: 8 row blocks of one 128-column block (16-bit stored
  // weights, 8 slices each), the 8 crossbars of one PE. Each sends 16 partial sums of 16 + 8 + 8 = 32
  // bits per vector: 512 bits into the PE's output register. isaac's 256 B (2,048 bits) holds four
  // crossbars' results at once; 512 B all eight; 64 B one; 8 B one (results stream through). Each turn
  // waited holds the last conversion T_conv = 128 columns x 2 cycles = 256 cycles, t_sa = 1 and the
  // drain's 2 bus beats (512 / 384 bits): 259 cycles. So at batch 1 the run is 259 cycles longer at
  // 256 B than at 512 B, and 7 x 259 = 1,813 longer at 64 B.
  const std::string trace = oneFcTrace("fc_one_pe", 1024, 16, 8, 1);
  std::map<int, json> runs;
  for (int bytes : {512, 256, 64, 8}) {
    runs[bytes] = simulatePath(trace, {"--set", "output_register.bytes=" + std::to_string(bytes)}, "or_" + std::to_string(bytes));
    ASSERT_FALSE(runs[bytes].is_null()) << bytes;
    const json& mvm = runs[bytes]["ops"][0]["mvms"][0];
    EXPECT_EQ(mvm["crossbars_per_replica"].get<int>(), 8);
    EXPECT_EQ(mvm["output_register_bits_per_vector"].get<int>(), 512) << bytes;
    EXPECT_EQ(mvm["output_register_crossbars_at_once"].get<int>(), bytes == 512 ? 8 : bytes == 256 ? 4 : 1) << bytes;
    EXPECT_NEAR(runs[bytes]["measured_over_analytical_cycles"].get<double>(), 1.0, 0.02) << bytes;
  }
  const auto cycles = [&](int bytes) { return double(runs[bytes]["cycles"].get<int64_t>()); };
  EXPECT_NEAR(cycles(256) - cycles(512), 259.0, 0.05 * 259);
  EXPECT_NEAR(cycles(64) - cycles(512), 1813.0, 0.02 * 1813);
  EXPECT_EQ(cycles(8), cycles(64));
  EXPECT_EQ(runs[512]["utilisation"]["output_register"]["wait_cycles"].get<uint64_t>(), 0u);
  EXPECT_GT(runs[64]["utilisation"]["output_register"]["wait_cycles"].get<uint64_t>(), 0u);
}

// a feeds c directly and through the chain b1 -> b2 -> b3 (all 128-wide 8-bit fc ops).
std::string writeSkipTrace() {
  const std::string trace = ::testing::TempDir() + "skip.json";
  std::ofstream(trace) << R"({"format": "autorac-trace", "version": 1, "name": "skip", "batch": 32,
    "inputs": [{"id": "x", "shape": [128], "bits": 8, "signed": true}],
    "ops": [{"id": "a", "type": "fc", "inputs": ["x"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "b1", "type": "fc", "inputs": ["a"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "b2", "type": "fc", "inputs": ["b1"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "b3", "type": "fc", "inputs": ["b2"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "c", "type": "add", "inputs": ["a", "b3"], "features": 128, "act_bits": 8}]})";
  return trace;
}

std::map<std::string, json> opsById(const json& report) {
  std::map<std::string, json> ops;
  for (const auto& o : report["ops"]) ops[o["id"].get<std::string>()] = o;
  return ops;
}

// The run's own first-sample time from a's output (b1 starts as a's output is written) to c's start.
double chainCycles(const json& report) {
  auto ops = opsById(report);
  return double(ops["c"]["start_cycle"].get<int64_t>() - ops["b1"]["start_cycle"].get<int64_t>());
}

double steadyInterval(const json& report) {
  return double(report["cycles"].get<int64_t>() - report["latency_cycles"].get<int64_t>()) / 31;
}

TEST(WholeChip, OutputBuffersOnASkipConnectionPassDSamplesPerLongPath) {
  // a writes sample n only once c has started sample n - D (its output buffer holds D samples), and c
  // starts a sample only once b3 has it, so by Little's law at most D samples pass per L cycles, L
  // being the chain's time from a's output to c's start, read off the run's own first sample. The
  // co-search's small chips have D = 1, and before the twin knew the loop it priced them up to 4.3x
  // too fast.
  const std::string trace = writeSkipTrace();
  for (const char* mapping : {"naive", "optimized"})
    for (int depth : {1, 2, 4, 16}) {
      const std::string tag = std::string(mapping) + std::to_string(depth);
      // 256 KB of eDRAM: every depth fits beside the optimized mapping's copies' partial sums (isaac's
      // 64 KB holds 14 samples on a's tile there).
      const json r = simulatePath(trace, {"--mapping", mapping, "--set", "edram.op_buffer_samples=" + std::to_string(depth), "--set", "edram.bytes=262144"}, tag);
      ASSERT_FALSE(r.is_null()) << tag;
      EXPECT_EQ(opsById(r)["a"]["output_buffer_samples"].get<int>(), depth) << tag;
      EXPECT_NEAR(r["measured_over_analytical_cycles"].get<double>(), 1.0, 0.02) << tag;
      if (depth > 2) continue;
      EXPECT_NEAR(steadyInterval(r), chainCycles(r) / depth, 0.02 * chainCycles(r) / depth) << tag;
      const std::string bottleneck = r["analytical"]["bottleneck"].get<std::string>();
      EXPECT_NE(bottleneck.find("output buffers from op a to op c"), std::string::npos) << bottleneck;
    }
}

// Each op thread's time is split into working, starved (waiting for a sample's inputs) and blocked
// (waiting for room), and the report names the thread that worked most per sample. The references are
// the run's own steady interval, (cycles - first-sample latency) / (batch - 1), and which wait each
// case sets up by construction.
TEST(WholeChip, EachThreadsTimeIsWorkingStarvedOrBlocked) {
  const auto interval = [](const json& r) {
    return double(r["cycles"].get<int64_t>() - r["latency_cycles"].get<int64_t>()) / double(r["trace"]["batch"].get<int>() - 1);
  };
  const auto thread = [](const json& r, const std::string& op, const std::string& name) {
    const auto ops = opsById(r);  // kept: a range-for over a temporary's member would dangle
    for (const auto& t : ops.at(op)["threads"])
      if (t["thread"] == name) return t;
    ADD_FAILURE() << "no thread " << op << " " << name;
    return json();
  };
  // The naive MLP: fc1's crossbars set the pace, so its dispatcher works the whole interval, and the
  // last fc's dispatcher mostly waits for fc2's outputs.
  const json mlp = simulate("mlp_512_256_128_1.json", {"--batch", "64"}, "threads_mlp");
  ASSERT_FALSE(mlp.is_null());
  const json& slowest = mlp["slowest_thread"];
  EXPECT_EQ(slowest["op"], "fc1");
  EXPECT_EQ(slowest["thread"], "dispatch");  // waiting on the input registers while the crossbars read
  EXPECT_NEAR(slowest["working_cycles_per_sample"].get<double>(), interval(mlp), 0.05 * interval(mlp));
  EXPECT_GT(slowest["share_of_run"].get<double>(), 0.85);
  EXPECT_GT(thread(mlp, "fc3", "dispatch")["starved_cycles_per_sample"].get<double>(), 0.9 * interval(mlp));
  for (const auto& op : mlp["ops"])
    for (const auto& t : op["threads"])
      EXPECT_LE(t["working_cycles_per_sample"].get<double>() + t["starved_cycles_per_sample"].get<double>() +
                    t["blocked_cycles_per_sample"].get<double>(),
                mlp["cycles"].get<double>() / 64)
          << op["id"] << " " << t["thread"];
  // One fc whose partial sums have room for one sample: its dispatcher is blocked nearly the whole
  // interval waiting for each reduction; with room for 16 it never is.
  for (int depth : {1, 16}) {
    const json fc = simulate("fc_single_crossbar.json", {"--batch", "64", "--set", "edram.op_buffer_samples=" + std::to_string(depth)},
                             "threads_fc" + std::to_string(depth));
    ASSERT_FALSE(fc.is_null());
    const double blocked = thread(fc, "fc", "dispatch")["blocked_cycles_per_sample"].get<double>();
    if (depth == 1)
      EXPECT_GT(blocked, 0.9 * interval(fc));
    else
      EXPECT_EQ(blocked, 0.0);
  }
  // An embedding gathering 64 rows a sample from off-chip DRAM through a port of 8 bits a cycle: its
  // prefetcher, issuing the requests, sets the pace; the sample loop waits for the rows.
  const std::string gather = ::testing::TempDir() + "threads_gather.json";
  std::ofstream(gather) << R"({"format": "autorac-trace", "version": 1, "name": "gather", "batch": 64,
    "inputs": [{"id": "ids", "shape": [64], "bits": 32, "signed": false}],
    "ops": [{"id": "emb", "type": "embedding", "inputs": ["ids"], "num_embeddings": 100000000, "embedding_dim": 64,
             "tokens": 64, "weight_bits": 8},
            {"id": "f", "type": "fm", "inputs": ["emb"], "tokens": 64, "dim": 64, "act_bits": 8}]})";
  const json fetch = simulatePath(gather, {"--set", "offchip.bits_per_cycle=8"}, "threads_gather");
  ASSERT_FALSE(fetch.is_null());
  EXPECT_EQ(fetch["slowest_thread"]["op"], "emb");
  EXPECT_EQ(fetch["slowest_thread"]["thread"], "fetch");
  EXPECT_NEAR(fetch["slowest_thread"]["working_cycles_per_sample"].get<double>(), interval(fetch), 0.05 * interval(fetch));
  EXPECT_GT(thread(fetch, "emb", "run")["starved_cycles_per_sample"].get<double>(), 0.5 * interval(fetch));
  // The skip connection with one sample of buffer: a's collector waits for c to take each output, and
  // the loop, not a thread, sets the pace: no thread works more than a small share of the run.
  const json skip = simulatePath(writeSkipTrace(), {"--set", "edram.op_buffer_samples=1", "--set", "edram.bytes=262144"}, "threads_skip");
  ASSERT_FALSE(skip.is_null());
  EXPECT_GT(thread(skip, "a", "collect")["blocked_cycles_per_sample"].get<double>(), 0.9 * interval(skip));
  EXPECT_LT(skip["slowest_thread"]["share_of_run"].get<double>(), 0.1);
}

// neurosim22's optimized DeepFM at batch 256: the thread that sets the pace dispatches mlp1's input
// vectors, long packets, over mesh channels that also carry much shorter ones. A short packet behind
// a long one waits far longer than their mean size says, which Kingman's formula
// counts as the spread of service times (c_s² = E[S²]/S² − 1). Priced as if every request were of the
// mean size (c_s² = 0, until 2026-12-07), the run measured 1.171x its twin; now its twin is within
// 10 %, and the pacing thread's mesh waits within 15 % of the run's. (Relayed, mlp1's dispatch no
// longer paces the run, so the test maps it as before relays: --no-relay.)
TEST(WholeChip, TheTwinPricesTheSpreadOfRequestSizesAtAUnit) {
  const json r = simulate("deepfm.json", {"--design", "neurosim22", "--mapping", "optimized", "--batch", "256", "--no-relay"},
                          "deepfm_spread");
  ASSERT_FALSE(r.is_null());
  EXPECT_NEAR(r["measured_over_analytical_cycles"].get<double>(), 1.0, 0.10);
  const json& slowest = r["slowest_thread"];
  ASSERT_EQ(slowest["op"], "mlp1") << slowest.dump();
  ASSERT_EQ(slowest["thread"], "dispatch") << slowest.dump();
  for (const auto& w : slowest["queue_waits"]) {
    if (w["unit"] != "interconnect") continue;
    const double measured = w["measured_cycles_per_sample"].get<double>();
    EXPECT_GT(measured, 50.0) << "the pacing thread hardly queues on the mesh: the test no longer tests the spread";
    EXPECT_NEAR(w["analytical_cycles_per_sample"].get<double>(), measured, 0.15 * measured) << slowest.dump();
    return;
  }
  ADD_FAILURE() << "the pacing thread has no mesh waits: " << slowest.dump();
}

// Each op's queueing at shared units is measured step by step, beyond what the step takes on a free
// unit. References by construction: at batch 1 on the MLP nothing is shared at once, so every wait is
// exactly 0 (a transfer takes exactly its idle-network time: a step faster than that would show as a
// negative wait); and an op without crossbars, run one sample at a time, works its own steps plus its
// waits, so its working cycles less its waits are the same at batch 64, where the 26 embeddings and
// two concats of neurosim22's naive DeepFM queue at tile 0's eDRAM, as at batch 1. The twin's waits
// for the same units stand beside them.
TEST(WholeChip, AnOpsQueueingIsMeasuredUnitByUnitBesideTheTwins) {
  // A side's figure for a unit; null (no entry) reads as -1.
  const auto waitAt = [](const json& op, const std::string& unit, const char* side) {
    for (const auto& w : op["queue_waits"])
      if (w["unit"] == unit) return w[side].is_null() ? -1.0 : w[side].get<double>();
    return -1.0;
  };
  for (const char* mapping : {"naive", "optimized"}) {
    const json idle = simulate("mlp_512_256_128_1.json", {"--design", "neurosim22", "--mapping", mapping, "--batch", "1"},
                               std::string("waits_idle_") + mapping);
    ASSERT_FALSE(idle.is_null());
    bool crossed = false;
    for (const auto& op : idle["ops"]) {
      for (const auto& w : op["queue_waits"]) {
        if (!w["measured_cycles_per_sample"].is_null()) {
          EXPECT_EQ(w["measured_cycles_per_sample"].get<double>(), 0.0) << mapping << " " << op["id"] << " " << w["unit"];
        }
      }
      crossed |= waitAt(op, "interconnect", "measured_cycles_per_sample") == 0.0;
    }
    EXPECT_TRUE(crossed) << mapping << ": the run's transfers cross the mesh";
  }
  std::map<int, json> runs;
  for (int batch : {1, 64}) {
    runs[batch] = simulate("deepfm.json", {"--design", "neurosim22", "--batch", std::to_string(batch)}, "waits_deepfm_" + std::to_string(batch));
    ASSERT_FALSE(runs[batch].is_null());
  }
  const auto measuredWaits = [](const json& op) {
    double waits = 0;
    for (const auto& w : op["queue_waits"])
      if (!w["measured_cycles_per_sample"].is_null()) waits += w["measured_cycles_per_sample"].get<double>();
    return waits;
  };
  const auto ownCycles = [&](const json& op) { return op["threads"][0]["working_cycles_per_sample"].get<double>() - measuredWaits(op); };
  const auto one = opsById(runs[1]), many = opsById(runs[64]);
  int checked = 0;
  for (const auto& [id, op] : many) {
    // A graph output's thread also waits for the off-chip port, which is not a step.
    if (op["crossbars"].get<int>() > 0 || op["threads"].size() != 1 || id == "logit") continue;
    EXPECT_NEAR(ownCycles(op), ownCycles(one.at(id)), 0.5) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 3);  // sparse, deep_in, fm
  EXPECT_GT(measuredWaits(many.at("deep_in")), 0.5 * many.at("deep_in")["threads"][0]["working_cycles_per_sample"].get<double>());
  // The twin's side: its waits for deep_in at edram0, where it visits 27 times a sample, and for mlp1
  // on the mesh, its channels' waits filed under the interconnect as the run's are.
  for (const auto& [id, op] : many)
    for (const auto& w : op["queue_waits"]) EXPECT_NE(w["unit"].get<std::string>().rfind("noc_", 0), 0u) << id << " " << w["unit"];
  EXPECT_GT(waitAt(many.at("deep_in"), "edram0", "analytical_cycles_per_sample"), 0.0);
  EXPECT_GT(waitAt(many.at("mlp1"), "interconnect", "analytical_cycles_per_sample"), 0.0);
  // A pipelined op's dispatcher queues too: mlp1's sends each input vector from tile 0 over the mesh
  // to its crossbars on tiles 1 to 3, beside the embeddings' and concats' traffic (20 cycles a sample;
  // none of it if the dispatch goes untimed, so it is not the reduction's).
  EXPECT_GT(waitAt(many.at("mlp1"), "interconnect", "measured_cycles_per_sample"), 5.0);
  EXPECT_EQ(runs[64]["slowest_thread"]["queue_waits"], many.at(runs[64]["slowest_thread"]["op"].get<std::string>())["queue_waits"]);
}

TEST(WholeChip, APipelinedOpsDispatcherRunsAtMostItsBufferDepthAheadOfItsReduction) {
  // One fc and nothing after it: no consumer, so its output buffer never binds. Its partial sums wait
  // for the reduction in a buffer of edram.op_buffer_samples samples per copy (HARDWARE.md §4), so at
  // depth 1 each sample's dispatch waits for the one before to be reduced and the steady interval is
  // one sample's trip through the op, at most the first sample's time from the op's start to the
  // batch's first output. Unbounded, the dispatcher ran ahead and depth changed nothing (131,901
  // cycles at batch 64 either way).
  std::map<int, json> runs;
  for (int depth : {1, 16}) {
    const std::string tag = "partial_sums_" + std::to_string(depth);
    runs[depth] = simulate("fc_single_crossbar.json", {"--batch", "64", "--set", "edram.op_buffer_samples=" + std::to_string(depth)}, tag);
    ASSERT_FALSE(runs[depth].is_null()) << tag;
    EXPECT_NEAR(runs[depth]["measured_over_analytical_cycles"].get<double>(), 1.0, 0.02) << tag;
  }
  const json& one = runs[1];
  EXPECT_GT(one["cycles"].get<double>(), 1.1 * runs[16]["cycles"].get<double>());
  EXPECT_EQ(one["analytical"]["bottleneck"].get<std::string>(), "op fc: partial sums awaiting reduction");
  const auto interval = [](const json& r) { return double(r["cycles"].get<int64_t>() - r["latency_cycles"].get<int64_t>()) / 63; };
  const auto first_trip = [](const json& r) { return double(r["latency_cycles"].get<int64_t>() - r["ops"][0]["start_cycle"].get<int64_t>()); };
  EXPECT_LE(interval(one), first_trip(one));
  EXPECT_GT(interval(one), 0.5 * first_trip(one));
  // Each copy's reducer keeps its own D samples: the optimized mapping's 16 copies of the fc still
  // keep 16 samples in flight at D = 1, where one buffer for the op would hold one (an interval of
  // about one trip).
  const json copies = simulate("fc_single_crossbar.json", {"--batch", "64", "--mapping", "optimized", "--set", "edram.op_buffer_samples=1"}, "partial_sums_copies");
  ASSERT_FALSE(copies.is_null());
  EXPECT_GE(copies["ops"][0]["replication"].get<int>(), 8);
  EXPECT_EQ(copies["analytical"]["bottleneck"].get<std::string>(), "op fc: partial sums awaiting reduction");
  EXPECT_LT(interval(copies), first_trip(copies) / 4);
}

// A copied pipelined op on a short path holds as many samples as its copies keep awaiting reduction,
// not one: counting one, the twin priced shallow buffers on a full chip 2-3x too slow (isaac MLP at
// depth 1: 0.314 of the twin's cycles measured, DLRM at depth 2: 0.552, DeepFM at depth 1: 0.362).
TEST(WholeChip, TheTwinCountsTheSamplesACopiedOpHoldsInItsBufferLoops) {
  const std::vector<std::pair<std::string, int>> cases = {{"mlp_512_256_128_1", 1}, {"dlrm", 2}, {"deepfm", 1}};
  for (const auto& [model, depth] : cases) {
    const std::string tag = "loop_copies_" + model + std::to_string(depth);
    const json r = simulate(model + ".json", {"--mapping", "optimized", "--batch", "64", "--set", "edram.op_buffer_samples=" + std::to_string(depth)}, tag);
    ASSERT_FALSE(r.is_null()) << tag;
    int copied = 0;
    for (const auto& op : r["ops"]) copied += op["replication"].get<int>() > 1;
    EXPECT_GT(copied, 0) << tag;
    EXPECT_NEAR(r["measured_over_analytical_cycles"].get<double>(), 1.0, 0.1) << tag;
  }
}

TEST(WholeChip, TheOptimizedMappingDeepensTheBuffersOfABindingLoop) {
  // With 6 KB of eDRAM (49,152 bits) every op of the skip trace shares one tile under the naive
  // mapping, with a buffer of one sample each: 2,048 bits held once and, per sample, 9,216 of outputs
  // and prefetch plus the four fcs' partial sums (a running sum per output, 128 x 32 bits: the naive
  // mapping lays out 16-bit weights), 25,600 bits in all; two samples would need 53,248. The optimized
  // mapping copies the fcs (their copies' partial sums wait on the copies' tiles) and deepens a's
  // buffers, the loop's, to 3 samples: 3 samples per L cycles instead of 1. (With the twin's spread of
  // request sizes the replication rounds reach 12 copies, whose partial sums leave room for 2 samples;
  // deepenBufferLoopsOrCopyLess in sim/mapping/Mapper keeps the 10 that leave room for 3.)
  const std::string trace = writeSkipTrace();
  std::map<std::string, json> runs;
  for (const char* mapping : {"naive", "optimized"}) {
    runs[mapping] = simulatePath(trace, {"--mapping", mapping, "--set", "edram.bytes=6144"}, std::string("small_edram_") + mapping);
    ASSERT_FALSE(runs[mapping].is_null()) << mapping;
    EXPECT_NEAR(runs[mapping]["measured_over_analytical_cycles"].get<double>(), 1.0, 0.03) << mapping;
  }
  auto naive = opsById(runs["naive"]), optimized = opsById(runs["optimized"]);
  EXPECT_EQ(naive["a"]["output_buffer_samples"].get<int>(), 1);
  EXPECT_EQ(optimized["a"]["output_buffer_samples"].get<int>(), 3);
  EXPECT_NEAR(steadyInterval(runs["naive"]), chainCycles(runs["naive"]), 0.02 * chainCycles(runs["naive"]));
  EXPECT_NEAR(steadyInterval(runs["optimized"]), chainCycles(runs["optimized"]) / 3, 0.02 * chainCycles(runs["optimized"]) / 3);
}

// A dot product over 64 tokens and a second op beside it on the same tile's vector unit (naive: both
// homed on tile 0), each sample of both at once. A concat moves data only: it must never hold or
// wait for the vector unit. It once queued an empty job there behind the dot's pairs
// (32 contended grants in this run), and on neurosim22's optimized DLRM at batch 256 that cost
// ~84 cycles a sample. A relu in its place does use the unit, and waits: the control that this
// measurement sees contention at all.
TEST(WholeChip, AnOpWithNoVectorWorkNeverQueuesAtTheVectorUnit) {
  const auto run = [](const std::string& second, const std::string& tag) {
    const std::string trace = ::testing::TempDir() + tag + ".json";
    std::ofstream(trace) << R"({"format": "autorac-trace", "version": 1, "name": "beside_dot", "batch": 32,
      "inputs": [{"id": "t", "shape": [512], "bits": 8, "signed": true}],
      "ops": [{"id": "pairs", "type": "dot", "inputs": ["t"], "tokens": 64, "dim": 8, "act_bits": 8},
              {"id": "second", )" + second + R"(, "act_bits": 8}]})";
    return simulatePath(trace, {"--design", "isaac", "--mapping", "naive"}, tag);
  };
  const json concat = run(R"("type": "concat", "inputs": ["t", "t"], "out_features": 1024)", "beside_dot_concat");
  const json relu = run(R"("type": "relu", "inputs": ["t"], "features": 512)", "beside_dot_relu");
  ASSERT_FALSE(concat.is_null());
  ASSERT_FALSE(relu.is_null());
  for (const json* r : {&concat, &relu})
    for (const auto& o : (*r)["ops"]) EXPECT_EQ(o["home_tile"].get<int>(), 0) << o["id"];
  EXPECT_EQ(concat["utilisation"]["vector_unit"]["contended_grants"].get<uint64_t>(), 0u);
  EXPECT_EQ(concat["utilisation"]["vector_unit"]["wait_cycles"].get<uint64_t>(), 0u);
  EXPECT_GT(relu["utilisation"]["vector_unit"]["contended_grants"].get<uint64_t>(), 0u);
  EXPECT_GT(relu["utilisation"]["vector_unit"]["wait_cycles"].get<uint64_t>(), 0u);
}

TEST(WholeChip, CrossbarsSharingAnAdcGroupWaitForEachOthersColumns) {
  // A 64 -> 48 fc with 16-bit weights on 64 x 256 crossbars of 2-bit cells: 48 x 8 = 384 columns,
  // a 256-column and a 128-column crossbar, 16 input slices. Alone, each converts its own columns
  // (2 cycles each on isaac's ADC): the wider one takes 512 cycles a slice, longer than a 256-cycle
  // read. Sharing one ADC group (adc.crossbars_per_group = 2), the group converts one crossbar's
  // columns at a time: 512 + 256 = 768 cycles a slice, so by hand the run takes 16 x 256 = 4,096
  // cycles longer. The twin once priced the share as twice the wider crossbar's 512 (8,192 longer).
  const std::string trace = oneFcTrace("fc_two_widths", 64, 48, 16, 1);
  std::map<int, json> runs;
  for (int per_group : {1, 2}) {
    runs[per_group] = simulatePath(trace, {"--set", "crossbar.rows=64", "--set", "crossbar.cols=256", "--set", "crossbar.cell_bits=2",
                                           "--set", "adc.crossbars_per_group=" + std::to_string(per_group)},
                                   "adc_share_" + std::to_string(per_group));
    ASSERT_FALSE(runs[per_group].is_null()) << per_group;
    EXPECT_EQ(runs[per_group]["ops"][0]["mvms"][0]["crossbars_per_replica"].get<int>(), 2);
    EXPECT_NEAR(runs[per_group]["measured_over_analytical_cycles"].get<double>(), 1.0, 0.01) << per_group;
  }
  const double extra = double(runs[2]["cycles"].get<int64_t>() - runs[1]["cycles"].get<int64_t>());
  EXPECT_NEAR(extra, 4096.0, 0.01 * 4096);
}

TEST(WholeChip, APesShiftAddUnitsServeItsCrossbarsConversionsInTurn) {
  // neurosim22: 1-bit cells and DACs, 16 ADCs per 128-column crossbar at one column step a cycle,
  // an 8-cycle read, and 16 S+A units per PE, so one crossbar of a PE converts at a time. A 128 -> 24
  // fc with 8-bit weights takes 192 columns: a 128-column and a 64-column crossbar in one PE, whose
  // conversions take 8 + 4 = 12 cycles a slice between them; a 128 -> 16 fc takes one 128-column
  // crossbar alone, 8 cycles a slice. Over 8 input slices, by hand, the wider op's first result comes
  // 7 x (12 - 8) + (12 - 8) = 32 cycles later (plus a cycle or two for its extra drain). The twin once
  // took twice the wider crossbar's 8 cycles, 16 a slice: 32 cycles too many (0.909).
  std::map<int, json> runs;
  for (int outputs : {16, 24}) {
    const std::string trace = oneFcTrace("fc_mixed", 128, outputs, 8, 1);
    runs[outputs] = simulatePath(trace, {"--design", "neurosim22", "--mapping", "optimized"}, "sa_turns_" + std::to_string(outputs));
    ASSERT_FALSE(runs[outputs].is_null()) << outputs;
    EXPECT_EQ(runs[outputs]["ops"][0]["mvms"][0]["crossbars_per_replica"].get<int>(), outputs == 16 ? 1 : 2);
    EXPECT_NEAR(runs[outputs]["measured_over_analytical_cycles"].get<double>(), 1.0, 0.01) << outputs;
  }
  const double extra = double(runs[24]["cycles"].get<int64_t>() - runs[16]["cycles"].get<int64_t>());
  EXPECT_NEAR(extra, 33.0, 2.0);
}

TEST(WholeChip, ShiftAddTurnsLeftOverFromASliceShareTheNextSlices) {
  // isaac: a 128 -> 128 fc with 16-bit weights and inputs fills one PE's 8 crossbars, each with its
  // own ADC group, over 16 input slices. Each S+A unit serves two groups at once, so 4 units convert
  // all 8 a slice, 2 units 4 (two turns a slice) and 1 unit 2 (four turns). With 3 units, 6 convert
  // at once: a slice's 2 left over share their turn with the next slice's first 4, so between 8/6
  // and 2 turns a slice. The run is the reference; the twin once took 2 whole turns a slice there
  // (the run measured 0.751 of the twin).
  const std::string trace = oneFcTrace("fc_sa", 128, 128, 16, 64);
  std::map<int, double> cycles;
  for (int units : {4, 3, 2, 1}) {
    const json r = simulatePath(trace, {"--set", "shift_add.units=" + std::to_string(units)}, "sa_left_over_" + std::to_string(units));
    ASSERT_FALSE(r.is_null()) << units;
    EXPECT_EQ(r["ops"][0]["crossbars"].get<int>(), 8) << units;
    EXPECT_NEAR(r["measured_over_analytical_cycles"].get<double>(), 1.0, 0.1) << units;
    cycles[units] = r["cycles"].get<double>();
    // The twin names what holds the crossbars: the S+A units where fewer than 4 serve the PE.
    EXPECT_EQ(r["ops"][0]["analytical"]["bottleneck"], units == 4 ? "crossbars" : "crossbars, converting in turn at their PE's S+A units")
        << units;
  }
  EXPECT_GT(cycles[3], 8.0 / 6 * cycles[4]);
  EXPECT_LT(cycles[3], 0.8 * cycles[2]);
  // With all 8 crossbars on one ADC group, the group converts them in turn, whatever the S+A units.
  const json shared = simulatePath(trace, {"--set", "adc.crossbars_per_group=8"}, "sa_left_over_group");
  ASSERT_FALSE(shared.is_null());
  EXPECT_EQ(shared["ops"][0]["analytical"]["bottleneck"], "crossbars, converting in turn at a shared ADC group");
}

TEST(WholeChip, OffChipRoofIsTheHandCalculatedBandwidthBound) {
  // A 1024x1024 fc with 16-bit weights and inputs, graph input to graph output. By hand, on isaac: per
  // sample 1024 x 16 input bits in and 1024 x 32 output bits (a model output's accumulators) out,
  // 49,152 bits at 80 bits per 2.56 GHz cycle = 614.4 cycles = 240 ns, for 2 x 1024 x 1024 ops:
  // 8.738 TOPS, 21.2 % of the 41.3 TOPS peak, whatever the mapping.
  const std::string trace = oneFcTrace("fc1024", 1024, 1024, 16, 2);
  for (const char* mapping : {"naive", "optimized"}) {
    const std::string report = ::testing::TempDir() + "fc1024_roof_" + mapping + ".json";
    const ProgramResult run = runPimsim({"--trace", trace, "--mapping", mapping, "--report", report});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json t = json::parse(readFile(report))["throughput_tops"];
    EXPECT_DOUBLE_EQ(t["offchip_bits_per_sample"].get<double>(), 49152.0) << mapping;
    EXPECT_NEAR(t["offchip_roof"].get<double>(), 8.738, 0.001) << mapping;
    EXPECT_NEAR(t["attainable"].get<double>(), 8.738, 0.001) << mapping;
    EXPECT_LE(t["achieved"].get<double>(), t["offchip_roof"].get<double>()) << mapping;
    EXPECT_NE(run.out.find("off-chip roof"), std::string::npos) << run.out;
  }
}

TEST(WholeChip, ASingleSlotInputRegisterWaitsOnlyForItsOwnTilesDelivery) {
  // A 1024x1024 fc with 16-bit weights and inputs is 8 row blocks x 64 column blocks = 512 crossbars:
  // one copy on a 6-tile isaac chip (96 crossbars a tile). By hand, with whole columns per tile each
  // tile takes the whole vector, 1024 x 16 bits = 512 flits of 32 bits and a head, at one flit a cycle
  // from the home's injection port: at least 513 cycles a tile. A crossbar reads its 16 one-bit slices
  // in 16 x 256 = 4,096 cycles, and isaac's register share holds one 16-bit vector, so the next one
  // comes in after the reads, for as long as the trip to its own tile takes, while the dispatcher's
  // trips to the other tiles overlap the reads: a sample every 4,096 + one delivery, less than
  // 4,096 + 2 x 513. The twin added all six deliveries (8,092 cycles), so the mapper chose row blocks
  // across tiles, measured at 8,431 a sample and 43 % of the chip's peak.
  const std::string trace = oneFcTrace("fc1024_own_tile", 1024, 1024, 16, 16);
  const std::vector<std::string> six_tiles = {"--mapping", "optimized", "--set", "tiles=6"};
  const json r16 = simulatePath(trace, six_tiles, "fc1024_six_tiles_16");
  auto at32 = six_tiles;
  at32.insert(at32.end(), {"--batch", "32"});
  const json r32 = simulatePath(trace, at32, "fc1024_six_tiles_32");
  ASSERT_FALSE(r16.is_null());
  ASSERT_FALSE(r32.is_null());
  EXPECT_EQ(r32["mapping"]["matrix_layout"].get<std::string>(), "whole columns per tile");
  EXPECT_EQ(r32["ops"][0]["replication"].get<int>(), 1);
  const double interval = double(r32["cycles"].get<int64_t>() - r16["cycles"].get<int64_t>()) / 16.0;
  EXPECT_GE(interval, 4096.0 + 513.0);
  EXPECT_LT(interval, 4096.0 + 2 * 513.0);
  EXPECT_NEAR(r32["ops"][0]["analytical"]["interval_cycles"].get<double>(), interval, 0.03 * interval);
  // The 6-tile chip's peak by hand: 576 crossbars x 128 rows x 16 weights x 2 ops per 1.6 us = 1.4746
  // TOPS; one sample is 2 x 1024 x 1024 ops, so a sample every 4,096 + 754 cycles is 75 % of it.
  EXPECT_NEAR(r32["throughput_tops"]["peak"].get<double>(), 1.4746, 0.0001);
  EXPECT_GE(r32["throughput_tops"]["fraction_of_peak"].get<double>(), 0.5);
}

TEST(WholeChip, APortIdlesWhileTheLinkIntoItCarriesPacketsBoundBeyond) {
  // neurosim22's naive DCN-v2 paces on tile 3's ejection port (1,096 flits a sample), fed mostly by
  // the link from router 4, which also carries packets for tiles 8 and 9 westwards past router 3. A
  // probe of the run (docs/timing-model.md, *Channels in a row*) found the port idle for 20,867 of
  // 200,000 cycles, in nearly all of them while that link carried those packets (20,515 flits), so the
  // port and the link are busy nearly one after the other, not each on its own. Priced as the port's
  // flits alone, the run measured 1.138x the twin at this batch.
  const json r = simulate("dcnv2.json", {"--design", "neurosim22", "--mapping", "naive", "--batch", "64"}, "dcnv2_channels_in_a_row");
  ASSERT_FALSE(r.is_null());
  EXPECT_EQ(r["analytical"]["bottleneck"].get<std::string>(), "units noc_link_r4_r3 and noc_eject_r3 in a row");
  const double ratio = r["measured_over_analytical_cycles"].get<double>();
  EXPECT_GT(ratio, 0.95);
  EXPECT_LT(ratio, 1.10);
}

TEST(WholeChip, ThePeakIsTheChipsAtTheTracesBits) {
  // isaac by hand: an 8-bit weight takes 4 two-bit cells instead of 8, so a 128-column crossbar holds
  // 32 weights a row instead of 16, and an 8-bit input is 8 one-bit slices instead of 16, so a vector
  // takes half the time: 4x the 16-bit peak (41.3 TOPS). The audit helper found DLRM on a fitted chip
  // at 1.816 of the 16-bit peak, which an 8-bit trace can exceed; its peak is now its own bits'.
  const std::string trace = oneFcTrace("fc8", 256, 256, 8, 4);
  const json fc8 = simulatePath(trace, {"--mapping", "optimized"}, "fc8_peak");
  ASSERT_FALSE(fc8.is_null());
  EXPECT_NEAR(fc8["throughput_tops"]["peak_16_bit"].get<double>(), 41.3, 0.413);
  EXPECT_NEAR(fc8["throughput_tops"]["peak"].get<double>(), 4 * fc8["throughput_tops"]["peak_16_bit"].get<double>(), 1e-9);
  // Mixed: an 8-bit fc then a 16-bit fc of the same shape, equal operations o each. Running both at
  // every crossbar's full rate takes o / 4P + o / P, so the trace's peak is 2o over that: 1.6 P.
  const std::string mixed = ::testing::TempDir() + "fc8_fc16.json";
  std::ofstream(mixed) << R"({"format": "autorac-trace", "version": 1, "name": "fc8_fc16", "batch": 2,
    "inputs": [{"id": "x", "shape": [256], "bits": 8, "signed": true}],
    "ops": [{"id": "a", "type": "fc", "inputs": ["x"], "in_features": 256, "out_features": 256, "weight_bits": 8, "act_bits": 8},
            {"id": "b", "type": "fc", "inputs": ["a"], "in_features": 256, "out_features": 256, "weight_bits": 16, "act_bits": 16}]})";
  const json two = simulatePath(mixed, {"--mapping", "optimized"}, "fc8_fc16_peak");
  ASSERT_FALSE(two.is_null());
  EXPECT_NEAR(two["throughput_tops"]["peak"].get<double>(), 1.6 * two["throughput_tops"]["peak_16_bit"].get<double>(), 1e-9);
  const json dlrm = simulate("dlrm.json", {"--mapping", "optimized", "--batch", "64", "--set", "tiles=fit"}, "dlrm_fit_peak");
  ASSERT_FALSE(dlrm.is_null());
  EXPECT_GT(dlrm["throughput_tops"]["achieved"].get<double>(), dlrm["throughput_tops"]["peak_16_bit"].get<double>());
  EXPECT_LE(dlrm["throughput_tops"]["fraction_of_peak"].get<double>(), 1.0);
}

TEST(WholeChip, ThePeakCountsSharedConvertersAndShiftAddUnits) {
  // By hand, on isaac (8 crossbars a PE, each with its own ADC, 4 S+A units of one result a cycle
  // against 8 ADCs of one result per 2 cycles): one ADC for 8 crossbars converts their slices in
  // turn, an eighth of the 41.3 TOPS; one S+A unit takes 2 results per conversion, so 2 of the 8
  // crossbars convert at once, a quarter. neurosim22 (4 crossbars of 16 ADCs a PE, 16 S+A units)
  // converts one crossbar at a time: a quarter of its peak with 64 units. The audit of 2026-12-07
  // found all three at the unshared peak, and neurosim22's fc at 23.6 % of a peak it could not reach.
  const std::string trace = oneFcTrace("fc_peak", 512, 128, 8, 4);
  auto peak16 = [&](const std::vector<std::string>& extra, const std::string& tag) {
    const json r = simulatePath(trace, extra, tag);
    return r.is_null() ? 0.0 : r["throughput_tops"]["peak_16_bit"].get<double>();
  };
  const double isaac = peak16({}, "peak_isaac");
  EXPECT_NEAR(isaac, 41.288, 0.01);
  EXPECT_NEAR(peak16({"--set", "adc.crossbars_per_group=8"}, "peak_isaac_shared_adc"), isaac / 8, 1e-9);
  EXPECT_NEAR(peak16({"--set", "shift_add.units=1"}, "peak_isaac_one_sa"), isaac / 4, 1e-9);
  // 3 units take 6 results per conversion: 6 of the 8 convert at once, and the next slice's
  // conversions fill the other units, so a slice takes 8/6 of one conversion on average, not two
  // rounds. (The review of 2026-12-07 found two rounds priced and a run at 1.273 of that peak.)
  EXPECT_NEAR(peak16({"--set", "shift_add.units=3"}, "peak_isaac_three_sa"), isaac * 6 / 8, 1e-9);
  const json three = simulatePath(trace, {"--set", "shift_add.units=3", "--set", "tiles=1", "--mapping", "optimized", "--batch", "64"},
                                  "peak_isaac_three_sa_run");
  ASSERT_FALSE(three.is_null());
  EXPECT_LE(three["throughput_tops"]["fraction_of_peak"].get<double>(), 1.0);
  const double neurosim22 = peak16({"--design", "neurosim22"}, "peak_neurosim22");
  EXPECT_NEAR(peak16({"--design", "neurosim22", "--set", "shift_add.units=64"}, "peak_neurosim22_64_sa"), 4 * neurosim22, 1e-9);
  // The run reaches that peak: 64 samples on one tile, the fc's 4 x 4 crossbars kept converting.
  const json run = simulatePath(trace, {"--design", "neurosim22", "--mapping", "optimized", "--set", "tiles=1", "--batch", "64"}, "peak_neurosim22_run");
  ASSERT_FALSE(run.is_null());
  EXPECT_GT(run["throughput_tops"]["fraction_of_peak"].get<double>(), 0.9);
  EXPECT_LE(run["throughput_tops"]["fraction_of_peak"].get<double>(), 1.0);
}

TEST(WholeChip, BadMappingNameExitsTwo) {
  const ProgramResult r = runPimsim({"--trace", kExamples + "mlp_512_256_128_1.json", "--mapping", "clever"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("clever"), std::string::npos);
}

}  // namespace
}  // namespace autorac::test
