#!/usr/bin/env python3
"""Nothing lost on a kill (issue 11, docs/reliability.md): kills a supernet training and a co-search
with SIGKILL at random points, restarts each the way a user would (the same command; training with
--resume), and checks the finished result against an uninterrupted run of the same command.

Per job it prints every kill (seconds after the start, and what the files said at that moment) and
then the checks:
  completes     the restarted job ends with exit 0
  not corrupt   every JSON file parses; the database passes PRAGMA integrity_check; every model file
                the checkpoint names loads (autorac eval reads it). Temporary files of interrupted
                writes are counted (info): nothing reads them
  nothing lost  training: the same final step, sample count, kept (selected) step and evaluation as
  or repeated   the uninterrupted run; search: the same candidates, each exactly once, with the same
                results (log loss, cycles, energy, area) as the uninterrupted run

Kill points are uniform in [0.1 s, window x the uninterrupted run's wall time], seeded (--seed);
the windows (8 % for the training, 30 % for the search: its first row comes after the scorer has
loaded and the initial population is scored) are small enough that many restarts die
before their first checkpoint or row and that the job is still running at the 20th kill.

Usage: bench/reliability/kill_trials.py [build_dir] [--kills N] [--seed S] [--window TRAIN SEARCH] [--only train|search]
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default=os.path.join(root, "build"))
ap.add_argument("--kills", type=int, default=20, help="kills per job (default 20)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--window", type=float, nargs=2, default=[0.08, 0.3], metavar=("TRAIN", "SEARCH"),
                help="kill points are drawn up to this fraction of the uninterrupted wall time, per job")
ap.add_argument("--only", choices=["train", "search"])
args = ap.parse_args()
autorac = os.path.join(args.build, "models", "autorac")
pimsim = os.path.join(args.build, "sim", "pimsim")
rng = random.Random(args.seed)
work = tempfile.mkdtemp(prefix="autorac-kill-trials-")
failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'}  {what}")
    if not ok:
        failures.append(what)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def timed(cmd):
    t0 = time.monotonic()
    r = run(cmd)
    if r.returncode != 0:
        sys.exit(f"uninterrupted run failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout[-2000:]}")
    return time.monotonic() - t0, r.stdout


def kill_and_restart(cmd, wall, window, describe):
    """Starts cmd, SIGKILLs its process group at a random point, args.kills times, then lets it finish."""
    kills = []
    while True:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        if len(kills) >= args.kills:
            return p.wait(), kills
        at = rng.uniform(0.1, max(0.2, window * wall))
        try:
            p.wait(timeout=at)
            return p.returncode, kills  # finished before this kill point
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            kills.append((at, describe()))
            print(f"    kill {len(kills):2d} at {at:6.2f} s: {kills[-1][1]}", flush=True)


def leftovers(folder):
    """Temporary files of writes a kill interrupted (StagedFile's ".<name>.tmp-<pid>-<n>", a model's
    "<name>.part"): never read by anything, but left behind, since a killed process cannot clean up."""
    found = []
    for d, _, files in os.walk(folder):
        found += [os.path.join(d, f) for f in files if re.search(r"\.tmp-\d+-\d+$|\.part$", f)]
    return found


def parses(path):
    try:
        with open(path) as f:
            json.load(f)
        return True
    except (OSError, ValueError):
        return False


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# ---------------------------------------------------------------------------------------------------
def train_trial():
    print("== supernet training (tiny space, synthetic data, checkpoint every 5 steps, selection every 10)")
    def cmd(prefix):
        return [autorac, "train-supernet", "--data", "synthetic:rows=6000,seed=3", "--space", "tiny", "--epochs", "2",
                "--batch", "64", "--val-fraction", "0.2", "--select-every", "10", "--checkpoint", prefix,
                "--checkpoint-every", "5", "--threads", "1", "--log-every", "1000", "--resume"]
    ref_dir, kill_dir = os.path.join(work, "train_ref"), os.path.join(work, "train_killed")
    os.makedirs(ref_dir), os.makedirs(kill_dir)
    ref, killed = os.path.join(ref_dir, "sn"), os.path.join(kill_dir, "sn")
    wall, _ = timed(cmd(ref))
    print(f"  uninterrupted: {wall:.1f} s")

    def state():
        try:
            with open(killed + ".json") as f:
                return f"checkpoint at step {json.load(f)['step']}"
        except (OSError, ValueError, KeyError):
            return "no checkpoint yet" if not os.path.exists(killed + ".json") else "checkpoint UNREADABLE"
    code, kills = kill_and_restart(cmd(killed), wall, args.window[0], state)
    check(code == 0, f"completes after {len(kills)} kills (exit {code})")
    check(all("UNREADABLE" not in k[1] for k in kills), "the checkpoint was readable at every kill")
    metas = [killed + ".json", killed + ".config.json"]
    check(all(parses(m) for m in metas), "checkpoint and config JSON parse")
    print(f"  info  {len(leftovers(kill_dir))} temporary files of interrupted writes left behind")
    with open(ref + ".json") as f:
        a = json.load(f)
    with open(killed + ".json") as f:
        b = json.load(f)
    for key in ("step", "samples", "selected_step", "best_validation"):
        check(a.get(key) == b.get(key), f"{key}: {b.get(key)} (uninterrupted {a.get(key)})")
    stale = sorted(set(f for f in os.listdir(kill_dir) if f not in {os.path.basename(x) for x in leftovers(kill_dir)}) - {os.path.basename(p) for p in (
        b["model_file"], b["optim_file"], b.get("best_file", ""), b.get("selected_model_file", ""))}
        - {"sn.json", "sn.config.json"})
    check(not stale, f"no files of earlier checkpoints left ({stale[:3]})")
    arch = os.path.join(work, "probe0.json")
    run([autorac, "space", "--space", "tiny", "--sample", "1", "--seed", "5", "--out", os.path.join(work, "probe")])
    evals = []
    for prefix in (ref, killed):
        r = run([autorac, "eval", "--arch", arch, "--weights", prefix, "--data", "synthetic:rows=6000,seed=3",
                 "--val-fraction", "0.2", "--threads", "1"])
        evals.append(r.stdout.strip().splitlines()[-1] if r.returncode == 0 else f"exit {r.returncode}: {r.stdout[-300:]}")
    check(evals[0] == evals[1] and "log loss" in evals[1], f"the kept weights load and evaluate alike: {evals[1]}")
    same_bytes = sha(a["selected_model_file"]) == sha(b["selected_model_file"])
    print(f"  info  the kept model files are {'byte-identical' if same_bytes else 'not byte-identical (archive metadata)'}")


# ---------------------------------------------------------------------------------------------------
def search_trial():
    print("== co-search (tiny space, population 8, 4 children x 40 generations, batch 16, measured costs)")
    supernet = os.path.join(work, "search_supernet")
    r = run([autorac, "train-supernet", "--data", "synthetic:rows=4000,seed=2", "--space", "tiny", "--epochs", "1",
             "--batch", "64", "--val-fraction", "0.2", "--checkpoint", supernet, "--threads", "1", "--log-every", "1000"])
    if r.returncode != 0:
        sys.exit(r.stdout[-2000:])

    def cmd(out):
        return [autorac, "run", "--data", "synthetic:rows=4000,seed=2", "--space", "tiny", "--weights", supernet,
                "--val-fraction", "0.2", "--population", "8", "--sample", "3", "--children", "4", "--generations", "40",
                "--batch", "16", "--jobs", "1", "--out", out, "--pimsim", pimsim, "--no-headline"]
    ref, killed = os.path.join(work, "search_ref"), os.path.join(work, "search_killed")
    wall, _ = timed(cmd(ref))
    print(f"  uninterrupted: {wall:.1f} s")

    def rows(db):
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return c.execute("SELECT ordinal, candidate_key, status, log_loss, cycles, energy_pj, area_mm2"
                             " FROM candidates ORDER BY ordinal").fetchall()
        finally:
            c.close()

    def state():
        db = os.path.join(killed, "search.db")
        if not os.path.exists(db):
            return "no database yet"
        try:
            return f"{len(rows(db))} candidates committed"
        except sqlite3.Error as e:
            return f"database UNREADABLE ({e})"
    code, kills = kill_and_restart(cmd(killed), wall, args.window[1], state)
    check(code == 0, f"completes after {len(kills)} kills (exit {code})")
    check(all("UNREADABLE" not in k[1] for k in kills), "the database was readable at every kill")
    db = os.path.join(killed, "search.db")
    c = sqlite3.connect(db)
    integrity = c.execute("PRAGMA integrity_check").fetchone()[0]
    c.close()
    check(integrity == "ok", f"database integrity_check: {integrity}")
    jsons = glob.glob(os.path.join(killed, "**", "*.json"), recursive=True)
    bad = [j for j in jsons if not parses(j)]
    check(not bad, f"all {len(jsons)} JSON files parse ({bad[:3]})")
    print(f"  info  {len(leftovers(killed))} temporary files of interrupted writes left behind")
    a, b = rows(os.path.join(ref, "search.db")), rows(db)
    check(len({x[0] for x in b}) == len(b), f"each candidate committed once ({len(b)} rows)")
    check(a == b, f"the same {len(a)} candidates with the same results as the uninterrupted run")
    with open(os.path.join(ref, "study.json")) as f:
        sa = json.load(f)
    with open(os.path.join(killed, "study.json")) as f:
        sb = json.load(f)
    def placed(study, out):  # the entries name their pimsim report under --out, which differs here
        return json.loads(json.dumps({k: study.get(k) for k in ("pareto_front", "winner")}).replace(out, "<out>"))
    check(placed(sa, ref) == placed(sb, killed), "the same Pareto front and winner")


if args.only in (None, "train"):
    train_trial()
if args.only in (None, "search"):
    search_trial()
shutil.rmtree(work, ignore_errors=True)
print(f"\n{len(failures)} failed checks" + (": " + "; ".join(failures) if failures else ""))
sys.exit(1 if failures else 0)
