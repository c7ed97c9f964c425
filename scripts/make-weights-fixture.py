"""Writes test/fixtures/weights/mlp-dezero.npz as Python DeZero's Layer.save_weights does for MLP((3, 2))
applied to 4 inputs: np.savez_compressed with keys l0/W (4, 3), l0/b (3,), l1/W (3, 2), l1/b (2,), float32.

Usage: /usr/bin/python3 scripts/make-weights-fixture.py (Debian's python3-numpy).
The values are arange-based so the test can state them exactly.
"""

import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "weights", "mlp-dezero.npz")

arrays = {
    "l0/W": (np.arange(12, dtype=np.float32).reshape(4, 3) / 8 - 0.5),
    "l0/b": np.array([0.25, -0.5, 1.0], dtype=np.float32),
    "l1/W": (np.arange(6, dtype=np.float32).reshape(3, 2) / 4 - 0.75),
    "l1/b": np.array([0.125, -0.125], dtype=np.float32),
}
np.savez_compressed(OUT, **arrays)
print("wrote", OUT)
