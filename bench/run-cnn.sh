#!/usr/bin/env bash
# CNN speed (issue 5): dezero-ts (every backend) and its peers back to back on the shapes of bench/cnn.ts —
# conv2d 32×3×32×32 * 64×3×3×3 forward + backward, and one epoch of the MNIST CNN — one line each.
# Run from anywhere: `bash bench/run-cnn.sh`. Needs bench/node_modules (installed here if missing) and, for the
# PyTorch lines, Debian's python3-torch with libopenblas0-pthread (see docs/benchmarks.md).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d bench/node_modules ] || npm --prefix bench ci --no-audit --no-fund >/dev/null

echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD)$(git status --porcelain src | grep -q . && echo ' (src/ has uncommitted edits)')"
echo "# $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; node $(node --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
npx tsx bench/cnn.ts
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/peers/torch_cnn.py --threads 1 || echo "# PyTorch (1 thread) failed"
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/peers/torch_cnn.py --threads 2 || echo "# PyTorch (2 threads) failed"
(cd bench && node peers/tfjs_cnn.mjs --backend wasm) || echo "# TF.js wasm failed"
(cd bench && node peers/tfjs_cnn.mjs --backend cpu) || echo "# TF.js cpu failed"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
