/**
 * @file Prints the autograd-overhead table from the JSON of bench/overhead.ts and its peers, with each row's
 * ratio to dezero-ts (peer µs/op ÷ dezero-ts µs/op: above 1 is slower than dezero-ts).
 * Run: `node bench/peers/overhead-table.mjs "dezero-ts cpu=a.json" "PyTorch=b.json" ...` (the first row is the base).
 */

import { existsSync, readFileSync } from "node:fs";

/** The last line of a file that parses as a JSON array (peers may print banners before it). */
function readResults(file) {
  const lines = readFileSync(file, "utf8").trim().split("\n").reverse();
  for (const line of lines)
    if (line.startsWith("[")) {
      try {
        return JSON.parse(line);
      } catch {}
    }
  const errFile = file.replace(/\.json$/, ".err");
  const err = existsSync(errFile) ? readFileSync(errFile, "utf8").trim() : "";
  return [{ error: `no results${err ? `: ${err.split("\n").pop().slice(0, 120)}` : ""}` }];
}

const rows = process.argv.slice(2).map((arg) => {
  const i = arg.lastIndexOf("=");
  return { name: arg.slice(0, i), results: readResults(arg.slice(i + 1)) };
});
const sizes = [10_000, 1_000_000];
const base = rows[0];
const cell = (r) =>
  r === undefined
    ? "—"
    : r.usPerOp !== undefined
      ? `${r.usPerOp.toFixed(2)} (${r.runs} runs)`
      : (r.error ?? `skipped: ${r.skipped}`);
const ratio = (r, b) =>
  r?.usPerOp !== undefined && b?.usPerOp !== undefined ? `${(r.usPerOp / b.usPerOp).toFixed(2)}×` : "—";

const header = ["peer", ...sizes.flatMap((n) => [`µs/op @ ${n.toLocaleString("en")}`, "ratio"])];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const row of rows) {
  const at = (res, n) => res.find((r) => r.ops === n) ?? (res[0]?.error ? res[0] : undefined);
  const cells = sizes.flatMap((n) => [cell(at(row.results, n)), ratio(at(row.results, n), at(base.results, n))]);
  console.log(`| ${row.name} | ${cells.join(" | ")} |`);
}
