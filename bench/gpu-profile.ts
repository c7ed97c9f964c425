/**
 * @file Where a WebGPU training step's device time goes: the kernels of one step (the MLP or the small CNN of
 * bench/gpu.ts, or the MNIST CNN example's SimpleCNN with batch norm) are captured as they launch, then each is
 * replayed alone and timed to the device's idle, and the slowest are printed with the call site that launched
 * them. Replays exclude the host's recording cost.
 * Run: `npx tsx bench/gpu-profile.ts [cnn|mlp|simplecnn]` with a driver or SwiftShader's VK_ICD_FILENAMES in
 * place (bench/gpu-env.sh sets them up).
 */

import { SimpleCNN } from "../examples/mnist-cnn.js";
import { gpuRuntime } from "../src/backend/webgpu/context.js";
import { F, gpu, type Layer, MLP } from "../src/index.js";
import { gpuStep, smallCnn } from "./gpu-common.js";

const which = process.argv[2] ?? "cnn";
if (!["cnn", "mlp", "simplecnn"].includes(which))
  throw new Error(`gpu-profile: the model must be cnn, mlp or simplecnn, got '${which}'`);
const info = await gpu.init();
const rt = gpuRuntime("bench");
const model: Layer =
  which === "simplecnn"
    ? new SimpleCNN()
    : which === "cnn"
      ? smallCnn()
      : new MLP([1000, 1000, 10], { activation: F.relu });
const step = gpuStep(model, which === "mlp" ? [100, 784] : [100, 1, 28, 28]);
await step().itemAsync(); // compiles the pipelines

type Launch = Parameters<typeof rt.launch>;
const captured: { args: Launch; site: string }[] = [];
const launch = rt.launch.bind(rt);
rt.launch = (...args: Launch) => {
  const site = (new Error().stack ?? "").split("\n").slice(2, 5);
  captured.push({
    args,
    site: site
      .map((s) =>
        s
          .trim()
          .replace(/^at .*?src\//, "")
          .replace(/\)$/, ""),
      )
      .join(" < "),
  });
  launch(...args);
};
await step().itemAsync();
rt.launch = launch;

const rows: { ms: number; site: string; groups: string }[] = [];
for (const { args, site } of captured) {
  launch(...args); // warm
  rt.flush();
  await rt.device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) launch(...args);
  rt.flush();
  await rt.device.queue.onSubmittedWorkDone();
  rows.push({ ms: (performance.now() - t0) / 3, site, groups: args[3].join("×") });
}
const total = rows.reduce((p, r) => p + r.ms, 0);
console.log(`# adapter: ${info.adapter}${info.fallback ? " (software fallback)" : ""}`);
console.log(
  `# ${which} step: ${captured.length} launches, ${total.toFixed(2)} ms when each is replayed alone`,
);
console.log("| ms | workgroups | launched at |");
console.log("|---|---|---|");
for (const r of rows.sort((a, b) => b.ms - a.ms).slice(0, 15))
  console.log(`| ${r.ms.toFixed(3)} | ${r.groups} | ${r.site} |`);
process.exit(0);
