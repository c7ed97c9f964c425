/**
 * @file Issue 12's fuzzing in the suite: every F function and layer, random and hostile inputs, a fixed
 * seed and a bounded number of runs (a few seconds); `npx tsx scripts/fuzz-ops.ts` runs it for longer.
 */

import { describe, it } from "node:test";
import fc from "fast-check";
import { checkCase, FUZZ_CASES, kernelBackend } from "./fuzz-cases.js";

const SEED = 12;
const RUNS = 40;

describe("fuzz: every F function and layer gives a clear error or the cpu result (issue 12)", () => {
  const wasm = kernelBackend();
  for (const c of FUZZ_CASES) {
    it(c.name, () => {
      fc.assert(
        fc.property(c.args, (raw) => checkCase(c, wasm, raw)),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});
