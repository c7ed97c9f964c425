/**
 * @file Prints the MLP table (markdown) from the JSON of bench/mlp.ts, bench/memory.ts and the MLP peers: seconds
 * per epoch (median) and peak RSS, each with its ratio to dezero-ts wasm (peer ÷ dezero-ts: above 1, dezero-ts is
 * faster / smaller), then dezero-ts's spiral epochs. A row of bench/memory.ts gives its backend's peak RSS.
 * Run: `node bench/peers/mlp-table.mjs mlp.json memory.json "label=peer.json" ...`.
 */

import { readRows } from "./matmul-common.mjs";

const rows = new Map();
let memorySteps;
for (const arg of process.argv.slice(2)) {
  const i = arg.lastIndexOf("=");
  const [label, file] = i > 0 ? [arg.slice(0, i), arg.slice(i + 1)] : [undefined, arg];
  for (const r of readRows(file)) {
    const name = label ?? r.name ?? file;
    const row = rows.get(name) ?? {};
    if (r.error) row.error = r.error;
    if (r.mlpEpochS !== undefined)
      Object.assign(row, {
        epochS: r.mlpEpochS,
        runs: r.mlpRuns,
        spiralMs: r.spiralEpochMs,
        threads: r.backend === "cpu" ? 1 : undefined,
      });
    if (r.epochS !== undefined) Object.assign(row, { epochS: r.epochS, runs: r.runs, threads: r.threads });
    if (r.peakRssMb !== undefined) row.peakRssMb = r.peakRssMb;
    if (r.steps !== undefined) {
      row.threads ??= r.backend?.threads;
      memorySteps = r.steps;
    }
    rows.set(name, row);
  }
}
const base = rows.get("dezero-ts wasm") ?? {};
const ratio = (a, b) => (a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : "—");

console.log("| library (backend) | threads | s / epoch (runs) | ratio | peak RSS, MiB | ratio |");
console.log("|---|---|---:|---:|---:|---:|");
// dezero-ts first (wasm, then cpu), then the peers in the order given.
const order = [...rows].sort(([a], [b]) => (b === "dezero-ts wasm") - (a === "dezero-ts wasm"));
for (const [name, r] of order) {
  if (r.epochS === undefined) {
    console.log(`| ${name} | | ${r.error ?? "—"} | | ${r.peakRssMb ?? "—"} | |`);
    continue;
  }
  console.log(
    `| ${name} | ${r.threads ?? ""} | ${r.epochS.toFixed(2)} (${r.runs}) | ${ratio(r.epochS, base.epochS)} | ` +
      `${r.peakRssMb ?? "—"} | ${ratio(r.peakRssMb, base.peakRssMb)} |`,
  );
}
console.log(
  "\nEpoch = 60 SGD steps (lr 0.01) of an MLP 784-1000-1000-10 relu, batch 100, random data; median after a warm-up. " +
    "Ratio = peer ÷ dezero-ts wasm (above 1: dezero-ts is faster / smaller). Peak RSS: sampled after every step " +
    `(JS), ru_maxrss (Python)${memorySteps ? `, dezero-ts from bench/memory.ts over ${memorySteps} steps` : ""}.`,
);
const spiral = [...rows].filter(([, r]) => r.spiralMs !== undefined);
if (spiral.length)
  console.log(
    `dezero-ts spiral epoch (2-10-3, 10 batches of 30): ${spiral.map(([n, r]) => `${n.replace("dezero-ts ", "")} ${r.spiralMs.toFixed(3)} ms`).join(", ")}.`,
  );
