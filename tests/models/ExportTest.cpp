#include <gtest/gtest.h>

#include <filesystem>

#include <torch/torch.h>

#include "DataPaths.h"
#include "models/data/CtrSource.h"
#include "models/export/TraceExporter.h"
#include "models/space/SearchSpace.h"
#include "traces/TraceReader.h"

using namespace autorac;
using namespace autorac::models;

namespace {

// Exports `arch` with tensors, reads the trace back and checks every fc's reference output equals
// its integer weight times its integer input plus bias, and that the input fits act_bits.
void exportAndCheck(const Arch& arch, const std::string& name) {
  torch::manual_seed(0);
  const auto dir = std::filesystem::temp_directory_path() / ("autorac_models_export_" + name);
  std::filesystem::create_directories(dir);
  ReaderOptions ro;
  ro.table_size = 4096;
  CtrSource src("synthetic:rows=16,seed=2", ro);
  Supernet net(NetShape::forArch(arch, src.schema(), 4096));
  LoaderOptions lo;
  lo.batch_size = 3;
  BatchLoader loader(src, SplitFilter(), SplitPart::All, lo);
  Batch b;
  ASSERT_TRUE(loader.next(b));
  const std::string path = (dir / "t.json").string();
  ExportOptions eo;
  eo.with_tensors = true;
  auto s = exportTrace(net, arch, src.schema(), b, path, eo);
  EXPECT_GT(s.tensor_ops, 0);
  trace::Trace t = trace::readTrace(path);
  EXPECT_EQ(t.batch, 3);
  int checked = 0;
  for (const auto& op : t.ops) {
    const trace::Tensor* w = t.findTensor(op.id + ".weight");
    if (op.type != trace::OpType::Fc || !w) continue;
    const trace::Tensor* x = t.findTensor(op.id + ".input");
    const trace::Tensor* y = t.findTensor(op.id + ".output");
    const trace::Tensor* bias = t.findTensor(op.id + ".bias");
    ASSERT_TRUE(x && y) << op.id;
    const int64_t n = op.out_features, k = op.in_features;
    for (int64_t r = 0; r < t.batch; ++r)
      for (int64_t o = 0; o < n; ++o) {
        int64_t acc = bias ? bias->data[o] : 0;
        for (int64_t i = 0; i < k; ++i) acc += w->data[o * k + i] * x->data[r * k + i];
        ASSERT_EQ(acc, y->data[r * n + o]) << op.id;
      }
    ++checked;
  }
  EXPECT_EQ(checked, s.tensor_ops);
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST(Export, RandomArchitecturesWriteValidTracesWithExactReferences) {
  SearchSpace space(SpaceConfig::tiny());
  std::mt19937_64 rng(21);
  for (int i = 0; i < 6; ++i) exportAndCheck(space.sample(rng), "random" + std::to_string(i));
}

TEST(Export, BaselinesWriteValidTraces) {
  for (const char* name : {"dlrm", "deepfm", "autoint", "dcnv2"})
    exportAndCheck(Arch::load(std::string(AUTORAC_SOURCE_DIR) + "/configs/archs/" + name + ".json"), name);
}
