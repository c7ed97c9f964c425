/** @file CIFAR-10's binary distribution (`cifar-10-binary.tar.gz`): records of 1 label byte + 3072 pixel bytes. */

import { bytesArg, options as optionsOf } from "../args.js";
import { NDArray } from "../ndarray/ndarray.js";
import { gunzipIfNeeded } from "./bytes.js";
import { readTar } from "./tar.js";

/** Images with their integer labels.
 * @example
 * ```ts
 * import { datasets, type io } from "dezero-ts";
 * const { x, t }: io.LabeledImages = datasets.getSpiral();
 * console.log(x.shape[0] === t.shape[0]); // true
 * ```
 */
export interface LabeledImages {
  /** uint8 pixels, shape (N, 3, 32, 32): channel-major, as the files store them. */
  x: NDArray;
  /** int32 class indices 0..9, shape (N). */
  t: NDArray;
}

/** The ten CIFAR-10 class names, in label order.
 * @example
 * ```ts
 * import { io } from "dezero-ts";
 * console.log(io.CIFAR10_LABELS.length, io.CIFAR10_LABELS[0]); // 10 airplane
 * ```
 */
export const CIFAR10_LABELS = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
] as const;

const PIXELS = 3 * 32 * 32;
const RECORD = 1 + PIXELS;
const TRAIN_BATCHES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
const TEST_BATCHES = ["test_batch.bin"];

/**
 * The train (data_batch_1..5.bin, 50,000 images) or test (test_batch.bin, 10,000) split of the
 * CIFAR-10 binary archive (gzipped or not). Batches are found by file name in any folder.
 * @example
 * ```ts
 * import { io } from "dezero-ts";
 * // A tar archive (gzipped or not) of CIFAR-10's binary batches; here one record in test_batch.bin.
 * function tar(name: string, data: Uint8Array): Uint8Array {
 *   const header = new Uint8Array(512);
 *   const put = (s: string, at: number) => header.set(new TextEncoder().encode(s), at);
 *   put(name, 0);
 *   put(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
 *   put("        0", 148); // the checksum field counts as spaces; type "0" is a file
 *   put(`${header.reduce((a, b) => a + b, 0).toString(8).padStart(6, "0")}\0`, 148);
 *   const body = new Uint8Array(Math.ceil(data.length / 512) * 512 + 1024);
 *   body.set(data);
 *   return new Uint8Array([...header, ...body]);
 * }
 * const record = new Uint8Array(3073);
 * record[0] = 9;
 * const { x, t } = io.decodeCifar10(tar("test_batch.bin", record), { train: false });
 * console.log(x.shape, x.dtype, io.CIFAR10_LABELS[t.data[0]]); // [1, 3, 32, 32] uint8 truck
 * ```
 */
export function decodeCifar10(
  archive: Uint8Array,
  options: { train?: boolean; name?: string } = {},
): LabeledImages {
  bytesArg("decodeCifar10", "archive", archive);
  optionsOf("decodeCifar10", "options", options, ["train", "name"]);
  const label = `cifar10 ${options.name ?? "<bytes>"}`;
  const files = readTar(gunzipIfNeeded(archive, label), label);
  const byBase = new Map([...files].map(([path, data]) => [path.split("/").at(-1) ?? path, data]));
  const wanted = options.train === false ? TEST_BATCHES : TRAIN_BATCHES;
  const missing = wanted.filter((w) => !byBase.has(w));
  if (missing.length > 0) throw new Error(`${label}: archive lacks ${missing.join(", ")}`);
  const batches = wanted.map((w) => byBase.get(w)!);
  for (const [i, batch] of batches.entries()) {
    if (batch.length % RECORD !== 0) {
      throw new Error(
        `${label}: ${wanted[i]} holds ${batch.length} bytes, not a whole number of ${RECORD}-byte records`,
      );
    }
  }
  const n = batches.reduce((sum, b) => sum + b.length / RECORD, 0);
  const x = new Uint8Array(n * PIXELS);
  const t = new Int32Array(n);
  let k = 0;
  for (const [i, batch] of batches.entries()) {
    for (let r = 0; r < batch.length; r += RECORD, k++) {
      t[k] = batch[r];
      if (t[k] > 9)
        throw new Error(`${label}: ${wanted[i]} record ${r / RECORD} has label ${t[k]} (expected 0..9)`);
      x.set(batch.subarray(r + 1, r + RECORD), k * PIXELS);
    }
  }
  return { x: new NDArray(x, [n, 3, 32, 32], "uint8"), t: new NDArray(t, [n], "int32") };
}
