#!/usr/bin/env bash
# WebGPU speed (issue 10): bench/gpu.ts — dezero-ts, jax-js and TF.js on one adapter, one table. With a GPU
# driver installed it runs there; without one it uses Debian chromium's SwiftShader (bench/gpu-env.sh; a CPU
# emulation: compare the ratios, not the figures).
# Run from anywhere: `bash bench/run-gpu.sh [--sizes 256,512] [--steps 3] [--peers jax,tfjs]`. Needs
# bench/node_modules (installed here if missing) and the `webgpu` dev dependency. Measure on an idle machine.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d bench/node_modules ] || npm --prefix bench ci --no-audit --no-fund >/dev/null
source bench/gpu-env.sh
echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD); $(nproc) cores; node $(node --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
npx tsx bench/gpu.ts "$@"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
