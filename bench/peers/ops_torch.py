"""PyTorch (CPU, float32) on the workloads of bench/ops.ts: add of two 1M-element arrays, relu forward + backward
on 1M elements, transpose of a 1000x1000 matrix made contiguous, one small add on 10 / 100 / 1,000 elements, and
the spiral epoch of bench/mlp.ts (MLP 2-10-3 sigmoid, softmax cross entropy, SGD lr 1, 10 shuffled batches of 30
of 300 points). Microseconds (the spiral epoch in ms), medians after a warm-up as bench/timing.ts does.

Run: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/peers/ops_torch.py --threads 1 [--json]
"""

import argparse
import json
import math

import torch
import torch.nn.functional as F

from matmul_common import pin_blas_threads, time_it

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--json", action="store_true")
args = p.parse_args()
torch.set_num_threads(args.threads)
pin_blas_threads(args.threads)
torch.manual_seed(0)


def us(run, reps=1):
    def batch():
        for _ in range(reps):
            run()

    return time_it(batch)[0] * 1e6 / reps


a, b, m = torch.rand(1000, 1000), torch.rand(1000, 1000), torch.rand(1000, 1000)
xr = torch.randn(1000, 1000, requires_grad=True)


def relu_step():
    xr.grad = None
    F.relu(xr).sum().backward()


def spiral_data(n=100, classes=3):  # the spiral of DeZero's datasets.Spiral, 300 points
    xs, ts = [], []
    for j in range(classes):
        for i in range(n):
            rate = i / n
            radius = 1.0 * rate
            theta = j * 4.0 + 4.0 * rate + float(torch.randn(1)) * 0.2
            xs.append([radius * math.sin(theta), radius * math.cos(theta)])
            ts.append(j)
    return torch.tensor(xs), torch.tensor(ts)


sx, st = spiral_data()
model = torch.nn.Sequential(torch.nn.Linear(2, 10), torch.nn.Sigmoid(), torch.nn.Linear(10, 3))
opt = torch.optim.SGD(model.parameters(), lr=1.0)


def spiral_epoch():
    perm = torch.randperm(300)
    for i in range(10):
        idx = perm[i * 30 : (i + 1) * 30]
        loss = F.cross_entropy(model(sx[idx]), st[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss.item()


small = {n: (torch.rand(n), torch.rand(n)) for n in (10, 100, 1000)}
r = {
    "peer": f"PyTorch {torch.__version__} ({args.threads} thread{'s' if args.threads > 1 else ''})",
    "add1MUs": us(lambda: torch.add(a, b)),
    "reluFwdBwd1MUs": us(relu_step),
    "transpose1000Us": us(lambda: m.t().contiguous()),
    "smallAddUs": {str(n): us(lambda x=x, y=y: torch.add(x, y), 1000) for n, (x, y) in small.items()},
    "spiralEpochMs": time_it(spiral_epoch)[0] * 1e3,
}
if args.json:
    print(json.dumps(r))
else:
    print(r)
