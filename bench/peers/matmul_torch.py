"""PyTorch (CPU) `torch.mm` of two random N x N matrices (float32 and float64), the workload of bench/matmul.ts, in
GFLOP/s (2N^3 / median time), with `--threads` intra-op threads (torch.set_num_threads) and BLAS threads
(threadpoolctl: Debian's torch calls the system OpenBLAS, whose own pool would otherwise take every core).

Run: /usr/bin/python3 bench/peers/matmul_torch.py --threads 1 [--sizes 256,1024] [--json]
Needs Debian's python3-torch and libopenblas0-pthread; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset.
"""

import argparse
import json

import torch

from matmul_common import blas_info, pin_blas_threads, time_it

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--sizes", default="256,1024")
p.add_argument("--json", action="store_true")
args = p.parse_args()

torch.set_num_threads(args.threads)
pin_blas_threads(args.threads)
torch.manual_seed(0)
rows = []
for dtype in (torch.float32, torch.float64):
    for n in map(int, args.sizes.split(",")):
        a = torch.randn(n, n, dtype=dtype)
        b = torch.randn(n, n, dtype=dtype)
        med, runs, _ = time_it(lambda: torch.mm(a, b))
        rows.append(
            {"peer": f"PyTorch {args.threads}T", "dtype": str(dtype).removeprefix("torch."), "n": n,
             "gflops": 2 * n**3 / med / 1e9, "runs": runs, "threads": torch.get_num_threads()}
        )
info = f"PyTorch {torch.__version__}, {blas_info()}"
if args.json:
    print(json.dumps([{**r, "info": info} for r in rows]))
else:
    print(info)
    for r in rows:
        print(f"{r['peer']} {r['dtype']} N={r['n']}: {r['gflops']:.1f} GFLOP/s (median of {r['runs']})")
