"""Writes test/fixtures/random-goldens.json: NumPy's legacy np.random outputs, and DeZero's initial weights.

Run from the project root with Debian's python3-numpy, and DeZero on the path for the layer cases:
    PYTHONPATH=../shared/dezero-py MPLBACKEND=Agg /usr/bin/python3 scripts/make-random-goldens.py
Floats are written with Python's repr (shortest round trip), so JSON.parse gives the exact float64.
"""
import json
import math
import os
import subprocess

import numpy as np


def seq(rs, calls):
    """Runs (method, args, kwargs) calls on a RandomState and collects the flattened results."""
    out = []
    for name, args, kwargs in calls:
        v = np.asarray(getattr(rs, name)(*args, **kwargs))
        out.append({"call": name, "args": list(args), "kwargs": kwargs,
                    "shape": list(v.shape), "values": v.ravel().tolist()})
    return out


def random_cases():
    cases = []
    for seed in [0, 1, 42, 1984, 2020, 123456789, 2**32 - 1]:
        rs = np.random.RandomState(seed)
        raw = rs.randint(0, 2**32, size=8, dtype=np.uint64).tolist()
        calls = [
            ("rand", (5,), {}),
            ("randn", (7,), {}),
            ("rand", (2, 3), {}),
            ("randn", (3, 2), {}),
            ("randint", (0, 10), {"size": 12}),
            ("randint", (0, 16), {"size": 8}),
            ("randint", (-5, 17), {"size": 8}),
            ("randint", (3,), {"size": 6}),
            ("randint", (0, 2**31 - 1), {"size": 4}),
            ("randint", (-(2**31), 2**31 - 1), {"size": 4}),
            ("randint", (0, 2**32), {"size": 3}),
            ("randint", (0, 2**32 + 1), {"size": 3}),
            ("randint", (0, 2**40 + 12345), {"size": 3}),
            ("randint", (7, 8), {"size": 3}),
            ("permutation", (10,), {}),
            ("permutation", (1,), {}),
            ("permutation", ([1.5, 2.5, 3.5, 4.5],), {}),
            ("uniform", (-1.0, 2.0), {"size": 4}),
            ("normal", (1.0, 2.0), {"size": 5}),
            ("choice", (10,), {"size": 6}),
            ("choice", (7,), {"size": 4, "replace": False}),
            ("choice", (5,), {"size": 8, "p": [0.1, 0.2, 0.3, 0.15, 0.25]}),
            ("choice", (5,), {"size": 3, "replace": False, "p": [0.1, 0.2, 0.3, 0.15, 0.25]}),
            ("choice", ([2.5, -1.0, 4.0],), {"size": (2, 2)}),
            ("choice", (4,), {}),
            ("randn", (), {}),
        ]
        cases.append({"seed": seed, "raw": raw, "calls": seq(rs, calls)})
    return cases


def shuffle_case():
    rs = np.random.RandomState(5)
    a = np.arange(12, dtype=np.float64).reshape(4, 3)
    rs.shuffle(a)
    b = np.arange(9, dtype=np.float64)
    rs.shuffle(b)
    return {"seed": 5, "rows": a.ravel().tolist(), "flat": b.tolist()}


def large_permutation():
    rs = np.random.RandomState(7)
    return {"seed": 7, "n": 1000, "values": rs.permutation(1000).tolist()}


def dezero_cases():
    """Initial weights of DeZero's layers after np.random.seed; None when DeZero is not importable."""
    try:
        import dezero
        import dezero.functions as F
        import dezero.layers as L
        from dezero.models import MLP
    except ImportError:
        return None
    out = {}
    # Step 45: data then MLP((10, 1)), weights drawn at the first call.
    np.random.seed(0)
    x = np.random.rand(100, 1)
    np.random.rand(100, 1)
    model = MLP((10, 1))
    model(x)
    out["mlp45"] = {"W0": model.l0.W.data.ravel().tolist(), "W1": model.l1.W.data.ravel().tolist(),
                    "dtype": str(model.l0.W.data.dtype)}
    # Step 48: get_spiral reseeds the global generator with 1984; permutation, then the weights.
    x, t = dezero.datasets.get_spiral(train=True)
    model = MLP((10, 3))
    optimizer = dezero.optimizers.SGD(1.0).setup(model)
    losses = []
    for epoch in range(3):
        index = np.random.permutation(300)
        if epoch == 0:
            first_index = index[:10].tolist()
        total = 0.0
        for i in range(10):
            b = index[i * 30:(i + 1) * 30]
            loss = F.softmax_cross_entropy(model(x[b]), t[b])
            if epoch == 0 and i == 0:
                W0 = model.l0.W.data.ravel().tolist()
            model.cleargrads()
            loss.backward()
            optimizer.update()
            total += float(loss.data) * 30
        losses.append(total / 300)
    out["spiral48"] = {"x": x[:5].ravel().tolist(), "t": t[:10].tolist(), "index": first_index,
                       "W0": W0, "losses": losses}
    np.random.seed(3)
    conv = L.Conv2d(4, 3)
    conv(np.zeros((1, 2, 5, 5), dtype=np.float32))
    deconv = L.Deconv2d(2, 3)
    deconv(np.zeros((1, 3, 4, 4), dtype=np.float32))
    out["conv"] = {"conv": conv.W.data.ravel().tolist(), "deconv": deconv.W.data.ravel().tolist()}
    np.random.seed(4)
    rnn = L.RNN(3)
    xs = np.ones((1, 2), dtype=np.float32)
    rnn(xs)
    rnn(xs)
    lstm = L.LSTM(2)
    lstm(xs)
    embed = L.EmbedID(4, 3)
    out["recurrent"] = {"x2h": rnn.x2h.W.data.ravel().tolist(), "h2h": rnn.h2h.W.data.ravel().tolist(),
                        "lstm_h2f": lstm.h2f.W.data.ravel().tolist(), "lstm_h2u": lstm.h2u.W.data.ravel().tolist(),
                        "lstm_x2f": lstm.x2f.W.data.ravel().tolist(), "lstm_x2u": lstm.x2u.W.data.ravel().tolist(),
                        "embed": embed.W.data.ravel().tolist()}
    np.random.seed(0)
    with dezero.using_config("train", True):
        y = F.dropout(np.ones((3, 4), dtype=np.float32), 0.3)
    out["dropout"] = {"ratio": 0.3, "values": y.data.ravel().tolist()}
    return out


def seed_errors():
    out = {}
    for label, value in [("negative", -1), ("too_large", 2**32), ("fraction", 1.5), ("nan", math.nan),
                         ("string", "x")]:
        try:
            np.random.RandomState(value)
            out[label] = None
        except (TypeError, ValueError) as e:
            out[label] = type(e).__name__
    return out


def log_cases():
    """Correctly rounded natural logs (40-digit Decimal), including arguments where glibc's log is 1 ulp off."""
    from decimal import Decimal, getcontext
    getcontext().prec = 40
    rs = np.random.RandomState(3)
    xs = rs.random_sample(60).tolist() + [0.8985207128277959, 0.34054822200127965, 0.6561297889264426,
                                          1.0, 0.5, 2.0, 1 + 2**-52, 1 - 2**-53, 1e-30, 3e300, 5e-324]
    return {"x": xs, "log": [float(Decimal(x).ln()) for x in xs]}


def main():
    goldens = {
        "numpy": np.__version__,
        "cases": random_cases(),
        "shuffle": shuffle_case(),
        "permutation1000": large_permutation(),
        "seedErrors": seed_errors(),
        "logs": log_cases(),
        "dezero": dezero_cases(),
    }
    path = os.path.join("test", "fixtures", "random-goldens.json")
    with open(path, "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
        f.write("\n")
    # The project lints JSON too: write it in Biome's layout.
    subprocess.run(["npx", "biome", "format", "--write", path], check=True, capture_output=True)
    print("wrote", path, os.path.getsize(path), "bytes")


main()
