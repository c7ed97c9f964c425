#!/usr/bin/env bash
# Training speed (issue 4): dezero-ts and its peers back to back on the same workloads, then one markdown table
# per workload with ratios to dezero-ts wasm from this run.
#   matmul: F.matmul of random N×N matrices, f32/f64, N = 256 and 1024, GFLOP/s (bench/matmul.ts and
#           bench/peers/matmul-*.mjs, matmul_*.py);
#   mlp:    one epoch (60 SGD steps, batch 100) of an MLP 784-1000-1000-10 relu on random data, seconds, and the
#           peak RSS (bench/mlp.ts, bench/memory.ts and bench/peers/mlp-*.mjs, mlp_*.py).
# Run from anywhere: `bash bench/run-training.sh [matmul] [mlp]` (both by default; about 8 minutes on 2 cores).
# Needs bench/node_modules (installed here if missing) and, for the Python rows, Debian's python3-torch,
# python3-numpy and libopenblas0-pthread (python3-threadpoolctl to pin and name the BLAS kernel); see
# shared/bench/README.md. jax-js threads come from shared/bench/jax-worker-shim.mjs (JAX_SHIM overrides the path).
# Measure on an idle machine: the load average is printed before and after every run. Raw JSON stays in $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d bench/node_modules ] || npm --prefix bench ci --no-audit --no-fund >/dev/null
OUT=$(mktemp -d /tmp/training.XXXXXX)
WORKLOADS=${*:-matmul mlp}
PY=/usr/bin/python3
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this machine for old OpenBLAS builds; they slow a current one.
PYENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD)$(git status --porcelain src | grep -q . && echo ' (src/ has uncommitted edits)')"
echo "# $(lscpu | sed -n 's/^Model name: *//p') (family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p')$(grep -qw avx512f /proc/cpuinfo && echo ', AVX-512')), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; node $(node --version)"
echo "# PyTorch $("${PYENV[@]}" $PY -c 'import torch; print(torch.__version__)' 2>/dev/null || echo 'not installed')" \
  "· NumPy $("${PYENV[@]}" $PY -c 'import numpy; print(numpy.__version__)' 2>/dev/null || echo 'not installed')" \
  "· BLAS: $("${PYENV[@]}" $PY -c 'import sys; sys.path.insert(0, "bench/peers"); import numpy, matmul_common as m; print(m.blas_info())' 2>/dev/null || echo '?')" \
  "· TF.js $(node -p 'require("./bench/node_modules/@tensorflow/tfjs/package.json").version')" \
  "· jax-js $(node -p 'require("./bench/node_modules/@jax-js/jax/package.json").version')"
echo "# load before: $(load)"

run() { # name, file, command...
  local name=$1 file=$2 before
  shift 2
  before=$(load)
  echo "# running $name ..." >&2
  "$@" >"$OUT/$file.json" 2>"$OUT/$file.err" || echo "# $name exited with $?" >&2
  echo "# $name: load before $before, after $(load)"
}

if [[ " $WORKLOADS " == *" matmul "* ]]; then
  echo "## matmul"
  run "dezero-ts" mm-dezero npx tsx bench/matmul.ts --json
  for t in 1 2; do
    run "NumPy $t thread(s)" mm-numpy$t "${PYENV[@]}" OPENBLAS_NUM_THREADS=$t $PY bench/peers/matmul_numpy.py --threads $t --json
  done
  for t in 1 2; do
    run "PyTorch $t thread(s)" mm-torch$t "${PYENV[@]}" OMP_WAIT_POLICY=PASSIVE $PY bench/peers/matmul_torch.py --threads $t --json
  done
  run "TF.js wasm" mm-tfjs-wasm node bench/peers/matmul-tfjs.mjs --backend wasm --json
  run "TF.js cpu" mm-tfjs-cpu node bench/peers/matmul-tfjs.mjs --backend cpu --json
  run "jax-js" mm-jaxjs node bench/peers/matmul-jaxjs.mjs --f64 --json
  run "jax-js + worker shim" mm-jaxjs-threads env JAX_THREADS=2 node bench/peers/matmul-jaxjs.mjs --threads --f64 --json
fi

if [[ " $WORKLOADS " == *" mlp "* ]]; then
  echo "## mlp"
  run "dezero-ts" mlp-dezero npx tsx bench/mlp.ts --json
  run "dezero-ts memory" mlp-dezero-rss npx tsx bench/memory.ts --steps 500
  run "PyTorch 1 thread" mlp-torch1 "${PYENV[@]}" $PY bench/peers/mlp_torch.py --threads 1 --json
  run "PyTorch 2 threads" mlp-torch2 "${PYENV[@]}" OMP_WAIT_POLICY=PASSIVE $PY bench/peers/mlp_torch.py --threads 2 --json
  run "jax-js" mlp-jaxjs node bench/peers/mlp-jaxjs.mjs --json
  run "jax-js + worker shim" mlp-jaxjs-threads env JAX_THREADS=2 node bench/peers/mlp-jaxjs.mjs --threads --json
  run "TF.js wasm" mlp-tfjs node bench/peers/mlp-tfjs.mjs --json
  run "TF.js wasm, explicit transposes" mlp-tfjs-t node bench/peers/mlp-tfjs.mjs --transpose --json
fi

if [[ " $WORKLOADS " == *" matmul "* ]]; then
  echo
  echo "### matmul, GFLOP/s"
  echo
  node bench/peers/matmul-table.mjs "$OUT/mm-dezero.json" \
    "NumPy (OpenBLAS), 1 thread=$OUT/mm-numpy1.json" "NumPy (OpenBLAS), 2 threads=$OUT/mm-numpy2.json" \
    "PyTorch (CPU), 1 thread=$OUT/mm-torch1.json" "PyTorch (CPU), 2 threads=$OUT/mm-torch2.json" \
    "TF.js wasm=$OUT/mm-tfjs-wasm.json" "TF.js cpu=$OUT/mm-tfjs-cpu.json" \
    "jax-js wasm=$OUT/mm-jaxjs.json" "jax-js wasm + worker shim=$OUT/mm-jaxjs-threads.json"
fi
if [[ " $WORKLOADS " == *" mlp "* ]]; then
  echo
  echo "### MLP 784-1000-1000-10, one epoch (60 steps of batch 100)"
  echo
  node bench/peers/mlp-table.mjs "$OUT/mlp-dezero.json" "$OUT/mlp-dezero-rss.json" \
    "PyTorch (CPU), 1 thread=$OUT/mlp-torch1.json" "PyTorch (CPU), 2 threads=$OUT/mlp-torch2.json" \
    "jax-js wasm, jit=$OUT/mlp-jaxjs.json" "jax-js wasm, jit + worker shim=$OUT/mlp-jaxjs-threads.json" \
    "TF.js wasm=$OUT/mlp-tfjs.json" "TF.js wasm, explicit transposes=$OUT/mlp-tfjs-t.json"
fi
echo
echo "# load at the end: $(load)"
echo "# raw results: $OUT"
