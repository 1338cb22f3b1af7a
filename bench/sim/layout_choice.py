#!/usr/bin/env python3
"""What the optimized mapper's layout choice is worth once measured.

Where a weight matrix spans tiles, the optimized mapping maps the trace three ways (whole columns
reduced on the first tile, rows across tiles with spread reductions, whole columns with spread
reductions: docs/mapping.md) and keeps the one with the shortest analytical interval. The twin is
within about 10 % of the measurement, so on close calls it may pick the slower layout. This maps
every example and held-out trace (bench/sim/held_out.py) each way with `pimsim --layout`, on both
presets and on crossbar sizes a co-search tries, simulates each at batch 256, and prints, per case
where the layouts differ, the twin's interval and the measured cycles of each, which the twin chose,
and its regret (its choice's measured cycles over the fastest layout's); then the same for
`--layout measured` (each layout simulated for a short batch, the fastest kept: sim/run/LayoutProbe)
and what its probes cost in wall time, measured side by side with the twin's choice. Standard library only.
Usage: bench/sim/layout_choice.py [build_dir] [batch]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import held_out

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
batch = sys.argv[2] if len(sys.argv) > 2 else "256"
pimsim = os.path.join(build, "sim", "pimsim")
examples = os.path.join(root, "traces", "examples")
LAYOUTS = ("columns", "rows-spread", "columns-spread")
DESIGNS = (("isaac", []), ("neurosim22", []),
           ("isaac 64x64", ["crossbar.rows=64", "crossbar.cols=64"]),
           ("isaac 256x256", ["crossbar.rows=256", "crossbar.cols=256"]),
           ("neurosim22 256x256", ["crossbar.rows=256", "crossbar.cols=256"]))
# The recommenders (the single-op examples never span tiles with a choice to make).
RECOMMENDERS = ("autoint", "dcnv2", "deepfm", "dlrm", "mlp_512_256_128_1")


def run(design, sets, path, layout, report):
    cmd = [pimsim, "--design", design.split()[0], "--trace", path, "--mapping", "optimized", "--batch", batch,
           "--layout", layout, "--report", report]
    for s in sets:
        cmd += ["--set", s]
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        return None  # e.g. the trace does not fit this chip
    r = json.load(open(report))
    return {"wall": wall, "cycles": r["cycles"], "interval": r["analytical"]["interval_cycles"], "ratio": r["measured_over_analytical_cycles"],
            "layout": (r["mapping"]["matrix_layout"], r["mapping"]["reduction"])}


def name_of(result, forced):
    for layout in LAYOUTS:
        if forced[layout] and forced[layout]["layout"] == result["layout"] and forced[layout]["interval"] == result["interval"]:
            return layout
    return "?"


with tempfile.TemporaryDirectory() as tmp:
    report = os.path.join(tmp, "r.json")
    traces = [(t, os.path.join(examples, t + ".json")) for t in RECOMMENDERS] + held_out.write_all(tmp)
    print(f"batch {batch}; twin = analytical interval (cycles per sample), measured = cycles for the batch, m/a = measured over\n"
          "analytical cycles for the batch\n")
    print(f"{'design':<19} {'trace':<18} " + " ".join(f"{l + ' twin':>20} {'measured':>9} {'m/a':>5}" for l in LAYOUTS)
          + f" {'twin picks':>15} {'fastest':>15} {'regret':>7} {'measured picks':>15} {'regret':>7}")
    regrets, cases, wrong = [], 0, 0
    probe_regrets, probe_wrong, wall_auto, wall_probed = [], 0, 0.0, 0.0
    for design, sets in DESIGNS:
        for t, path in traces:
            forced = {l: run(design, sets, path, l, report) for l in LAYOUTS}
            auto = run(design, sets, path, "auto", report)
            probed = run(design, sets, path, "measured", report)
            got = [f for f in forced.values() if f]
            if auto is None or probed is None or len(got) < 2 or len({(f["cycles"], f["interval"]) for f in got}) == 1:
                continue  # one layout only (no matrix spans tiles), or no fit
            cases += 1
            picked = name_of(auto, forced)
            fastest = min((l for l in LAYOUTS if forced[l]), key=lambda l: forced[l]["cycles"])
            regret = auto["cycles"] / forced[fastest]["cycles"]
            regrets.append(regret)
            wrong += regret > 1.0
            probe_pick = name_of(probed, forced)
            probe_regret = probed["cycles"] / forced[fastest]["cycles"]
            probe_regrets.append(probe_regret)
            probe_wrong += probe_regret > 1.0
            wall_auto += auto["wall"]
            wall_probed += probed["wall"]
            cells = " ".join(f"{forced[l]['interval']:>20} {forced[l]['cycles']:>9} {forced[l]['ratio']:>5.2f}" if forced[l] else f"{'-':>20} {'-':>9} {'-':>5}"
                             for l in LAYOUTS)
            print(f"{design:<19} {t:<18} {cells} {picked:>15} {fastest:>15} {regret:>7.3f} {probe_pick:>15} {probe_regret:>7.3f}", flush=True)
    if regrets:
        print(f"\n{cases} cases where the layouts differ; the twin picked a slower layout than the fastest in {wrong}; "
              f"regret median {statistics.median(regrets):.3f}, mean {statistics.mean(regrets):.3f}, max {max(regrets):.3f}")
        print(f"--layout measured: a slower layout than the fastest in {probe_wrong}; regret median "
              f"{statistics.median(probe_regrets):.3f}, mean {statistics.mean(probe_regrets):.3f}, max {max(probe_regrets):.3f}; "
              f"pimsim wall time {wall_probed:.1f} s against {wall_auto:.1f} s with the twin's choice ({wall_probed / wall_auto:.2f}x)")
