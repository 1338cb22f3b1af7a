#!/usr/bin/env bash
# Full-scale check of the streaming Criteo reader and of training on a file of Criteo Kaggle size:
#   1. generates a seeded, reproducible Criteo Kaggle train.txt-format file (TSV, no header, label,
#      I1..I13, C1..C26) of ROWS rows in a fresh temporary folder (removed at exit);
#   2. times the reader alone: `autorac train ... --steps 1` makes one counting pass over the whole file
#      before training (planTraining in models/main.cpp) and prints its "train '...'" line right after;
#      the time to that line, less the same time for a 512-row run (start-up: LibTorch, model build),
#      is the counting pass: reading, parsing, hashing and batching every row (the file is in the page
#      cache by then, so this is the CPU cost; below ~200k rows it drowns in start-up noise: "n/a");
#   3. trains DLRM on the whole file for one epoch under /usr/bin/time -v, sampling the resident set
#      every 2 s (shown beside each progress line), and reports peak RSS (must stay under 2 GB), its
#      growth after the first quarter of the run, wall time, training samples/s and
#      whether the progress lines carry rate, elapsed time and ETA;
#   4. prints a summary block.
# The generated data is synthetic: its shape (field count, empties, negative I2, heavy-tailed integers,
# 8-hex-digit hashes from vocabularies of 3..1e6 values with a Zipf-like skew) follows Criteo Kaggle, and
# the label leans weakly on I1, C1 and C6 so that there is something to learn; it says nothing about
# the accuracy on real Criteo data.
# The binary is copied into the temporary folder first, so that a rebuild during the run changes
# nothing; if BUILD_DIR/models/autorac is missing (being relinked) the script waits for it.
# Exit status: 0 when every run succeeded and peak RSS stayed under 2 GB, 1 otherwise.
# Usage: bench/models/full_scale.sh BUILD_DIR [ROWS=2000000]   e.g. bench/models/full_scale.sh build 20000
# Needs bash, python3 (standard library) and GNU time (/usr/bin/time; installed by scripts/setup).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BUILD_DIR [ROWS=2000000]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
rows=${2:-2000000}
if ! [[ $rows =~ ^[0-9]+$ ]] || [ "$rows" -lt 1024 ]; then
  echo "full_scale: ROWS must be an integer >= 1024, got '$rows'" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
arch=configs/archs/dlrm.json

if [ ! -x /usr/bin/time ]; then
  echo "full_scale: /usr/bin/time missing, installing Debian's 'time' package"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends time ||
    { "${sudo_cmd[@]}" apt-get update -q && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends time; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/full_scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The binary, copied once it is there and its size has stopped changing (a relink may be under way).
bin_src=$build/models/autorac
for ((i = 0; ; i++)); do
  if [ -x "$bin_src" ]; then
    s1=$(stat -c %s "$bin_src" 2>/dev/null || echo 0); sleep 2
    s2=$(stat -c %s "$bin_src" 2>/dev/null || echo 0)
    if [ "$s1" = "$s2" ] && [ "$s1" != 0 ] && cp "$bin_src" "$tmp/autorac" 2>/dev/null; then break; fi
  fi
  if [ "$i" -ge 150 ]; then echo "full_scale: $bin_src did not appear within 5 minutes" >&2; exit 1; fi
  [ "$i" = 0 ] && echo "full_scale: waiting for $bin_src (being relinked?)"
  sleep 2
done
echo "full_scale: binary $bin_src ($(stat -c '%y' "$bin_src" | cut -d. -f1)), $rows rows, temp folder $tmp"

# ---------------------------------------------------------------------------------------------
# 1. The data file.
cat >"$tmp/gen.py" <<'PY'
"""Writes a seeded Criteo Kaggle train.txt-shaped file. Each column of a chunk is drawn as uniform
16-bit picks from a per-field table of 65536 pre-formatted values (a sample of the field's
distribution), so generation is C-speed list work; the tables of the vocabularies above 65536 values
are drawn afresh every REGEN chunks, so those fields keep gaining new values along the file."""
import array, math, operator, random, sys, time

SEED = 20240601
T = 1 << 16
CHUNK = 1 << 16
REGEN = 4
LARGE = 1 << 16

# (vocabulary size, Zipf exponent, empty fraction) of C1..C26: Criteo Kaggle's cardinalities with the
# largest (up to 1e7 there) capped near 1e6.
CAT = [(1460, 1.1, 0.0), (583, 1.1, 0.0), (1000000, 1.05, 0.03), (500000, 1.05, 0.03), (305, 1.2, 0.0),
       (24, 1.3, 0.12), (12517, 1.1, 0.0), (633, 1.2, 0.0), (3, 1.5, 0.0), (93145, 1.05, 0.0),
       (5683, 1.1, 0.0), (900000, 1.05, 0.03), (3194, 1.1, 0.0), (27, 1.3, 0.0), (14992, 1.1, 0.0),
       (700000, 1.05, 0.03), (10, 1.4, 0.0), (5652, 1.1, 0.0), (2173, 1.1, 0.40), (4, 1.5, 0.40),
       (800000, 1.05, 0.03), (18, 1.3, 0.38), (15, 1.3, 0.0), (286181, 1.05, 0.03), (105, 1.2, 0.40),
       (142572, 1.05, 0.40)]
# (largest value, tail exponent, empty fraction, negative fraction) of I1..I13. A value is
# exp(u^k * ln(top+1)) - 1 for uniform u: mostly small, a long tail up to top.
DENSE = [(5000, 3.0, 0.40, 0.0), (60000, 3.5, 0.10, 0.15), (65000, 3.5, 0.21, 0.0), (900, 2.5, 0.22, 0.0),
         (1000000, 2.5, 0.12, 0.0), (400000, 3.0, 0.22, 0.0), (25000, 3.5, 0.12, 0.0), (5000, 2.5, 0.10, 0.0),
         (25000, 2.5, 0.12, 0.0), (10, 1.5, 0.40, 0.0), (250, 2.5, 0.12, 0.0), (1000, 4.0, 0.40, 0.0),
         (10000, 3.0, 0.22, 0.0)]
LABEL_RATE = 0.22
EFFECT = 0.5  # logit per score unit; the score is the I1 + C1 + C6 effects, each in -2..4


def zipf_rank(u, v, s):
    """Inverse CDF of a bounded power law on [1, v+1): rank 1 is the most frequent."""
    a = 1.0 - s
    return min(v, int((1.0 + u * ((v + 1.0) ** a - 1.0)) ** (1.0 / a)))


def hex_of(field, rank):
    """8 lowercase hex digits: a bijection of the rank (odd multiplier mod 2^32) xor a per-field salt."""
    salt = ((field + 1) * 0x85EBCA6B * 0xC2B2AE35) & 0xFFFFFFFF
    return '%08x' % (((rank * 2654435761) & 0xFFFFFFFF) ^ salt)


def cat_table(rng, f):
    v, s, empty = CAT[f]
    vals, score = [], []
    for _ in range(T):
        if rng.random() < empty:
            vals.append('')
            score.append(0)
        else:
            r = zipf_rank(rng.random(), v, s)
            vals.append(hex_of(f, r))
            score.append(((r * 40503) >> 7) % 5 - 2)  # a fixed effect of -2..2 per value
    return tuple(vals), tuple(score)


def dense_table(rng, i):
    top, k, empty, neg = DENSE[i]
    vals, score = [], []
    for _ in range(T):
        u = rng.random()
        if u < empty:
            vals.append('')
            score.append(0)
        elif u < empty + neg:
            vals.append(str(-rng.randint(1, 3)))
            score.append(0)
        else:
            x = int(math.exp(rng.random() ** k * math.log(top + 1.0))) - 1
            vals.append(str(x))
            score.append(min(4, int(math.log1p(x) / 1.5)))  # larger I1, more clicks
    return tuple(vals), tuple(score)


def histogram(t):
    h = {}
    for x in t:
        h[x] = h.get(x, 0) + 1
    return h


def pick(table, idx):
    return operator.itemgetter(*idx)(table) if len(idx) > 1 else (table[idx[0]],)


def main():
    path, rows = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    rng = random.Random(SEED)
    dense = [dense_table(rng, i) for i in range(13)]
    cats = [cat_table(rng, f) for f in range(26)]
    # P(label 1) = sigmoid(bias + EFFECT * score); bias set so that the mean is LABEL_RATE, exactly over
    # the score distribution of the three (fixed) driver tables.
    sa, sb, sc = dense[0][1], cats[0][1], cats[5][1]
    conv = {}
    for a, na in histogram(sa).items():
        for b, nb in histogram(sb).items():
            for c, nc in histogram(sc).items():
                conv[a + b + c] = conv.get(a + b + c, 0) + na * nb * nc
    total = float(T) ** 3
    rate = lambda bias: sum(n / (1 + math.exp(-(bias + EFFECT * k))) for k, n in conv.items()) / total
    lo, hi = -20.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if rate(mid) < LABEL_RATE else (lo, mid)
    smin, smax = min(conv), max(conv)
    thr = tuple(int(T / (1 + math.exp(-(lo + EFFECT * k)))) for k in range(smin, smax + 1))
    setup = time.perf_counter() - t0
    written = chunks = ones = 0
    with open(path, 'w', buffering=1 << 22, newline='\n') as out:
        while written < rows:
            n = min(CHUNK, rows - written)
            if chunks and chunks % REGEN == 0:
                for f in range(26):
                    if CAT[f][0] > LARGE:
                        cats[f] = cat_table(rng, f)
            chunks += 1
            idx = [array.array('H', rng.randbytes(2 * n)) for _ in range(40)]
            cols = [pick(dense[i][0], idx[i]) for i in range(13)] + [pick(cats[f][0], idx[13 + f]) for f in range(26)]
            u = idx[39]
            label = ['1' if uu < thr[x + y + z - smin] else '0'
                     for x, y, z, uu in zip(pick(sa, idx[0]), pick(sb, idx[13]), pick(sc, idx[18]), u)]
            ones += label.count('1')
            out.write('\n'.join(map('\t'.join, zip(label, *cols))))
            out.write('\n')
            written += n
    secs = time.perf_counter() - t0
    print(f'{written} {secs:.3f} {setup:.3f} {ones / written:.4f}')


main()
PY
data=$tmp/train.txt
echo
echo "== 1. generating $rows rows (seeded) =="
read -r gen_rows gen_s gen_setup gen_rate < <(python3 "$tmp/gen.py" "$data" "$rows")
file_bytes=$(stat -c %s "$data")
python3 - "$gen_rows" "$gen_s" "$gen_setup" "$gen_rate" "$file_bytes" <<'PY'
import sys
n, s, setup, r, b = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f'{n} rows, {b / 1e6:.1f} MB ({b / n:.0f} B/row), label rate {r:.3f}, in {s:.2f} s: {setup:.2f} s of '
      f'set-up (sampling tables), then {n / max(s - setup, 1e-9):,.0f} rows/s ({n / s:,.0f} rows/s overall)')
PY
echo "first row: $(head -c 400 "$data" | head -n 1 | tr '\t' '|')"

# ---------------------------------------------------------------------------------------------
# 2 and 3: the runs, driven from Python (line timestamps, RSS sampling, parsing of the outputs).
cat >"$tmp/measure.py" <<'PY'
import os, re, subprocess, sys, threading, time

mode, binary, arch, data, tmp = sys.argv[1:6]


def timed_lines(cmd):
    """Runs cmd with line-buffered stdout; yields (seconds since start, line); returns the exit code."""
    t0 = time.perf_counter()
    p = subprocess.Popen(['stdbuf', '-oL'] + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in p.stdout:
        lines.append((time.perf_counter() - t0, line.rstrip('\n')))
    rc = p.wait()
    return rc, lines, time.perf_counter() - t0


def header_time(extra):
    cmd = [binary, 'train', '--arch', arch, '--data', 'criteo:' + data, '--steps', '1', '--batch', '512'] + extra
    rc, lines, total = timed_lines(cmd)
    if rc != 0:
        for _, l in lines: print('  | ' + l)
        sys.exit(f'full_scale: {" ".join(cmd)} failed with exit code {rc}')
    for t, l in lines:
        if l.startswith("train '"):
            return t, total, lines
    sys.exit('full_scale: no "train \'...\'" line in the output of ' + ' '.join(cmd))


if mode == 'parse':
    rows = int(sys.argv[6])
    small = 512
    # start-up varies by a tenth of a second from run to run: take the quickest of two
    t_small = min(header_time(['--max-rows', str(small)])[0] for _ in range(2))
    t_full, total_full, lines = header_time([])
    for _, l in lines: print('  | ' + l)
    count_s = t_full - t_small
    print(f'start-up (512-row run, to its "train" line, best of 2): {t_small:.2f} s; whole file to its "train" '
          f'line: {t_full:.2f} s (the --steps 1 run took {total_full:.2f} s in all)')
    if count_s < 0.25:
        rate = 0
        print(f'counting pass over {rows} rows: {count_s:.2f} s, too short to tell from start-up noise '
              f'(use some 200000 rows or more)')
    else:
        rate = (rows - small) / count_s
        print(f'counting pass over {rows} rows: {count_s:.2f} s -> {rate:,.0f} rows/s')
    print(f'RESULT parse_rows_per_s={rate:.0f} count_s={count_s:.3f}')
    sys.exit(0)

# mode == 'train'
rows = int(sys.argv[6])
time_file = os.path.join(tmp, 'time.txt')
cmd = ['/usr/bin/time', '-v', '-o', time_file, binary, 'train', '--arch', arch, '--data', 'criteo:' + data,
       '--epochs', '1', '--batch', '512', '--log-every', '200']
print('$ ' + ' '.join(cmd[4:]).replace(tmp, '$TMP'), flush=True)
t0 = time.perf_counter()
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
samples = []  # (seconds, RSS kB) of the autorac process (the child of /usr/bin/time)
done = threading.Event()


def sample_rss():
    child = None
    while not done.is_set():
        try:
            if child is None:
                with open(f'/proc/{p.pid}/task/{p.pid}/children') as f:
                    pids = f.read().split()
                child = pids[0] if pids else None
            if child is not None:
                with open(f'/proc/{child}/status') as f:
                    for l in f:
                        if l.startswith('VmRSS:'):
                            samples.append((time.perf_counter() - t0, int(l.split()[1])))
        except OSError:
            pass
        done.wait(2.0)


th = threading.Thread(target=sample_rss, daemon=True)
th.start()
lines = []
for line in p.stdout:
    line = line.rstrip('\n')
    lines.append(line)
    # the resident set when a progress line arrives, to see where any growth happens
    rss_now = f'   [RSS {samples[-1][1] / 1024:.0f} MB]' if samples and re.match(r'\[[#.]{20}\] step ', line) else ''
    print('  | ' + line + rss_now, flush=True)
rc = p.wait()
wall_py = time.perf_counter() - t0
done.set()
th.join()
tv = open(time_file).read() if os.path.exists(time_file) else ''
if rc != 0:
    print(tv)
    sys.exit(f'full_scale: training failed with exit code {rc}')
peak_kb = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv).group(1))
w = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)', tv).group(1).split(':')
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
user = float(re.search(r'User time \(seconds\): ([\d.]+)', tv).group(1))
system = float(re.search(r'System time \(seconds\): ([\d.]+)', tv).group(1))
cpu = re.search(r'Percent of CPU this job got: (\S+)', tv).group(1)
summary = next((l for l in lines if l.startswith('summary:')), '')
m = re.search(r'(\d+) steps, (\d+) samples, ([\d.]+) s, ([\d.]+) samples/s, loss ([\d.]+) -> ([\d.]+)', summary)
if not m:
    sys.exit('full_scale: no summary line in the training output')
steps, nsamples, train_s, sps, loss0, loss1 = m.groups()
progress = [l for l in lines if re.match(r'\[[#.]{20}\] step ', l)]
fields = {k: bool(progress) and all(k in l for l in progress) for k in ('samples/s', 'elapsed', 'ETA')}
print(f'/usr/bin/time: wall {wall:.1f} s, user {user:.1f} s, sys {system:.1f} s, CPU {cpu}, '
      f'peak RSS {peak_kb / 1024:.0f} MB')
print(f'trainer: {steps} steps, {nsamples} samples (file {rows} rows) in {train_s} s of training -> {sps} samples/s; '
      f'loss {loss0} -> {loss1}')
print(f'progress lines: {len(progress)}; every one carries ' +
      ', '.join(f'{k}: {"yes" if v else "no"}' for k, v in fields.items()))
growth = 0.0
first_mb = 0.0
if samples:
    # Memory growth: the resident set over the run, in quarters of the sampled time.
    n = len(samples)
    marks = [samples[min(n - 1, int(q * (n - 1)))] for q in (0, 0.25, 0.5, 0.75, 1.0)]
    print('RSS over the run (MB at 0/25/50/75/100 % of it): ' +
          ' / '.join(f'{kb / 1024:.0f} ({t:.0f} s)' for t, kb in marks) + f'  [{n} samples every 2 s]')
    growth = (marks[4][1] - marks[1][1]) / 1024
    first_mb = marks[1][1] / 1024
    print(f'RSS change from 25 % to the end of the run: {growth:+.0f} MB')
print(f'RESULT wall_s={wall:.2f} samples_per_s={float(sps):.0f} peak_rss_mb={peak_kb / 1024:.1f} '
      f'samples={nsamples} loss0={loss0} loss1={loss1} progress_lines={len(progress)} '
      f'rss_at_25pc_mb={first_mb:.0f} rss_growth_mb={growth:.0f} '
      f'progress_fields={",".join(k for k, v in fields.items() if v) or "none"}')
PY

echo
echo "== 2. reader alone: the counting pass of 'autorac train --steps 1' =="
python3 "$tmp/measure.py" parse "$tmp/autorac" "$arch" "$data" "$tmp" "$gen_rows" | tee "$tmp/parse.out" | { grep --line-buffered -v '^RESULT' || true; }

echo
echo "== 3. DLRM, one epoch over the whole file, under /usr/bin/time -v =="
python3 "$tmp/measure.py" train "$tmp/autorac" "$arch" "$data" "$tmp" "$gen_rows" | tee "$tmp/train.out" | { grep --line-buffered -v '^RESULT' || true; }

echo
echo "== summary =="
python3 - "$gen_rows" "$file_bytes" "$gen_s" "$tmp/parse.out" "$tmp/train.out" <<'PY'
import os, sys
rows, size, gen_s, parse_out, train_out = sys.argv[1:]
def result(path):
    line = next(l for l in open(path) if l.startswith('RESULT '))
    return dict(kv.split('=', 1) for kv in line.split()[1:])
p, t = result(parse_out), result(train_out)
rss = float(t['peak_rss_mb'])
print(f'rows               {int(rows)}')
print(f'file MB            {int(size) / 1e6:.1f}')
print(f'generation s       {float(gen_s):.1f}')
print(f'parse rows/s       ' + (f'{int(p["parse_rows_per_s"]):,}' if int(p['parse_rows_per_s']) > 0 else 'n/a (file too small)'))
print(f'training wall s    {float(t["wall_s"]):.1f}')
print(f'samples/s          {int(t["samples_per_s"]):,}')
print(f'peak RSS MB        {rss:.0f}  ({"under" if rss < 2048 else "NOT under"} 2 GB)')
g = float(t['rss_growth_mb'])
print(f'RSS 25 % -> end    {t["rss_at_25pc_mb"]} MB, {g:+.0f} MB' + ('  (GROWING: a longer run may not fit)' if g > 100 else ''))
print(f'loss               {t["loss0"]} -> {t["loss1"]} (first and last progress window)')
print(f'progress lines     {t["progress_lines"]}, each with: {t["progress_fields"].replace(",", ", ")}')
print(f'load average       {" ".join(f"{x:.2f}" for x in os.getloadavg())} on {os.cpu_count()} CPUs (other jobs share them)')
sys.exit(0 if rss < 2048 else 1)
PY
