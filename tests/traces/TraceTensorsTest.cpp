// The tensor sidecar: every key resolves to an op or graph input, shapes agree with the ops, values fit
// their bit widths; errors name the tensor key (hence the op), the field and the element index.
#include <gtest/gtest.h>

#include "TraceTestSupport.h"
#include "traces/TraceReader.h"

namespace autorac::trace {
namespace {

// x[16] (8-bit signed) -> fc1 16->8 (4-bit weights, bias) -> relu -> fc2 8->2 (unsigned 4-bit inputs),
// and an embedding over ids[3]; batch 2. The sidecar holds the given tensors.
std::string traceText() {
  return R"({"format": "autorac-trace", "version": 1, "name": "t", "batch": 2, "tensors": "t.tensors.json",
    "inputs": [{"id": "x", "shape": [16], "bits": 8}, {"id": "ids", "shape": [3], "bits": 16, "signed": false}],
    "ops": [
      {"id": "fc1", "type": "fc", "inputs": ["x"], "in_features": 16, "out_features": 8, "weight_bits": 4, "act_bits": 8, "bias": true, "activation": "relu"},
      {"id": "fc2", "type": "fc", "inputs": ["fc1"], "in_features": 8, "out_features": 2, "weight_bits": 8, "act_bits": 4, "act_signed": false},
      {"id": "add", "type": "add", "inputs": ["fc1", "fc1"], "features": 8, "act_bits": 8},
      {"id": "emb", "type": "embedding", "inputs": ["ids"], "num_embeddings": 10, "embedding_dim": 4, "tokens": 3, "weight_bits": 8}]})";
}

std::string tensorJson(std::vector<int64_t> shape, int64_t n, int64_t value = 1) {
  nlohmann::json t = {{"shape", shape}, {"data", std::vector<int64_t>(n, value)}};
  return t.dump();
}

// The InputError message of reading the trace with a sidecar holding `tensors` ({...} entries).
std::string errorWith(const std::string& tensors, const std::string& header = R"("format": "autorac-tensors", "version": 1)") {
  testing::TempDir dir;
  testing::writeText(dir.file("t.json"), traceText());
  testing::writeText(dir.file("t.tensors.json"), "{" + header + R"(, "tensors": {)" + tensors + "}}");
  return testing::inputErrorOf([&] { readTrace(dir.file("t.json")); });
}

void expectAll(const std::string& msg, const std::vector<std::string>& parts) {
  EXPECT_NE(msg.find("t.tensors.json"), std::string::npos) << msg;
  for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "missing '" << p << "' in: " << msg;
}

TEST(TraceTensors, ValidSidecarLoads) {
  testing::TempDir dir;
  testing::writeText(dir.file("t.json"), traceText());
  testing::writeText(dir.file("t.tensors.json"),
                     R"({"format": "autorac-tensors", "version": 1, "tensors": {"fc1.weight": )" + tensorJson({8, 16}, 128, -8) +
                         R"(, "fc1.bias": )" + tensorJson({8}, 8, 1000) + R"(, "x": )" + tensorJson({2, 16}, 32, 127) +
                         R"(, "fc2.input": )" + tensorJson({2, 8}, 16, 15) + R"(, "fc2.output": )" + tensorJson({2, 2}, 4, 1 << 30) +
                         R"(, "emb.input": {"shape": [2, 3], "data": [0, 9, 3, 4, 5, 6], "comment": "ids"}}, "comment": "ok"})");
  Trace t = readTrace(dir.file("t.json"));
  EXPECT_EQ(t.tensors.size(), 6u);
  EXPECT_EQ(t.findTensor("emb.input")->data[1], 9);
}

TEST(TraceTensors, DataLengthMismatch) {
  expectAll(errorWith(R"("fc1.weight": {"shape": [8, 16], "data": [1, 2, 3]})"),
            {"tensor 'fc1.weight'", "field 'data'", "3 values", "128"});
}

TEST(TraceTensors, NonIntegerElement) {
  expectAll(errorWith(R"("x": {"shape": [2, 1], "data": [1, 1.5]})"), {"tensor 'x', element 1", "not an integer"});
}

TEST(TraceTensors, WeightShapeContradictsOp) {
  expectAll(errorWith(R"("fc1.weight": )" + tensorJson({16, 8}, 128)),
            {"tensor 'fc1.weight'", "[out_features, in_features] = [8, 16]"});
}

TEST(TraceTensors, BiasShape) {
  expectAll(errorWith(R"("fc1.bias": )" + tensorJson({16}, 16)), {"tensor 'fc1.bias'", "[out_features] = [8]"});
}

TEST(TraceTensors, BiasWithoutBiasField) {
  expectAll(errorWith(R"("fc2.bias": )" + tensorJson({2}, 2)), {"tensor 'fc2.bias'", "op 'fc2'", "field 'bias'"});
}

TEST(TraceTensors, GraphInputShape) {
  expectAll(errorWith(R"("x": )" + tensorJson({2, 15}, 30)), {"tensor 'x'", "[2, 16]", "batch"});
}

TEST(TraceTensors, OpInputShape) {
  expectAll(errorWith(R"("fc2.input": )" + tensorJson({1, 8}, 8)), {"tensor 'fc2.input'", "[batch, in_features] = [2, 8]"});
}

TEST(TraceTensors, OutputShape) {
  expectAll(errorWith(R"("fc2.output": )" + tensorJson({2, 3}, 6)), {"tensor 'fc2.output'", "[batch, out_features] = [2, 2]"});
}

std::string withValueAt(std::vector<int64_t> shape, int64_t n, size_t index, int64_t value) {
  std::vector<int64_t> data(n, 0);
  data[index] = value;
  return nlohmann::json({{"shape", shape}, {"data", data}}).dump();
}

TEST(TraceTensors, WeightOutOfRange) {  // 4-bit signed weights: -8..7
  expectAll(errorWith(R"("fc1.weight": )" + withValueAt({8, 16}, 128, 3, 8)),
            {"tensor 'fc1.weight', element 3", "value 8", "-8..7", "op 'fc1' field 'weight_bits'"});
}

TEST(TraceTensors, GraphInputOutOfRange) {
  expectAll(errorWith(R"("x": )" + withValueAt({2, 16}, 32, 17, -129)),
            {"tensor 'x', element 17", "-128..127", "graph input 'x' field 'bits'"});
}

TEST(TraceTensors, UnsignedInputNegative) {
  expectAll(errorWith(R"("fc2.input": )" + withValueAt({2, 8}, 16, 5, -1)),
            {"tensor 'fc2.input', element 5", "0..15", "op 'fc2' field 'act_bits'", "unsigned"});
}

TEST(TraceTensors, EmbeddingIdOutOfRange) {
  expectAll(errorWith(R"("emb.input": )" + withValueAt({2, 3}, 6, 4, 10)),
            {"tensor 'emb.input', element 4", "op 'emb' field 'num_embeddings'"});
}

TEST(TraceTensors, MultiInputOpHasNoInputTensor) {
  expectAll(errorWith(R"("add.input": )" + tensorJson({2, 8}, 16)), {"tensor 'add.input'", "op 'add'", "2 inputs"});
}

TEST(TraceTensors, OpWithoutWeights) {
  expectAll(errorWith(R"("add.weight": )" + tensorJson({8}, 8)), {"tensor 'add.weight'", "op 'add'", "no weights"});
}

TEST(TraceTensors, UnknownOp) {
  expectAll(errorWith(R"("fc9.weight": )" + tensorJson({8}, 8)), {"tensor 'fc9.weight'", "no graph input"});
}

TEST(TraceTensors, UnknownKind) {
  expectAll(errorWith(R"("fc1.weights": )" + tensorJson({8}, 8)), {"tensor 'fc1.weights'", "unknown tensor kind 'weights'"});
}

TEST(TraceTensors, UnknownEntryField) {
  expectAll(errorWith(R"("x": {"shape": [2, 16], "dat": []})"), {"tensor 'x'", "field 'dat'", "did you mean 'data'"});
}

TEST(TraceTensors, WrongSidecarFormat) {
  expectAll(errorWith("", R"("format": "autorac-trace", "version": 1)"), {"field 'format'", "autorac-tensors"});
}

TEST(TraceTensors, WrongSidecarVersion) {
  expectAll(errorWith("", R"("format": "autorac-tensors", "version": 3)"), {"field 'version'", "unsupported version 3"});
}

}  // namespace
}  // namespace autorac::trace
