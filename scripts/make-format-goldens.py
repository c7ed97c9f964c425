"""Writes test/fixtures/format-goldens.json: how NumPy prints arrays (str) and DeZero prints Variables (repr).

Run from the project root with Debian's python3-numpy (and DeZero on the path for the variable texts):
    PYTHONPATH=../shared/dezero-py MPLBACKEND=Agg /usr/bin/python3 scripts/make-format-goldens.py
Values are written as Python repr strings ('nan', '-inf', '-0.0' included), exact for float64 and float32.
"""
import json
import math
import os
import subprocess

import numpy as np

rs = np.random.RandomState(0)
C = []


def case(values, dtype="float64", shape=None, gen=None):
    a = np.array(values, dtype=dtype)
    if shape is not None:
        a = a.reshape(shape)
    C.append((a, gen))


def affine(shape, a, b, c, dtype="float64"):
    """A large array the test rebuilds instead of storing: ((i·a) + b)·c in float64, then cast to dtype."""
    n = int(np.prod(shape))
    v = ((np.arange(n, dtype=np.float64) * a) + b) * c
    case(v, dtype, shape, gen={"n": n, "a": a, "b": b, "c": c})


# 0-d: the scalar's shortest round-trip text.
for dt in ["float64", "float32"]:
    for v in [1 / 3, 2.0, 1e-5, 1.5e-7, 1e16, 1.2345e17, 123456.789, 9999999999999998.0, -0.0, 0.0,
              math.nan, math.inf, -math.inf, 0.1 + 0.2, 1e-4, 100.0, -2.5, 3e38]:
        case(v, dt)
case(5, "int32")
case(-7, "int32")
case(True, "bool")
case(200, "uint8")

# 1-D floats: trailing dots, alignment, precision 8, e notation rules, nan/inf, negative zero.
for vals in [[1, 2, 3], [1.5, 2.25, -3], [0.1, 0.2], [1 / 3, 2 / 3], [1e-5, 1.0], [1.0, 1e4], [1.0, 1000.0],
             [1.0, 1000.5], [1e8], [1e7, 1.0], [99999999.0, 1.5], [0.0, 1e-5], [0.0, 0.0], [math.nan, 1, math.inf],
             [-math.inf, 1.5], [math.nan, math.inf], [math.nan], [-0.0, 1.0], [-0.0], [2 ** -9, 1.0],
             [0.123456785, 1.0], [0.5, 100.25, -7.125], [1e-300, 1e300], [-1e-5, 2.5e3, 1], [123456789.0],
             [1e16, 2.0], [-1.0, -2.0], [1.23456789012, 2.0], [0.00012, 0.5], [0.9999999999, 1.0], [1e-4, 1.0],
             [5e-324, 1.0], [1e22, -1e-22], [0.1, -0.1, math.nan, -math.inf]]:
    case(vals)
    case(vals, "float32")

# Random values: wrapping at 75 columns, several axes, summaries beyond 1000 elements.
case(rs.randn(30))
case(rs.randn(30), "float32")
case(rs.randn(3, 4))
case(rs.randn(2, 3, 4))
case(rs.randn(2, 2, 2, 2))
case(rs.randn(5, 20))
case(rs.randn(4, 12), "float32")
case(rs.rand(12) * 1e5)
case(rs.randn(10) * 1e-3)
affine((1500,), 1.0, 0.0, 1.0)
affine((40, 40), 0.37, -300.0, 0.01)
affine((2, 600), -1.3, 17.0, 0.125)
affine((3, 20, 20), 0.7, -400.0, 0.003, "float32")
affine((1001,), 3.1, -1500.0, 1e-3)
affine((1000,), 1.0, 0.0, 1.0)
affine((2, 3, 400), 1e3, 1.0, 1.0)
case(np.concatenate([rs.randn(6), [np.nan, np.inf]]))
case(np.zeros((2, 0)))
case(np.zeros((0,)))
case(np.ones((1, 1, 3)))

# Integers and booleans.
for vals, dt in [([1, -20, 300], "int32"), ([[1, 2], [3, 4]], "int32"), (list(range(40)), "int32"),
 ([0, 255, 7], "uint8"), ([True, False, True], "bool"),
                 ([[True], [False]], "bool"), ([-2147483648, 2147483647], "int32")]:
    case(vals, dt)


def encode(a):
    return [repr(float(v)) if a.dtype.kind == "f" else int(v) for v in a.ravel()]


def variable_text(a):
    try:
        from dezero import Variable
    except ImportError:
        return None
    return repr(Variable(a))


affine((2000,), 1.0, 0.0, 1.0, "int32")

out = []
for a, gen in C:
    values = {"gen": gen} if gen else {"values": encode(a)}
    out.append({"dtype": str(a.dtype), "shape": list(a.shape), **values, "str": str(a),
                "variable": variable_text(a)})
path = os.path.join("test", "fixtures", "format-goldens.json")
with open(path, "w") as f:
    json.dump({"numpy": np.__version__, "cases": out}, f, separators=(",", ":"))
    f.write("\n")
# The project lints JSON too: write it in Biome's layout.
subprocess.run(["npx", "biome", "format", "--write", path], check=True, capture_output=True)
print("wrote", path, len(out), "cases", os.path.getsize(path), "bytes")
