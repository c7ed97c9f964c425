/** @file The MNIST subset shipped with the package (10,000 real digits, see docs/data.md), loaded with node:fs. */

import { NDArray } from "../ndarray/ndarray.js";
import { readFileBytes } from "./files.js";
import { decodeIdx } from "./idx.js";

/** The gzipped IDX files of the subset, located relative to this module. */
export const EMBEDDED_MNIST_FILES = {
  images: new URL("../data/embedded/mnist-subset-images.idx.gz", import.meta.url),
  labels: new URL("../data/embedded/mnist-subset-labels.idx.gz", import.meta.url),
};

/** The first 8,000 digits form the train split, the last 2,000 the test split. */
export const EMBEDDED_MNIST_TRAIN_SIZE = 8000;

/** One split: uint8 images shaped (N, 1, 28, 28) as DeZero's MNIST gives them, and int32 labels (N). */
export interface MnistSplit {
  x: NDArray;
  t: NDArray;
}

/**
 * The embedded MNIST subset: 8,000 train and 2,000 test digits (Node only; the files are read lazily).
 * Pixels are 0..255 (not normalised), labels 0..9.
 */
export async function loadEmbeddedMnist(): Promise<{ train: MnistSplit; test: MnistSplit }> {
  const images = decodeIdx(await readFileBytes(EMBEDDED_MNIST_FILES.images), "mnist-subset-images.idx.gz");
  const labels = decodeIdx(await readFileBytes(EMBEDDED_MNIST_FILES.labels), "mnist-subset-labels.idx.gz");
  const n = labels.size;
  if (images.dtype !== "uint8" || labels.dtype !== "uint8" || images.shape.join() !== `${n},28,28`) {
    throw new Error(`loadEmbeddedMnist: unexpected shapes [${images.shape}] and [${labels.shape}]`);
  }
  const split = (from: number, to: number): MnistSplit => ({
    x: new NDArray(images.data.slice(from * 784, to * 784), [to - from, 1, 28, 28], "uint8"),
    t: new NDArray(Int32Array.from(labels.data.subarray(from, to)), [to - from], "int32"),
  });
  return { train: split(0, EMBEDDED_MNIST_TRAIN_SIZE), test: split(EMBEDDED_MNIST_TRAIN_SIZE, n) };
}
