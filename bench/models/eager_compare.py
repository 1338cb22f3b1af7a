#!/usr/bin/env python3
"""Training-step time of our LibTorch networks against PyTorch eager, side by side.

Usage: eager_compare.py BUILD_DIR [archs=8] [batch=512] [steps=10] [threads=2]
                        [--seed=S] [--small-matmul]

Samples `archs` architectures of the small space (BUILD_DIR/models/autorac space --space small
--sample K --seed S, S = 1 unless given), then for each one runs BUILD_DIR/bench/models/
bench_step_time and bench/models/eager_step.py (the same stand-alone network, batch and step in
PyTorch eager) one after the other, checks that both report the same parameter count, and prints
arch, parameters, LibTorch ms/step, eager ms/step and eager/LibTorch, then the median ratio.
Both sides run forward + BCE-with-logits + backward + clip_grad_norm 5 + Adagrad(lr 0.01) on a
fixed random batch: 3 warm-up steps, then the median of `steps`. --small-matmul is passed to
eager_step.py (SmallMatmul.cpp's formulation of the batched products instead of torch.matmul/bmm).

Standard library only; eager_step.py needs PyTorch (Debian: apt-get install python3-torch, a
benchmark-only dependency). The interpreter for it is $EAGER_PYTHON, else this one, else
/usr/bin/python3, whichever imports torch. Exit status 1 if any parameter count disagrees or a run
fails.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EAGER = os.path.join(HERE, "eager_step.py")
RETRIES = 5  # a binary that is missing or being relinked: wait a minute, up to this many times
RETRY_WAIT = 60


def usage():
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    sys.exit(2)


def torch_python():
    cands = [os.environ.get("EAGER_PYTHON"), sys.executable, "/usr/bin/python3"]
    for py in cands:
        if py and subprocess.run([py, "-c", "import torch"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL).returncode == 0:
            return py
    sys.exit("eager_compare: no Python with torch (tried %s); apt-get install python3-torch or set "
             "EAGER_PYTHON" % ", ".join(c for c in cands if c))


def run(cmd, what):
    """Runs cmd and returns its stdout; retries while the program is missing or busy (rebuilt)."""
    for attempt in range(RETRIES + 1):
        missing = not os.path.exists(cmd[0])
        if not missing:
            try:
                r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            except OSError as e:  # ETXTBSY while the linker writes it, ENOEXEC half-written, ...
                r, missing = None, True
                err = str(e)
            if r is not None:
                if r.returncode == 0:
                    return r.stdout
                err = r.stderr.strip()[-2000:]
                # a binary being relinked can fail to load; other failures are real
                if os.path.basename(cmd[0]) == "bench_step_time" and (
                        "error while loading shared libraries" in err or r.returncode in (126, 127, -11)):
                    missing = True
                else:
                    raise RuntimeError("%s failed (exit %d): %s\n%s" % (what, r.returncode, " ".join(cmd), err))
        if attempt < RETRIES:
            sys.stderr.write("%s: %s is missing or being rebuilt, retrying in %d s\n" % (what, cmd[0], RETRY_WAIT))
            time.sleep(RETRY_WAIT)
    raise RuntimeError("%s: %s still missing or unusable after %d retries" % (what, cmd[0], RETRIES))


def parse(out, what):
    m_p = re.search(r"^parameters (\d+)$", out, re.M)
    m_t = re.search(r"^ms/step ([0-9.]+)$", out, re.M)
    if not (m_p and m_t):
        raise RuntimeError("%s: no 'parameters' / 'ms/step' lines in:\n%s" % (what, out))
    return int(m_p.group(1)), float(m_t.group(1))


def main(argv):
    flags = [a for a in argv[1:] if a.startswith("--")]
    args = [a for a in argv[1:] if not a.startswith("--")]
    seed = 1
    eager_flags = []
    for f in flags:
        if f.startswith("--seed="):
            seed = int(f.split("=", 1)[1])
        elif f == "--small-matmul":
            eager_flags.append(f)
        else:
            usage()
    if not args or len(args) > 5:
        usage()
    build = os.path.abspath(args[0])
    n_archs = int(args[1]) if len(args) > 1 else 8
    batch = int(args[2]) if len(args) > 2 else 512
    steps = int(args[3]) if len(args) > 3 else 10
    threads = int(args[4]) if len(args) > 4 else 2
    autorac = os.path.join(build, "models", "autorac")
    bench = os.path.join(build, "bench", "models", "bench_step_time")
    py = torch_python()

    with tempfile.TemporaryDirectory(prefix="eager_compare.") as tmp:
        prefix = os.path.join(tmp, "arch")
        run([autorac, "space", "--space", "small", "--sample", str(n_archs), "--seed", str(seed),
             "--out", prefix], "autorac space")
        print("small space, %d archs (seed %d), batch %d, %d timed steps (median after 3 warm-up), "
              "%d threads%s" % (n_archs, seed, batch, steps, threads,
                                ", eager with --small-matmul" if eager_flags else ""))
        print("load average before the runs: %.2f (%d cores)" % (os.getloadavg()[0], os.cpu_count() or 0))
        head = "%-10s %12s %14s %14s %8s" % ("arch", "parameters", "LibTorch ms", "eager ms", "eager/LT")
        print(head)
        print("-" * len(head))
        sys.stdout.flush()
        ratios, bad = [], 0
        for i in range(n_archs):
            f = "%s%d.json" % (prefix, i)
            name = "random%d" % i
            m = re.search(r'"name"\s*:\s*"([^"]*)"', open(f).read())
            if m:
                name = m.group(1)
            common = [f, str(batch), str(steps), str(threads)]
            try:
                n_lt, t_lt = parse(run([bench] + common, "bench_step_time"), "bench_step_time")
                n_eg, t_eg = parse(run([py, EAGER] + common + eager_flags, "eager_step.py"), "eager_step.py")
            except RuntimeError as e:
                sys.stderr.write("%s: %s\n" % (name, e))
                print("%-10s  FAILED (see stderr)" % name)
                bad += 1
                continue
            ratio = t_eg / t_lt
            ratios.append(ratio)
            note = ""
            if n_lt != n_eg:
                bad += 1
                note = "  PARAMETER MISMATCH: LibTorch %d, eager %d" % (n_lt, n_eg)
            print("%-10s %12d %14.1f %14.1f %8.2f%s" % (name, n_lt, t_lt, t_eg, ratio, note))
            sys.stdout.flush()
        print("-" * len(head))
        if ratios:
            print("median eager/LibTorch: %.2f over %d archs (>1: LibTorch faster)" % (statistics.median(ratios), len(ratios)))
        print("parameter counts: %s" % ("all agree" if bad == 0 else "%d arch(s) disagree or failed" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
