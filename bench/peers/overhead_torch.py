"""PyTorch (CPU, float64, one thread) on the 0-d chain of bench/overhead.ts, same protocol as overhead-common.mjs.

Run: /usr/bin/python3 bench/peers/overhead_torch.py [--json]
"""

import json
import sys
import time

import torch

torch.set_num_threads(1)

SIZES = [1_000] if "--small" in sys.argv else [10_000, 1_000_000]


def chain(ops):
    """One forward + backward of a chain of `ops` ops; returns seconds."""
    t0 = time.perf_counter()
    x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(ops // 2):
        y = y * 1.0001 + 0.0001
    y.backward()
    expected = 1.0001 ** (ops / 2)
    g = x.grad.item()
    if not abs(g / expected - 1) <= 1e-2:
        raise RuntimeError(f"bad gradient {g} != {expected}")
    return time.perf_counter() - t0


def measure(ops, max_run_seconds=60):
    """Warm up >= 1 s, then time runs for >= 1.5 s (at least 5, or 3 when one run takes over 5 s)."""
    w0 = time.perf_counter()
    first = chain(ops)
    while time.perf_counter() - w0 < 1.0:
        chain(ops)
    if first > max_run_seconds:
        return {"ops": ops, "skipped": f"one run took {first:.0f} s", "seconds": first}
    min_runs = 3 if first > 5 else 5
    times = []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 1.5 or len(times) < min_runs:
        times.append(chain(ops))
    # For an even count, the upper middle, as bench/overhead.ts and overhead-common.mjs take it.
    s = sorted(times)
    return {"ops": ops, "usPerOp": s[len(s) // 2] / ops * 1e6, "runs": len(times)}


def main():
    results = [{"peer": "PyTorch", **measure(n)} for n in SIZES]
    if "--json" in sys.argv:
        print(json.dumps(results))
    else:
        for r in results:
            print(f"PyTorch {torch.__version__}: {r['ops']} ops  {r['usPerOp']:.2f} µs/op  (median of {r['runs']})")


if __name__ == "__main__":
    main()
