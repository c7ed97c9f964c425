"""Writes the NumPy-made fixtures under test/fixtures/npy/ (run with Debian's python3-numpy).

Usage: /usr/bin/python3 scripts/make-npz-fixture.py
The values are pinned in test/io-npz.test.ts; change both together.
"""

import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "npy")


def weights():
    """Arrays keyed like DeZero's save_weights, covering every dtype the reader accepts."""
    return {
        "l0/W": (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.25 - 0.5),
        "l0/b": np.array([0.1, -2.5, 1e-300], dtype=np.float64),
        "a/b/W": np.array([[1, -2, 3], [2147483647, -2147483648, 0]], dtype=np.int64),
        "step": np.array(7, dtype=np.int64),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "mask": np.array([True, False, True]),
        "pixels": np.array([0, 128, 255], dtype=np.uint8),
        "i32": np.array([-1, 2], dtype=np.int32),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    np.savez(os.path.join(OUT, "weights.npz"), **weights())
    np.savez_compressed(os.path.join(OUT, "weights-compressed.npz"), **weights())
    x = np.array([[1.5, -2.0, 3.25], [0.0, 4.0, -0.5]], dtype=np.float32)
    for version in [(1, 0), (2, 0), (3, 0)]:
        with open(os.path.join(OUT, f"v{version[0]}.npy"), "wb") as f:
            np.lib.format.write_array(f, x, version=version)
    np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(x))
    np.save(os.path.join(OUT, "big-endian.npy"), x.astype(">f4"))
    np.save(os.path.join(OUT, "int64-overflow.npy"), np.array([1, 2**40], dtype=np.int64))
    np.save(os.path.join(OUT, "complex.npy"), np.array([1 + 2j], dtype=np.complex64))


if __name__ == "__main__":
    main()
