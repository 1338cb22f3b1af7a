#include "search/RunCommand.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <memory>

#include <boost/program_options.hpp>

#include "search/Database.h"
#include "search/Headline.h"
#ifdef AUTORAC_HAVE_MPI
#include "search/MpiPool.h"
#include "search/MpiScorer.h"
#endif
#include "search/Plots.h"
#include "search/ScorerAccuracy.h"
#include "search/Study.h"
#include "models/data/CtrSource.h"
#include "models/space/Arch.h"
#include "traces/InputError.h"
#include "traces/StagedFile.h"

namespace autorac::search {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

std::string defaultPimsim(const std::string& self) {
  // In the build tree autorac is build/models/autorac and pimsim build/sim/pimsim.
  const fs::path sibling = fs::path(self).parent_path().parent_path() / "sim" / "pimsim";
  return fs::exists(sibling) ? sibling.string() : "pimsim";
}

}  // namespace

int runCommand(int argc, char** argv, const std::string& self) {
  std::string data = "synthetic:rows=20000", space_name = "tiny", weights, out = "search", db, pimsim, lossy = "reject",
              cost_kind = "measured", baselines = AUTORAC_BASELINES_DIR, pool_kind = "local",
              baseline_names = "dlrm,deepfm,autoint,dcnv2";
  bool no_headline = false;
  std::string eval_data;
  int supernet_epochs = 3, batch = 64, jobs = 2, finetune_steps = -1;
  double val_fraction = 0.1, sim_limit = 300, rank_timeout = 60;
  StudyOptions opt;
  po::options_description d("run: the AutoRAC co-search study (docs/search.md)");
  d.add_options()
      ("help,h", "show this help")
      ("data", po::value(&data)->default_value(data), "training data of the supernet (criteo:<file>, avazu:<file>, "
                                                        "synthetic[:rows=N]; default: generated, not real)")
      ("space", po::value(&space_name)->default_value(space_name), "model space: tiny, small, full")
      ("weights", po::value(&weights), "supernet checkpoint prefix (default: train one into <out>/supernet)")
      ("supernet-epochs", po::value(&supernet_epochs)->default_value(supernet_epochs), "epochs when training it here")
      ("val-fraction", po::value(&val_fraction)->default_value(val_fraction),
       "validation split of --data the scores use (never the test file)")
      ("finetune-steps", po::value(&finetune_steps)->default_value(finetune_steps),
       "steps of the scorer's fine-tune of each candidate (-1: `autorac score`'s default; 0: none, "
       "faster and ranks worse; docs/models.md)")
      ("eval-data", po::value(&eval_data),
       "score candidates and baselines on this file instead of the validation split (the split still calibrates)")
      ("out", po::value(&out)->default_value(out), "folder for the supernet, traces, reports and the study report")
      ("db", po::value(&db), "results database (default <out>/search.db); an existing one resumes")
      ("population", po::value(&opt.evolution.population)->default_value(opt.evolution.population), "population size")
      ("sample", po::value(&opt.evolution.sample)->default_value(opt.evolution.sample), "tournament sample")
      ("children", po::value(&opt.evolution.children)->default_value(opt.evolution.children), "children per generation")
      ("generations", po::value(&opt.evolution.generations)->default_value(opt.evolution.generations), "generations")
      ("seed", po::value(&opt.evolution.seed)->default_value(opt.evolution.seed), "seed of the search")
      ("batch", po::value(&batch)->default_value(batch), "samples each simulation runs (fixed for every candidate)")
      ("jobs", po::value(&jobs)->default_value(jobs), "pimsim processes at once (local pool)")
      ("pool", po::value(&pool_kind)->default_value(pool_kind),
       "local: pimsim processes on this machine (--jobs); mpi: on the worker ranks of an MPI job, one each "
       "(mpirun -np N autorac run ... --pool mpi; docs/mpi.md)")
      ("rank-timeout", po::value(&rank_timeout)->default_value(rank_timeout),
       "--pool mpi: seconds a busy worker rank may stay silent before its simulation goes to another rank")
      ("sim-time-limit", po::value(&sim_limit)->default_value(sim_limit), "seconds a simulation may take before it fails")
      ("target-latency-ns", po::value(&opt.targets.latency_ns)->default_value(0), "latency target per sample (0: initial median)")
      ("target-energy-nj", po::value(&opt.targets.energy_nj)->default_value(0), "energy target per sample (0: initial median)")
      ("target-area-mm2", po::value(&opt.targets.area_mm2)->default_value(0), "chip area target (0: initial median)")
      ("penalty", po::value(&opt.targets.penalty)->default_value(opt.targets.penalty),
       "log-loss units per 100 % of a cost above its target")
      ("lossy-adc", po::value(&lossy)->default_value(lossy),
       "reject: a design whose ADC loses information is invalid (the supernet's log loss does not model ADC loss; the "
       "optimized mapping then uses fewer rows per crossbar where that makes it lossless); allow: such designs compete")
      ("cost", po::value(&cost_kind)->default_value(cost_kind),
       "measured: optimise the SystemC simulator's figures; analytical: the analytical twin's (each candidate is still "
       "simulated, so the report measures the analytical choice)")
      ("pimsim", po::value(&pimsim), "pimsim binary (default: the build tree's, else PATH)")
      ("baselines", po::value(&baselines)->default_value(baselines), "folder of the handcrafted baselines' architectures")
      ("baseline-names", po::value(&baseline_names)->default_value(baseline_names),
       "the baselines the headline trains and simulates, comma-separated (<baselines>/<name>.json each)")
      ("no-headline", po::bool_switch(&no_headline), "skip the headline (training and simulating the winner and the baselines)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "autorac run: " << e.what() << "\n" << d << "\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << d << "\n";
    return 0;
  }
  const models::SpaceConfig model = models::spaceByName(space_name);
  if (batch < 1 || jobs < 1) throw InputError("--batch/--jobs", "", "must be at least 1");
  if (sim_limit < 0) throw InputError("--sim-time-limit", "", "must be 0 (none) or more seconds");
  const auto& e = opt.evolution;
  if (e.population < 1 || e.sample < 1 || e.sample > e.population || e.children < 1 || e.generations < 0)
    throw InputError("--population/--sample/--children/--generations", "",
                     "need population >= sample >= 1, children >= 1 and generations >= 0 (got " +
                         std::to_string(e.population) + ", " + std::to_string(e.sample) + ", " + std::to_string(e.children) +
                         ", " + std::to_string(e.generations) + ")");
  if (cost_kind != "measured" && cost_kind != "analytical")
    throw InputError("--cost", "", "must be measured or analytical, not '" + cost_kind + "'");
  opt.analytical_costs = cost_kind == "analytical";
  if (lossy != "reject" && lossy != "allow") throw InputError("--lossy-adc", "", "must be reject or allow, not '" + lossy + "'");
  if (pool_kind != "local" && pool_kind != "mpi") throw InputError("--pool", "", "must be local or mpi, not '" + pool_kind + "'");
  if (!(rank_timeout > 0)) throw InputError("--rank-timeout", "", "must be more than 0 seconds");
  if (!(val_fraction > 0 && val_fraction < 1))
    throw InputError("--val-fraction", std::to_string(val_fraction),
                     "must be in (0, 1): the scorer recalibrates on the validation split");
  if (finetune_steps < -1) throw InputError("--finetune-steps", std::to_string(finetune_steps), "must be -1 (default), 0 or more");
  if (supernet_epochs < 1) throw InputError("--supernet-epochs", std::to_string(supernet_epochs), "must be 1 or more");
  for (const auto& [name, v] : {std::pair<const char*, double>{"--target-latency-ns", opt.targets.latency_ns},
                                {"--target-energy-nj", opt.targets.energy_nj},
                                {"--target-area-mm2", opt.targets.area_mm2},
                                {"--penalty", opt.targets.penalty}})
    if (!(v >= 0)) throw InputError(name, std::to_string(v), "must be 0 or more");
  std::vector<std::string> baseline_list;
  for (size_t from = 0; from <= baseline_names.size();) {
    const size_t comma = std::min(baseline_names.find(',', from), baseline_names.size());
    const std::string name = baseline_names.substr(from, comma - from);
    from = comma + 1;
    if (name.empty()) throw InputError("--baseline-names", baseline_names, "an empty name (names are comma-separated)");
    // A name is a file stem in --baselines and in the headline's folder, and a key of the database.
    if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos)
      throw InputError("--baseline-names", name, "a name takes letters, digits, '_' and '-' only");
    if (name == "searched") throw InputError("--baseline-names", name, "'searched' names the winner's own row");
    if (std::find(baseline_list.begin(), baseline_list.end(), name) != baseline_list.end())
      throw InputError("--baseline-names", name, "named twice");
    if (!no_headline && !fs::exists(fs::path(baselines) / (name + ".json")))
      throw InputError("--baseline-names", name, "no architecture " + (fs::path(baselines) / (name + ".json")).string());
    if (!no_headline) models::Arch::load((fs::path(baselines) / (name + ".json")).string());  // a bad one: exit 2 now, not after the search
    baseline_list.push_back(name);
  }
  models::CtrSource(data, {});  // an unknown format or bad synthetic options: exit 2 now, not in a child
  if (!eval_data.empty()) models::CtrSource(eval_data, {});
#ifdef AUTORAC_HAVE_MPI
  // Every rank runs this command; all but rank 0 only serve scores and simulations (docs/mpi.md).
  std::unique_ptr<MpiSession> mpi;
  if (pool_kind == "mpi") {
    mpi = std::make_unique<MpiSession>();
    if (!mpi->isRoot()) {
      serveMpiWorker(*mpi);
      return 0;
    }
    std::cerr << "run: MPI job of " << mpi->size() << " ranks: rank 0 searches, " << mpi->size() - 1
              << " score and simulate\n";
  }
#else
  if (pool_kind == "mpi") throw InputError("--pool", "", "this autorac was built without MPI (docs/mpi.md)");
#endif
  std::error_code mkdir_error;
  fs::create_directories(out, mkdir_error);
  if (mkdir_error) throw InputError("--out", out, "cannot create the folder (" + mkdir_error.message() + ")");
  if (db.empty()) db = (fs::path(out) / "search.db").string();
  if (pimsim.empty()) pimsim = defaultPimsim(self);
  opt.db = db;
  opt.out = out;
  opt.progress = true;

  if (weights.empty()) {
    weights = (fs::path(out) / "supernet").string();
    // The checkpoint names the weights its run selected on validation only once the run has finished
    // (this command always selects: --select-every); one without them is a training that was stopped,
    // by a kill or a crash, and is resumed from its last checkpoint rather than used half-trained.
    bool finished = false;
    int64_t stopped_at = -1;
    if (fs::exists(weights + ".json")) {
      std::ifstream in(weights + ".json");
      const nlohmann::json meta = nlohmann::json::parse(in, nullptr, false);
      finished = !meta.is_discarded() && meta.contains("selected_model_file");
      stopped_at = meta.is_discarded() ? 0 : meta.value("step", int64_t(0));
    }
    if (!finished) {
      if (stopped_at >= 0)
        std::cerr << "run: the supernet's training in " << weights << " stopped at step " << stopped_at
                  << " before it finished: resuming it\n";
      else
        std::cerr << "run: training the supernet on " << data << " (" << space_name << " space, " << supernet_epochs
                  << " epochs) into " << weights << "\n";
      Command train;
      train.argv = {self, "train-supernet", "--data", data, "--space", space_name, "--epochs", std::to_string(supernet_epochs),
                    "--batch", "128", "--val-fraction", std::to_string(val_fraction), "--select-every", "50",
                    "--checkpoint", weights, "--log-every", "100"};
      if (stopped_at >= 0) train.argv.push_back("--resume");
      train.attached = true;
      const Outcome o = LocalPool(1).run({train}).front();
      if (!o.ok()) {
        std::cerr << "autorac run: supernet training failed (" << o.describe() << ")\n";
        return o.exit_code == 2 ? 2 : 1;
      }
    } else {
      std::cerr << "run: using the supernet trained before in " << weights << "\n";
    }
  }
  if (!fs::exists(weights + ".json"))
    throw InputError(weights, "", "no supernet checkpoint here (--weights takes the --checkpoint prefix of train-supernet)");
  opt.context = {{"data", data}, {"eval_data", eval_data}, {"space", space_name}, {"weights", weights}, {"val_fraction", val_fraction},
                 {"finetune_steps", finetune_steps}, {"lossy_adc", lossy}, {"design", "isaac"}};
  const std::string trace_dir = (fs::path(out) / "traces").string();
  fs::create_directories(trace_dir);
  std::vector<std::string> scorer = {self, "score", "--weights", weights, "--data", data, "--val-fraction",
                                     std::to_string(val_fraction), "--threads", "1", "--trace-dir", trace_dir};
  if (!eval_data.empty()) scorer.insert(scorer.end(), {"--eval-data", eval_data});
  if (finetune_steps >= 0) scorer.insert(scorer.end(), {"--finetune-steps", std::to_string(finetune_steps)});
  // Local: one scorer here and --jobs pimsim processes. MPI: both on the worker ranks.
  std::unique_ptr<ScorerClient> client;
  std::unique_ptr<AccuracyEvaluator> accuracy;
  std::unique_ptr<WorkerPool> pool;
#ifdef AUTORAC_HAVE_MPI
  std::unique_ptr<MpiDispatcher> dispatcher;
  if (mpi) {
    dispatcher = std::make_unique<MpiDispatcher>(*mpi, rank_timeout);
    accuracy = std::make_unique<MpiScorer>(*dispatcher, scorer);
    pool = std::make_unique<MpiPool>(*dispatcher);
  }
#endif
  if (!pool) {
    client = std::make_unique<ScorerClient>(scorer);
    accuracy = std::make_unique<ScorerAccuracy>(*client);
    pool = std::make_unique<LocalPool>(jobs);
  }
  CostEvaluator cost(pimsim, batch, sim_limit, *pool, lossy == "allow");
  JointSpace space(model);
  Study study(space, opt, *accuracy, cost);
  nlohmann::json report = study.run();
#ifdef AUTORAC_HAVE_MPI
  if (mpi) mpi->stopWorkers();  // the headline runs at rank 0: the other ranks' nodes are free now
#endif
  std::string md = "# AutoRAC co-search study\n\n";
  if (!no_headline && report.contains("winner")) {
    // The headline: the winner and the handcrafted baselines trained stand-alone and simulated.
    HeadlineSettings hs;
    hs.autorac = self, hs.pimsim = pimsim, hs.data = data, hs.out = (fs::path(out) / "headline").string();
    hs.val_fraction = val_fraction, hs.eval_data = eval_data, hs.batch = batch, hs.allow_lossy_adc = lossy == "allow", hs.baselines_dir = baselines;
    hs.baselines = baseline_list;
    LocalPool serial(1);  // LibTorch trainings use both cores
    const auto store = Database::ofFinishedSearch(db);
    const nlohmann::json headline = buildHeadline(hs, Candidate::fromJson(report["winner"]["candidate"]), serial, *store);
    report["headline"] = headline;
    md += "## Headline\n\n" + headlineMarkdown(headline) + "\n" + headline["protocol"].get<std::string>() +
          ".\n\nEvery row above is a row of `" + db + "`: table `headline_rows` by its design's label, with the "
          "model's training in table `headline_models` by name; each simulated row's pimsim report is `headline/<label>.report.json`.\n\n";
    trace::StagedFile((fs::path(out) / "headline.json").string(), headline.dump(2) + "\n").commit();
  }
  md += "## Study\n\n```\n" + Study::reportText(report) + "```\n\nEvery candidate is a row of `" + db +
        "` (table `candidates`, by ordinal: the `#` numbers above); each simulated one's pimsim report is "
        "`reports/c<ordinal>.json`.\n";
  // Plots (gnuplot SVG) and the HTML report that shows them.
  std::vector<std::string> plots;
  if (report.contains("winner")) {
    nlohmann::json winner_report;
    const std::string wr = report["winner"]["pimsim_report"];
    if (fs::exists(wr)) {
      std::ifstream in(wr);
      winner_report = nlohmann::json::parse(in);
    }
    LocalPool one(1);
    plots = writePlots(report, report["valid_candidates"], winner_report, (fs::path(out) / "plots").string(), one);
  }
  md += plots.empty() ? "\n(No plots: gnuplot is not installed.)\n" : "\n## Plots\n\n";
  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>AutoRAC co-search study</title></head><body>\n"
                     "<h1>AutoRAC co-search study</h1>\n<pre>\n" + md + "</pre>\n";
  for (const auto& p : plots) {
    const std::string rel = fs::relative(p, out).string();
    md += "![" + fs::path(p).stem().string() + "](" + rel + ")\n\n";
    html += "<p><img src=\"" + rel + "\" alt=\"" + fs::path(p).stem().string() + "\"></p>\n";
  }
  html += "</body></html>\n";
  trace::StagedFile((fs::path(out) / "report.md").string(), md).commit();
  trace::StagedFile((fs::path(out) / "report.html").string(), html).commit();
  std::cout << md << "\n  report: " << (fs::path(out) / "report.md").string() << ", " << (fs::path(out) / "study.json").string()
            << ", database: " << db << "\n";
  return 0;
}

}  // namespace autorac::search
