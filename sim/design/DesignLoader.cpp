#include "sim/design/DesignLoader.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/design/DesignSchema.h"
#include "sim/design/Presets.h"
#include "traces/InputError.h"
#include "traces/JsonText.h"

namespace autorac::sim {
namespace {

using nlohmann::json;

// Keys of a design document that are not hardware fields.
const std::set<std::string> kMetaKeys = {"name", "comment", "sources", "preset"};

std::string knownPresets() {
  std::string s;
  for (const auto& [name, _] : embeddedPresets()) s += (s.empty() ? "" : ", ") + name;
  return s;
}

// A value as written, for messages. A --set bare word may hold bytes that are not UTF-8, which
// json::dump() would throw on: they are shown as U+FFFD instead.
std::string shown(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

void applyValue(hw::Design& d, json& origins, const std::string& path, const json& value, const std::string& label) {
  const FieldSpec* f = findDesignField(path);
  const std::string where = "field '" + path + "'";
  if (!f) throw InputError(label, where, "unknown design field (pimsim --list-fields lists them all)");
  const bool keyword = value.is_string() &&
                       std::find(f->choices.begin(), f->choices.end(), value.get<std::string>()) != f->choices.end();
  if ((f->type == "integer" || f->type == "number") && !keyword) {
    if (!value.is_number()) {
      std::string also;
      for (const auto& c : f->choices) also += " or \"" + c + "\"";
      throw InputError(label, where, "expected a number" + also + ", got " + shown(value));
    }
    const double v = value.get<double>();
    if (f->type == "integer" && (!value.is_number_integer() && std::floor(v) != v))
      throw InputError(label, where, "expected an integer, got " + shown(value));
    if (v < f->min || v > f->max) {
      std::ostringstream msg;
      msg << "value " << shown(value) << " outside " << f->min << ".." << f->max << (f->unit.empty() ? "" : " " + f->unit);
      throw InputError(label, where, msg.str());
    }
    f->set(d, f->type == "integer" ? json(int64_t(v)) : json(v));
  } else {
    if (!value.is_string()) throw InputError(label, where, "expected a string, got " + shown(value));
    if (!f->choices.empty()) {
      bool ok = false;
      for (const auto& c : f->choices) ok = ok || c == value.get<std::string>();
      if (!ok) {
        std::string list;
        for (const auto& c : f->choices) list += (list.empty() ? "" : ", ") + c;
        throw InputError(label, where, "unknown value " + shown(value) + " (choices: " + list + ")");
      }
    }
    f->set(d, value);
  }
  origins[path] = label;
}

// `seen`: the fields this document has set so far. Nested and dotted keys name the same field, so
// {"adc": {"bits": 9}, "adc.bits": 10} sets adc.bits twice, which the JSON parser cannot see as a
// duplicate key: refused, as a key repeated within one object is.
void applyDocument(hw::Design& d, json& origins, const json& doc, const std::string& prefix, const std::string& label,
                   std::set<std::string>& seen) {
  if (!doc.is_object()) throw InputError(label, prefix.empty() ? "" : "field '" + prefix + "'", "expected a JSON object");
  for (const auto& [key, value] : doc.items()) {
    if (prefix.empty() && kMetaKeys.count(key)) continue;
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object() && !findDesignField(path)) {
      applyDocument(d, origins, value, path, label, seen);
    } else {
      if (!seen.insert(path).second)
        throw InputError(label, "field '" + path + "'", "set twice in the same document (as a nested key and as a dotted key)");
      applyValue(d, origins, path, value, label);
    }
  }
}

void applyDocument(hw::Design& d, json& origins, const json& doc, const std::string& label) {
  std::set<std::string> seen;
  applyDocument(d, origins, doc, "", label, seen);
}

json presetDocument(const std::string& name, const std::string& label) {
  auto it = embeddedPresets().find(name);
  if (it == embeddedPresets().end())
    throw InputError(label, "field 'preset'", "unknown preset '" + name + "' (known: " + knownPresets() + ")");
  return trace::parseJsonText(it->second, "preset " + name);
}

void checkAcrossFields(const hw::Design& d, const std::string& label) {
  if (d.pe.crossbars % d.adc.crossbars_per_group != 0)
    throw InputError(label, "field 'adc.crossbars_per_group'",
                     "must divide pe.crossbars (" + std::to_string(d.pe.crossbars) + ")");
  if (d.adc.adcs_per_group > d.crossbar.cols)
    throw InputError(label, "field 'adc.adcs_per_group'", "more ADCs than crossbar.cols");
  // A converting group hands one result per ADC per t_adc to the PE's S+A units (one result per unit
  // per cycle): it needs adcs_per_group of their units × t_adc slots at once (hw/CrossbarUnit.cpp).
  const int64_t slots = d.shiftAddSlots();
  if (d.adc.adcs_per_group > slots)
    throw InputError(label, "fields 'adc.adcs_per_group' and 'shift_add.units'",
                     "a group's " + std::to_string(d.adc.adcs_per_group) + " ADCs deliver " +
                         std::to_string(d.adc.adcs_per_group) + " results per " + std::to_string(d.adcConversionCycles()) +
                         "-cycle conversion, more than the PE's " + std::to_string(d.shift_add.units) +
                         " S+A units take in that time (" + std::to_string(slots) + "); use shift_add.units >= " +
                         std::to_string((d.adc.adcs_per_group + d.adcConversionCycles() - 1) / d.adcConversionCycles()));
}

}  // namespace

ResolvedDesign loadDesign(const std::string& spec, const std::vector<std::string>& overrides) {
  ResolvedDesign r;
  json origins = json::object();
  std::string label;
  json doc;
  if (embeddedPresets().count(spec)) {
    label = "preset " + spec;
    doc = presetDocument(spec, label);
  } else {
    std::ifstream in(spec);
    if (!in) {
      throw InputError(spec, "", "cannot open design file (and it is not a preset name; known presets: " +
                                     knownPresets() + ")");
    }
    std::stringstream text;
    text << in.rdbuf();
    label = spec;
    doc = trace::parseJsonText(text.str(), spec);
    if (!doc.is_object()) throw InputError(spec, "", "a design file must be a JSON object");
    // A design file starts from the preset it names (default isaac) and overrides its fields.
    if (doc.contains("preset") && !doc["preset"].is_string())
      throw InputError(spec, "field 'preset'", "expected a preset name, got " + shown(doc["preset"]));
    const std::string base = doc.contains("preset") ? doc["preset"].get<std::string>() : "isaac";
    const std::string base_label = "preset " + base;
    applyDocument(r.design, origins, presetDocument(base, spec), base_label);
    r.design.name = base;
  }
  applyDocument(r.design, origins, doc, label);
  if (doc.contains("name") && doc["name"].is_string()) r.design.name = doc["name"].get<std::string>();

  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--set", "'" + o + "'", "expected key=value, e.g. --set adc.bits=6");
    const std::string key = o.substr(0, eq), text = o.substr(eq + 1);
    json value;
    try {
      value = json::parse(text);
    } catch (const json::exception&) {
      value = text;  // a bare word such as drop-lsb (or a number too large to read: refused as a string)
    }
    applyValue(r.design, origins, key, value, "--set");
  }
  checkAcrossFields(r.design, overrides.empty() ? label : label + " with --set");

  r.fields = json::object();
  for (const auto& f : designSchema()) r.fields[f.path] = f.get(r.design);
  r.origins = origins;
  return r;
}

std::string designFieldsMarkdown() {
  std::vector<std::pair<std::string, ResolvedDesign>> presets;
  for (const auto& [name, _] : embeddedPresets()) presets.emplace_back(name, loadDesign(name));
  std::ostringstream md;
  md << "| field | type | unit | range |";
  for (const auto& [name, _] : presets) md << " " << name << " |";
  md << " description |\n|---|---|---|---|";
  for (size_t i = 0; i < presets.size(); ++i) md << "---|";
  md << "---|\n";
  for (const auto& f : designSchema()) {
    std::ostringstream range;
    if (f.type == "enum") {
      for (size_t i = 0; i < f.choices.size(); ++i) range << (i ? ", " : "") << f.choices[i];
    } else if (f.type != "string") {
      range << f.min << " .. " << (f.max >= 1e12 ? std::string("10¹²") : json(f.max).dump());  // the schema's cap on costs
      for (const auto& c : f.choices) range << ", or " << c;
    }
    md << "| `" << f.path << "` | " << f.type << " | " << f.unit << " | " << range.str() << " |";
    for (const auto& [_, p] : presets) {
      const json& v = p.fields[f.path];
      md << " " << (v.is_null() ? "derived" : v.is_string() ? v.get<std::string>() : v.dump()) << " |";
    }
    md << " " << f.description << " |\n";
  }
  return md.str();
}

}  // namespace autorac::sim
