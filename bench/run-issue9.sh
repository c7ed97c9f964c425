#!/usr/bin/env bash
# Issue 9's workloads side by side, two rounds, PyTorch pinned to one thread (torch.set_num_threads(1) and
# OPENBLAS_NUM_THREADS=1: without the latter OpenBLAS uses every core): per-op costs (bench/ops.ts), the MLP and
# spiral epochs (bench/mlp.ts), conv2d and the MNIST CNN epoch (bench/cnn.ts), 0-d chains (bench/overhead.ts),
# the wall time of `npm start` and examples/mnist-cnn.ts; then memory over 3,000 steps and matmul beside the JS
# peers (run-training.sh). About 15 minutes on 2 cores: run it alone. `bash bench/run-issue9.sh`
set -uo pipefail
cd "$(dirname "$0")/.."
T1=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE)
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; node $(node --version); load $(load)"
for round in 1 2; do
  echo "## round $round — load $(load)"
  npx tsx bench/ops.ts
  (cd bench/peers && "${T1[@]}" /usr/bin/python3 ops_torch.py --threads 1)
  npx tsx bench/mlp.ts --backends wasm
  "${T1[@]}" /usr/bin/python3 bench/peers/mlp_torch.py --threads 1
  npx tsx bench/cnn.ts --backends wasm
  "${T1[@]}" /usr/bin/python3 bench/peers/torch_cnn.py --threads 1
  npx tsx bench/overhead.ts
  "${T1[@]}" /usr/bin/python3 bench/peers/overhead_torch.py
  for job in "npm start --silent -- --out /tmp/run-issue9.npz" "npx tsx examples/mnist-cnn.ts"; do
    t0=$(date +%s.%N)
    $job >/tmp/run-issue9.log 2>&1 || echo "# $job exited with $?"
    echo "# $job: $(echo "$(date +%s.%N) - $t0" | bc) s wall; $(grep -E 'in all|held-out accuracy' /tmp/run-issue9.log | tail -2 | tr '\n' ' ')"
  done
  echo "# load $(load)"
done
echo "## memory — load $(load)"
npx tsx bench/memory.ts --steps 3000
echo "## matmul beside the JS peers"
bash bench/run-training.sh matmul
