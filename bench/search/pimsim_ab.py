#!/usr/bin/env python3
"""Two pimsim binaries side by side on a co-search's own candidates: wall time and the mapping's
share of it, and whether the reports agree.

Every valid candidate of a study's database (`autorac run --out W`: W/search.db, its traces in
W/traces and reports in W/reports) is re-simulated with the flags the search gave it
(search/JointSpace.cpp, pimsimOverrides; the ADC bits and input register as its report states them),
`repeats` times per binary, the two binaries alternating so that the machine's drift falls on both.
It prints the summed wall time of each binary, their ratio (goal: at most 1.1, issue 8's "pimsim
must not get slower"), the summed "mapping and analytical" time pimsim reports, and the candidates
whose cycles or analytical cycles differ between the binaries.

Usage: bench/search/pimsim_ab.py W BASELINE_PIMSIM NEW_PIMSIM [repeats] [batch]
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

study, base, new = sys.argv[1], sys.argv[2], sys.argv[3]
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 2
batch = sys.argv[5] if len(sys.argv) > 5 else "64"
rows = sqlite3.connect(os.path.join(study, "search.db")).execute(
    "select ordinal, candidate from candidates where status = 'ok' order by ordinal").fetchall()


def command(binary, ordinal, candidate, report):
    hw = json.loads(candidate)["hw"]
    fields = json.load(open(os.path.join(study, "reports", f"c{ordinal}.json")))["design"]["fields"]
    sets = ["tiles=fit", f"crossbar.rows={hw['rows']}", f"crossbar.cols={hw['cols']}",
            f"crossbar.cell_bits={hw['cell_bits']}", f"adc.crossbars_per_group={hw['crossbars_per_adc']}",
            f"shift_add.units={hw['shift_add_units']}", f"adc.bits={fields['adc.bits']}",
            f"input_register.bytes={fields['input_register.bytes']}"]
    cmd = [binary, "--design", "isaac", "--trace", os.path.join(study, "traces", f"c{ordinal}.json"),
           "--mapping", hw["mapping"], "--batch", batch, "--report", report]
    for s in sets:
        cmd += ["--set", s]
    if hw["mapping"] == "optimized":
        cmd.append("--lossless-adc")
    return cmd


wall = {base: 0.0, new: 0.0}
mapping = {base: 0.0, new: 0.0}
differ = []
with tempfile.TemporaryDirectory() as tmp:
    for n, (ordinal, candidate) in enumerate(rows):
        figures = {}
        for r in range(repeats):
            for binary in ((base, new) if r % 2 == 0 else (new, base)):
                report = os.path.join(tmp, "base.json" if binary == base else "new.json")
                start = time.perf_counter()
                out = subprocess.run(command(binary, ordinal, candidate, report), check=True, capture_output=True,
                                     text=True).stdout
                wall[binary] += time.perf_counter() - start
                for line in out.splitlines():
                    if "mapping and analytical" in line:
                        mapping[binary] += float(line.split("mapping and analytical")[1].split(",")[0])
                rep = json.load(open(report))
                figures[binary] = (rep["cycles"], rep["analytical"]["cycles"])
        if figures[base] != figures[new]:
            differ.append((ordinal, figures[base], figures[new]))
        print(f"\r{n + 1}/{len(rows)} candidates", end="", file=sys.stderr, flush=True)
print(file=sys.stderr)
print(f"{len(rows)} candidates, {repeats} runs each per binary, batch {batch}")
print(f"wall s: baseline {wall[base]:.2f}, new {wall[new]:.2f}, new/baseline {wall[new] / wall[base]:.3f}")
print(f"mapping and analytical s: baseline {mapping[base]:.2f}, new {mapping[new]:.2f}")
print(f"candidates whose cycles differ: {len(differ)}")
for ordinal, b, n in differ:
    print(f"  #{ordinal}: baseline {b[0]} cycles (analytical {b[1]}), new {n[0]} (analytical {n[1]})")
