#!/usr/bin/env python3
"""Two pimsim binaries side by side on a co-search's own candidates: wall time and the mapping's
share of it, and whether the reports agree.

Every valid candidate of a study (`autorac run --out W`: W/search.db, W/study.json, its traces in
W/traces and reports in W/reports) is re-simulated as the search ran it. The command comes from the
candidate's own report, not from a copy of the search's recipe (search/CostEvaluator.cpp): the
design fields whose origin is `--set`, `tiles=fit` where the chip was fitted, the mapping strategy,
and `--lossless-adc` unless the report's ADC choice says it was not asked for; the batch is the
study's. Each candidate runs `repeats` times per binary, the two alternating so that the machine's
drift falls on both. It prints the summed wall time of each binary, their ratio (goal: at most 1.1,
issue 8's "pimsim must not get slower"), the summed "mapping and analytical" time pimsim reports, and
the candidates whose cycles or analytical cycles differ between the binaries.

Usage: bench/search/pimsim_ab.py W BASELINE_PIMSIM NEW_PIMSIM [--repeats N]
"""
import argparse
import json
import re
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("study", help="the study's folder (autorac run --out W)")
parser.add_argument("baseline", help="the pimsim binary to compare against")
parser.add_argument("new", help="the pimsim binary under test")
parser.add_argument("--repeats", type=int, default=2, help="runs per candidate and binary (default 2)")
args = parser.parse_args()
for binary in (args.baseline, args.new):
    if not os.access(binary, os.X_OK):
        sys.exit(f"pimsim_ab: {binary}: not an executable file")
db_path = os.path.join(args.study, "search.db")
study_path = os.path.join(args.study, "study.json")
for path in (db_path, study_path):
    if not os.path.isfile(path):
        sys.exit(f"pimsim_ab: {path}: no such file (is {args.study} an `autorac run --out` folder?)")
batch = str(json.load(open(study_path))["settings"]["batch"])
# Read-only: a mistyped folder must not leave an empty database behind.
rows = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True).execute(
    "select ordinal from candidates where status = 'ok' order by ordinal").fetchall()


def command(binary, ordinal, report):
    source = os.path.join(args.study, "reports", f"c{ordinal}.json")
    try:
        rep = json.load(open(source))
        design, mapping, adc = rep["design"], rep["mapping"], rep["adc"]
        sets = [f"{k}={design['fields'][k]}" for k, origin in design["origins"].items() if origin == "--set"]
        if design["origins"]["tiles"].startswith("fit"):
            sets.append("tiles=fit")
        cmd = [binary, "--design", design["name"], "--trace", os.path.join(args.study, "traces", f"c{ordinal}.json"),
               "--mapping", mapping["strategy"], "--batch", batch, "--report", report]
        # The mapper's ADC choice names --lossless-adc only where it was not asked for (sim/mapping/Mapper.cpp).
        if mapping["strategy"] == "optimized" and "(--lossless-adc:" not in adc["mapping_choice"]:
            cmd.append("--lossless-adc")
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"pimsim_ab: {source}: cannot rebuild the candidate's command ({type(e).__name__}: {e})")
    for s in sets:
        cmd += ["--set", s]
    return cmd


wall = {args.baseline: 0.0, args.new: 0.0}
mapping_s = {args.baseline: 0.0, args.new: 0.0}
differ = []
with tempfile.TemporaryDirectory() as tmp:
    for n, (ordinal,) in enumerate(rows):
        figures = {}
        for r in range(args.repeats):
            for binary in ((args.baseline, args.new) if r % 2 == 0 else (args.new, args.baseline)):
                report = os.path.join(tmp, "base.json" if binary == args.baseline else "new.json")
                cmd = command(binary, ordinal, report)
                start = time.perf_counter()
                run = subprocess.run(cmd, capture_output=True, text=True)
                wall[binary] += time.perf_counter() - start
                if run.returncode != 0:
                    sys.exit(f"pimsim_ab: candidate #{ordinal}: {binary} exited {run.returncode}: {run.stderr.strip()}")
                for line in run.stdout.splitlines():
                    if "mapping and analytical" in line:
                        # The number after the label (pimsim --layout measured adds "(with the layout probes)").
                        mapping_s[binary] += float(re.search(r"mapping and analytical[^0-9]*([0-9.eE+-]+)", line).group(1))
                rep = json.load(open(report))
                figures[binary] = (rep["cycles"], rep["analytical"]["cycles"])
        if figures[args.baseline] != figures[args.new]:
            differ.append((ordinal, figures[args.baseline], figures[args.new]))
        print(f"\r{n + 1}/{len(rows)} candidates", end="", file=sys.stderr, flush=True)
print(file=sys.stderr)
print(f"{len(rows)} candidates, {args.repeats} runs each per binary, batch {batch}")
print(f"wall s: baseline {wall[args.baseline]:.2f}, new {wall[args.new]:.2f}, "
      f"new/baseline {wall[args.new] / wall[args.baseline]:.3f}")
print(f"mapping and analytical s: baseline {mapping_s[args.baseline]:.2f}, new {mapping_s[args.new]:.2f}")
print(f"candidates whose cycles differ: {len(differ)}")
for ordinal, b, n in differ:
    print(f"  #{ordinal}: baseline {b[0]} cycles (analytical {b[1]}), new {n[0]} (analytical {n[1]})")
