/** @file Weight files by format: DeZero's `.npz` (keys like `l0/W`) and `.safetensors`. */

import type { NDArray } from "../ndarray/ndarray.js";
import { decodeNpz, encodeNpz } from "./npz.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

/** The weight file formats. */
export type WeightFormat = "npz" | "safetensors";

const FORMATS: Record<
  WeightFormat,
  {
    encode(s: Record<string, NDArray>): Uint8Array;
    decode(b: Uint8Array, name: string): Record<string, NDArray>;
  }
> = {
  // DeZero saves with np.savez_compressed.
  npz: { encode: (s) => encodeNpz(s, { compress: true }), decode: (b, name) => decodeNpz(b, name) },
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

/** Encodes named arrays as a weight file. */
export function encodeWeights(state: Record<string, NDArray>, format: WeightFormat): Uint8Array {
  return FORMATS[format].encode(state);
}

/** Decodes a weight file; corrupt or truncated bytes throw a message naming `name`. */
export function decodeWeights(
  bytes: Uint8Array,
  format: WeightFormat,
  name: string,
): Record<string, NDArray> {
  return FORMATS[format].decode(bytes, name);
}
