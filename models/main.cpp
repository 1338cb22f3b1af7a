// autorac: the models/ command-line tool. Subcommands:
//   train-supernet  one-shot supernet training (checkpoints, resume, progress, summary)
//   train           one architecture from scratch
//   eval            log loss / AUC of an architecture with inherited (or trained) weights
//   export          trace format v1 of an architecture, optionally with integer tensors
//   space           the size of the search space; sample random architectures
//   score           a long-lived evaluator: loads the supernet once, scores architectures read
//                   from stdin (or --archs), one JSON line each on stdout
// Exit codes: 0 success, 2 bad user input (autorac::InputError, bad options), 1 internal error.
#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iomanip>
#include <iostream>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "models/cli/CommonOptions.h"
#include "models/cli/RunConfig.h"
#include "models/data/BatchLoader.h"
#include "models/data/CtrSource.h"
#include "models/export/TraceExporter.h"
#include "search/RunCommand.h"
#include "models/train/CpuRuntime.h"
#include "models/train/Evaluator.h"
#include "models/train/SubnetScorer.h"
#include "models/train/Trainer.h"
#include "models/train/ModelFiles.h"
#include "traces/InputError.h"

namespace po = boost::program_options;
using namespace autorac;
using namespace autorac::models;

namespace {

using Common = CommonOptions;

// The validation split that --select-every scores (model selection never looks at --eval-data).
std::unique_ptr<BatchLoader> selectionLoader(const Common& c, const CtrSource& src) {
  if (c.val_fraction <= 0)
    throw InputError("--select-every", std::to_string(c.select_every),
                     "model selection needs a validation split: give --val-fraction");
  LoaderOptions lo;
  lo.batch_size = 4096;
  return std::make_unique<BatchLoader>(src, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Validation, lo);
}

// One counting pass over the training part: the number of steps (--steps, or --epochs passes) and
// the label rate the output bias starts from.
struct TrainingPlan {
  int64_t steps = 0;
  double label_rate = 0;
};

TrainingPlan planTraining(const Common& c, const CtrSource& src) {
  LoaderOptions lo;
  lo.batch_size = c.batch;
  lo.max_rows = c.max_rows;
  BatchLoader counter(src, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Train, lo);
  const PassCount n = countPass(counter);
  if (n.rows == 0) throw InputError(src.spec(), "", "no training rows");
  return {c.steps > 0 ? c.steps : std::max<int64_t>(1, n.batches * c.epochs), n.labelRate()};
}

void reportStats(const BatchLoader& loader, const std::string& what) {
  const auto& s = loader.stats();
  if (s.bad_rows > 0)
    std::cerr << what << ": skipped " << s.bad_rows << " malformed rows (first: " << s.first_bad << ")\n";
}

TrainOptions trainOptions(const Common& c, int64_t steps, double label_rate = 0) {
  TrainOptions t;
  t.label_rate = label_rate;
  t.lr = c.lr;
  t.lr_warmup = c.lr_warmup;
  t.clip = c.clip;
  t.steps = steps;
  t.supernet_warmup = c.supernet_warmup;
  t.distill_paths = c.distill_paths;
  t.paths_per_step = c.paths_per_step;
  t.seed = c.seed;
  t.checkpoint = c.checkpoint;
  t.checkpoint_every = c.checkpoint_every;
  t.resume = c.resume;
  t.log_every = c.log_every;
  t.log = &std::cout;
  return t;
}

void printSummary(const TrainSummary& s, Supernet& net) {
  std::cout << "summary: " << s.steps << " steps, " << s.samples << " samples, " << std::fixed
            << std::setprecision(1) << s.seconds << " s, " << s.samples_per_second << " samples/s, "
            << std::setprecision(4) << "loss " << s.first_loss << " -> " << s.final_loss << ", "
            << net->parameterCount() << " parameters"
            << (s.resumed_from ? ", resumed from step " + std::to_string(s.resumed_from) : "") << "\n";
}

void printMetrics(const std::string& label, const Metrics& m) {
  std::cout << std::fixed << std::setprecision(4) << label << ": log loss " << m.log_loss << "  AUC " << m.auc
            << "  (rows " << m.rows << ", label rate " << m.label_rate << ", constant predictor "
            << m.constant_log_loss << ")\n";
}

Metrics evaluateOn(const Common& c, Supernet& net, const Arch& arch) {
  std::unique_ptr<CtrSource> src;
  SplitPart part = SplitPart::All;
  if (!c.eval_data.empty()) {
    src = std::make_unique<CtrSource>(c.eval_data, readerOptions(c));
  } else if (c.val_fraction > 0) {
    src = std::make_unique<CtrSource>(c.data, readerOptions(c));
    part = SplitPart::Validation;
  } else {
    throw InputError("--eval-data", "", "give --eval-data or a --val-fraction to evaluate on");
  }
  LoaderOptions lo;
  lo.batch_size = 4096;
  BatchLoader loader(*src, SplitFilter(c.val_fraction, c.split_seed), part, lo);
  auto m = evaluate(net, arch, loader);
  reportStats(loader, src->spec());
  return m;
}

// Resolves --weights: a checkpoint prefix (its .json names the model file) or a model file.
// A checkpoint whose run selected weights on validation names them as "selected_model_file".
std::string modelFile(const std::string& weights) {
  std::ifstream meta(weights + ".json");
  if (meta) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(meta);
      return j.value("selected_model_file", j.at("model_file").get<std::string>());
    } catch (const nlohmann::json::exception& e) {
      throw InputError(weights + ".json", "", std::string("unreadable checkpoint: ") + e.what());
    }
  }
  if (!std::filesystem::exists(weights)) throw InputError(weights, "", "no such model or checkpoint");
  return weights;
}

// An architecture the network cannot run (another space, widths the supernet lacks) is bad input:
// the architecture file, against the weights it was given.
void checkFits(Supernet& net, const Arch& arch, const Common& c) {
  try {
    net->checkArch(arch);
  } catch (const std::invalid_argument& e) {
    throw InputError(c.arch_file, "", std::string(e.what()) + (c.weights.empty() ? "" : " (weights " + c.weights + ")"));
  }
}

// Parses argv into d's bound options and checks their ranges; returns 1 when --help was printed.
int parse(int argc, char** argv, po::options_description& d, po::variables_map& vm, const std::string& cmd,
          const Common& options) {
  po::store(po::parse_command_line(argc, argv, d), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: autorac " << cmd << " [options]\n" << d;
    return 1;
  }
  checkCommonOptions(options);
  return 0;
}

int trainSupernet(int argc, char** argv) {
  Common c;
  po::options_description d("train-supernet");
  addCommonOptions(d, c);
  d.add_options()
      ("space", po::value(&c.space)->default_value(c.space), "search space: full, small, tiny")
      ("warmup", po::value(&c.supernet_warmup)->default_value(c.supernet_warmup),
       "fraction of steps over which the chance of training the largest path decays from 1 to 0")
      ("select-every", po::value(&c.select_every)->default_value(c.select_every),
       "score probe paths on the validation split (--val-fraction) every this many steps and keep the "
       "best supernet weights (0: keep the last)")
      ("select-paths", po::value(&c.select_paths)->default_value(c.select_paths),
       "number of fixed random probe paths whose mean validation log loss the selection uses")
      ("distill-paths", po::value(&c.distill_paths)->default_value(c.distill_paths),
       "in-place distillation after the warm-up: each step trains the largest path on the labels and "
       "this many sampled paths on its predictions (0: one sampled path per step)")
      ("paths-per-step", po::value(&c.paths_per_step)->default_value(c.paths_per_step),
       "after the warm-up, without distillation: sampled paths trained per step, their label losses summed")
      ("checkpoint", po::value(&c.checkpoint)->default_value("supernet"), "checkpoint file prefix")
      ("checkpoint-every", po::value(&c.checkpoint_every)->default_value(c.checkpoint_every), "steps between checkpoints")
      ("resume", po::bool_switch(&c.resume), "continue from the checkpoint if it exists");
  po::variables_map vm;
  if (parse(argc, argv, d, vm, "train-supernet", c)) return 0;
  useCpuRuntime(c.threads);
  torch::manual_seed(c.seed);
  CtrSource src(c.data, readerOptions(c));
  RunConfig rc;
  rc.space = c.space;
  rc.data_format = src.format();
  rc.table_size = c.hash_size;
  SearchSpace space(spaceByName(c.space));
  Supernet net = rc.build();
  rc.save(c.checkpoint);
  const TrainingPlan plan = planTraining(c, src);
  const int64_t steps = plan.steps;
  std::cout << "supernet: space '" << c.space << "' (10^" << std::fixed << std::setprecision(1)
            << space.log10Size() << " architectures), " << net->parameterCount() << " parameters, "
            << steps << " steps of " << c.batch << ", " << c.threads << " threads, data " << src.spec() << "\n"
            << std::defaultfloat << std::setprecision(6);
  LoaderOptions lo{c.batch, c.shuffle, c.seed, c.max_rows, false};
  BatchLoader loader(src, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Train, lo);
  TrainOptions topt = trainOptions(c, steps, plan.label_rate);
  std::unique_ptr<BatchLoader> val_loader;
  std::vector<Arch> probes;
  if (c.select_every > 0) {
    val_loader = selectionLoader(c, src);
    std::mt19937_64 prng(c.seed + 7919);
    for (int i = 0; i < c.select_paths; ++i) probes.push_back(space.sample(prng));
    topt.eval_every = c.select_every;
    topt.validate = [&] {
      double sum = 0;
      for (const auto& p : probes) sum += evaluate(net, p, *val_loader).log_loss;
      return sum / static_cast<double>(probes.size());
    };
  }
  Trainer trainer(net, topt);
  auto s = trainer.trainSupernet(loader, space);
  if (s.best_step > 0)
    std::cout << "kept the weights of step " << s.best_step << " (mean validation log loss of " << probes.size()
              << " probe paths " << std::fixed << std::setprecision(4) << s.best_validation << ")\n"
              << std::defaultfloat;
  printSummary(s, net);
  reportStats(loader, src.spec());
  std::cout << "checkpoint: " << c.checkpoint << ".json\n";
  if (c.val_fraction > 0 || !c.eval_data.empty()) {
    std::mt19937_64 rng(c.seed);
    Arch largest = space.largest(rng);
    printMetrics("validation, warm-up path (largest)", evaluateOn(c, net, largest));
  }
  return 0;
}

int trainArch(int argc, char** argv) {
  Common c;
  po::options_description d("train");
  addCommonOptions(d, c);
  d.add_options()
      ("arch", po::value(&c.arch_file)->required(), "architecture JSON")
      ("out", po::value(&c.out), "save the trained weights here (+ .config.json)")
      ("select-every", po::value(&c.select_every)->default_value(c.select_every),
       "score the validation split (--val-fraction) every this many steps and keep the best weights "
       "(0: keep the last)")
      ("checkpoint", po::value(&c.checkpoint), "checkpoint file prefix")
      ("checkpoint-every", po::value(&c.checkpoint_every)->default_value(c.checkpoint_every), "steps between checkpoints")
      ("resume", po::bool_switch(&c.resume), "continue from the checkpoint if it exists");
  po::variables_map vm;
  if (parse(argc, argv, d, vm, "train", c)) return 0;
  useCpuRuntime(c.threads);
  torch::manual_seed(c.seed);
  CtrSource src(c.data, readerOptions(c));
  RunConfig rc;
  rc.kind = "arch";
  rc.arch = Arch::load(c.arch_file);
  rc.data_format = src.format();
  rc.table_size = c.hash_size;
  Supernet net = rc.build();
  const TrainingPlan plan = planTraining(c, src);
  const int64_t steps = plan.steps;
  std::cout << "train '" << rc.arch.name << "': " << net->parameterCount() << " parameters, " << steps
            << " steps of " << c.batch << ", " << c.threads << " threads, data " << src.spec() << "\n";
  LoaderOptions lo{c.batch, c.shuffle, c.seed, c.max_rows, false};
  BatchLoader loader(src, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Train, lo);
  TrainOptions topt = trainOptions(c, steps, plan.label_rate);
  std::unique_ptr<BatchLoader> val_loader;
  if (c.select_every > 0) {
    val_loader = selectionLoader(c, src);
    topt.eval_every = c.select_every;
    topt.validate = [&] { return evaluate(net, rc.arch, *val_loader).log_loss; };
  }
  Trainer trainer(net, topt);
  auto s = trainer.trainFixed(loader, rc.arch);
  if (s.best_step > 0)
    std::cout << "kept the weights of step " << s.best_step << " (validation log loss " << std::fixed
              << std::setprecision(4) << s.best_validation << ")\n";
  printSummary(s, net);
  reportStats(loader, src.spec());
  if (!c.out.empty()) {
    saveWhole(net, c.out);
    rc.save(c.out);
    std::cout << "weights: " << c.out << "\n";
  }
  if (c.val_fraction > 0 || !c.eval_data.empty()) printMetrics(rc.arch.name, evaluateOn(c, net, rc.arch));
  return 0;
}

int evalArch(int argc, char** argv) {
  Common c;
  po::options_description d("eval");
  addCommonOptions(d, c);
  d.add_options()
      ("arch", po::value(&c.arch_file)->required(), "architecture JSON")
      ("weights", po::value(&c.weights)->default_value("supernet"),
       "supernet checkpoint prefix (inherited weights) or a model saved by 'train --out'")
      ("finetune-steps", po::value(&c.finetune_steps)->default_value(0), "short fine-tune on --data first");
  po::variables_map vm;
  if (parse(argc, argv, d, vm, "eval", c)) return 0;
  useCpuRuntime(c.threads);
  torch::manual_seed(c.seed);
  const std::string file = modelFile(c.weights);
  RunConfig rc = RunConfig::load(c.weights);
  c.hash_size = rc.table_size;
  Arch arch = Arch::load(c.arch_file);
  Supernet net = rc.build();
  loadFile(net, file);
  checkFits(net, arch, c);
  if (c.finetune_steps > 0) {
    CtrSource src(c.data, readerOptions(c));
    LoaderOptions lo{c.batch, c.shuffle, c.seed, c.max_rows, false};
    BatchLoader loader(src, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Train, lo);
    TrainOptions t = trainOptions(c, c.finetune_steps);
    t.checkpoint.clear();
    Trainer(net, t).trainFixed(loader, arch);
  }
  printMetrics(arch.name + (c.finetune_steps ? " (fine-tuned)" : " (inherited weights)"), evaluateOn(c, net, arch));
  return 0;
}

int exportArch(int argc, char** argv) {
  Common c;
  po::options_description d("export");
  addCommonOptions(d, c);
  d.add_options()
      ("arch", po::value(&c.arch_file)->required(), "architecture JSON")
      ("out", po::value(&c.out)->required(), "trace file to write")
      ("with-tensors", po::bool_switch(&c.with_tensors), "add integer weights, inputs and reference outputs")
      ("weights", po::value(&c.weights), "supernet checkpoint prefix or trained model (default: seeded random init)")
      ("export-batch", po::value(&c.export_batch)->default_value(c.export_batch), "samples in the tensor batch");
  po::variables_map vm;
  if (parse(argc, argv, d, vm, "export", c)) return 0;
  useCpuRuntime(c.threads);
  torch::manual_seed(c.seed);
  Arch arch = Arch::load(c.arch_file);
  RunConfig rc;
  if (!c.weights.empty()) {
    rc = RunConfig::load(c.weights);
    c.hash_size = rc.table_size;
  } else {
    rc.kind = "arch";
    rc.arch = arch;
    rc.data_format = CtrSource(c.data, {}).format();
    rc.table_size = c.hash_size;
  }
  Supernet net = rc.build();
  if (!c.weights.empty()) loadFile(net, modelFile(c.weights));
  checkFits(net, arch, c);
  CtrSource src(c.data, readerOptions(c));
  LoaderOptions lo;
  lo.batch_size = c.export_batch;
  BatchLoader loader(src, SplitFilter(), SplitPart::All, lo);
  Batch b;
  if (!loader.next(b)) throw InputError(c.data, "", "no rows for the export batch");
  ExportOptions eo;
  eo.with_tensors = c.with_tensors;
  auto summary = exportTrace(net, arch, src.schema(), b, c.out, eo);
  std::cout << "trace: " << c.out << " (" << summary.ops << " ops, " << summary.fc_ops << " fc"
            << (c.with_tensors ? ", tensors in " + summary.tensors_file : "") << ")\n";
  return 0;
}

int spaceCmd(int argc, char** argv) {
  Common c;
  int samples = 0;
  po::options_description d("space");
  d.add_options()("help,h", "show this help")
      ("space", po::value(&c.space)->default_value(c.space), "full, small, tiny")
      ("sample", po::value(&samples)->default_value(0), "write this many random architectures")
      ("seed", po::value(&c.seed)->default_value(1), "sampling seed")
      ("out", po::value(&c.out)->default_value("arch"), "file prefix of sampled architectures");
  po::variables_map vm;
  if (parse(argc, argv, d, vm, "space", c)) return 0;
  SearchSpace space(spaceByName(c.space));
  std::cout << "space '" << c.space << "': " << space.config().blocks << " blocks, log10(size) = " << std::fixed
            << std::setprecision(2) << space.log10Size() << "\n";
  std::mt19937_64 rng(c.seed);
  for (int i = 0; i < samples; ++i) {
    Arch a = space.sample(rng);
    a.name = "random" + std::to_string(i);
    const std::string path = c.out + std::to_string(i) + ".json";
    a.save(path);
    std::cout << "wrote " << path << "\n";
  }
  return 0;
}

// One JSON line per architecture: the inherited-weight score under the documented protocol
// (docs/models.md), or status "invalid" with the reason. Architectures come from --archs or from
// stdin, one per line: a file path or an inline JSON object.
int scoreCmd(int argc, char** argv) {
  Common c;
  std::vector<std::string> archs;
  std::string trace_dir;
  ScoreProtocol protocol;
  int64_t finetune_batch = 0;
  po::options_description d("score");
  addCommonOptions(d, c);
  d.add_options()
      ("weights", po::value(&c.weights)->default_value("supernet"), "supernet checkpoint prefix")
      ("archs", po::value(&archs)->multitoken(), "architecture files (default: read stdin)")
      ("trace-dir", po::value(&trace_dir),
       "also export each scored architecture's trace (format v1, no tensors) to <dir>/<arch name>.json")
      ("head-l2", po::value(&protocol.head_l2)->default_value(protocol.head_l2),
       "recalibration: 0 = Platt scaling of the inherited logit; > 0 = refit the output unit on the "
       "path's features with this L2 pull toward the inherited head (docs/models.md)")
      ("finetune-steps", po::value(&c.finetune_steps)->default_value(FineTune::kDefaultSteps),
       "fine-tune each path this many steps on the training split of --data before scoring it, then "
       "restore the inherited weights (0: none; default chosen in docs/models.md)")
      ("finetune-batch", po::value(&finetune_batch)->default_value(FineTune::kDefaultBatch),
       "rows per fine-tune step");
  po::variables_map vm;
  if (parse(argc, argv, d, vm, "score", c)) return 0;
  if (!(protocol.head_l2 >= 0)) throw InputError("--head-l2", std::to_string(protocol.head_l2), "must be >= 0");
  if (finetune_batch <= 0) throw InputError("--finetune-batch", std::to_string(finetune_batch), "must be above 0");
  if (!trace_dir.empty() && !std::filesystem::is_directory(trace_dir))
    throw InputError("--trace-dir", trace_dir, "no such directory");
  useCpuRuntime(c.threads);
  const std::string file = modelFile(c.weights);
  RunConfig rc = RunConfig::load(c.weights);
  c.hash_size = rc.table_size;
  Supernet net = rc.build();
  loadFile(net, file);
  const auto t0 = std::chrono::steady_clock::now();
  LoaderOptions lo;
  lo.batch_size = 4096;
  lo.max_rows = c.max_rows;
  std::vector<Batch> calibration, evaluation;
  CtrSource train(c.data, readerOptions(c));
  if (c.val_fraction > 0) {
    BatchLoader cal(train, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Validation, lo);
    calibration = SubnetScorer::readAll(cal);
  }
  if (!c.eval_data.empty()) {
    CtrSource eval(c.eval_data, readerOptions(c));
    BatchLoader ev(eval, SplitFilter(), SplitPart::All, lo);
    evaluation = SubnetScorer::readAll(ev);
  } else if (c.val_fraction > 0) {
    // no --eval-data: the validation split itself is scored, cross-fitted (SubnetScorer)
  } else {
    throw InputError("--eval-data", "", "give the rows to score on (or a --val-fraction)");
  }
  const Batch scorer_batch = evaluation.empty() ? calibration.front() : evaluation.front();  // shapes for --trace-dir
  FineTune finetune;
  if (c.finetune_steps > 0) {
    // The first steps' batches of a training run on the training split, read once (a fresh epoch
    // begins where the loader runs dry, as in training).
    BatchLoader rows(train, SplitFilter(c.val_fraction, c.split_seed), SplitPart::Train,
                     LoaderOptions{finetune_batch, c.shuffle, c.seed, c.max_rows, false});
    Batch b;
    for (int64_t i = 0; i < c.finetune_steps; ++i) {
      if (!rows.next(b) && !rows.next(b)) throw InputError(c.data, "", "no training rows for --finetune-steps");
      finetune.batches.push_back(b);
    }
    finetune.options = trainOptions(c, c.finetune_steps);
  }
  SubnetScorer scorer(net, std::move(calibration), std::move(evaluation), protocol, finetune);
  std::cerr << "score: supernet " << c.weights << " loaded, data read in " << std::fixed << std::setprecision(2)
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s"
            << (c.val_fraction > 0 ? "; recalibrating on the validation split of " + c.data : "; no recalibration")
            << "\n";
  auto answer = [&](const std::string& where, const std::function<Arch()>& load) {
    nlohmann::json j = {{"source", where}};
    try {
      const Arch arch = load();
      j["arch"] = arch.name;
      const SubnetScore s = scorer.score(arch);
      j["status"] = "ok";
      j["log_loss"] = s.metrics.log_loss;
      j["auc"] = s.metrics.auc;
      j["uncalibrated_log_loss"] = s.uncalibrated.log_loss;
      j["constant_log_loss"] = s.metrics.constant_log_loss;
      j["calibration"] = {{"scale", s.scale}, {"bias", s.bias}};
      j["rows"] = s.metrics.rows;
      j["seconds"] = s.seconds;
      if (!trace_dir.empty()) {
        const std::string path = trace_dir + "/" + arch.name + ".json";
        exportTrace(net, arch, train.schema(), scorer_batch, path, ExportOptions{});
        j["trace"] = path;
      }
    } catch (const InputError& e) {
      j["status"] = "invalid";
      j["reason"] = e.what();
    } catch (const std::invalid_argument& e) {
      j["status"] = "invalid";
      j["reason"] = e.what();
    } catch (const nlohmann::json::exception& e) {
      j["status"] = "invalid";
      j["reason"] = e.what();
    }
    std::cout << j.dump() << std::endl;
  };
  if (!archs.empty()) {
    for (const auto& a : archs) answer(a, [&] { return Arch::load(a); });
    return 0;
  }
  std::string line;
  for (int64_t n = 1; std::getline(std::cin, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = "stdin line " + std::to_string(n);
    if (line.find('{') != std::string::npos && line.find_first_not_of(" \t") == line.find('{'))
      answer(where, [&] { return Arch::fromJson(nlohmann::json::parse(line), where); });
    else
      answer(line, [&] { return Arch::load(line); });
  }
  return 0;
}

// This binary's path, for the commands `run` starts as child processes.
std::string selfPath(const char* argv0) {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : p.string();
}

void usage() {
  std::cout << "usage: autorac <command> [options]   (autorac <command> --help for options)\n"
               "  train-supernet  train the one-shot supernet (checkpoints, --resume)\n"
               "  train           train one architecture (--arch a.json) from scratch\n"
               "  eval            log loss and AUC of --arch with inherited or trained --weights\n"
               "  export          write the trace (format v1) of --arch, --with-tensors for integer data\n"
               "  space           size of the search space; --sample N random architectures\n"
               "  score           score many architectures with one supernet (stdin or --archs)\n"
               "  run             the co-search study: supernet, evolution, pimsim-measured costs (docs/search.md)\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "train-supernet") return trainSupernet(argc - 1, argv + 1);
    if (cmd == "train") return trainArch(argc - 1, argv + 1);
    if (cmd == "eval") return evalArch(argc - 1, argv + 1);
    if (cmd == "export") return exportArch(argc - 1, argv + 1);
    if (cmd == "space") return spaceCmd(argc - 1, argv + 1);
    if (cmd == "score") return scoreCmd(argc - 1, argv + 1);
    if (cmd == "run") return search::runCommand(argc - 1, argv + 1, selfPath(argv[0]));
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      usage();
      return 0;
    }
    std::cerr << "autorac: unknown command '" << cmd << "'\n";
    usage();
    return 2;
  } catch (const InputError& e) {
    std::cerr << "autorac: error: " << e.what() << "\n";
    return 2;
  } catch (const po::error& e) {
    std::cerr << "autorac: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "autorac: internal error: " << e.what() << "\n";
    return 1;
  }
}
