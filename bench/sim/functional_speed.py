#!/usr/bin/env python3
"""What `pimsim --functional` costs beside the timing-only run of the same trace, side by side in one run.

Under --functional the crossbars compute every fc op's values as the SystemC run goes and the run's
transfers carry them (docs/trace-format.md, "Tensor sidecar"); the timing figures are the same. For
each case below the script writes an fc trace with random integer tensors, runs pimsim REPEATS times
each way, alternating (the machine's speed drifts), and prints the median wall times, their ratio,
the datapath's own share (pimsim's "functional datapath" wall time), the peak memory of each, and
the values the interconnect carried between tiles. Standard library only.
Usage: bench/sim/functional_speed.py [build_dir] [repeats]
"""
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
pimsim = os.path.join(build, "sim", "pimsim")

# name, K, N, weight and input bits, samples (the batch), extra pimsim arguments
cases = [
    ("fc 1024x512, 8-bit, isaac naive", 1024, 512, 8, 64, []),
    ("fc 2048x2048, 16-bit, isaac naive", 2048, 2048, 16, 1, []),
    ("fc 400x90 over 2-crossbar tiles, optimized", 400, 90, 8, 64,
     ["--mapping", "optimized", "--set", "pe.crossbars=2", "--set", "tile.pes=1", "--set", "interconnect.concentration=1"]),
]


def write_trace(folder, name, k, n, bits, samples):
    rng = random.Random(1)
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    tensors = {"fc.weight": {"shape": [n, k], "data": [rng.randint(lo, hi) for _ in range(n * k)]},
               "fc.input": {"shape": [samples, k], "data": [rng.randint(lo, hi) for _ in range(samples * k)]}}
    with open(os.path.join(folder, name + ".tensors.json"), "w") as f:
        json.dump({"format": "autorac-tensors", "version": 1, "tensors": tensors}, f)
    path = os.path.join(folder, name + ".json")
    with open(path, "w") as f:
        json.dump({"format": "autorac-trace", "version": 1, "name": name, "batch": samples,
                   "inputs": [{"id": "x", "shape": [k], "bits": bits, "signed": True}],
                   "ops": [{"id": "fc", "type": "fc", "inputs": ["x"], "in_features": k, "out_features": n,
                            "weight_bits": bits, "act_bits": bits}],
                   "tensors": name + ".tensors.json"}, f)
    return path


def run(args, report):
    """Wall seconds, peak resident MB, and the datapath's own seconds (0 for a timing run)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", pimsim, *args, "--report", report],
                         check=True, capture_output=True, text=True)
    wall, kb = out.stderr.strip().splitlines()[-1].split()
    datapath = re.search(r"functional datapath ([0-9.e+-]+)", out.stdout)
    return float(wall), int(kb) / 1024, float(datapath.group(1)) if datapath else 0.0


print(f"{'case':<44} {'timing s':>9} {'functional s':>13} {'ratio':>6} {'datapath s':>11} {'MB':>13} {'values carried':>15}")
with tempfile.TemporaryDirectory() as tmp:
    for i, (label, k, n, bits, samples, extra) in enumerate(cases):
        trace = write_trace(tmp, f"case{i}", k, n, bits, samples)
        timing, functional, datapath, mem_t, mem_f = [], [], [], [], []
        report = os.path.join(tmp, "r.json")
        for _ in range(repeats):
            w, mb, _ = run(["--trace", trace, *extra], report)
            timing.append(w)
            mem_t.append(mb)
            w, mb, d = run(["--trace", trace, "--functional", *extra], report)
            functional.append(w)
            mem_f.append(mb)
            datapath.append(d)
        carried = json.load(open(report))["functional"][0]["values_carried"]
        t, f = statistics.median(timing), statistics.median(functional)
        print(f"{label:<44} {t:>9.3f} {f:>13.3f} {f / t:>6.2f} {statistics.median(datapath):>11.3f} "
              f"{max(mem_t):>6.0f}/{max(mem_f):<6.0f} {carried:>15,}")
