#!/usr/bin/env python3
"""Builds the libFuzzer targets of fuzz/ in build-fuzz/ (clang-14, ASan + UBSan, no models/ LibTorch)
and runs each one, then prints per target: executions, exec/s, wall time, findings.

  bench/fuzz/run.py                          # the benchmark: 10^6 executions per target
  bench/fuzz/run.py --runs 0 --seconds 20    # the CI smoke (scripts/test): 20 s per target

Each target starts from its committed seeds (fuzz/corpus/<target>/) plus what earlier runs added in
build-fuzz/corpus/<target>/. A finding is any crash, sanitizer report, uncaught exception other than
the documented input error, or input slower than --timeout seconds; its input is saved under
build-fuzz/findings/ and the script exits 1. docs/reliability.md (Fuzzing) records the results.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGETS = ["trace", "tensor_sidecar", "design", "pimsim_frontend", "arch", "criteo", "avazu", "kdd"]


def build(build_dir):
    env = dict(os.environ, CC="clang-14", CXX="clang++-14", AUTORAC_BUILD_DIR=build_dir,
               CMAKE_BUILD_TYPE="RelWithDebInfo",
               AUTORAC_CMAKE_ARGS="-DAUTORAC_BUILD_FUZZ=ON -DAUTORAC_BUILD_MODELS=OFF "
                                  "-DAUTORAC_BUILD_TESTS=OFF -DAUTORAC_BUILD_BENCH=OFF")
    start = time.monotonic()
    subprocess.run([os.path.join(ROOT, "scripts", "build"), "--target", "autorac_fuzz"], env=env, check=True)
    return time.monotonic() - start


def stat(text, name):
    m = re.search(r"stat::%s:\s*(\d+)" % name, text)
    return int(m.group(1)) if m else 0


def run_target(build_dir, target, args):
    corpus = os.path.join(build_dir, "corpus", target)
    findings = os.path.join(build_dir, "findings")
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(findings, exist_ok=True)
    before = set(os.listdir(findings))
    cmd = [os.path.join(build_dir, "fuzz", target + "_fuzz"), "-timeout=%d" % args.timeout,
           "-rss_limit_mb=2048", "-print_final_stats=1", "-artifact_prefix=%s/%s-" % (findings, target)]
    cmd += ["-runs=%d" % args.runs] if args.runs else []
    cmd += ["-max_total_time=%d" % args.seconds] if args.seconds else []
    cmd += [corpus, os.path.join(ROOT, "fuzz", "corpus", target)]
    # The targets' scratch files (fuzz/FuzzInput.h) go to memory where there is a tmpfs.
    scratch = tempfile.mkdtemp(prefix="autorac_fuzz_", dir="/dev/shm" if os.path.isdir("/dev/shm") else build_dir)
    env = dict(os.environ, UBSAN_OPTIONS="print_stacktrace=1", TMPDIR=scratch)
    start = time.monotonic()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    wall = time.monotonic() - start
    shutil.rmtree(scratch, ignore_errors=True)
    new = sorted(f for f in set(os.listdir(findings)) - before if f.startswith(target + "-"))
    failed = p.returncode != 0 or bool(new)
    if failed:
        sys.stdout.write(p.stdout[-6000:])
    return {"target": target, "execs": stat(p.stdout, "number_of_executed_units"),
            "exec_s": stat(p.stdout, "average_exec_per_sec"), "wall": wall, "rss": stat(p.stdout, "peak_rss_mb"),
            "findings": len(new) or (1 if failed else 0), "files": new, "code": p.returncode}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1000000, help="executions per target (default 10^6; 0: no limit)")
    ap.add_argument("--seconds", type=int, default=0, help="stop each target after this long (with --runs 0: run this long)")
    ap.add_argument("--timeout", type=int, default=10, help="an input slower than this (s) is a finding")
    ap.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset")
    ap.add_argument("--build-dir", default=os.environ.get("AUTORAC_FUZZ_BUILD_DIR", os.path.join(ROOT, "build-fuzz")))
    args = ap.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    build_s = build(build_dir)
    print("fuzz: build %.0f s" % build_s, flush=True)
    rows = []
    for t in args.targets.split(","):
        r = run_target(build_dir, t, args)
        rows.append(r)
        print("fuzz: %-16s %9d execs %7d exec/s %7.1f s wall %5d MB %d findings %s" %
              (t, r["execs"], r["exec_s"], r["wall"], r["rss"], r["findings"], " ".join(r["files"])), flush=True)
    print("\n| target | executions | exec/s | wall (s) | peak RSS (MB) | findings |\n|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %d | %.0f | %d | %d |" % (r["target"], r["execs"], r["exec_s"], r["wall"], r["rss"], r["findings"]))
    bad = [r["target"] for r in rows if r["findings"]]
    if bad:
        print("fuzz: FINDINGS in %s (inputs in %s/findings)" % (", ".join(bad), build_dir))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
