#!/usr/bin/env python3
"""Does the supernet rank sub-networks? Inherited-weight scores against stand-alone training.

Trains the supernet with the defaults (or the options in --supernet-args), samples N architectures
of the space (--space, default small; seeded) plus the baselines of configs/archs that lie in it, scores each with
inherited weights under the documented protocol (`autorac score`: inherited weights, a short fine-tune
of each path, and a linear probe of its output unit on the validation split of the training file,
docs/models.md), trains each stand-alone under the
baseline protocol (`autorac train --epochs 3 --batch 128 --val-fraction 0.1 --select-every 10`,
seeds 1 and 2), and prints Kendall tau and Spearman rho between the two log losses with bootstrap 95 %
intervals, and the noise floor: tau between the two stand-alone seeds.

--eval test scores on the dataset's evaluation file (criteo/test.txt, avazu/test_noheader.csv);
--eval val on the validation split of the training file: use that one to choose defaults.
Stand-alone results are cached in the work folder (re-runs, other supernet settings and a killed run
reuse them). Standard library only.

--jobs J runs J stand-alone trainings at once (each with one LibTorch thread); --score-args passes
options to `autorac score` (e.g. "--head-l2 0.1", the evaluation protocol). --reference-seeds K >= 2
also trains seeds 1..2K and ranks against the mean of seeds 1..K, with that reference's own noise
floor (the mean of seeds 1..K against the mean of seeds K+1..2K).

Usage: bench/models/ranking.py BUILD_DIR --dataset criteo|avazu [--space small|tiny] [--n 24] [--seed 1] [--eval test|val]
                               [--workdir DIR] [--supernet-args "..."] [--score-args "..."] [--retrain-supernet]
                               [--jobs J]
"""
import argparse
import concurrent.futures
import json
import os
import random
import statistics
import subprocess
import sys
import time

DATA = "../shared/data"
DATASETS = {
    "criteo": ("criteo:" + DATA + "/criteo/train.txt", "criteo:" + DATA + "/criteo/test.txt"),
    "avazu": ("avazu:" + DATA + "/avazu/train.csv", "avazu:" + DATA + "/avazu/test_noheader.csv"),
}
STANDALONE = ["--epochs", "3", "--batch", "128", "--val-fraction", "0.1", "--select-every", "10",
              "--log-every", "100000"]


def run(cmd, log=None):
    t0 = time.time()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    if log:
        print(f"  {log} ({time.time() - t0:.1f} s)", file=sys.stderr, flush=True)
    return out.stdout


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1
        i = j + 1
    return r


def kendall_tau_b(x, y):
    conc = disc = tx = ty = 0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                conc += 1
            else:
                disc += 1
    denom = ((conc + disc + tx) * (conc + disc + ty)) ** 0.5
    return (conc - disc) / denom if denom else 0.0


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return num / den if den else 0.0


def bootstrap(f, x, y, reps=2000, seed=1):
    rng = random.Random(seed)
    n = len(x)
    vals = []
    for _ in range(reps):
        idx = [rng.randrange(n) for _ in range(n)]
        vals.append(f([x[i] for i in idx], [y[i] for i in idx]))
    vals.sort()
    return vals[int(0.025 * reps)], vals[int(0.975 * reps) - 1]


def standalone_losses(text):
    """(validation, test) log loss of one `autorac train` run: the kept weights' validation score and
    the evaluation file's."""
    val = test = None
    for line in text.splitlines():
        if line.startswith("kept the weights"):
            val = float(line.split("validation log loss")[1].split(")")[0])
        elif "AUC" in line and "log loss" in line:
            test = float(line.split("log loss")[1].split()[0])
    if val is None or test is None:
        raise RuntimeError("no metrics in:\n" + text)
    return {"val": val, "test": test}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build")
    ap.add_argument("--dataset", choices=DATASETS, default="criteo")
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--space", choices=["small", "tiny", "full"], default="small")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--eval", choices=["test", "val"], default="test")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--supernet-args", default="")
    ap.add_argument("--score-args", default="")
    ap.add_argument("--retrain-supernet", action="store_true")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--reference-seeds", type=int, default=1,
                    help="K >= 2: also rank against the mean stand-alone log loss of seeds 1..K, with its own "
                         "noise floor (the mean of seeds 1..K against the mean of seeds K+1..2K)")
    a = ap.parse_args()
    if a.reference_seeds < 1:
        ap.error("--reference-seeds must be 1 or more")
    autorac = os.path.join(a.build, "models", "autorac")
    train, test = DATASETS[a.dataset]
    work = a.workdir or f"run/ranking-{a.dataset}-{a.space}"
    os.makedirs(work, exist_ok=True)
    eval_args = ["--eval-data", test] if a.eval == "test" else []

    # Architectures: N seeded samples of the small space, plus the baselines.
    run([autorac, "space", "--space", a.space, "--sample", str(a.n), "--seed", str(a.seed),
         "--out", os.path.join(work, "arch")])
    archs = [os.path.join(work, f"arch{i}.json") for i in range(a.n)]
    archs += [os.path.join("configs", "archs", b + ".json") for b in ("dlrm", "deepfm", "autoint", "dcnv2")]

    # Supernet (cached unless --retrain-supernet or other arguments).
    sn = os.path.join(work, "sn")
    stamp = os.path.join(work, "sn.args")
    want = a.supernet_args.strip()
    same = os.path.exists(sn + ".json") and os.path.exists(stamp) and open(stamp).read() == want
    if a.retrain_supernet or not same:
        out = run([autorac, "train-supernet", "--data", train, "--space", a.space, "--val-fraction", "0.1",
                   "--checkpoint", sn] + want.split(), log="supernet trained")
        with open(stamp, "w") as f:
            f.write(want)
        for line in out.splitlines():
            if line.startswith(("summary", "validation")):
                print("supernet " + line)

    # Inherited-weight scores: one long-lived evaluator for all.
    t0 = time.time()
    out = run([autorac, "score", "--weights", sn, "--data", train, "--val-fraction", "0.1"] + eval_args +
              a.score_args.split() + ["--archs"] + archs)
    scored = {}
    for line in out.splitlines():
        j = json.loads(line)
        if j["status"] == "ok":
            scored[j["source"]] = j
    per = [j["seconds"] for j in scored.values()]
    print(f"scored {len(scored)} architectures in {time.time() - t0:.1f} s (process), "
          f"median {statistics.median(per):.3f} s per architecture")

    # Stand-alone trainings (cached), --jobs at a time.
    threads = ["--threads", "1"] if a.jobs > 1 else []

    def alone_run(path, seed):
        cache = os.path.join(work, f"alone-{os.path.basename(path)}-s{seed}.json")
        if os.path.exists(cache):
            return json.load(open(cache))
        losses = standalone_losses(run([autorac, "train", "--arch", path, "--data", train, "--seed", str(seed),
                                        "--eval-data", test] + STANDALONE + threads,
                                       log=f"{os.path.basename(path)} seed {seed}"))
        tmp = cache + ".tmp"
        with open(tmp, "w") as f:
            json.dump(losses, f)
        os.replace(tmp, cache)
        return losses

    seeds = range(1, 2 * a.reference_seeds + 1) if a.reference_seeds > 1 else (1, 2)
    todo = [(path, seed) for path in archs if path in scored for seed in seeds]
    alone = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        futures = {pool.submit(alone_run, p, s): (p, s) for p, s in todo}
        for k, fut in enumerate(concurrent.futures.as_completed(futures)):
            alone[futures[fut]] = fut.result()[a.eval]
            print(f"  [{k + 1}/{len(todo)}] stand-alone runs done", file=sys.stderr, flush=True)

    names = [p for p in archs if p in scored]
    inh = [scored[p]["log_loss"] for p in names]
    raw = [scored[p]["uncalibrated_log_loss"] for p in names]
    s1 = [alone[(p, 1)] for p in names]
    s2 = [alone[(p, 2)] for p in names]
    const = statistics.median(scored[p]["constant_log_loss"] for p in names)
    print(f"\n{'architecture':24s} {'inherited':>10s} {'raw':>8s} {'alone s1':>9s} {'alone s2':>9s}")
    for p, i, r, x, y in zip(names, inh, raw, s1, s2):
        print(f"{os.path.basename(p):24s} {i:10.4f} {r:8.4f} {x:9.4f} {y:9.4f}")
    n = len(names)
    tau, rho = kendall_tau_b(inh, s1), spearman(inh, s1)
    tlo, thi = bootstrap(kendall_tau_b, inh, s1)
    rlo, rhi = bootstrap(spearman, inh, s1)
    tau_raw = kendall_tau_b(raw, s1)
    # The reference is itself noisy: tau against the other seed, and against the two seeds' mean
    # (a less noisy stand-alone figure), show how much of the gap to 1 is the reference's.
    mean12 = [(x + y) / 2 for x, y in zip(s1, s2)]
    tau_s2, tau_mean = kendall_tau_b(inh, s2), kendall_tau_b(inh, mean12)
    mlo, mhi = bootstrap(kendall_tau_b, inh, mean12)
    floor = kendall_tau_b(s1, s2)
    flo, fhi = bootstrap(kendall_tau_b, s1, s2)
    print(f"\ndataset {a.dataset}, space {a.space}, eval on {a.eval}, {n} architectures ({a.n} sampled, seed {a.seed}, "
          f"+ baselines in the space)")
    print(f"Kendall tau (inherited vs stand-alone seed 1)  {tau:+.3f}  95% CI [{tlo:+.3f}, {thi:+.3f}]")
    print(f"Spearman rho                                   {rho:+.3f}  95% CI [{rlo:+.3f}, {rhi:+.3f}]")
    print(f"Kendall tau against stand-alone seed 2         {tau_s2:+.3f}")
    print(f"Kendall tau against the mean of seeds 1 and 2  {tau_mean:+.3f}  95% CI [{mlo:+.3f}, {mhi:+.3f}]")
    print(f"Kendall tau without recalibration              {tau_raw:+.3f}")
    print(f"noise floor: tau (stand-alone seed 1 vs seed 2) {floor:+.3f}  95% CI [{flo:+.3f}, {fhi:+.3f}]")
    if a.reference_seeds > 1:
        k = a.reference_seeds
        ref = [statistics.fmean(alone[(p, s)] for s in range(1, k + 1)) for p in names]
        other = [statistics.fmean(alone[(p, s)] for s in range(k + 1, 2 * k + 1)) for p in names]
        tau_ref = kendall_tau_b(inh, ref)
        lo, hi = bootstrap(kendall_tau_b, inh, ref)
        rho_ref = spearman(inh, ref)
        ffloor = kendall_tau_b(ref, other)
        fflo, ffhi = bootstrap(kendall_tau_b, ref, other)
        print(f"reference: mean of stand-alone seeds 1..{k}")
        print(f"  Kendall tau (inherited vs the reference)     {tau_ref:+.3f}  95% CI [{lo:+.3f}, {hi:+.3f}]")
        print(f"  Spearman rho                                 {rho_ref:+.3f}")
        print(f"  noise floor: tau (mean of seeds 1..{k} vs {k + 1}..{2 * k}) {ffloor:+.3f}  95% CI [{fflo:+.3f}, {ffhi:+.3f}]")
    print(f"median inherited log loss {statistics.median(inh):.4f} (uncalibrated {statistics.median(raw):.4f}), "
          f"constant predictor {const:.4f}, median stand-alone {statistics.median(s1):.4f}")


if __name__ == "__main__":
    main()
