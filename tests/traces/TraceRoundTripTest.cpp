// read(write(t)) == t for the examples and for a trace using every op type, built with makeOp.
#include <gtest/gtest.h>

#include "TraceTestSupport.h"
#include "traces/TraceReader.h"
#include "traces/TraceWriter.h"

namespace autorac::trace {
namespace {

using nlohmann::json;

// A DLRM/AutoCTR-like graph touching every op type, with tensors, comments and a meta passthrough.
Trace everyOpType() {
  Trace t;
  t.name = "every_op_type";
  t.batch = 2;
  t.comment = "built by TraceRoundTripTest";
  t.inputs = {{"dense", {13}, 8, true, json()}, {"ids", {4}, 16, false, "sparse ids"}};
  auto add = [&](const std::string& id, OpType type, std::vector<std::string> in, json fields) {
    t.ops.push_back(makeOp(id, type, in, fields));
  };
  add("emb", OpType::Embedding, {"ids"}, {{"num_embeddings", 1000}, {"embedding_dim", 16}, {"tokens", 4}, {"weight_bits", 8}});
  add("bottom", OpType::Fc, {"dense"},
      {{"in_features", 13}, {"out_features", 16}, {"weight_bits", 8}, {"act_bits", 8}, {"activation", "relu"},
       {"bias", true}, {"meta", {{"torch_name", "bottom_mlp.0"}}}, {"comment", "bottom MLP"}});
  add("cat", OpType::Concat, {"emb", "bottom"}, {{"out_features", 80}, {"act_bits", 8}});
  add("efc", OpType::Efc, {"cat"}, {{"in_tokens", 5}, {"out_tokens", 3}, {"dim", 16}, {"weight_bits", 4}, {"act_bits", 8}});
  add("att", OpType::Attention, {"cat"}, {{"tokens", 5}, {"dim", 16}, {"heads", 2}, {"weight_bits", 8}, {"act_bits", 8}});
  add("dot", OpType::Dot, {"att"}, {{"tokens", 5}, {"dim", 16}, {"act_bits", 8}});
  add("fm", OpType::Fm, {"cat"}, {{"tokens", 5}, {"dim", 16}, {"act_bits", 8}});
  add("ln", OpType::LayerNorm, {"efc"}, {{"features", 48}, {"act_bits", 8}});
  add("fm_proj", OpType::Fc, {"fm"}, {{"in_features", 16}, {"out_features", 48}, {"weight_bits", 8}, {"act_bits", 8}});
  add("gate", OpType::Gating, {"ln", "fm_proj"}, {{"features", 48}, {"act_bits", 8}});
  add("sum", OpType::Sum, {"ln", "gate", "fm_proj"}, {{"features", 48}, {"act_bits", 8}});
  add("add", OpType::Add, {"sum", "gate"}, {{"features", 48}, {"act_bits", 8}});
  add("mul", OpType::Mul, {"add", "ln"}, {{"features", 48}, {"act_bits", 8}});
  add("relu", OpType::Relu, {"mul"}, {{"features", 48}, {"act_bits", 8}});
  add("sig", OpType::Sigmoid, {"relu"}, {{"features", 48}, {"act_bits", 8}, {"act_signed", false}});
  add("soft", OpType::Softmax, {"sig"}, {{"features", 48}, {"act_bits", 8}});
  add("top_cat", OpType::Concat, {"soft", "dot"}, {{"out_features", 58}, {"act_bits", 8}});
  add("top", OpType::Fc, {"top_cat"},
      {{"in_features", 58}, {"out_features", 1}, {"weight_bits", 8}, {"act_bits", 8}, {"activation", "sigmoid"}});

  auto ramp = [](int64_t n, int64_t lo, int64_t hi) {
    std::vector<int64_t> v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = lo + i % (hi - lo + 1);
    return v;
  };
  t.tensors["bottom.weight"] = {{16, 13}, ramp(16 * 13, -128, 127)};
  t.tensors["bottom.bias"] = {{16}, ramp(16, -100000, 100000)};
  t.tensors["dense"] = {{2, 13}, ramp(2 * 13, -128, 127)};
  t.tensors["emb.input"] = {{2, 4}, {0, 999, 5, 17, 3, 2, 1, 0}};
  t.tensors["emb.weight"] = {{1000, 16}, ramp(16000, -128, 127)};
  t.tensors["top.output"] = {{2, 1}, {123456789012, -5}};
  return t;
}

TEST(TraceRoundTrip, Examples) {
  for (const auto& f : testing::exampleTraces()) {
    testing::TempDir dir;
    Trace t = readTrace(f);
    std::string out = dir.file("copy.json");
    writeTrace(t, out);
    Trace back = readTrace(out);
    EXPECT_EQ(describeDifference(t, back), "") << f;
    EXPECT_EQ(t, back) << f;
  }
}

TEST(TraceRoundTrip, EveryOpTypeThroughFiles) {
  testing::TempDir dir;
  Trace t = everyOpType();
  writeTrace(t, dir.file("net.json"));
  EXPECT_EQ(testing::filesIn(dir.path()), (std::vector<std::string>{"net.json", "net.tensors.json"}));
  Trace back = readTrace(dir.file("net.json"));
  EXPECT_EQ(describeDifference(t, back), "");
  EXPECT_EQ(back.tensors_file, "net.tensors.json");
  EXPECT_EQ(back.ops[1].attributes["meta"]["torch_name"], "bottom_mlp.0");
}

TEST(TraceRoundTrip, EveryOpTypeThroughJson) {
  Trace t = everyOpType();
  t.tensors.clear();
  Trace back = parseTrace(toJson(t), "mem", "");
  EXPECT_EQ(describeDifference(t, back), "");
  EXPECT_EQ(back.widthOf("dot"), 10);  // 5 tokens: 5*4/2 pairs
  EXPECT_EQ(back.findOp("fm")->out_features, 16);
  EXPECT_EQ(back.findOp("efc")->in_features, 80);
}

TEST(TraceRoundTrip, TypedMembersAreAuthoritative) {
  testing::TempDir dir;
  Trace t = readTrace(testing::examplesDir() + "/mlp_512_256_128_1.json");
  t.ops[2].activation = Activation::Sigmoid;  // not in the op's attributes
  writeTrace(t, dir.file("m.json"));
  Trace back = readTrace(dir.file("m.json"));
  EXPECT_EQ(back.ops[2].activation, Activation::Sigmoid);
  EXPECT_EQ(t, back);
}

TEST(TraceRoundTrip, DefaultsStayImplicit) {
  Trace t = readTrace(testing::examplesDir() + "/mlp_512_256_128_1.json");
  json doc = toJson(t);
  EXPECT_FALSE(doc["ops"][0].contains("bias"));
  EXPECT_FALSE(doc["ops"][0].contains("act_signed"));
  EXPECT_EQ(doc["ops"][1]["act_signed"], false);
}

}  // namespace
}  // namespace autorac::trace
