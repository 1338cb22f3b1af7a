#include "models/space/Arch.h"

#include "traces/InputError.h"
#include "traces/JsonText.h"
#include "traces/StagedFile.h"

namespace autorac::models {

namespace {
const char* kDenseNames[] = {"fc", "dot", "gating", "sum", "cross"};
const char* kSparseNames[] = {"attention", "efc"};
}  // namespace

const char* denseOpName(DenseOp op) { return kDenseNames[static_cast<int>(op)]; }
const char* sparseOpName(SparseOp op) { return kSparseNames[static_cast<int>(op)]; }

bool denseOpFromName(const std::string& s, DenseOp& op) {
  for (int i = 0; i < 5; ++i)
    if (s == kDenseNames[i]) return op = static_cast<DenseOp>(i), true;
  return false;
}
bool sparseOpFromName(const std::string& s, SparseOp& op) {
  for (int i = 0; i < 2; ++i)
    if (s == kSparseNames[i]) return op = static_cast<SparseOp>(i), true;
  return false;
}

static nlohmann::json precisionJson(const Precision& p) {
  return {{"weight_bits", p.weight_bits}, {"act_bits", p.act_bits}};
}

nlohmann::json Arch::toJson() const {
  nlohmann::json j;
  j["format"] = "autorac-arch";
  j["version"] = 1;
  j["name"] = name;
  j["blocks"] = nlohmann::json::array();
  for (const auto& b : blocks) {
    nlohmann::json jb;
    jb["dense"] = precisionJson(b.dense_precision);
    jb["dense"]["op"] = denseOpName(b.dense_op);
    jb["sparse"] = precisionJson(b.sparse_precision);
    jb["sparse"]["op"] = sparseOpName(b.sparse_op);
    jb["width"] = b.width;
    jb["tokens"] = b.tokens;
    jb["merge"] = precisionJson(b.merge_precision);
    jb["merge"]["on"] = b.merge;
    jb["fm"] = b.fm;
    jb["dense_inputs"] = b.dense_inputs;
    jb["sparse_inputs"] = b.sparse_inputs;
    j["blocks"].push_back(jb);
  }
  j["head"] = precisionJson(head_precision);
  return j;
}

namespace {

struct Reader {
  const std::string& file;
  std::string where;
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError(file, where + (where.empty() ? "" : ", ") + "field '" + field + "'", what);
  }
  const nlohmann::json& get(const nlohmann::json& j, const std::string& field) const {
    if (!j.is_object() || !j.contains(field)) fail(field, "missing");
    return j.at(field);
  }
  int integer(const nlohmann::json& j, const std::string& field, int lo, int hi) const {
    const auto& v = get(j, field);
    if (!v.is_number_integer()) fail(field, "must be an integer");
    const auto x = v.get<long long>();
    if (x < lo || x > hi)
      fail(field, std::to_string(x) + " is outside [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    return static_cast<int>(x);
  }
  Precision precision(const nlohmann::json& j, const std::string& field) const {
    const auto& p = get(j, field);
    Precision r;
    r.weight_bits = integer(p, "weight_bits", 2, 16);
    r.act_bits = integer(p, "act_bits", 2, 16);
    for (int b : {r.weight_bits, r.act_bits})
      if (b != 2 && b != 4 && b != 8 && b != 16) fail(field, "bit widths must be 2, 4, 8 or 16");
    return r;
  }
  std::vector<int> inputs(const nlohmann::json& j, const std::string& field, int block) const {
    const auto& v = get(j, field);
    if (!v.is_array() || v.empty() || v.size() > 4) fail(field, "must list 1 to 4 inputs");
    std::vector<int> r;
    for (const auto& x : v) {
      // As int64: get<int>() would wrap 4294967297 to block 1.
      if (!x.is_number_integer() || x.get<int64_t>() < 0 || x.get<int64_t>() >= block)
        fail(field, "inputs must be 0 (the features) or an earlier block (1.." +
                        std::to_string(block - 1) + ")");
      r.push_back(static_cast<int>(x.get<int64_t>()));
    }
    return r;
  }
};

}  // namespace

Arch Arch::fromJson(const nlohmann::json& j, const std::string& file) {
  Reader rd{file, ""};
  if (!j.is_object()) rd.fail("(root)", "an architecture is a JSON object");
  if (j.contains("format") && j.at("format") != "autorac-arch")
    rd.fail("format", "must be \"autorac-arch\"");
  if (j.contains("version") && j.at("version") != 1) rd.fail("version", "only version 1 is known");
  Arch a;
  if (j.contains("name")) {
    if (!j.at("name").is_string()) rd.fail("name", "must be a string");
    a.name = j.at("name").get<std::string>();
  }
  const auto& blocks = rd.get(j, "blocks");
  if (!blocks.is_array() || blocks.empty()) rd.fail("blocks", "must be a non-empty array");
  for (size_t i = 0; i < blocks.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    Reader br{file, "block " + std::to_string(n)};
    const auto& jb = blocks[i];
    BlockArch b;
    const auto& d = br.get(jb, "dense");
    const auto& dop = br.get(d, "op");
    if (!dop.is_string() || !denseOpFromName(dop.get<std::string>(), b.dense_op))
      br.fail("dense.op", "must be one of fc, dot, gating, sum, cross");
    b.dense_precision = br.precision(jb, "dense");
    const auto& s = br.get(jb, "sparse");
    const auto& sop = br.get(s, "op");
    if (!sop.is_string() || !sparseOpFromName(sop.get<std::string>(), b.sparse_op))
      br.fail("sparse.op", "must be attention or efc");
    b.sparse_precision = br.precision(jb, "sparse");
    b.width = br.integer(jb, "width", 16, 4096);
    b.tokens = br.integer(jb, "tokens", 1, 1024);
    if (jb.contains("merge")) {
      const auto& m = jb.at("merge");
      if (!br.get(m, "on").is_boolean()) br.fail("merge.on", "must be true or false");
      b.merge = m.at("on").get<bool>();
      b.merge_precision = br.precision(jb, "merge");
    }
    if (jb.contains("fm")) {
      if (!jb.at("fm").is_boolean()) br.fail("fm", "must be true or false");
      b.fm = jb.at("fm").get<bool>();
    }
    b.dense_inputs = br.inputs(jb, "dense_inputs", n);
    b.sparse_inputs = br.inputs(jb, "sparse_inputs", n);
    a.blocks.push_back(b);
  }
  if (j.contains("head")) a.head_precision = rd.precision(j, "head");
  return a;
}

Arch Arch::load(const std::string& path) {
  return fromJson(trace::parseJsonText(trace::readTextFile(path), path), path);
}

void Arch::save(const std::string& path) const { trace::StagedFile(path, toJson().dump(2) + "\n").commit(); }

}  // namespace autorac::models
