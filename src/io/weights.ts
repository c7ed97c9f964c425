/** @file Weight files by format: DeZero's `.npz` (keys like `l0/W`) and `.safetensors`. */

import { astype } from "../ndarray/create.js";
import type { DType } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { decodeNpz, encodeNpz } from "./npz.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import type { ZipLimits } from "./zip.js";

/** The weight file formats. */
export type WeightFormat = "npz" | "safetensors";

const FORMATS: Record<
  WeightFormat,
  {
    encode(s: Record<string, NDArray>): Uint8Array;
    decode(b: Uint8Array, name: string, limits: ZipLimits): Record<string, NDArray>;
  }
> = {
  // DeZero saves with np.savez_compressed.
  npz: {
    encode: (s) => encodeNpz(s, { compress: true }),
    decode: (b, name, limits) => decodeNpz(b, name, limits),
  },
  safetensors: {
    encode: (s) => encodeSafetensors(s),
    decode: (b, name) => decodeSafetensors(b, name).tensors,
  },
};

/** The format a path's extension names; throws for anything else. */
export function weightFormatOf(path: string): WeightFormat {
  if (path.endsWith(".npz")) return "npz";
  if (path.endsWith(".safetensors")) return "safetensors";
  throw new Error(`weights: unknown file type '${path}' (expected .npz or .safetensors)`);
}

/**
 * The path `saveWeights` writes: `path` itself when it ends in `.npz` or `.safetensors`, else `path + ".npz"`,
 * as NumPy's `np.savez` appends `.npz` (DeZero's `save_weights("my_mlp")` writes `my_mlp.npz`).
 */
export function weightPathForSave(path: string): string {
  if (typeof path !== "string" || path === "")
    throw new Error(`saveWeights: path must be a non-empty string, got ${String(path)}`);
  return path.endsWith(".npz") || path.endsWith(".safetensors") ? path : `${path}.npz`;
}

/**
 * The zip limits for loading weights into parameters of these sizes (element counts): their float64 size
 * plus 4 KiB per entry for .npy headers and 1 MiB of margin, so a bomb is refused before it inflates.
 * Unknown sizes (a lazy layer not yet called) leave the default limits.
 */
export function weightLimitsFor(sizes: readonly number[]): ZipLimits {
  if (sizes.some((n) => n === 0)) return {};
  const total = sizes.reduce((sum, n) => sum + n * 8 + 4096, 0);
  return { maxBytes: total + 2 ** 20 };
}

/**
 * `a` as the dtype of the parameter it loads into. Only float64 → float32 converts (NumPy 2 makes DeZero
 * write float64 `W`s): each value rounds to the nearest float32.
 * NOTE: a finite value beyond float32's range (|x| > 3.4028234663852886e38) is rejected, not turned into
 * ±Infinity: such a weight means a wrong or corrupt file, and an infinite weight would poison every output.
 * NaN and ±Infinity stored in the file stay as they are. Any other dtype difference throws.
 */
export function weightAsDtype(a: NDArray, dtype: DType, key: string): NDArray {
  if (a.dtype === dtype) return a;
  if (a.dtype !== "float64" || dtype !== "float32") {
    throw new Error(`loadStateDict: '${key}' has dtype ${a.dtype}, expected ${dtype}`);
  }
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    if (Number.isFinite(x) && !Number.isFinite(Math.fround(x))) {
      throw new Error(
        `loadStateDict: '${key}' is float64 and its value ${x} at flat index ${i} is outside float32's range`,
      );
    }
  }
  return astype(a, "float32");
}

/** Encodes named arrays as a weight file. */
export function encodeWeights(state: Record<string, NDArray>, format: WeightFormat): Uint8Array {
  return FORMATS[format].encode(state);
}

/**
 * Decodes a weight file into a null-prototype record (no key is special); corrupt or truncated bytes
 * throw a message naming `name`; an .npz past `limits` is refused before it is inflated.
 */
export function decodeWeights(
  bytes: Uint8Array,
  format: WeightFormat,
  name: string,
  limits: ZipLimits = {},
): Record<string, NDArray> {
  return FORMATS[format].decode(bytes, name, limits);
}
