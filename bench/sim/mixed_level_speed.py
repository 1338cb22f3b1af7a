#!/usr/bin/env python3
"""Wall time of pimsim with verilated blocks inside the chip (--rtl) against the pure C++/SystemC run.

For each example trace and mapping, pimsim runs REPEATS times without and with `--rtl <block>`
(the S+A on the functional run of fc_small_tensors at the trace's batch, the only example with tensors),
alternating, as whole processes; the medians and their ratio are printed, and the two reports are
checked byte for byte (mixed-level simulation must not change a figure). Usage:
    bench/sim/mixed_level_speed.py [build_dir] [repeats] [batch]
"""
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
batch = sys.argv[3] if len(sys.argv) > 3 else "256"
pimsim = os.path.join(build, "sim", "pimsim")
# Every block pimsim --rtl offers, with the runs it is measured on: the router in timing runs of the
# example recommenders; the S+A in functional runs (--functional), which need a trace with tensors.
cases = [(trace, design, mapping, "router", []) for trace in ("dlrm", "deepfm") for design in ("isaac", "neurosim22")
         for mapping in ("naive", "optimized")]
cases += [(trace, "isaac", mapping, "adcseq", extra) for trace in ("dlrm", "deepfm") for mapping in ("naive", "optimized")
          for extra in ([], ["--set", "adc.crossbars_per_group=4"])]
cases += [("fc_small_tensors", "isaac", mapping, "sa", ["--functional"]) for mapping in ("naive", "optimized")]

print(f"batch {batch}, {repeats} runs each, median wall seconds of the whole process")
print(f"{'trace':<18}{'design':<12}{'mapping':<11}{'block':<8}{'C++ s':>8}{'RTL s':>8}{'ratio':>8}  report  options")
with tempfile.TemporaryDirectory() as tmp:
    for trace, design, mapping, block, extra_args in cases:
        base = ["--trace", os.path.join(root, "traces", "examples", trace + ".json"), "--design", design,
                "--mapping", mapping] + (["--batch", batch] if block != "sa" else []) + extra_args
        runs = {"cpp": ([], os.path.join(tmp, "cpp.json"), []), "rtl": ([], os.path.join(tmp, "rtl.json"), ["--rtl", block])}
        for _ in range(repeats):
            for times, report, extra in runs.values():
                start = time.perf_counter()
                subprocess.run([pimsim] + base + extra + ["--report", report], check=True, capture_output=True)
                times.append(time.perf_counter() - start)
        cpp, rtl = statistics.median(runs["cpp"][0]), statistics.median(runs["rtl"][0])
        same = filecmp.cmp(runs["cpp"][1], runs["rtl"][1], shallow=False)
        print(f"{trace:<18}{design:<12}{mapping:<11}{block:<8}{cpp:>8.3f}{rtl:>8.3f}{rtl / cpp:>8.2f}  "
              f"{'identical' if same else 'DIFFERS'}  {' '.join(extra_args)}")
