/**
 * @file Writes the MNIST digits shipped with dezero-ts (8,000 train + 2,000 test) into a folder under the file
 * names Python DeZero downloads (`train-images-idx3-ubyte.gz` …), so its steps 51–53 run offline on the same
 * digits as ours. Used by scripts/make-step-goldens.sh: `npx tsx scripts/make-step-cache.ts <dir>`.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeIdx } from "../src/io/idx.js";
import { loadEmbeddedMnist } from "../src/io/mnist-embedded.js";
import { NDArray } from "../src/ndarray/ndarray.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: npx tsx scripts/make-step-cache.ts <dir>");
const { train, test } = await loadEmbeddedMnist();
for (const [prefix, split] of [
  ["train", train],
  ["t10k", test],
] as const) {
  const n = split.t.size;
  const images = new NDArray(split.x.data, [n, 28, 28], "uint8");
  const labels = new NDArray(Uint8Array.from(split.t.data), [n], "uint8");
  writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(encodeIdx(images)));
  writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx(labels)));
}
console.log(`wrote the shipped MNIST digits (${train.t.size} train, ${test.t.size} test) into ${dir}`);
