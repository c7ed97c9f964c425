/**
 * @file The long fuzz run of issue 12: every F function and layer against the cpu reference with many
 * more runs than `npm test` makes. Usage: npx tsx scripts/fuzz-ops.ts [--runs 2000] [--seed N] [--only add,getItem]
 * (a random seed by default, printed so a failure can be replayed).
 */

import { parseArgs } from "node:util";
import fc from "fast-check";
import { checkCase, FUZZ_CASES, kernelBackend } from "../test/fuzz-cases.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "2000" }, seed: { type: "string" }, only: { type: "string" } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`fuzz-ops: --runs must be a positive integer, got ${values.runs}`);
if (!Number.isInteger(seed)) throw new Error(`fuzz-ops: --seed must be an integer, got ${values.seed}`);
const only = values.only?.split(",");
console.log(`fuzz-ops: seed ${seed}, ${runs} runs per case`);
const wasm = kernelBackend();
let failed = 0;
for (const c of FUZZ_CASES) {
  if (only && !only.includes(c.name)) continue;
  const t0 = performance.now();
  const r = fc.check(
    fc.property(c.args, (raw) => checkCase(c, wasm, raw)),
    { seed, numRuns: runs },
  );
  const ms = Math.round(performance.now() - t0);
  if (r.failed) {
    failed++;
    console.log(`FAIL ${c.name} (${ms} ms): ${(r.errorInstance as Error | undefined)?.message}`);
    console.log(`  counterexample: ${fc.stringify(r.counterexample)}`);
  } else console.log(`ok   ${c.name} (${ms} ms)`);
}
console.log(failed === 0 ? "fuzz-ops: all cases pass" : `fuzz-ops: ${failed} case(s) failed (seed ${seed})`);
process.exitCode = failed === 0 ? 0 : 1;
