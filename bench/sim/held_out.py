"""The held-out recommenders of the simulator's benchmarks: the example traces with wider embeddings
(and DLRM with a wider top MLP), every width that follows from them adjusted. Never used to choose a
constant of the twin or the mapper (bench/sim/analytical_gap.py, bench/sim/layout_choice.py)."""
import json
import os

examples = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "traces", "examples")

# (example, embedding dim) of each held-out trace.
HELD_OUT = (("dlrm", 64), ("deepfm", 32), ("dcnv2", 32))


def widened(name, dim):
    """The example `name` with `dim`-wide embeddings, every width that follows from them adjusted."""
    t = json.load(open(os.path.join(examples, name + ".json")))
    ops = {o["id"]: o for o in t["ops"]}
    tables = sum(1 for o in t["ops"] if o["type"] == "embedding")
    old_dim = next(o["embedding_dim"] for o in t["ops"] if o["type"] == "embedding")
    for o in t["ops"]:
        if o["type"] == "embedding":
            o["embedding_dim"] = dim
    if name == "dlrm":
        pairs = (tables + 1) * tables // 2
        ops["bot3"]["out_features"] = dim
        ops["tokens"]["out_features"] = (tables + 1) * dim
        ops["interact"]["dim"] = dim
        ops["top_in"]["out_features"] = ops["top1"]["in_features"] = dim + pairs
        ops["top1"]["out_features"] = ops["top2"]["in_features"] = 1024
        ops["top2"]["out_features"] = ops["top3"]["in_features"] = 512
    elif name == "deepfm":
        dense = ops["deep_in"]["out_features"] - tables * old_dim
        ops["sparse"]["out_features"] = tables * dim
        ops["deep_in"]["out_features"] = ops["mlp1"]["in_features"] = dense + tables * dim
        ops["fm"]["dim"] = ops["fm_out"]["in_features"] = dim
    elif name == "dcnv2":
        width = ops["x0"]["out_features"] - tables * old_dim + tables * dim
        ops["x0"]["out_features"] = width
        for k in ("cross1_w", "cross2_w"):
            ops[k]["in_features"] = ops[k]["out_features"] = width
        for k in ("cross1_mul", "cross1", "cross2_mul", "cross2"):
            ops[k]["features"] = width
        ops["deep1"]["in_features"] = width
        ops["head_in"]["out_features"] = ops["out"]["in_features"] = width + ops["deep2"]["out_features"]
    t["name"] = f"{name}_dim{dim}"
    return t


def write_all(folder):
    """Writes every held-out trace into `folder`; returns [(name, path)]."""
    out = []
    for name, dim in HELD_OUT:
        path = os.path.join(folder, f"{name}_dim{dim}.json")
        json.dump(widened(name, dim), open(path, "w"))
        out.append((f"{name}_dim{dim}", path))
    return out
