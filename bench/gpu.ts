/**
 * @file WebGPU speed, dezero-ts beside jax-js 0.1.25 and TF.js 4.22 (webgpu) on the same adapter, in one run:
 * float32 matmul GFLOP/s (the result read back each call), an MLP 784-1000-1000-10 training step (relu, SGD,
 * batch 100, the loss read back each step) and a small MNIST CNN training step (conv 8×3×3 pad 1, relu, 2×2
 * max-pool, linear 10; SGD, batch 100 of 1×28×28), the peers' rows from bench/peers/gpu-peers.mjs joined by
 * workload name. Prints the adapter; ratios are what to compare (a software adapter such as SwiftShader is a
 * CPU emulation).
 * Run: `bash bench/run-gpu.sh [--sizes 256,512] [--steps 3] [--kernel auto|tiled|wide|wide8|blocked]` (sets up
 * SwiftShader when no GPU driver is named), or `npx tsx bench/gpu.ts` with VK_ICD_FILENAMES / a real driver
 * already in place.
 */

import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { gpuRuntime } from "../src/backend/webgpu/context.js";
import type { MatmulKernel } from "../src/backend/webgpu/runtime.js";
import { F, gpu, type Layer, MLP, random } from "../src/index.js";
import { gpuStep, smallCnn, timeGpu } from "./gpu-common.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "256,512" },
    steps: { type: "string", default: "3" },
    peers: { type: "string", default: "jax,tfjs" },
    kernel: { type: "string" },
  },
});
const KERNELS: readonly MatmulKernel[] = ["auto", "tiled", "wide", "wide8", "blocked"];
if (values.kernel !== undefined && !KERNELS.includes(values.kernel as MatmulKernel)) {
  throw new Error(`--kernel must be one of ${KERNELS.join(", ")}, got '${values.kernel}'`);
}
const sizes = values.sizes.split(",").map(Number);
const minRuns = Number(values.steps);

interface Row {
  peer: string;
  workload: string;
  value: number;
  unit: string;
  runs: number;
}

async function matmulRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const a = random.randn([n, n]).toGpu();
    const b = random.randn([n, n]).toGpu();
    const { ms, runs } = await timeGpu(() => F.matmul(a, b).data.toCpu(), minRuns);
    rows.push({
      peer: "dezero-ts webgpu",
      workload: `matmul N=${n}`,
      value: (2 * n ** 3) / ms / 1e6,
      unit: "GFLOP/s",
      runs,
    });
  }
  return rows;
}

/** One training step of `model` on a fixed batch, the loss read back (as a training loop logs it). */
async function stepRow(workload: string, model: Layer, xShape: number[]): Promise<Row> {
  const step = gpuStep(model, xShape);
  const { ms, runs } = await timeGpu(() => step().itemAsync(), minRuns);
  return { peer: "dezero-ts webgpu", workload, value: ms, unit: "ms", runs };
}

/** The CNN row's workload name; bench/peers/gpu-peers.mjs uses the same string so that the table joins them. */
const CNN_STEP = "CNN step (conv 8×3×3, relu, pool, linear)";

async function dezeroRows(): Promise<Row[]> {
  const rows = await matmulRows();
  random.seed(0);
  rows.push(await stepRow("MLP step", new MLP([1000, 1000, 10], { activation: F.relu }), [100, 784]));
  const cnn = smallCnn();
  try {
    rows.push(await stepRow(CNN_STEP, cnn, [100, 1, 28, 28]));
  } catch (e) {
    rows.push({
      peer: "dezero-ts webgpu",
      workload: CNN_STEP,
      value: Number.NaN,
      unit: `error: ${String((e as Error).message).slice(0, 120)}`,
      runs: 0,
    });
  }
  return rows;
}

const info = await gpu.init();
// NOTE: the matmul kernel is chosen per adapter (context.ts); --kernel overrides it to compare (bench/gpu-kernels.ts)
if (values.kernel !== undefined) gpuRuntime("bench").matmulKernel = values.kernel as MatmulKernel;
console.log(
  `# matmul kernel: ${gpuRuntime("bench").matmulKernel}; commands per submit: ${gpuRuntime("bench").batchLimit}`,
);
const ours = await dezeroRows();
const peer = spawnSync(
  process.execPath,
  ["peers/gpu-peers.mjs", "--json", "--peer", values.peers, "--sizes", values.sizes, "--steps", values.steps],
  { cwd: new URL(".", import.meta.url).pathname, encoding: "utf8", timeout: 1_200_000 },
);
const theirs =
  peer.status === 0
    ? (JSON.parse(peer.stdout.trim().split("\n").at(-1) ?? "{}") as { adapter: string; rows: Row[] })
    : null;
console.log(`# adapter (dezero-ts): ${info.adapter}${info.fallback ? " (software fallback)" : ""}`);
console.log(`# adapter (peers): ${theirs?.adapter ?? `peers failed: ${peer.stderr.slice(-300)}`}`);
console.log(
  "| workload | dezero-ts webgpu | jax-js webgpu | TF.js webgpu | dezero-ts ÷ jax-js | dezero-ts ÷ TF.js |",
);
console.log("|---|---|---|---|---|---|");
const all = [...ours, ...(theirs?.rows ?? [])];
for (const w of [...new Set(ours.map((r) => r.workload))]) {
  const cell = (p: string) => all.find((r) => r.peer === p && r.workload === w);
  const [d, j, t] = [cell("dezero-ts webgpu"), cell("jax-js webgpu"), cell("TF.js webgpu")];
  const fmt = (r?: Row) => (r ? `${r.value.toFixed(2)} ${r.unit}` : "—");
  // GFLOP/s: higher is better, so dezero-ts ÷ peer; ms: lower is better, so peer ÷ dezero-ts (speed-up)
  const ratio = (r?: Row) =>
    r && d && Number.isFinite(r.value)
      ? `${(d.unit === "ms" ? r.value / d.value : d.value / r.value).toFixed(2)}×`
      : "—";
  console.log(`| ${w} | ${fmt(d)} | ${fmt(j)} | ${fmt(t)} | ${ratio(j)} | ${ratio(t)} |`);
}
console.log("# ratios: how many times faster dezero-ts is (GFLOP/s ratio for matmul, time ratio for steps)");
// a peer that failed before its first workload has one row named "error": say so rather than show only dashes
for (const r of theirs?.rows ?? []) if (r.workload === "error") console.log(`# ${r.peer}: ${r.unit}`);
process.exit(0);
