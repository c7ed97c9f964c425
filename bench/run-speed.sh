#!/usr/bin/env bash
# Per-op costs (issue 9): bench/ops.ts (every backend) and PyTorch (1 thread) back to back, then one table with
# ratios to PyTorch from this run. `bash bench/run-speed.sh [all]` — with `all`, also the issue's other workloads
# in one go: run-training.sh (matmul, MLP epoch), run-cnn.sh (conv2d, CNN epoch), run-overhead.sh (0-d chains),
# and the wall time of `npm start` and examples/mnist-cnn.ts (about 30 minutes). Measure on an idle machine.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d /tmp/speed.XXXXXX)
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "# $(date -u +%Y-%m-%dT%H:%MZ)  commit $(git rev-parse --short HEAD); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; node $(node --version); load $(load)"
npx tsx bench/ops.ts --json >"$OUT/dezero.json" || echo "# bench/ops.ts exited with $?"
(cd bench/peers && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1 \
  /usr/bin/python3 ops_torch.py --threads 1 --json) >"$OUT/torch.json" || echo "# ops_torch.py exited with $?"
node -e '
const fs = require("node:fs");
const rows = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const t = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cell = (v, p) => `${v.toFixed(2)} (${(v / p).toFixed(2)}×)`;
console.log(`| workload (µs; × PyTorch) | ${rows.map((r) => `dezero-ts ${r.backend}`).join(" | ")} | ${t.peer} |`);
console.log(`|---|${rows.map(() => "---|").join("")}---|`);
for (const [k, label] of [["add1MUs", "F.add 1M f32"], ["reluFwdBwd1MUs", "relu fwd+bwd 1M"], ["transpose1000Us", "transpose 1000²"]])
  console.log(`| ${label} | ${rows.map((r) => cell(r[k], t[k])).join(" | ")} | ${t[k].toFixed(2)} |`);
for (const n of Object.keys(t.smallAddUs))
  console.log(`| add on ${n} elements | ${rows.map((r) => cell(r.smallAddUs[n], t.smallAddUs[n])).join(" | ")} | ${t.smallAddUs[n].toFixed(2)} |`);
console.log(`| PyTorch spiral epoch | ${t.spiralEpochMs.toFixed(3)} ms (dezero-ts: bench/mlp.ts) |`);
' "$OUT/dezero.json" "$OUT/torch.json"
echo "# load after: $(load)"
if [ "${1:-}" = "all" ]; then
  bash bench/run-training.sh
  bash bench/run-cnn.sh
  bash bench/run-overhead.sh
  for job in "npm start -- --out $OUT/m.npz" "npx tsx examples/mnist-cnn.ts"; do
    t0=$(date +%s.%N); $job >"$OUT/job.log" 2>&1 || echo "# $job exited with $?"
    echo "# $job: $(echo "$(date +%s.%N) - $t0" | bc) s wall; $(grep -i 'accuracy' "$OUT/job.log" | tail -1); load $(load)"
  done
fi
