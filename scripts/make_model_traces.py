#!/usr/bin/env python3
"""Writes the hand-designed example traces of four handcrafted CTR models at Criteo's feature counts
(13 dense features, 26 sparse features, embedding dim 16) into traces/examples/: dlrm.json,
deepfm.json, autoint.json, dcnv2.json. Shapes follow the models' papers at a small width; precisions
are mixed (8-bit embeddings and bottom layers, 4-bit weights where AutoRAC-style search would put
them) so that precision-aware mapping matters. Tables are hashed to sizes that differ per feature,
as Criteo's cardinalities do: some fit a tile's eDRAM, most need off-chip DRAM.
Usage: scripts/make_model_traces.py (standard library only; deterministic)."""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DENSE, SPARSE, DIM = 13, 26, 16
# Hashed table sizes (rows) per sparse feature: a fixed, repeatable spread from 100 to 200,000.
TABLE_ROWS = [100, 2000, 200000, 50000, 300, 30, 10000, 600, 3, 40000, 5000, 150000, 3000,
              25, 9000, 100000, 10, 5000, 2000, 4, 120000, 15, 12, 40000, 100, 30000]


def trace(name, ops, comment):
    inputs = [{"id": "dense", "shape": [DENSE], "bits": 8, "signed": True}]
    inputs += [{"id": f"C{i + 1}", "shape": [1], "bits": 32, "signed": False} for i in range(SPARSE)]
    return {"format": "autorac-trace", "version": 1, "name": name, "batch": 1, "comment": comment,
            "inputs": inputs, "ops": ops}


def embeddings(bits=8):
    return [{"id": f"emb{i + 1}", "type": "embedding", "inputs": [f"C{i + 1}"], "num_embeddings": TABLE_ROWS[i],
             "embedding_dim": DIM, "tokens": 1, "weight_bits": bits} for i in range(SPARSE)]


def fc(id_, src, k, n, w=8, a=8, act="relu"):
    op = {"id": id_, "type": "fc", "inputs": [src], "in_features": k, "out_features": n, "weight_bits": w, "act_bits": a}
    if act != "none":
        op["activation"] = act
    return op


def concat(id_, srcs, width, a=8):
    return {"id": id_, "type": "concat", "inputs": srcs, "out_features": width, "act_bits": a}


def dlrm():
    emb = [f"emb{i + 1}" for i in range(SPARSE)]
    ops = [fc("bot1", "dense", DENSE, 512), fc("bot2", "bot1", 512, 256), fc("bot3", "bot2", 256, DIM)]
    ops += embeddings()
    ops.append(concat("tokens", ["bot3"] + emb, (SPARSE + 1) * DIM))
    pairs = (SPARSE + 1) * SPARSE // 2
    ops.append({"id": "interact", "type": "dot", "inputs": ["tokens"], "tokens": SPARSE + 1, "dim": DIM, "act_bits": 8})
    ops.append(concat("top_in", ["bot3", "interact"], DIM + pairs))
    ops += [fc("top1", "top_in", DIM + pairs, 512, w=4), fc("top2", "top1", 512, 256, w=4),
            fc("top3", "top2", 256, 1, act="none")]
    return trace("dlrm", ops, "DLRM (Naumov et al. 2019): bottom MLP 13-512-256-16, 26 embeddings, pairwise dot "
                              "interaction of 27 tokens, top MLP 367-512-256-1")


def deepfm():
    emb = [f"emb{i + 1}" for i in range(SPARSE)]
    ops = embeddings()
    ops.append(concat("sparse", emb, SPARSE * DIM))
    ops.append(concat("deep_in", ["dense"] + emb, DENSE + SPARSE * DIM))
    ops += [fc("mlp1", "deep_in", DENSE + SPARSE * DIM, 400), fc("mlp2", "mlp1", 400, 400, w=4),
            fc("mlp3", "mlp2", 400, 400, w=4), fc("mlp_out", "mlp3", 400, 1, act="none")]
    ops.append({"id": "fm", "type": "fm", "inputs": ["sparse"], "tokens": SPARSE, "dim": DIM, "act_bits": 8})
    ops.append(fc("fm_out", "fm", DIM, 1, act="none"))
    ops.append({"id": "logit", "type": "add", "inputs": ["mlp_out", "fm_out"], "features": 1, "act_bits": 16})
    return trace("deepfm", ops, "DeepFM (Guo et al. 2017): FM over 26 embeddings plus an MLP 429-400-400-400-1 "
                                "over the dense features and embeddings, summed")


def autoint():
    emb = [f"emb{i + 1}" for i in range(SPARSE)]
    ops = embeddings()
    ops.append(fc("dense_token", "dense", DENSE, DIM))
    ops.append(concat("tokens", ["dense_token"] + emb, (SPARSE + 1) * DIM))
    ops.append({"id": "attn1", "type": "attention", "inputs": ["tokens"], "tokens": SPARSE + 1, "dim": DIM, "heads": 2,
                "weight_bits": 8, "act_bits": 8})
    ops.append({"id": "attn2", "type": "attention", "inputs": ["attn1"], "tokens": SPARSE + 1, "dim": DIM, "heads": 2,
                "weight_bits": 4, "act_bits": 8})
    ops.append(fc("out", "attn2", (SPARSE + 1) * DIM, 1, act="none"))
    return trace("autoint", ops, "AutoInt (Song et al. 2019): the dense features projected to one token, 27 tokens, "
                                 "two 2-head self-attention layers, a linear head")


def dcnv2():
    emb = [f"emb{i + 1}" for i in range(SPARSE)]
    width = DENSE + SPARSE * DIM
    ops = embeddings()
    ops.append(concat("x0", ["dense"] + emb, width))
    prev = "x0"
    for layer in (1, 2):
        # Cross layer: x_{l+1} = x0 ⊙ (W x_l + b) + x_l
        ops.append(fc(f"cross{layer}_w", prev, width, width, w=4, act="none"))
        ops.append({"id": f"cross{layer}_mul", "type": "mul", "inputs": ["x0", f"cross{layer}_w"], "features": width,
                    "act_bits": 8})
        ops.append({"id": f"cross{layer}", "type": "add", "inputs": [f"cross{layer}_mul", prev], "features": width,
                    "act_bits": 8})
        prev = f"cross{layer}"
    ops += [fc("deep1", "x0", width, 256), fc("deep2", "deep1", 256, 256, w=4)]
    ops.append(concat("head_in", [prev, "deep2"], width + 256))
    ops.append(fc("out", "head_in", width + 256, 1, act="none"))
    return trace("dcnv2", ops, "DCN-v2 (Wang et al. 2021): two full-rank cross layers over x0 (429 wide) beside a "
                               "429-256-256 MLP, concatenated into a linear head")


for model in (dlrm, deepfm, autoint, dcnv2):
    t = model()
    path = os.path.join(ROOT, "traces", "examples", t["name"] + ".json")
    with open(path, "w") as f:
        f.write("{\n")
        keys = [k for k in t if k not in ("inputs", "ops")]
        for k in keys:
            f.write(f'  {json.dumps(k)}: {json.dumps(t[k])},\n')
        for section in ("inputs", "ops"):
            f.write(f'  "{section}": [\n')
            f.write(",\n".join("    " + json.dumps(x) for x in t[section]))
            f.write("\n  ]" + (",\n" if section == "inputs" else "\n"))
        f.write("}\n")
    print("wrote", path)
