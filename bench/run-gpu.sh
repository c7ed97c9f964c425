#!/usr/bin/env bash
# WebGPU speed (issue 10): bench/gpu.ts — dezero-ts, jax-js and TF.js on one adapter, one table. Without a GPU
# driver this uses Debian chromium's SwiftShader (a CPU emulation: compare the ratios, not the figures).
# Run from anywhere: `bash bench/run-gpu.sh [--sizes 256,512] [--steps 3]`. Needs bench/node_modules
# (installed here if missing) and the `webgpu` dev dependency. Measure on an idle machine.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d bench/node_modules ] || npm --prefix bench ci --no-audit --no-fund >/dev/null
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] && ! ls /usr/share/vulkan/icd.d/nvidia* >/dev/null 2>&1; then
  # Dawn finds the Vulkan loader only through LD_LIBRARY_PATH, read at start-up: chromium ships one.
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
  export LD_LIBRARY_PATH=/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
  echo "# no GPU driver named: SwiftShader (software)"
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD); $(nproc) cores; node $(node --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
npx tsx bench/gpu.ts "$@"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
