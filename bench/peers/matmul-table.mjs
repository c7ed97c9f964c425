/**
 * @file Prints the matmul table (markdown) from the JSON of bench/matmul.ts and its peers: GFLOP/s per dtype and
 * N, each with its ratio to dezero-ts wasm at the same dtype and N, as time (peer time ÷ dezero-ts time = dezero-ts
 * GFLOP/s ÷ peer GFLOP/s: above 1, dezero-ts is faster), the direction of bench/peers/table.mjs.
 * Run: `node bench/peers/matmul-table.mjs ours.json "label=peer.json" ...` (a `label=` names every row of that
 * file and appears in error rows; without one, rows are named by their JSON).
 */

import { readRows } from "./matmul-common.mjs";

const cols = [
  ["float32", 256],
  ["float32", 1024],
  ["float64", 256],
  ["float64", 1024],
];
const groups = new Map();
for (const arg of process.argv.slice(2)) {
  const i = arg.lastIndexOf("=");
  const [label, file] = i > 0 ? [arg.slice(0, i), arg.slice(i + 1)] : [undefined, arg];
  for (const r of readRows(file)) {
    const name = label ?? r.name ?? file;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(r);
  }
}
const base = groups.get("dezero-ts wasm") ?? [];
const at = (rows, [dtype, n]) => rows.find((r) => r.dtype === dtype && r.n === n);

const header = [
  "library (backend)",
  "threads",
  ...cols.flatMap(([d, n]) => [`${d === "float32" ? "f32" : "f64"} N=${n}`, "ratio"]),
];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`);
// dezero-ts first (wasm, then cpu), then the peers in the order given.
const order = [...groups].sort(([a], [b]) => (b === "dezero-ts wasm") - (a === "dezero-ts wasm"));
for (const [name, rows] of order) {
  if (rows[0]?.error) {
    console.log(`| ${name} | | ${rows[0].error} |${" |".repeat(header.length - 3)}`);
    continue;
  }
  const cells = cols.flatMap((c) => {
    const r = at(rows, c);
    const b = at(base, c);
    if (!r) return ["—", ""];
    return [r.gflops.toFixed(1), b ? `${(b.gflops / r.gflops).toFixed(2)}×` : "—"];
  });
  const threads = [...new Set(rows.map((r) => r.threads))].join("/");
  console.log(`| ${name} | ${threads} | ${cells.join(" | ")} |`);
}
console.log(
  "\nGFLOP/s = 2N³ / median time; ratio = peer time ÷ dezero-ts wasm time at that dtype and N (above 1: dezero-ts is faster).",
);
