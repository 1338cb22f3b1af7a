// The example traces in traces/examples/ parse, and carry what their names promise.
#include <gtest/gtest.h>

#include "TraceTestSupport.h"
#include "traces/TraceReader.h"

namespace autorac::trace {
namespace {

using testing::examplesDir;

TEST(TraceExamples, EveryExampleParses) {
  auto files = testing::exampleTraces();
  ASSERT_GE(files.size(), 3u);
  for (const auto& f : files) EXPECT_NO_THROW(readTrace(f)) << f;
}

TEST(TraceExamples, SingleCrossbarFc) {
  Trace t = readTrace(examplesDir() + "/fc_single_crossbar.json");
  ASSERT_EQ(t.ops.size(), 1u);
  const Op& fc = t.ops[0];
  EXPECT_EQ(fc.type, OpType::Fc);
  EXPECT_EQ(fc.in_features, 128);
  EXPECT_EQ(fc.out_features, 16);
  EXPECT_EQ(fc.weight_bits, 8);
  EXPECT_EQ(fc.act_bits, 8);
  EXPECT_EQ(fc.inputs, std::vector<std::string>{"x"});
  ASSERT_NE(t.findInput("x"), nullptr);
  EXPECT_TRUE(t.tensors.empty());
}

TEST(TraceExamples, Mlp) {
  Trace t = readTrace(examplesDir() + "/mlp_512_256_128_1.json");
  ASSERT_EQ(t.ops.size(), 3u);
  EXPECT_EQ(t.batch, 1);
  EXPECT_EQ(t.ops[0].activation, Activation::Relu);
  EXPECT_EQ(t.ops[1].inputs, std::vector<std::string>{"fc1"});
  EXPECT_FALSE(t.ops[1].act_signed);  // reads ReLU output
  EXPECT_EQ(t.ops[2].out_features, 1);
  EXPECT_EQ(t.ops[2].activation, Activation::None);
  EXPECT_EQ(t.widthOf("fc2"), 128);
}

TEST(TraceExamples, SmallTensorsOutputIsExactProduct) {
  Trace t = readTrace(examplesDir() + "/fc_small_tensors.json");
  const Tensor* w = t.findTensor("fc.weight");
  const Tensor* x = t.findTensor("x");
  const Tensor* y = t.findTensor("fc.output");
  ASSERT_TRUE(w && x && y);
  EXPECT_EQ(w->shape, (std::vector<int64_t>{8, 64}));
  EXPECT_EQ(x->shape, (std::vector<int64_t>{4, 64}));
  EXPECT_EQ(y->shape, (std::vector<int64_t>{4, 8}));
  for (int64_t b = 0; b < 4; ++b)
    for (int64_t n = 0; n < 8; ++n) {
      int64_t acc = 0;
      for (int64_t k = 0; k < 64; ++k) acc += w->data[n * 64 + k] * x->data[b * 64 + k];
      EXPECT_EQ(y->data[b * 8 + n], acc) << "b=" << b << " n=" << n;
    }
}

}  // namespace
}  // namespace autorac::trace
