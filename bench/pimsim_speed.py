#!/usr/bin/env python3
"""pimsim's speed on the 512-256-128-1 MLP example (isaac preset) at batch 1, 64 and 1024.

Each configuration runs REPEATS times as a whole process (start-up included, as a user sees it); the
median wall time is reported with the simulated cycles per second it implies. The analytical model's
time for the same work comes from bench_analytical (Google Benchmark) in the same run, so the ratio
is measured side by side. Usage: bench/pimsim_speed.py [build_dir] [repeats]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

if any(a in ("-h", "--help") for a in sys.argv[1:]):
    print(__doc__.strip())
    sys.exit(0)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
if len(sys.argv) > 2 and not (sys.argv[2].isdigit() and int(sys.argv[2]) > 0):
    sys.exit(f"bench/pimsim_speed.py: repeats must be a whole number above 0, not '{sys.argv[2]}' (--help for usage)")
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
pimsim = os.path.join(build, "sim", "pimsim")
if not os.path.exists(pimsim):
    sys.exit(f"bench/pimsim_speed.py: no pimsim at {pimsim}: pass the build folder (--help for usage)")
trace = os.path.join(root, "traces", "examples", "mlp_512_256_128_1.json")

analytical = {}
bench = os.path.join(build, "bench", "sim", "bench_analytical")
if os.path.exists(bench):
    out = subprocess.run([bench, "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    for b in json.loads(out)["benchmarks"]:
        analytical[int(b["name"].split("/")[1])] = b["real_time"] * 1e-6  # µs -> s

print(f"{'batch':>6} {'wall s (median)':>16} {'sim. cycles':>12} {'cycles/s':>12} {'analytical s':>13} {'ratio':>8}")
with tempfile.TemporaryDirectory() as tmp:
    for batch in (1, 64, 1024):
        walls = []
        report = os.path.join(tmp, "r.json")
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([pimsim, "--design", "isaac", "--trace", trace, "--batch", str(batch), "--report", report],
                           check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
        wall = statistics.median(walls)
        cycles = json.load(open(report))["cycles"]
        a = analytical.get(batch)
        a_text = f"{a:13.6f}" if a else f"{'n/a':>13}"
        ratio = f"{wall / a:8.0f}" if a else f"{'':>8}"
        print(f"{batch:>6} {wall:16.4f} {cycles:>12} {cycles / wall:12.4g} {a_text} {ratio}")
