#!/usr/bin/env bash
# Autograd overhead (issue 2): dezero-ts and its peers back to back on the same 0-d chain, then one table.
# Run from anywhere: `bash bench/run-overhead.sh`. Needs bench/node_modules (installed here if missing) and,
# for the PyTorch row, Debian's python3-torch (see docs/benchmarks.md). Raw JSON is kept in $OUT (printed).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d bench/node_modules ] || npm --prefix bench ci --no-audit --no-fund >/dev/null
OUT=$(mktemp -d /tmp/overhead.XXXXXX)

echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD)$(git status --porcelain src | grep -q . && echo ' (src/ has uncommitted edits)')"
echo "# $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; node $(node --version)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # name, file, command...
  local name=$1 file=$2
  shift 2
  echo "# running $name ..." >&2
  "$@" >"$OUT/$file.json" 2>"$OUT/$file.err" || echo "# $name exited with $?" >&2
  echo "# load after $name: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run "dezero-ts" dezero npx tsx bench/overhead.ts --json
run "PyTorch" torch /usr/bin/python3 bench/peers/overhead_torch.py --json
run "TF.js cpu" tfjs node bench/peers/overhead-tfjs.mjs --json
run "jax-js" jaxjs node bench/peers/overhead-jaxjs.mjs --json
run "jax-js (1,000 ops)" jaxjs-1k node bench/peers/overhead-jaxjs.mjs --json --small
run "minimal JS autograd" micrograd node bench/peers/overhead-micrograd.mjs --json

echo "# PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo 'not installed')" \
  "· TF.js $(node -p 'require("./bench/node_modules/@tensorflow/tfjs/package.json").version')" \
  "· jax-js $(node -p 'require("./bench/node_modules/@jax-js/jax/package.json").version')"
echo
node bench/peers/overhead-table.mjs "dezero-ts cpu=$OUT/dezero.json" "PyTorch (CPU, 1 thread)=$OUT/torch.json" \
  "TF.js cpu=$OUT/tfjs.json" "jax-js (wasm, eager)=$OUT/jaxjs.json" "minimal JS autograd=$OUT/micrograd.json"
echo
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop())[0];
  console.log(`jax-js at ${r.ops} ops: ${r.usPerOp?.toFixed(2) ?? r.error} µs/op (${r.runs} runs)`)' "$OUT/jaxjs-1k.json" || true
echo "# raw results: $OUT"
