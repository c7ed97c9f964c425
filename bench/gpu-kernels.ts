/**
 * @file The WebGPU matmul kernels side by side on this adapter — "tiled" (16×16 tiles, one output per thread),
 * "wide" (64×64 tiles, 4×4 outputs per thread), "blocked" (8×4 outputs per thread, no workgroup memory) — as
 * float32 GFLOP/s (the result read back each call) and as the MLP 784-1000-1000-10 training step, to choose the
 * default kernel per adapter. Prints the adapter and the commands per submit (DEZERO_TS_GPU_BATCH).
 * Run: `npx tsx bench/gpu-kernels.ts [--sizes 256,1024,2048] [--steps 5]` (a driver or SwiftShader's
 * VK_ICD_FILENAMES already in place, as bench/run-gpu.sh sets it).
 */

import { parseArgs } from "node:util";
import { gpuRuntime } from "../src/backend/webgpu/context.js";
import { F, gpu, MLP, random } from "../src/index.js";
import { gpuStep, timeGpu } from "./gpu-common.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "256,1024,2048" },
    steps: { type: "string", default: "5" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const minRuns = Number(values.steps);

const info = await gpu.init();
const rt = gpuRuntime("bench");
console.log(
  `# adapter: ${info.adapter}${info.fallback ? " (software fallback)" : ""}; default kernel ${rt.matmulKernel}`,
);
console.log(`# commands per submit: ${rt.batchLimit}`);
const kernels = ["tiled", "wide", "wide8", "blocked"] as const;
console.log(`| workload | ${kernels.join(" | ")} |`);
console.log(`|---|${kernels.map(() => "---").join("|")}|`);
for (const n of sizes) {
  const a = random.randn([n, n]).toGpu();
  const b = random.randn([n, n]).toGpu();
  const cells: string[] = [];
  for (const k of kernels) {
    rt.matmulKernel = k;
    const { ms } = await timeGpu(() => F.matmul(a, b).data.toCpu(), minRuns);
    cells.push(`${((2 * n ** 3) / ms / 1e6).toFixed(1)} GFLOP/s`);
  }
  console.log(`| matmul N=${n} | ${cells.join(" | ")} |`);
}
const cells: string[] = [];
for (const k of kernels) {
  rt.matmulKernel = k;
  random.seed(0);
  const step = gpuStep(new MLP([1000, 1000, 10], { activation: F.relu }), [100, 784]);
  const { ms } = await timeGpu(() => step().itemAsync(), minRuns);
  cells.push(`${ms.toFixed(2)} ms`);
}
console.log(`| MLP step (batch 100) | ${cells.join(" | ")} |`);
process.exit(0);
