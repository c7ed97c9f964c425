/** @file NumPy's .npz format (np.savez / np.savez_compressed): a zip of one .npy file per key. */

import { zipSync } from "fflate";
import { bytesArg, options as optionsOf } from "../args.js";
import { NDArray } from "../ndarray/ndarray.js";
import { decodeNpyLabelled, encodeNpy } from "./npy.js";
import { unzipStrict, type ZipLimits } from "./zip.js";

/** Options of `encodeNpz`.
 * @example
 * ```ts
 * import { io, zeros } from "dezero-ts";
 * const options: io.NpzOptions = { compress: true };
 * const [stored, deflated] = [io.encodeNpz({ x: zeros([1000]) }), io.encodeNpz({ x: zeros([1000]) }, options)];
 * console.log(deflated.length < stored.length); // true
 * ```
 */
export interface NpzOptions {
  /** Deflate each entry, like np.savez_compressed (default false: stored, like np.savez). */
  compress?: boolean;
}

/** A fixed timestamp (the zip epoch), so that the same arrays always give the same bytes. */
const ZIP_EPOCH = new Date(1980, 0, 1);

/**
 * The bytes of an .npz archive holding each array under `key + ".npy"`, as np.savez does.
 * Keys may contain slashes (DeZero's save_weights writes `l0/W`, `l0/b`, nested `a/b/W`).
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * // The bytes np.savez writes (np.load reads them back).
 * const bytes = io.encodeNpz({ "l0/W": array([[1, 2]]), "l0/b": array([3]) });
 * console.log(Object.keys(io.decodeNpz(bytes))); // ['l0/W', 'l0/b']
 * ```
 */
export function encodeNpz(record: Readonly<Record<string, NDArray>>, options: NpzOptions = {}): Uint8Array {
  optionsOf("encodeNpz", "options", options, ["compress"]);
  const level = options.compress ? 6 : 0;
  const entries: Record<string, [Uint8Array, { level: 0 | 6; mtime: Date }]> = {};
  for (const [key, nd] of Object.entries(record)) {
    if (key === "") throw new Error("encodeNpz: keys must be non-empty");
    if (!(nd instanceof NDArray)) throw new Error(`encodeNpz: value of key '${key}' is not an NDArray`);
    entries[`${key}.npy`] = [encodeNpy(nd), { level, mtime: ZIP_EPOCH }];
  }
  return zipSync(entries);
}

/**
 * The arrays of an .npz archive by key (the entry name without ".npy"), in a null-prototype object so
 * that keys such as `__proto__` or `constructor` are ordinary names. `name` appears in every error.
 * A corrupt or truncated archive, any bad entry, or one past `limits` (default: 10,000 entries, 1 GiB
 * inflated) throws: there is never a partial result.
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * const arrays = io.decodeNpz(io.encodeNpz({ W: array([[1, 2]]) }));
 * console.log(arrays.W.toArray()); // [[1, 2]]
 * ```
 */
export function decodeNpz(
  bytes: Uint8Array,
  name = "<bytes>",
  limits: ZipLimits = {},
): Record<string, NDArray> {
  bytesArg("decodeNpz", "bytes", bytes);
  const label = `npz ${name}`;
  const out: Record<string, NDArray> = Object.create(null);
  for (const [entry, data] of unzipStrict(bytes, label, limits)) {
    if (entry.endsWith("/")) continue; // a directory record holds no array
    if (!entry.endsWith(".npy")) throw new Error(`${label}: entry '${entry}' is not a .npy array`);
    const key = entry.slice(0, -".npy".length);
    out[key] = decodeNpyLabelled(data, `${label}, key '${key}'`);
  }
  return out;
}
