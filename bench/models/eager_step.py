#!/usr/bin/python3
"""Milliseconds per training step of one architecture's stand-alone network in PyTorch eager.

The PyTorch-eager side of bench/models/StepTime.cpp (bench_step_time): builds the same network as
models/nn (Supernet built from NetShape::forArch, Criteo schema: 13 dense features, 26 categorical
fields, one shared embedding table of 2^17 x 16) op for op in torch.nn, and times forward +
BCE-with-logits + backward + clip_grad_norm_ 5 + Adagrad(lr 0.01) on a fixed random batch: 3 untimed
warm-up steps, then the median of `steps`. Prints the same lines as bench_step_time.

Usage: eager_step.py ARCH.json [batch=512] [steps=20] [threads=2] [--small-matmul] [--check]

By default the batched matrix products (attention scores/context, the dot op's Gram matrix) are the
plain torch.matmul / torch.bmm of the reference formulation, as an eager user writes them;
--small-matmul uses models/nn/SmallMatmul.cpp's broadcast multiply-add form instead (identical
math, the formulation the C++ network currently runs). --check runs one forward pass and prints the
loss, the parameter layout and a gradient check of the fake quantisers, then exits.

Benchmark-only dependency: PyTorch (Debian's python3-torch 1.13, the same libtorch as the C++ build).
The torch module is in /usr/lib/python3/dist-packages, so run this with /usr/bin/python3.
"""
import json
import math
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

EMBEDDING_DIM = 16  # Arch::kEmbeddingDim
MERGE_TOKENS = 8  # Arch::kMergeTokens
TABLE_SIZE = 1 << 17  # bench_step_time's table
NUM_DENSE = 13  # CriteoReader::kDense
NUM_SPARSE = 26  # CriteoReader::kSparse
DENSE_OPS = ("fc", "dot", "gating", "sum", "cross")
SPARSE_OPS = ("attention", "efc")

SMALL_MATMUL = False  # set by --small-matmul


# ---------------------------------------------------------------------------------------------
# Architecture JSON (models/space/Arch.cpp; defaults of Arch.h: precision 16/16, merge and fm off)


class Precision:
    def __init__(self, j=None):
        self.weight_bits = 16
        self.act_bits = 16
        if j is not None:
            self.weight_bits = int(j["weight_bits"])
            self.act_bits = int(j["act_bits"])
            for b in (self.weight_bits, self.act_bits):
                if b not in (2, 4, 8, 16):
                    raise ValueError("bit widths must be 2, 4, 8 or 16, got %d" % b)


class BlockArch:
    def __init__(self, j, n):
        self.dense_op = j["dense"]["op"]
        if self.dense_op not in DENSE_OPS:
            raise ValueError("block %d: dense.op must be one of %s" % (n, ", ".join(DENSE_OPS)))
        self.dense_precision = Precision(j["dense"])
        self.sparse_op = j["sparse"]["op"]
        if self.sparse_op not in SPARSE_OPS:
            raise ValueError("block %d: sparse.op must be attention or efc" % n)
        self.sparse_precision = Precision(j["sparse"])
        self.width = int(j["width"])
        self.tokens = int(j["tokens"])
        self.merge = False
        self.merge_precision = Precision()
        if "merge" in j:
            self.merge = bool(j["merge"]["on"])
            self.merge_precision = Precision(j["merge"])
        self.fm = bool(j.get("fm", False))
        self.dense_inputs = [int(i) for i in j["dense_inputs"]]
        self.sparse_inputs = [int(i) for i in j["sparse_inputs"]]
        for i in self.dense_inputs + self.sparse_inputs:
            if not 0 <= i < n:
                raise ValueError("block %d: inputs must be 0 or an earlier block" % n)
        if not (1 <= len(self.dense_inputs) <= 4 and 1 <= len(self.sparse_inputs) <= 4):
            raise ValueError("block %d: 1 to 4 inputs each" % n)

    def output_tokens(self):
        return self.tokens + (MERGE_TOKENS if self.merge else 0)


class Arch:
    def __init__(self, path):
        with open(path) as f:
            j = json.load(f)
        if j.get("format", "autorac-arch") != "autorac-arch" or j.get("version", 1) != 1:
            raise ValueError(path + ": not an autorac-arch version 1 document")
        self.name = j.get("name", "arch")
        if not j.get("blocks"):
            raise ValueError(path + ": blocks must be a non-empty array")
        self.blocks = [BlockArch(b, n + 1) for n, b in enumerate(j["blocks"])]
        self.head_precision = Precision(j["head"]) if "head" in j else Precision()


# ---------------------------------------------------------------------------------------------
# Fake quantisation with the straight-through estimator (models/nn/Quantizer.cpp)


def quant_max(bits):
    if bits < 2 or bits > 16:
        raise ValueError("quantiser bits must be 2..16")
    return (1 << (bits - 1)) - 1


def fake_quant_weight(w, bits):
    """Symmetric, one scale per output channel (row) from the row's largest magnitude."""
    q = float(quant_max(bits))
    with torch.no_grad():
        maxabs = w.abs().reshape(w.size(0), -1).amax(1)
        s = (maxabs / q).clamp_min(1e-12)
    s = s.view([w.size(0)] + [1] * (w.dim() - 1))
    fq = torch.round(w.detach() / s).clamp(-q, q) * s
    return w + (fq - w).detach()


def fake_quant_activation(x, bits):
    """Symmetric, one scale per tensor from the batch's largest magnitude."""
    q = float(quant_max(bits))
    with torch.no_grad():
        maxabs = x.abs().max() if x.numel() else torch.zeros((), dtype=x.dtype)
        s = (maxabs / q).clamp_min(1e-12)
    fq = torch.round(x.detach() / s).clamp(-q, q) * s
    return x + (fq - x).detach()


def small_matmul(a, b):
    """models/nn/SmallMatmul.cpp: a @ b as min(K, N) broadcast multiply-adds."""
    K, N = a.size(-1), b.size(-1)
    if K <= N:
        out = None
        for k in range(K):
            term = a.narrow(-1, k, 1) * b.narrow(-2, k, 1)
            out = term if out is None else out + term
        return out
    bt = b.transpose(-1, -2)
    return torch.stack([(a * bt.narrow(-2, n, 1)).sum(-1) for n in range(N)], -1)


def matmul(a, b):
    return small_matmul(a, b) if SMALL_MATMUL else torch.matmul(a, b)


def pad_to(x, width):
    """GatingOp.cpp padTo: zero-pads or cuts the last axis to width."""
    w = x.size(-1)
    if w == width:
        return x
    if w > width:
        return x.narrow(-1, 0, width)
    return F.pad(x, (0, width - w))


def pad_sum(inputs, width):
    """GatingOp.cpp padSum: sum of the (source, tensor) inputs, each padded/cut to width."""
    s = None
    for _, x in inputs:
        s = pad_to(x, width) if s is None else s + pad_to(x, width)
    return s


# ---------------------------------------------------------------------------------------------
# Modules (models/nn/*.cpp). Parameters are created in the C++ constructors' order, so with the
# same seed the same libtorch generator draws the same initial weights and batch.


class SlicedLinear(nn.Module):
    """One weight [max_out, width_j] per possible source j plus a bias [max_out]; a path uses the
    leading `out` rows and, per source it reads, the leading columns of that source's width."""

    def __init__(self, source_widths, max_out, bias=True):
        super().__init__()
        fan = sum(sorted(source_widths, reverse=True)[:4])
        bound = 1.0 / math.sqrt(float(max(fan, 1)))
        self.num_sources = len(source_widths)
        for j, w in enumerate(source_widths):
            self.register_parameter("w%d" % j, nn.Parameter(torch.empty(max_out, w).uniform_(-bound, bound)))
        self.b = nn.Parameter(torch.empty(max_out).uniform_(-bound, bound)) if bias else None
        self.max_out = max_out

    def forward(self, inputs, out, p):
        """inputs: list of (source index, [..., width]) or one tensor (source 0)."""
        if isinstance(inputs, torch.Tensor):
            inputs = [(0, inputs)]
        assert out <= self.max_out
        parts = []
        for src, x in inputs:
            w = getattr(self, "w%d" % src)
            assert x.size(-1) <= w.size(1), "source %d width %d exceeds %d" % (src, x.size(-1), w.size(1))
            parts.append(w.narrow(0, 0, out).narrow(1, 0, x.size(-1)))
        w = parts[0] if len(parts) == 1 else torch.cat(parts, 1)
        x = inputs[0][1] if len(inputs) == 1 else torch.cat([x for _, x in inputs], -1)
        b = self.b.narrow(0, 0, out) if self.b is not None else None
        return F.linear(fake_quant_activation(x, p.act_bits), fake_quant_weight(w, p.weight_bits), b)


class DotOp(nn.Module):
    def __init__(self, source_widths, max_tokens, max_out):
        super().__init__()
        self.proj_in = SlicedLinear(source_widths, EMBEDDING_DIM)
        pairs = max_tokens * (max_tokens + 1) // 2
        self.proj_out = SlicedLinear([EMBEDDING_DIM + pairs], max_out)

    def forward(self, dense, sparse, out, p):
        d = self.proj_in(dense, EMBEDDING_DIM, p)
        z = torch.cat([d.unsqueeze(1), sparse], 1)  # [B, t+1, 16]
        n = z.size(1)
        gram = small_matmul(z, z.transpose(1, 2)) if SMALL_MATMUL else torch.bmm(z, z.transpose(1, 2))
        idx = torch.tril_indices(n, n, -1)
        dots = gram[:, idx[0], idx[1]]
        feat = torch.cat([d, dots], 1)
        return torch.relu(self.proj_out(feat, out, p))


class GatingOp(nn.Module):
    def __init__(self, source_widths, max_out):
        super().__init__()
        self.gate = SlicedLinear(source_widths, max_out)
        self.out = SlicedLinear([max_out], max_out)

    def forward(self, dense, out, p):
        g = torch.sigmoid(self.gate(dense, out, p))
        r = pad_sum(dense, out)
        return self.out(r * g, out, p)


class EfcOp(nn.Module):
    def __init__(self, source_tokens, max_tokens):
        super().__init__()
        self.mix = SlicedLinear(source_tokens, max_tokens)

    def forward(self, sparse, tokens, p):
        transposed = [(src, s.transpose(1, 2)) for src, s in sparse]  # [B, 16, T_j]
        return self.mix(transposed, tokens, p).transpose(1, 2)  # [B, t, 16]


class AttentionOp(nn.Module):
    HEADS = 2
    FFN = 32

    def __init__(self):
        super().__init__()
        d = EMBEDDING_DIM
        self.qkv = SlicedLinear([d], 3 * d)
        self.out = SlicedLinear([d], d)
        self.ffn1 = SlicedLinear([d], self.FFN)
        self.ffn2 = SlicedLinear([self.FFN], d)
        self.ln1 = nn.LayerNorm(d)  # affine, eps 1e-5 like torch::nn::LayerNormOptions
        self.ln2 = nn.LayerNorm(d)

    def forward(self, sparse, tokens, p):
        parts = [s for _, s in sparse]
        x = parts[0] if len(parts) == 1 else torch.cat(parts, 1)  # [B, T, 16]
        B, T, d = x.size(0), x.size(1), EMBEDDING_DIM
        hd = d // self.HEADS
        qkv = self.qkv(x, 3 * d, p).view(B, T, 3, self.HEADS, hd)
        q = qkv.select(2, 0).transpose(1, 2)
        k = qkv.select(2, 1).transpose(1, 2)
        v = qkv.select(2, 2).transpose(1, 2)  # [B, H, T, hd]
        att = torch.softmax(matmul(q, k.transpose(2, 3)) / math.sqrt(float(hd)), -1)
        ctx = matmul(att, v).transpose(1, 2).reshape(B, T, d)
        x = self.ln1(x + self.out(ctx, d, p))
        h = torch.relu(self.ffn1(x, self.FFN, p))
        x = self.ln2(x + self.ffn2(h, d, p))
        if T >= tokens:
            return x.narrow(1, 0, tokens)
        return torch.cat([x, torch.zeros(B, tokens - T, d, dtype=x.dtype)], 1)


def fm_interaction(tokens):
    s = tokens.sum(1)
    return 0.5 * (s * s - (tokens * tokens).sum(1))


class Block(nn.Module):
    """NetShape::forArch's block: exactly the one dense op and sparse op of the architecture, one
    weight block per earlier output (whether the block reads it or not, as SlicedLinear does)."""

    def __init__(self, a, dense_source_width, sparse_source_tokens):
        super().__init__()
        dw, w = dense_source_width, a.width
        self.dense_op, self.sparse_op = a.dense_op, a.sparse_op
        if a.dense_op == "fc":
            self.fc = SlicedLinear(dw, w)
        elif a.dense_op == "sum":
            self.sum = SlicedLinear([max(dw)], w)
        elif a.dense_op == "cross":
            self.cross = SlicedLinear([w], w)
        elif a.dense_op == "dot":
            self.dot = DotOp(dw, a.tokens, w)
        elif a.dense_op == "gating":
            self.gating = GatingOp(dw, w)
        if a.sparse_op == "efc":
            self.efc = EfcOp(sparse_source_tokens, a.tokens)
        else:
            self.attention = AttentionOp()
        if a.merge:
            self.merge = SlicedLinear([w], MERGE_TOKENS * EMBEDDING_DIM)

    def forward(self, a, dense_outs, sparse_outs):
        dense = [(i, dense_outs[i]) for i in a.dense_inputs]
        sparse = [(i, sparse_outs[i]) for i in a.sparse_inputs]
        if a.sparse_op == "efc":
            s = self.efc(sparse, a.tokens, a.sparse_precision)
        else:
            s = self.attention(sparse, a.tokens, a.sparse_precision)
        p = a.dense_precision
        if a.dense_op == "fc":
            y = torch.relu(self.fc(dense, a.width, p))
        elif a.dense_op == "dot":
            y = self.dot(dense, s, a.width, p)
        elif a.dense_op == "gating":
            y = self.gating(dense, a.width, p)
        elif a.dense_op == "sum":
            widest = max(x.size(1) for _, x in dense)
            y = self.sum(pad_sum(dense, widest), a.width, p)
        else:  # cross
            x0, xl = pad_to(dense[0][1], a.width), pad_to(dense[-1][1], a.width)
            y = x0 * self.cross(xl, a.width, p) + xl
        if a.fm:
            y = y + pad_to(fm_interaction(s), a.width)
        y = F.layer_norm(y, (y.size(1),))  # parameter-free
        if a.merge:
            m = self.merge(y, MERGE_TOKENS * EMBEDDING_DIM, a.merge_precision)
            s = torch.cat([s, m.view(-1, MERGE_TOKENS, EMBEDDING_DIM)], 1)
        return y, s


class Net(nn.Module):
    """Supernet(NetShape::forArch(arch, Criteo schema, table))."""

    def __init__(self, arch, num_dense=NUM_DENSE, num_sparse=NUM_SPARSE, table_size=TABLE_SIZE):
        super().__init__()
        self.arch = arch
        self.num_dense = num_dense
        self.embedding = nn.Embedding(table_size, EMBEDDING_DIM)
        with torch.no_grad():
            self.embedding.weight.uniform_(-0.05, 0.05)
        width, tokens = [max(num_dense, 1)], [num_sparse]
        blocks = []
        for a in arch.blocks:
            blocks.append(Block(a, list(width), list(tokens)))
            width.append(a.width)
            tokens.append(a.output_tokens())
        self.blocks = nn.ModuleList(blocks)
        self.head = SlicedLinear([width[-1], tokens[-1] * EMBEDDING_DIM], 1)

    def forward(self, dense, sparse):
        dense_outs = [dense if self.num_dense > 0 else torch.ones(sparse.size(0), 1)]
        sparse_outs = [self.embedding(sparse)]
        for a, block in zip(self.arch.blocks, self.blocks):
            y, s = block(a, dense_outs, sparse_outs)
            dense_outs.append(y)
            sparse_outs.append(s)
        flat = sparse_outs[-1].flatten(1)
        return self.head([(0, dense_outs[-1]), (1, flat)], 1, self.arch.head_precision).squeeze(1)


# ---------------------------------------------------------------------------------------------


def check(net, dense, sparse, label):
    """One forward/backward: loss, parameter layout (C++ names: w<j>/b, block<i>, ln<k>.weight),
    and the STE gradient of the quantisers (identity)."""
    loss = F.binary_cross_entropy_with_logits(net(dense, sparse), label)
    loss.backward()
    print("loss %.6f" % loss.item())
    for name, p in net.named_parameters():
        cpp = re.sub(r"^blocks\.(\d+)", lambda m: "block%d" % (int(m.group(1)) + 1), name)
        print("param %s %s %s" % (cpp, list(p.shape), "grad" if p.grad is not None else "unused"))
    for bits in (2, 4, 8, 16):
        x = torch.randn(7, 5, requires_grad=True)
        (fake_quant_activation(x, bits) * torch.arange(5.0)).sum().backward()
        w = torch.randn(4, 6, requires_grad=True)
        (fake_quant_weight(w, bits) * torch.arange(6.0)).sum().backward()
        levels = torch.unique(torch.round(fake_quant_weight(w, bits)[0] / (w[0].abs().max() / quant_max(bits))))
        assert torch.equal(x.grad, torch.arange(5.0).expand(7, 5)), bits
        assert torch.equal(w.grad, torch.arange(6.0).expand(4, 6)), bits
        assert levels.abs().max() <= quant_max(bits), bits
    print("ste ok")


def main(argv):
    global SMALL_MATMUL
    flags = [a for a in argv[1:] if a.startswith("--")]
    args = [a for a in argv[1:] if not a.startswith("--")]
    unknown = set(flags) - {"--small-matmul", "--check"}
    if not args or unknown:
        sys.stderr.write("usage: eager_step.py ARCH.json [batch=512] [steps=20] [threads=2] "
                         "[--small-matmul] [--check]\n")
        return 2
    SMALL_MATMUL = "--small-matmul" in flags
    arch = Arch(args[0])
    batch = int(args[1]) if len(args) > 1 else 512
    steps = int(args[2]) if len(args) > 2 else 20
    threads = int(args[3]) if len(args) > 3 else 2
    if steps < 1:
        sys.stderr.write("steps must be at least 1\n")
        return 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = Net(arch)
    dense = torch.rand(batch, NUM_DENSE)
    sparse = torch.randint(0, TABLE_SIZE, (batch, NUM_SPARSE), dtype=torch.int64)
    label = torch.randint(0, 2, (batch,), dtype=torch.float32)
    if "--check" in flags:
        check(net, dense, sparse, label)
        return 0
    params = list(net.parameters())
    optim = torch.optim.Adagrad(params, lr=0.01)
    ms = []
    for i in range(steps + 3):  # 3 untimed warm-up steps
        t0 = time.perf_counter()
        optim.zero_grad()
        loss = F.binary_cross_entropy_with_logits(net(dense, sparse), label)
        loss.backward()
        nn.utils.clip_grad_norm_(params, 5.0)
        optim.step()
        t = (time.perf_counter() - t0) * 1000.0
        if i >= 3:
            ms.append(t)
    ms.sort()
    n = sum(p.numel() for p in params)
    print("arch %s\nparameters %d\nbatch %d\nthreads %d\nms/step %.3f" % (arch.name, n, batch, threads, ms[len(ms) // 2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
