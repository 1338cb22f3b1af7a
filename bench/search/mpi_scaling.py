#!/usr/bin/env python3
"""Candidates per minute of the co-search on 1, 2 and 3 MPI ranks, and the harness overhead per
candidate (docs/mpi.md). A short search (default: population 8, 4 children x 3 generations = 20
candidates, batch 64, generated data of 8,000 rows) runs once on the local pool (--jobs 1 and 2) for reference, then under
`mpirun -np N ... --pool mpi`; every run scores with the same supernet, trained once first.

Per run it prints, from study.json and the database:
  cand/min     candidates evaluated per minute (wall of the search, supernet excluded)
  accuracy s   wall time rank 0 waited for a generation's accuracy scores (and trace exports): on the
               local pool its own scorer, one candidate at a time; under MPI the worker ranks' scorers,
               one candidate per rank at a time
  sim wall s   wall time rank 0 waited for the simulations of all generations
  sim cpu s    the pimsim processes' own wall times, summed
  pool ms/cand (sim wall x simulating ranks - sim cpu) / candidates: dispatch, messages, and ranks idle
               at the end of a generation (the evolution's synchronisation point)
  harness ms/cand  the rest of rank 0's time (evolution, database writes, report), per candidate

Usage: bench/search/mpi_scaling.py [build_dir] [population children generations]
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
population, children, generations = (int(x) for x in (sys.argv[2:5] if len(sys.argv) > 4 else (8, 4, 3)))
autorac = os.path.join(build, "models", "autorac")
pimsim = os.path.join(build, "sim", "pimsim")
# What works as root in a container without ssh (the MPI tests use the same).
mpirun = ["mpirun", "--oversubscribe", "--allow-run-as-root", "--mca", "btl", "self,vader",
          "--mca", "btl_vader_single_copy_mechanism", "none"]
work = tempfile.mkdtemp(prefix="autorac-mpi-bench-")
data = "synthetic:rows=8000"  # the scorer's validation split: 800 rows
search = ["run", "--data", data, "--population", str(population), "--sample", "4",
          "--children", str(children), "--generations", str(generations), "--batch", "64",
          "--pimsim", pimsim, "--no-headline"]


def run(name, prefix, extra):
    out = os.path.join(work, name)
    subprocess.run(prefix + [autorac] + search + ["--out", out] + extra, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "study.json")) as f:
        study = json.load(f)
    db = sqlite3.connect(os.path.join(out, "search.db"))
    sim_cpu = db.execute("SELECT IFNULL(SUM(simulation_seconds), 0) FROM candidates").fetchone()[0]
    db.close()
    return study, sim_cpu


# The supernet, trained once for one epoch (its quality does not change the throughput; a search of
# one generation-0 candidate), then shared by every run.
subprocess.run([autorac, "run", "--data", data, "--supernet-epochs", "1", "--population", "1", "--sample", "1",
               "--generations", "0", "--pimsim", pimsim, "--no-headline", "--out", os.path.join(work, "train")],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
weights = ["--weights", os.path.join(work, "train", "supernet")]

print(f"{population + children * generations} candidates per run (population {population}, {children} children x "
      f"{generations} generations), batch 64")
print(f"{'pool':<16} {'cand/min':>9} {'wall s':>7} {'accuracy s':>10} {'sim wall s':>10} {'sim cpu s':>9} "
      f"{'pool ms/cand':>12} {'harness ms/cand':>15}")
runs = [("local --jobs 1", [], ["--jobs", "1"], 1), ("local --jobs 2", [], ["--jobs", "2"], 2)]
for n in (1, 2, 3):
    runs.append((f"mpi -np {n}", mpirun + ["-np", str(n)], ["--pool", "mpi"], max(1, n - 1)))
for name, prefix, extra, simulating in runs:
    study, sim_cpu = run(name.replace(" ", "_"), prefix, weights + extra)
    t = study["time"]
    n = max(1, study["evaluated_this_run"])
    pool = (t["simulation_s"] * simulating - sim_cpu) / n * 1000
    print(f"{name:<16} {t['candidates_evaluated_per_minute']:9.1f} {t['wall_s']:7.1f} {t['accuracy_s']:10.1f} "
          f"{t['simulation_s']:10.1f} {sim_cpu:9.1f} {pool:12.1f} {t['harness_s'] / n * 1000:15.1f}")
shutil.rmtree(work)
