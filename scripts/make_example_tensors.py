#!/usr/bin/env python3
"""Writes traces/examples/fc_small_tensors.tensors.json, the tensor sidecar of fc_small_tensors.json.

fc 64->8, batch 4: signed 8-bit weights W [8, 64] and inputs x [4, 64] drawn from a fixed-seed PRNG,
and the exact integer reference output fc.output[b][n] = sum_k W[n][k] * x[b][k] that a functional
simulation must reproduce. Standard library only; the output is committed, rerun only to change it.
The layout (one tensor per line, keys sorted) matches what traces/TraceWriter writes.
"""
import json
import os
import random

IN_FEATURES, OUT_FEATURES, BATCH, SEED = 64, 8, 4, 20240601


def main():
    rng = random.Random(SEED)
    weight = [[rng.randint(-128, 127) for _ in range(IN_FEATURES)] for _ in range(OUT_FEATURES)]
    x = [[rng.randint(-128, 127) for _ in range(IN_FEATURES)] for _ in range(BATCH)]
    output = [[sum(w * v for w, v in zip(row, sample)) for row in weight] for sample in x]

    def flat(rows):
        return [v for row in rows for v in row]

    tensors = {
        "fc.output": {"shape": [BATCH, OUT_FEATURES], "data": flat(output)},
        "fc.weight": {"shape": [OUT_FEATURES, IN_FEATURES], "data": flat(weight)},
        "x": {"shape": [BATCH, IN_FEATURES], "data": flat(x)},
    }
    lines = ['{', '  "format": "autorac-tensors",', '  "version": 1,', '  "tensors": {']
    for i, key in enumerate(sorted(tensors)):
        t = tensors[key]
        record = '{"shape": %s, "data": %s}' % (json.dumps(t["shape"]), json.dumps(t["data"]))
        lines.append('    %s: %s%s' % (json.dumps(key), record, "," if i + 1 < len(tensors) else ""))
    lines += ['  }', '}']

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "traces", "examples", "fc_small_tensors.tensors.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)  # atomic, like the C++ writer
    print("wrote", path)


if __name__ == "__main__":
    main()
