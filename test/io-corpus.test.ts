/** @file Malformed .npz/.npy/.safetensors/IDX files made in the test: every truncation, random bit flips and overwrites load to a clear error, the model unchanged. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkMutant, flipBit, seeds } from "./file-corpus.js";

// a fixed seed keeps the suite reproducible; scripts/fuzz-files.ts runs many more cases with fresh seeds
const FC = { seed: 20261130, numRuns: 150 };

describe("malformed weight and data files", { timeout: 30_000 }, () => {
  for (const seed of seeds()) {
    const original = seed.load(seed.bytes);

    it(`${seed.name}: every truncation is rejected with a clear error`, () => {
      for (let length = 0; length < seed.bytes.length; length++) {
        assert.equal(
          checkMutant(seed, seed.bytes.subarray(0, length), original),
          "rejected",
          `length ${length}`,
        );
      }
    });

    it(`${seed.name}: a single-bit flip is rejected or, where the format is checksummed, reads the same values`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: seed.bytes.length * 8 - 1 }), (bit) => {
          checkMutant(seed, flipBit(seed.bytes, bit), original);
        }),
        FC,
      );
    });

    it(`${seed.name}: random overwrites and appended bytes never crash or hang`, () => {
      const mutant = fc.record({
        at: fc.nat({ max: seed.bytes.length - 1 }),
        patch: fc.uint8Array({ minLength: 1, maxLength: 16 }),
        tail: fc.uint8Array({ maxLength: 8 }),
      });
      fc.assert(
        fc.property(mutant, ({ at, patch, tail }) => {
          const bytes = Uint8Array.from([...seed.bytes, ...tail]);
          bytes.set(patch.subarray(0, bytes.length - at), at);
          checkMutant(seed, bytes, original);
        }),
        FC,
      );
    });
  }
});
