// Uniform random traffic on a mesh at increasing injection rates, up to saturation: writes CSV
// (offered flits/node/cycle, average packet latency, accepted flits/node/cycle, ...).
//
// It drives MeshCore, the cycle engine behind MeshInterconnect, directly: one SystemC elaboration per
// process would otherwise allow a single rate per run, and the wrapper adds only scheduling. Each
// node creates packets by a Bernoulli process (probability rate / flits per cycle) into an unbounded
// source queue; latency runs from creation to the tail's ejection, source queueing included (as in
// BookSim). Packets created during the measurement window are tracked until they drain.
//
//   noc_curve [--out FILE] [--side 8] [--payload-bits 128] [--router-cycles 2] [--link-cycles 1]
//             [--buffer-flits 8] [--flit-bits 32] [--warmup 5000] [--measure 20000] [--step 0.02]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "hw/noc/MeshCore.h"

namespace {

using autorac::hw::TileId;
using autorac::hw::noc::MeshConfig;
using autorac::hw::noc::MeshCore;

struct Options {
  std::string out = "noc_curve.csv";
  int side = 8, payload_bits = 128;
  MeshConfig mesh;
  int64_t warmup = 5000, measure = 20000, drain_limit = 100000;
  double step = 0.02, max_rate = 1.0;
  unsigned seed = 1;
};

struct Point {
  double offered = 0, latency = 0, accepted = 0;
  uint64_t measured_packets = 0;
  bool drained = true;
  double wall_s = 0;
};

Point run(const Options& o, double rate) {
  const auto wall0 = std::chrono::steady_clock::now();
  MeshCore core(o.mesh);
  const int nodes = o.mesh.tiles;
  const int64_t flits = autorac::hw::noc::packetFlits(o.payload_bits, o.mesh.flit_bits);
  const double p = rate / double(flits);
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> coin(0, 1);
  std::uniform_int_distribution<int> other(0, nodes - 2);
  const int64_t m0 = o.warmup, m1 = o.warmup + o.measure;
  uint64_t outstanding = 0, measured = 0, window_flits = 0;
  double latency_sum = 0;
  core.setEjectionObserver([&](const MeshCore::Ejection& e) {
    if (e.cycle >= m0 && e.cycle < m1) ++window_flits;
  });
  int64_t t = 0;
  for (; t < m1 || (outstanding > 0 && t < m1 + o.drain_limit); ++t) {
    if (t < m1) {
      for (int n = 0; n < nodes; ++n) {
        if (coin(rng) >= p) continue;
        int dst = other(rng);
        if (dst >= n) ++dst;  // uniform over the other nodes
        const bool tracked = t >= m0;
        outstanding += tracked;
        core.inject(TileId(n), TileId(dst), o.payload_bits, t, nullptr);
      }
    }
    if (core.nextCycle() <= t) core.step(t);
    for (const auto& c : core.completions()) {
      if (c.queued_cycle < m0) continue;  // injected before the measured window
      --outstanding;
      ++measured;
      latency_sum += double(c.done_cycle - c.queued_cycle);
    }
    core.completions().clear();
  }
  Point pt;
  pt.offered = rate;
  pt.measured_packets = measured;
  pt.latency = measured ? latency_sum / double(measured) : 0;
  pt.accepted = double(window_flits) / double(nodes) / double(o.measure);
  pt.drained = outstanding == 0;
  pt.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return pt;
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (a == "--out") o.out = v;
    else if (a == "--side") o.side = std::atoi(v);
    else if (a == "--payload-bits") o.payload_bits = std::atoi(v);
    else if (a == "--router-cycles") o.mesh.router_cycles = std::atoi(v);
    else if (a == "--link-cycles") o.mesh.link_cycles = std::atoi(v);
    else if (a == "--buffer-flits") o.mesh.buffer_flits = std::atoi(v);
    else if (a == "--flit-bits") o.mesh.flit_bits = std::atoi(v);
    else if (a == "--warmup") o.warmup = std::atoll(v);
    else if (a == "--measure") o.measure = std::atoll(v);
    else if (a == "--step") o.step = std::atof(v);
    else if (a == "--max-rate") o.max_rate = std::atof(v);
    else if (a == "--seed") o.seed = unsigned(std::atoi(v));
    else return false;
  }
  return o.side > 1 && o.payload_bits > 0 && o.step > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.mesh.router_cycles = 2;
  o.mesh.link_cycles = 1;
  o.mesh.buffer_flits = 8;
  o.mesh.flit_bits = 32;
  if (!parse(argc, argv, o)) {
    std::cerr << "usage: noc_curve [--out FILE] [--side N] [--payload-bits B] [--router-cycles R] [--link-cycles L]\n"
                 "                 [--buffer-flits B] [--flit-bits W] [--warmup C] [--measure C] [--step S]\n"
                 "                 [--max-rate S] [--seed N]\n";
    return 2;
  }
  o.mesh.tiles = o.side * o.side;
  o.mesh.concentration = 1;
  std::ofstream csv(o.out);
  if (!csv) {
    std::cerr << "noc_curve: cannot write " << o.out << "\n";
    return 1;
  }
  csv << "# " << o.side << "x" << o.side << " mesh, uniform random, " << o.payload_bits << "-bit payload ("
      << autorac::hw::noc::packetFlits(o.payload_bits, o.mesh.flit_bits) << " flits), router_cycles "
      << o.mesh.router_cycles << ", link_cycles " << o.mesh.link_cycles << ", buffer_flits " << o.mesh.buffer_flits
      << ", warmup " << o.warmup << ", measure " << o.measure << " cycles\n";
  csv << "offered_flits_per_node_cycle,avg_packet_latency_cycles,accepted_flits_per_node_cycle,measured_packets,"
         "drained,wall_s\n";
  const auto wall0 = std::chrono::steady_clock::now();
  double zero_load = 0;
  int past_saturation = 0;
  for (int k = 1; double(k) * o.step <= o.max_rate + 1e-9 && past_saturation < 2; ++k) {
    const double rate = double(k) * o.step;
    const Point pt = run(o, rate);
    if (k == 1) zero_load = pt.latency;
    // Saturated: the network no longer accepts what is offered, or latency has run away.
    const bool saturated = !pt.drained || pt.accepted < 0.95 * rate || pt.latency > 10 * zero_load;
    past_saturation += saturated;
    csv << rate << "," << pt.latency << "," << pt.accepted << "," << pt.measured_packets << ","
        << (pt.drained ? 1 : 0) << "," << pt.wall_s << "\n";
    std::printf("rate %.3f  latency %8.2f  accepted %.4f  %s(%.2f s)\n", rate, pt.latency, pt.accepted,
                saturated ? "saturated " : "", pt.wall_s);
  }
  std::printf("total %.2f s; CSV in %s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count(), o.out.c_str());
  return 0;
}
