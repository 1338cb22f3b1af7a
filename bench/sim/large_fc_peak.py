#!/usr/bin/env python3
"""How close one large 16-bit fc gets to the chip's peak (issue 8's goal: 50 % of peak), and what holds it.

For each size (N for an N x N fc, or IxO for I inputs and O outputs) the script writes an fc trace
with 16-bit weights and inputs, from a graph input to a graph output, runs `pimsim --mapping
optimized` at the given batch on the design, and prints from the report: the copies the mapper made, the tiles used, measured and analytical cycles, the share of
the 16-bit peak achieved, the roofs it sits under (the off-chip port's, from the report; and the
crossbars', the share of the chip's crossbars the mapping uses, each at its full rate), the twin's
bottleneck and the busiest unit measured. Each N is also run with twice the input register
(`--set input_register.bytes=4096` on isaac: two 16-bit vectors per crossbar, so the next one comes
in while the crossbar reads), to show what double-buffered inputs would buy. docs/mapping.md explains
the roofs ("How close to peak one large 16-bit fc can get on isaac"). Standard library only.
Beside the measured figures it prints two roofs by hand that no mapping lifts: the share of the peak
at which the input (I x 16 bits a sample) fills the one injection port it leaves its home tile by, and
the share at which the results (O values at the width the output is stored at, 32 bits) fill the
home's ejection port (docs/mapping.md, "Which fc could reach 50 %").
Usage: bench/sim/large_fc_peak.py [build_dir] [batch] [N | IxO ...]   (defaults: build, 256, 1024 2048)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 256


def parse_size(arg):
    """N (an N x N fc) or IxO, both multiples of 128 (whole row and column blocks on isaac)."""
    parts = arg.split("x")
    if len(parts) not in (1, 2) or not all(p.isdigit() and int(p) > 0 and int(p) % 128 == 0 for p in parts):
        sys.exit(f"large_fc_peak.py: size '{arg}': expected N or IxO, positive multiples of 128 (e.g. 1024 or 4096x2048)")
    return (int(parts[0]), int(parts[-1]))


sizes = [parse_size(a) for a in sys.argv[3:]] or [(1024, 1024), (2048, 2048)]
pimsim = os.path.join(build, "sim", "pimsim")
variants = [("as designed", lambda n: []), ("input register x2", lambda n: ["--set", "input_register.bytes=4096"]),
            # isaac: 12 PEs of 8 crossbars a tile; one copy is I/128 row blocks x O x 8 cells / 128 columns.
            ("one copy's tiles", lambda n: ["--set", f"tiles={-(-(n[0] // 128) * (n[1] * 8 // 128) // 96)}"])]


def write_trace(folder, size):
    i, o = size
    path = os.path.join(folder, f"fc{i}x{o}.json")
    with open(path, "w") as f:
        json.dump({"format": "autorac-trace", "version": 1, "name": f"fc{i}x{o}_16bit", "batch": batch,
                   "inputs": [{"id": "x", "shape": [i], "bits": 16, "signed": True}],
                   "ops": [{"id": "fc", "type": "fc", "inputs": ["x"], "in_features": i, "out_features": o,
                            "weight_bits": 16, "act_bits": 16}]}, f)
    return path


def port_roof(values_bits, ops, peak_ops_per_cycle, flit_bits):
    """Share of the peak at which `values_bits` a sample fill one NoC port (a flit a cycle)."""
    return ops / (values_bits / flit_bits) / peak_ops_per_cycle


print(f"isaac, optimized mapping, batch {batch}; % of the chip's 16-bit peak (41.3 TOPS at 168 tiles)")
print(f"{'I x O':>9} {'variant':<18} {'chip':>4} {'copies':>6} {'tiles':>5} {'measured':>10} {'analytical':>10} {'ratio':>6} "
      f"{'% peak':>7} {'off-chip roof':>13} {'crossbar roof':>13} {'home inject':>11} {'home eject':>10} {'wall s':>7}  "
      f"twin's bottleneck; busiest unit measured")
with tempfile.TemporaryDirectory() as tmp:
    report = os.path.join(tmp, "r.json")
    for n in sizes:
        trace = write_trace(tmp, n)
        for label, extra in variants:
            start = time.monotonic()
            subprocess.run([pimsim, "--trace", trace, "--mapping", "optimized", "--batch", str(batch), *extra(n),
                            "--report", report], check=True, capture_output=True)
            wall = time.monotonic() - start
            r = json.load(open(report))
            tops, m, op = r["throughput_tops"], r["mapping"], r["ops"][0]
            busiest = r["busiest_units"][0]
            fields = r["design"]["fields"]
            peak_ops_per_cycle = tops["peak_16_bit"] * 1e12 / (fields["clock_ghz"] * 1e9)
            ops, flit = 2 * n[0] * n[1], fields["interconnect.flit_bits"]
            inject = port_roof(n[0] * 16, ops, peak_ops_per_cycle, flit)
            eject = port_roof(n[1] * 32, ops, peak_ops_per_cycle, flit)
            print(f"{n[0]:>4}x{n[1]:<4} {label:<18} {m['chip_tiles']:>4} {op['replication']:>6} {m['tiles_used']:>5} {r['cycles']:>10} "
                  f"{r['analytical']['cycles']:>10} {r['measured_over_analytical_cycles']:>6.3f} "
                  f"{100 * tops['fraction_of_peak']:>6.2f}% {100 * tops['offchip_roof'] / tops['peak_16_bit']:>12.1f}% "
                  f"{100 * m['crossbars_used'] / m['crossbars_available']:>12.1f}% {100 * inject:>10.1f}% {100 * eject:>9.1f}% "
                  f"{wall:>7.1f}  "
                  f"{r['analytical']['bottleneck']}; {busiest['unit']} {100 * busiest['busy_fraction']:.0f} % busy")
