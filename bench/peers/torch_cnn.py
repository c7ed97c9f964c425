"""PyTorch (CPU, float32) on the shapes of bench/cnn.ts: conv2d forward + backward for x (32, 3, 32, 32) and
64 filters 3x3 (pad 1), and one epoch of the MNIST CNN of examples/mnist-cnn.ts (80 Adam steps of batch 100 on
fixed random data). Same protocol: warm up >= 1 s (at least one run), time >= 1.5 s and >= 5 runs (3 for the
epoch), report the median. Threads: `--threads N` (default 1).

Run: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/peers/torch_cnn.py [--threads 2] [--json]
"""

import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

THREADS = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
torch.set_num_threads(THREADS)
torch.manual_seed(0)


def timed(run, warm=1.0, minimum=1.5, runs=5):
    """Median seconds of `run` after a warm-up, as bench/cnn.ts's `time` (a warm-up run over 60 s is the only run)."""
    w0 = time.perf_counter()
    while True:
        t = time.perf_counter()
        run()
        once = time.perf_counter() - t
        if once > 60:
            return once, 1
        if time.perf_counter() - w0 >= warm:
            break
    times = []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < minimum or len(times) < runs:
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    s = sorted(times)
    return s[len(s) // 2], len(times)


def conv_step():
    x = torch.randn(32, 3, 32, 32, requires_grad=True)
    w = torch.randn(64, 3, 3, 3, requires_grad=True)
    b = torch.randn(64, requires_grad=True)

    def run():
        for p in (x, w, b):
            p.grad = None
        F.conv2d(x, w, b, padding=1).sum().backward()
        assert torch.isfinite(w.grad[0, 0, 0, 0])

    return run


class SimpleCNN(nn.Module):
    """examples/mnist-cnn.ts's SimpleCNN: conv 5x5 (16) - bn - relu - pool 2 - conv 5x5 (32) - bn - relu - pool 2 - linear 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 5)
        self.bn2 = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32 * 4 * 4, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc(torch.flatten(x, 1))


def cnn_epoch():
    model = SimpleCNN()
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    batches = [(torch.rand(100, 1, 28, 28), torch.randint(0, 10, (100,))) for _ in range(80)]

    def run():
        for x, t in batches:
            loss = F.cross_entropy(model(x), t)
            opt.zero_grad()
            loss.backward()
            opt.step()
        assert torch.isfinite(model.fc.weight[0, 0])

    return run


def main():
    conv_s, conv_runs = timed(conv_step())
    epoch_s, epoch_runs = timed(cnn_epoch(), warm=0, minimum=0, runs=3)
    peer = f"PyTorch {torch.__version__} ({THREADS} thread{'s' if THREADS > 1 else ''})"
    result = {"peer": peer, "convMs": conv_s * 1000, "convRuns": conv_runs, "epochS": epoch_s, "epochRuns": epoch_runs}
    if "--json" in sys.argv:
        print(json.dumps([result]))
    else:
        print(f"{peer}: conv2d fwd+bwd {result['convMs']:.1f} ms (median of {conv_runs}), "
              f"MNIST CNN epoch {epoch_s:.2f} s (median of {epoch_runs})")


if __name__ == "__main__":
    main()
