#!/usr/bin/env bash
# GPU memory proof (issue 10): bench/gpu-memory.ts trains the MNIST MLP on WebGPU, sampling gpu.memory(); exits 1
# when the GPU memory held (in use + pooled) is not flat (±10 %). GPU driver or SwiftShader as bench/gpu-env.sh finds them.
# Run from anywhere: `bash bench/run-gpu-memory.sh [--steps 10000] [--every 500] [--hidden 1000]
# [--data mnist|random] [--min-bytes N]`; a SwiftShader smoke run: `--steps 300 --every 50 --hidden 100`.
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/gpu-env.sh
echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD); $(nproc) cores; node $(node --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
npx tsx bench/gpu-memory.ts "$@"
