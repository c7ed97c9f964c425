/** @file The malformed-file corpus shared by test/io-corpus.test.ts and scripts/fuzz-files.ts: valid seeds, their loaders, and the property every mutant must keep. */

import assert from "node:assert/strict";
import { gzipSync } from "fflate";
import { array, MLP, random, zeros } from "../src/index.js";
import { decodeIdx, encodeIdx } from "../src/io/idx.js";
import { decodeNpy, encodeNpy } from "../src/io/npy.js";
import { encodeNpz } from "../src/io/npz.js";

/** A small trained-looking model whose weights seed the .npz and .safetensors files. */
export function seedModel(): MLP {
  random.seed(11);
  const m = new MLP([4, 3]);
  m.call(zeros([1, 5]));
  return m;
}

/** One valid file and how to load it: `load` throws on bad bytes, or returns a fingerprint of what it read. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  /** Loads `bytes`; returns a JSON fingerprint of the arrays read. */
  load: (bytes: Uint8Array) => string;
  /** True when the format has a checksum over all of its data, so a flip can never load different values. */
  checksummed: boolean;
}

/** The valid seed files: weights as .npz (stored and deflated) and .safetensors, a .npy, IDX raw and gzipped. */
export function seeds(): Seed[] {
  const model = seedModel();
  const intoModel = (format: "npz" | "safetensors") => (bytes: Uint8Array) => {
    const m = seedModel();
    const before = JSON.stringify(Object.values(m.stateDict()).map((a) => a.toArray()));
    try {
      m.loadWeightBytes(bytes, format, `seed.${format}`);
    } catch (error) {
      // a failed load leaves the model exactly as it was
      assert.equal(JSON.stringify(Object.values(m.stateDict()).map((a) => a.toArray())), before);
      throw error;
    }
    return JSON.stringify(Object.values(m.stateDict()).map((a) => a.toArray()));
  };
  const idx = encodeIdx(
    array(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: "uint8" },
    ),
  );
  return [
    { name: "stored.npz", bytes: encodeNpz(model.stateDict()), load: intoModel("npz"), checksummed: true },
    {
      name: "deflated.npz",
      bytes: encodeNpz(model.stateDict(), { compress: true }),
      load: intoModel("npz"),
      checksummed: true,
    },
    {
      name: "w.safetensors",
      bytes: model.weightBytes("safetensors"),
      load: intoModel("safetensors"),
      checksummed: true,
    },
    {
      name: "a.npy",
      bytes: encodeNpy(array([1.5, -2, 3], { dtype: "float64" })),
      load: (b) => JSON.stringify(decodeNpy(b, "a.npy").toArray()),
      checksummed: false,
    },
    {
      name: "raw.idx",
      bytes: idx,
      load: (b) => JSON.stringify(decodeIdx(b, "raw.idx").toArray()),
      checksummed: false,
    },
    {
      name: "gz.idx",
      bytes: gzipSync(idx),
      load: (b) => JSON.stringify(decodeIdx(b, "gz.idx").toArray()),
      checksummed: true,
    },
  ];
}

/** Words a clear error about a weight or data file names: the format or the state-dict check. */
const NAMED = /npz|npy|safetensors|idx|loadStateDict|gzip/;

/**
 * The property every mutant of `seed` keeps: loading either throws a clear Error (not a raw RangeError or
 * TypeError, naming the format) or, for checksummed formats, reads exactly the seed's values.
 * Returns "rejected" or "loaded".
 */
export function checkMutant(seed: Seed, mutant: Uint8Array, original: string): "rejected" | "loaded" {
  let result: string;
  try {
    result = seed.load(mutant);
  } catch (error) {
    assert.ok(error instanceof Error, `${seed.name}: threw a non-Error ${String(error)}`);
    assert.ok(
      !(error instanceof RangeError) && !(error instanceof TypeError),
      `${seed.name}: raw ${error.stack}`,
    );
    assert.match(error.message, NAMED, `${seed.name}: the message does not name the format`);
    return "rejected";
  }
  if (seed.checksummed) assert.equal(result, original, `${seed.name}: a mutant loaded different values`);
  return "loaded";
}

/** `bytes` with bit `bit` flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}
