#!/usr/bin/env python3
"""Throughput and energy of the example models under the naive and the optimized mapping (isaac,
batch given, default 256), simulated with pimsim, and pimsim's wall time for each run.
Usage: bench/mapping_compare.py [build_dir] [batch]"""
import json
import os
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
batch = sys.argv[2] if len(sys.argv) > 2 else "256"
pimsim = os.path.join(build, "sim", "pimsim")
print(f"{'model':<10} {'mapping':<10} {'crossbars':>9} {'cycles':>10} {'samples/s':>11} {'nJ/sample':>10} "
      f"{'meas/anal':>9} {'wall s':>7} {'cycles/s':>10}")
with tempfile.TemporaryDirectory() as tmp:
    for model in ("mlp_512_256_128_1", "dlrm", "deepfm", "autoint", "dcnv2"):
        through = {}
        for mapping in ("naive", "optimized"):
            report = os.path.join(tmp, "r.json")
            start = time.perf_counter()
            subprocess.run([pimsim, "--trace", os.path.join(root, "traces", "examples", model + ".json"),
                            "--mapping", mapping, "--batch", batch, "--report", report], check=True, capture_output=True)
            wall = time.perf_counter() - start
            r = json.load(open(report))
            through[mapping] = r["throughput_samples_per_s"]
            print(f"{model:<10} {mapping:<10} {r['mapping']['crossbars_used']:>9} {r['cycles']:>10} "
                  f"{r['throughput_samples_per_s']:>11.4g} {r['energy_pj']['total'] / 1e3 / int(batch):>10.4g} "
                  f"{r['measured_over_analytical_cycles']:>9.4f} {wall:>7.3f} {r['cycles'] / wall:>10.3g}")
        print(f"{model:<10} optimized/naive throughput: {through['optimized'] / through['naive']:.2f}x")
