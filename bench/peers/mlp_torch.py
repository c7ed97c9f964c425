"""PyTorch (CPU, float32) on the MLP workload of bench/mlp.ts: 784-1000-1000-10 relu, softmax cross entropy (mean
over the batch), SGD lr 0.01, batch 100, 60 steps of random data = one epoch; seconds per epoch (median after a
warm-up, as bench/mlp.ts times: >= 2 s of warm-up, then >= 5 s and >= 3 epochs) and the process's peak RSS
(resource.getrusage). `--threads n` sets torch.set_num_threads(n) and pins the system OpenBLAS (which Debian's
torch calls for its products) to n threads with threadpoolctl; run 2 threads with OMP_WAIT_POLICY=PASSIVE.

Run: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/peers/mlp_torch.py --threads 2 [--json]
Needs Debian's python3-torch and libopenblas0-pthread; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset.
"""

import argparse
import json
import math
import resource

import torch
import torch.nn.functional as F

from matmul_common import blas_info, pin_blas_threads, time_it

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--json", action="store_true")
args = p.parse_args()

torch.set_num_threads(args.threads)
pin_blas_threads(args.threads)
torch.manual_seed(0)

SIZES, BATCH, STEPS, LR = [784, 1000, 1000, 10], 100, 60, 0.01
layers = []
for fan_in, fan_out in zip(SIZES, SIZES[1:]):
    lin = torch.nn.Linear(fan_in, fan_out)
    with torch.no_grad():  # DeZero's Linear: W ~ randn * sqrt(1 / in), b = 0
        lin.weight.normal_(0, math.sqrt(1 / fan_in))
        lin.bias.zero_()
    layers.append(lin)
model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1], torch.nn.ReLU(), layers[2])
opt = torch.optim.SGD(model.parameters(), lr=LR)
batches = [(torch.rand(BATCH, SIZES[0]), torch.randint(0, 10, (BATCH,))) for _ in range(STEPS)]


def epoch():
    for x, t in batches:
        loss = F.cross_entropy(model(x), t)
        opt.zero_grad(set_to_none=True)  # as DeZero's cleargrads
        loss.backward()
        opt.step()
    if not math.isfinite(loss.item()):
        raise RuntimeError("diverged")


med, runs, times = time_it(epoch, warm=2.0, min_s=5.0, min_runs=3)
result = {
    "peer": f"PyTorch {args.threads}T",
    "epochS": med,
    "runs": runs,
    "epochsS": [round(t, 3) for t in times],
    "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "threads": torch.get_num_threads(),
    "info": f"PyTorch {torch.__version__}, {blas_info()}",
}
if args.json:
    print(json.dumps([result]))
else:
    print(f"{result['peer']}: epoch {med:.2f} s (median of {runs}), peak RSS {result['peakRssMb']} MiB; {result['info']}")
