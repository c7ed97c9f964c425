"""NumPy `a @ b` of two random N x N matrices (float32 and float64), the workload of bench/matmul.ts, in GFLOP/s
(2N^3 / median time), with NumPy's BLAS pinned to `--threads` threads (threadpoolctl, else OPENBLAS_NUM_THREADS).

Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/matmul_numpy.py --threads 1 [--sizes 256,1024] [--json]
Needs Debian's libopenblas0-pthread (else NumPy runs the reference BLAS, ~6 GFLOP/s); run it with
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (see shared/bench/README.md); the JSON names the kernel that ran.
"""

import argparse
import json

import numpy as np

from matmul_common import blas_info, pin_blas_threads, time_it

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--sizes", default="256,1024")
p.add_argument("--json", action="store_true")
args = p.parse_args()

pinned = pin_blas_threads(args.threads)
rng = np.random.default_rng(0)
rows = []
for dtype in ("float32", "float64"):
    for n in map(int, args.sizes.split(",")):
        a = rng.standard_normal((n, n)).astype(dtype)
        b = rng.standard_normal((n, n)).astype(dtype)
        med, runs, _ = time_it(lambda: a @ b)
        rows.append(
            {"peer": f"NumPy {args.threads}T", "dtype": dtype, "n": n, "gflops": 2 * n**3 / med / 1e9,
             "runs": runs, "threads": args.threads}
        )
info = f"NumPy {np.__version__}, {blas_info()}" + ("" if pinned else " (threads from the environment)")
if args.json:
    print(json.dumps([{**r, "info": info} for r in rows]))
else:
    print(info)
    for r in rows:
        print(f"{r['peer']} {r['dtype']} N={r['n']}: {r['gflops']:.1f} GFLOP/s (median of {r['runs']})")
