#!/usr/bin/env python3
"""Issue 8's audit, run again: each numbered finding's case, the figure the audit measured (quoted
from the issue) and the figure pimsim gives now; then the same for a second audit, made by a review
helper on 2026-12-06 (its findings numbered 2.n). The audit's own traces were not kept; where its case
used a trace of its own, the nearest one here is named (held_out.py's wider DLRM, a generated fc).
Usage: bench/sim/audit_findings.py [build_dir]   (about 15 s on 2 cores)
A third audit (2026-12-07, findings 3.n) follows."""
import json
import os
import subprocess
import sys
import tempfile
import time

import held_out

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
    sys.exit(__doc__)
build = sys.argv[1] if len(sys.argv) == 2 else os.path.join(root, "build")
pimsim = os.path.join(build, "sim", "pimsim")
if not os.access(pimsim, os.X_OK):
    sys.exit(f"audit_findings.py: no pimsim at {pimsim}; build it first (scripts/build) or pass the build folder")
examples = os.path.join(root, "traces", "examples")
scratch = tempfile.TemporaryDirectory(prefix="audit_findings_")  # removed at exit
tmp = scratch.name
runs = 0


def run(trace, design="isaac", mapping="naive", batch=1, sets=(), extra=(), may_fail=False):
    """One pimsim run: (report or None, exit code, first line of stderr, wall seconds). A run not
    allowed to fail stops the script with pimsim's error."""
    global runs
    runs += 1
    path = trace if os.path.isabs(trace) else os.path.join(examples, trace + ".json")
    report = os.path.join(tmp, "r.json")
    if os.path.exists(report):
        os.remove(report)
    args = [pimsim, "--design", design, "--trace", path, "--mapping", mapping, "--batch", str(batch), "--report", report]
    for s in sets:
        args += ["--set", s]
    start = time.perf_counter()
    p = subprocess.run(args + list(extra), capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    r = json.load(open(report)) if p.returncode == 0 else None
    err = next((line for line in p.stderr.splitlines() if line.strip()), "")
    print(f"  ({runs} runs, {wall:.1f} s: {os.path.basename(path)} {design} {mapping} b{batch} {' '.join(sets)})",
          file=sys.stderr, flush=True)
    if r is None and not may_fail:
        sys.exit(f"audit_findings.py: pimsim exited {p.returncode} on {' '.join(args[1:])}:\n{p.stderr}")
    return r, p.returncode, err, wall


rows = []


def row(finding, case, audit, now):
    rows.append((finding, case, audit, now))
    print(f"{finding:<4} {case}\n     audit: {audit}\n     now:   {now}", flush=True)


def comp(r, name, key="area_mm2"):
    return r[key]["by_component"][name]


def per_sample_nj(r):
    return r["energy_pj"]["dynamic"] / r["trace"]["batch"] / 1e3


def write_trace(name, trace):
    path = os.path.join(tmp, name + ".json")
    json.dump(trace, open(path, "w"))
    return path


def fc_trace(name, n, bits, batch):
    return write_trace(name, {"format": "autorac-trace", "version": 1, "name": name, "batch": batch,
                              "inputs": [{"id": "x", "shape": [n], "bits": bits}],
                              "ops": [{"id": "fc", "type": "fc", "inputs": ["x"], "in_features": n, "out_features": n,
                                       "weight_bits": bits, "act_bits": bits, "activation": "none"}]})


print("finding, case, the audit's figure (issue 8) and today's (pimsim at this build)\n")

# 1. Costs follow their knobs.
small, _, _, _ = run("mlp_512_256_128_1")
# (1024-row crossbars need 8 KiB input registers to hold one 8-bit vector each.)
big, _, _, _ = run("mlp_512_256_128_1", sets=("crossbar.rows=1024", "crossbar.cols=1024", "input_register.bytes=8192"))
row("1", "crossbar area, 1024x1024 over 128x128 arrays (chip, mm²)", "1.00x (area ignored rows x cols)",
    f"{comp(big, 'crossbar') / comp(small, 'crossbar'):.2f}x ({comp(small, 'crossbar'):.4g} -> {comp(big, 'crossbar'):.4g} mm²)")
for field, value, name in (("edram.bytes", 262144, "edram"), ("bus.width_bits", 768, "bus"),
                           ("interconnect.flit_bits", 64, "router"), ("dac.bits", 2, "dac")):
    r, code, err, _ = run("mlp_512_256_128_1", sets=(f"{field}={value}",), may_fail=True)
    row("1", f"{name} area with {field}={value} over the preset", "1.00x (the knob was ignored)",
        f"{comp(r, name) / comp(small, name):.2f}x" if r else f"exit {code}: {err}")
adc4, _, _, _ = run("fc_single_crossbar", sets=("adc.bits=4",))
adc8, _, _, _ = run("fc_single_crossbar")
row("1", "fc_single_crossbar, 4-bit over 8-bit SAR ADC: ADC busy fraction and latency", "1.00x (conversion time ignored bits)",
    f"{adc4['utilisation']['adc']['busy_fraction'] / adc8['utilisation']['adc']['busy_fraction']:.3f}x and "
    f"{adc4['latency_cycles'] / adc8['latency_cycles']:.3f}x ({adc8['latency_cycles']} -> {adc4['latency_cycles']} cycles; "
    "the 256-cycle crossbar read dominates)")
energies = []
for clock in ("100", "0.001"):
    r, _, _, _ = run("mlp_512_256_128_1", sets=(f"clock_ghz={clock}",))
    energies.append(f"{per_sample_nj(r):.4g} nJ at {clock} GHz")
row("1", "dynamic energy of one MLP sample at clock_ghz 100 and 0.001 (preset 2.56)",
    "215.5 nJ and 467 µJ, against 393 nJ at the preset's clock", ", ".join(energies) + f"; {per_sample_nj(small):.4g} nJ at the preset's")
row("1", "isaac tile at its reference point against ISAAC (0.372 mm², 330 mW a tile)", "(reproduced)",
    f"{small['area_mm2']['tile']:.4g} mm², {small['peak_power_w']['tile'] * 1e3:.4g} mW")

# 2. ADC loss is never silent.
r = small
row("2", "isaac (8-bit ADC, 2-bit cells, 128 rows), MLP, a timing run", "lossy, and the run did not say so",
    f"adc.lossless = {r['adc']['lossless']}, {len(r['adc']['lossy_ops'])} lossy ops of {r['adc']['ops_converting']}, "
    f"{r['adc']['most_bits_needed']} bits needed")
r, _, _, _ = run("mlp_512_256_128_1", mapping="optimized", extra=("--lossless-adc",))
row("2", "the same, optimized with --lossless-adc", "(no such choice)",
    f"adc.lossless = {r['adc']['lossless']}; {r['mapping']['crossbars_used']} crossbars ({r['adc']['mapping_choice']})")
r, _, _, _ = run("fc_small_tensors", design="neurosim22", extra=("--functional",))
f = r["functional"][0]
row("2", "neurosim22 (5-bit ADC), fc_small_tensors --functional", "48 % of conversions lossy on random data, silent in timing runs",
    f"the design's worst case: adc.lossless = {r['adc']['lossless']}, {r['adc']['most_bits_needed']} bits needed; "
    f"these tensors: {f['lossy_conversions']:,} of {f['conversions']:,} conversions lossy")

# 3. Off-chip requests in flight.
r, _, _, _ = run("mlp_512_256_128_1", mapping="optimized", batch=256)
row("3", "optimized MLP at batch 256, measured over analytical cycles", "1.48", f"{r['measured_over_analytical_cycles']:.3f}")
slow, _, _, _ = run("mlp_512_256_128_1", mapping="optimized", batch=256, sets=("offchip.latency_cycles=1000",))
row("3", "the same with offchip.latency_cycles=1000, over the preset's 256", "4.2x the interval",
    f"{slow['cycles'] / r['cycles']:.3f}x the cycles")

# 4. The twin and the mapper see ADC and S+A sharing.
base = None
for per_group in (1, 2, 4, 8):
    r, _, _, _ = run("mlp_512_256_128_1", sets=(f"adc.crossbars_per_group={per_group}",))
    base = base or r
    if per_group > 1:
        row("4", f"adc.crossbars_per_group={per_group}: measured and analytical cycles over 1 per group",
            {2: "1.98x and 1.00x", 4: "3.93x and 1.00x", 8: "7.83x and 1.00x"}[per_group],
            f"{r['cycles'] / base['cycles']:.2f}x and {r['analytical']['cycles'] / base['analytical']['cycles']:.2f}x")
copies = []
for per_group in (1, 8):
    r, _, _, _ = run("mlp_512_256_128_1", mapping="optimized", batch=256, sets=(f"adc.crossbars_per_group={per_group}",))
    copies.append(f"{per_group} per group: {r['mapping']['crossbars_used']} crossbars, {r['cycles']:,} cycles")
row("4", "optimized MLP at batch 256: crossbars the mapper builds", "15 copies whatever the sharing", "; ".join(copies))
starved, _, _, _ = run("mlp_512_256_128_1", design="neurosim22")
fed, _, _, _ = run("mlp_512_256_128_1", design="neurosim22", sets=("shift_add.units=64",))
row("4", "neurosim22 MLP, 16 S+A units a PE against 64 (ns; measured over analytical)",
    "1,201 ns against 865 ns; the twin saw no difference",
    f"{starved['time_ns']:,.0f} ns ({starved['measured_over_analytical_cycles']:.3f}) against "
    f"{fed['time_ns']:,.0f} ns ({fed['measured_over_analytical_cycles']:.3f})")
row("4", "measured over analytical within 10 % on every example run", "(goal)",
    "bench/sim/analytical_gap.py prints the 64 runs")

# 5. The mapper sees non-crossbar bottlenecks.
dlrm64 = write_trace("dlrm_dim64", held_out.widened("dlrm", 64))
through = {}
for mapping in ("naive", "optimized"):
    r, _, _, _ = run(dlrm64, mapping=mapping, batch=256)
    through[mapping] = r["cycles"]
row("5", "a wider DLRM (64-wide embeddings, 1024-512 top MLP; held_out.py), optimized over naive at batch 256",
    "1.10x", f"{through['naive'] / through['optimized']:.2f}x ({through['naive']:,} -> {through['optimized']:,} cycles)")
r, _, _, _ = run(fc_trace("fc512_16bit", 512, 16, 64), mapping="optimized", batch=64)
t = r["throughput_tops"]
row("5", "a 16-bit fc on isaac: share of the 41.3 TOPS peak (here 512x512, batch 64; bench/sim/large_fc_peak.py for larger)",
    "2.8 % (the audit's best 16-bit fc)",
    f"{100 * t['fraction_of_peak']:.2f} % of {t['peak_16_bit']:.4g} TOPS; the off-chip roof is "
    f"{100 * t['offchip_roof'] / t['peak_16_bit']:.1f} %")

# 6. Capacities hold.
lat = []
for batch in (16, 1024):
    r, _, _, _ = run("dlrm", batch=batch)
    lat.append(f"{r['mean_sample_latency_ns'] / 1e3:,.1f} µs at batch {batch}")
row("6", "DLRM mean sample latency (naive)", "55 µs at batch 16, 2,140 µs at batch 1024", ", ".join(lat))
r, code, err, _ = run("all_ops", sets=("offchip.capacity_mib=1",), may_fail=True)
row("6", "tables larger than offchip.capacity_mib", "22.4 GiB of tables ran on a 16 GiB DRAM",
    f"exit {code}: {err[:150]}")
r, code, err, _ = run("dlrm", sets=("edram.bytes=512",), may_fail=True)
row("6", "DLRM with a 512-byte eDRAM a tile", "edram.bytes changed nothing", f"exit {code}: {err[:150]}")

# 7. Smaller items.
dot = write_trace("dot27", {"format": "autorac-trace", "version": 1, "name": "dot27", "batch": 1,
                            "inputs": [{"id": "z", "shape": [27, 16], "bits": 8}],
                            "ops": [{"id": "interact", "type": "dot", "inputs": ["z"], "tokens": 27, "dim": 16, "act_bits": 8}]})
r, _, _, _ = run(dot)
row("7", "a dot of DLRM's shape alone (27 tokens of 16): vector-unit MACs per sample",
    "T² pairs: 11,664 (2.08x the T(T-1)/2 work)", f"{r['events']['vector_ops']:,} (T(T-1)/2 x 16 = {27 * 26 // 2 * 16:,})")
r, _, _, _ = run("dlrm")
u = r["utilisation"]
row("7", "wait_cycles of utilisation.offchip and .interconnect (DLRM, batch 1)", "always 0 (hard-wired)",
    f"{u['offchip']['wait_cycles']:,} and {u['interconnect']['wait_cycles']:,}")
for sets in (("adc.adcs_per_group=16",), ("shift_add.units=1", "adc.adcs_per_group=128"), ("tiles=1048576",)):
    r, code, err, wall = run("mlp_512_256_128_1", sets=sets, may_fail=True)
    row("7", " ".join(sets), "exit 1 (uncaught SystemC exception)" if "tiles" not in sets[0] else "minutes and 4 GB",
        (f"exit 0 in {wall:.2f} s, {r['cycles']:,} cycles" if r else f"exit {code} in {wall:.2f} s: {err[:150]}"))
r, _, _, _ = run("mlp_512_256_128_1", batch=256)
row("7", "average power of the MLP run (isaac, 55 W peak chip)", "0.13 W (leakage 0)",
    f"{r['power_w']:.3g} W, of which leakage {r['energy_pj']['leakage'] / r['energy_pj']['total'] * r['power_w']:.3g} W")

# 8. The chip sized to the model.
fixed, _, _, _ = run("dlrm", mapping="optimized", batch=16)
fit, _, _, _ = run("dlrm", mapping="optimized", batch=16, sets=("tiles=fit",))
row("8", "DLRM optimized: chip area, fixed 168 tiles against tiles=fit (mm²)", "(always 168 tiles)",
    f"{fixed['area_mm2']['total']:.4g} against {fit['area_mm2']['total']:.4g} ({fit['mapping']['chip_tiles']} tiles; "
    f"{fit['mapping']['chip']})")
# A second audit (a review helper, 2026-12-06), on the figures a search optimises.
print("\nsecond audit (2026-12-06): figure then, figure now\n")
r, _, _, _ = run("mlp_512_256_128_1", batch=4, sets=("tiles=5",))
row("2.3", "router area on a 5-tile chip, concentration 4 (mm²)", "0.1888 (1.25 routers)",
    f"{comp(r, 'router'):.4g} (0.151 mm² a router)")
r, _, _, _ = run("mlp_512_256_128_1", mapping="optimized", batch=64, sets=("tiles=fit", "clock_ghz=100"))
on_chip_w = (r["energy_pj"]["total"] - r["energy_pj"]["by_component"]["offchip_io"]) / r["time_ns"] * 1e-3
dynamic_w = (r["energy_pj"]["dynamic"] - r["energy_pj"]["by_component"]["offchip_io"]) / r["time_ns"] * 1e-3
row("2.1", "MLP optimized at clock_ghz=100 on a fitted chip: average on-chip power (of it dynamic) against the chip's active peak (W)",
    "22.36 against 1.649", f"{on_chip_w:.4g} ({dynamic_w:.4g}) against {r['peak_power_w']['chip']:.4g}")
for sets, comp_name, counter, then in ((("adc.conversion_cycles=1",), "adc", "adc_conversions", "0.781 (1.5625 at the preset)"),
                                       (("bus.cycles_per_beat=8",), "bus", "bus_beats", "21.9 (2.734 at the preset)")):
    r, _, _, _ = run("mlp_512_256_128_1", mapping="optimized", batch=16, sets=sets)
    row("2.2", f"{sets[0]}: energy per {comp_name} event (pJ)", then,
        f"{comp(r, comp_name, 'energy_pj') / r['events'][counter]:.4g}")
r, _, _, _ = run("dlrm", mapping="optimized", batch=64, sets=("tiles=fit",))
row("2.5", "DLRM optimized on a fitted chip at batch 64: fraction of peak", "1.816 (of the 16-bit peak)",
    f"{r['throughput_tops']['fraction_of_peak']:.3f} of {r['throughput_tops']['peak']:.4g} TOPS at the trace's bits")
r, _, _, _ = run("fc_single_crossbar", mapping="optimized", batch=16)
row("2.6", "fc_single_crossbar optimized (16 copies) at batch 16, measured over analytical", "0.712",
    f"{r['measured_over_analytical_cycles']:.3f}")
r, code, err, _ = run("mlp_512_256_128_1", batch=4, sets=("output_register.bytes=1",), may_fail=True)
row("2.7", "MLP with a 1-byte output register", "ran, the same cycles as 64 bytes",
    f"exit {code}: {err.split(': ', 2)[-1]}" if r is None else f"ran: {r['cycles']} cycles")
r, _, _, _ = run(fc_trace("fc1024_six_tiles", 1024, 16, 256), mapping="optimized", batch=256, sets=("tiles=6",))
row("5", "a 1024 x 1024 16-bit fc on a chip of its one copy's 6 tiles: fraction of that chip's peak (measured/analytical)",
    "before 2026-12-07: 0.432 (row blocks across tiles: the twin added the whole dispatch to a single-slot crossbar's period)",
    f"{r['throughput_tops']['fraction_of_peak']:.3f} ({r['mapping']['matrix_layout']}; {r['measured_over_analytical_cycles']:.3f})")
# A third audit (a review helper, 2026-12-07).
print("\nthird audit (2026-12-07): figure then, figure now\n")
for sets, then in ((("adc.crossbars_per_group=8",), "41.29 (the knob ignored)"), (("shift_add.units=1",), "41.29 (the knob ignored)")):
    r, _, _, _ = run("mlp_512_256_128_1", batch=4, sets=sets)
    row("3.1", f"{sets[0]}: the chip's 16-bit peak (TOPS; 41.29 unshared)", then,
        f"{r['throughput_tops']['peak_16_bit']:.4g}")
fc512 = write_trace("fc512x128", {"format": "autorac-trace", "version": 1, "name": "fc512x128", "batch": 1,
                                  "inputs": [{"id": "x", "shape": [512], "bits": 8}],
                                  "ops": [{"id": "fc1", "type": "fc", "inputs": ["x"], "in_features": 512, "out_features": 128,
                                           "weight_bits": 8, "act_bits": 8}]})
r, _, _, _ = run(fc512, design="neurosim22", mapping="optimized", batch=64, sets=("tiles=1",))
row("3.1", "neurosim22, a 512 x 128 8-bit fc on one tile at batch 64: peak (TOPS), fraction of it reached",
    "4.096, 0.236 (the S+A units allow a quarter)", f"{r['throughput_tops']['peak']:.4g}, {r['throughput_tops']['fraction_of_peak']:.3f}")
huge = write_trace("huge_table", {"format": "autorac-trace", "version": 1, "name": "huge_table", "batch": 1,
                                  "inputs": [{"id": "c", "shape": [1], "bits": 32, "signed": False}],
                                  "ops": [{"id": "e", "type": "embedding", "inputs": ["c"], "num_embeddings": 2**63 - 1,
                                           "embedding_dim": 2**63 - 1, "tokens": 1, "weight_bits": 8}]})
r, code, err, _ = run(huge, may_fail=True)
row("3.3", "an embedding of (2^63 - 1) x (2^63 - 1) entries", "exit 0, 0 cycles, 0 nJ",
    f"exit {code}: {err.split(': ', 2)[-1]}" if r is None else f"ran: {r['cycles']} cycles")
twice = os.path.join(tmp, "twice.json")
with open(twice, "w") as f:
    json.dump({"preset": "isaac", "adc": {"bits": 9}, "adc.bits": 10}, f)
r, code, err, _ = run("mlp_512_256_128_1", design=twice, may_fail=True)
row("3.5", "a design file giving adc.bits nested (9) and dotted (10)", "ran with 10",
    f"exit {code}: {err.split(': ', 2)[-1]}" if r is None else f"ran with adc.bits {r['design']['fields']['adc.bits']}")
print(f"\n{runs} pimsim runs")
