/**
 * @file A longer fuzz run over the malformed-file corpus of test/io-corpus.test.ts: fresh random seeds and
 * many more bit flips, overwrites and splices per format. Run: `npx tsx scripts/fuzz-files.ts [runs] [seed]`.
 * Single flips must be rejected or read the same values (checksummed formats); several flips and splices must
 * only never crash or hang: two faults can defeat a checksum (one renaming the safetensors checksum key, one
 * in the data), which docs/reliability.md states.
 */

import fc from "fast-check";
import { checkMutant, flipBit, seeds } from "../test/file-corpus.js";

const runs = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`fuzz-files: runs must be a positive integer, got ${process.argv[2]}`);
console.log(`fuzz-files: ${runs} runs per property, seed ${seed}`);

for (const file of seeds()) {
  const original = file.load(file.bytes);
  const counts = { rejected: 0, loaded: 0 };
  const tally = (result: "rejected" | "loaded") => counts[result]++;
  const started = performance.now();
  const options = { seed, numRuns: runs };
  const bit = fc.integer({ min: 0, max: file.bytes.length * 8 - 1 });
  fc.assert(
    fc.property(bit, (b) => {
      tally(checkMutant(file, flipBit(file.bytes, b), original));
    }),
    options,
  );
  const crashOnly = { ...file, checksummed: false };
  fc.assert(
    fc.property(fc.array(bit, { minLength: 2, maxLength: 4 }), (flips) => {
      tally(checkMutant(crashOnly, flips.reduce(flipBit, file.bytes), original));
    }),
    options,
  );
  const splice = fc.record({
    at: fc.nat({ max: file.bytes.length }),
    cut: fc.nat({ max: 64 }),
    insert: fc.uint8Array({ maxLength: 64 }),
  });
  fc.assert(
    fc.property(splice, ({ at, cut, insert }) => {
      const bytes = Uint8Array.from([
        ...file.bytes.subarray(0, at),
        ...insert,
        ...file.bytes.subarray(at + cut),
      ]);
      tally(checkMutant(crashOnly, bytes, original));
    }),
    options,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${file.name}: ${counts.rejected} rejected, ${counts.loaded} loaded unchanged values (${seconds} s)`,
  );
}
console.log(
  "fuzz-files: no crash, hang or raw RangeError/TypeError; no single flip loaded different weights",
);
