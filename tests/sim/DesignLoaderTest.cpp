// Design files and --set overrides: every field checked, every error naming its field.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "sim/design/DesignLoader.h"
#include "sim/design/DesignSchema.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

std::string writeTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

std::string errorOf(const std::string& spec, const std::vector<std::string>& sets = {}) {
  try {
    loadDesign(spec, sets);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(DesignLoader, SetOverridesAFieldAndRecordsWhereItCameFrom) {
  const ResolvedDesign r = loadDesign("isaac", {"adc.bits=6", "adc.loss_mode=drop-lsb"});
  EXPECT_EQ(r.design.adc.bits, 6);
  EXPECT_EQ(r.design.adc.loss_mode, hw::AdcLossMode::DropLsb);
  EXPECT_EQ(r.origins["adc.bits"], "--set");
  EXPECT_EQ(r.origins["crossbar.rows"], "preset isaac");
  EXPECT_EQ(r.fields["adc.bits"], 6);
}

TEST(DesignLoader, FileStartsFromItsPresetAndOverrides) {
  const std::string path = writeTemp("d.json", R"({"preset": "neurosim22", "name": "mine", "adc": {"bits": 7}})");
  const ResolvedDesign r = loadDesign(path);
  EXPECT_EQ(r.design.name, "mine");
  EXPECT_EQ(r.design.adc.bits, 7);
  EXPECT_EQ(r.design.crossbar.cell_bits, 1);
  EXPECT_EQ(r.origins["adc.bits"], path);
}

TEST(DesignLoader, RejectsUnknownFieldsNamingFileAndField) {
  const std::string path = writeTemp("bad.json", R"({"adc": {"bitz": 7}})");
  const std::string e = errorOf(path);
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(e.find("adc.bitz"), std::string::npos) << e;
  const std::string s = errorOf("isaac", {"crossbar.size=3"});
  EXPECT_NE(s.find("--set"), std::string::npos) << s;
  EXPECT_NE(s.find("crossbar.size"), std::string::npos) << s;
}

TEST(DesignLoader, RejectsOutOfRangeAndMistypedValues) {
  EXPECT_NE(errorOf("isaac", {"adc.bits=17"}).find("adc.bits"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"adc.bits=0"}).find("1..16"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"crossbar.rows=-4"}).find("crossbar.rows"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"crossbar.rows=2.5"}).find("integer"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"adc.loss_mode=round"}).find("choices"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"adc.bits"}).find("key=value"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"adc.crossbars_per_group=3"}).find("divide"), std::string::npos);
}

TEST(DesignLoader, RejectsMalformedFilesAndUnknownPresets) {
  const std::string path = writeTemp("broken.json", "{\"adc\": {\"bits\": 7,}");
  const std::string e = errorOf(path);
  EXPECT_NE(e.find(path), std::string::npos);
  EXPECT_NE(e.find("malformed JSON"), std::string::npos) << e;
  EXPECT_NE(errorOf("no-such-design").find("isaac"), std::string::npos);  // lists the presets
  const std::string p2 = writeTemp("p.json", R"({"preset": "isac"})");
  EXPECT_NE(errorOf(p2).find("unknown preset 'isac'"), std::string::npos);
}

// Nested and dotted keys name one field, so giving both is a duplicate the JSON parser cannot see (the
// audit of 2026-12-07 found the dotted one silently winning, in either order).
TEST(DesignLoader, RejectsAFieldGivenBothNestedAndDotted) {
  for (const char* text : {R"({"adc": {"bits": 9}, "adc.bits": 10})", R"({"adc.bits": 10, "adc": {"bits": 9}})"}) {
    const std::string path = writeTemp("twice.json", text);
    const std::string e = errorOf(path);
    EXPECT_NE(e.find(path), std::string::npos) << e;
    EXPECT_NE(e.find("field 'adc.bits'"), std::string::npos) << e;
    EXPECT_NE(e.find("set twice"), std::string::npos) << e;
  }
  // The same field from the preset, the file and --set is overriding, not a duplicate.
  const std::string path = writeTemp("once.json", R"({"preset": "isaac", "adc": {"bits": 9}})");
  EXPECT_EQ(loadDesign(path, {"adc.bits=10"}).design.adc.bits, 10);
}

// Found by fuzz/design_fuzz: each of these escaped as a nlohmann exception (pimsim exit 1, "internal
// error") instead of an InputError naming the field.
TEST(DesignLoader, FuzzFindingsAreInputErrors) {
  // A --set bare word that is not UTF-8: the message showing it made json::dump() throw.
  EXPECT_NE(errorOf("isaac", {"adc.loss_mode=cl\xff\xffp"}).find("adc.loss_mode"), std::string::npos);
  EXPECT_NE(errorOf("isaac", {"adc.bits=\xff"}).find("expected a number"), std::string::npos);
  // A number beyond a double, in --set and in a file.
  EXPECT_NE(errorOf("isaac", {"adc.bits=1e999"}).find("adc.bits"), std::string::npos);
  EXPECT_NE(errorOf(writeTemp("big.json", R"({"adc": {"bits": 1e999}})")).find("malformed JSON"), std::string::npos);
  // A preset named by something other than a string.
  EXPECT_NE(errorOf(writeTemp("p5.json", R"({"preset": 5})")).find("field 'preset'"), std::string::npos);
}

TEST(DesignSchema, EveryFieldHasAUnitOrIsACountAndADescription) {
  for (const auto& f : designSchema()) {
    EXPECT_FALSE(f.description.empty()) << f.path;
    EXPECT_TRUE(f.type == "integer" || f.type == "number" || f.type == "enum") << f.path;
  }
}

TEST(DesignSchema, DocsListEveryField) {
  std::ifstream in(std::string(AUTORAC_SOURCE_DIR) + "/docs/design-fields.md");
  ASSERT_TRUE(in) << "docs/design-fields.md is missing";
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(doc.find(designFieldsMarkdown()), std::string::npos)
      << "docs/design-fields.md is out of date: regenerate its table with `pimsim --list-fields`";
}

}  // namespace
}  // namespace autorac::sim
