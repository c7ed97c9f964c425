/** @file Per-sample transforms (DeZero's transforms.py): factories that return plain functions from NDArray to NDArray. */

import { describe, noArgs, num, options as optionsOf } from "../args.js";
import { astype } from "../ndarray/create.js";
import { allocate, checkDType, type DType, floatOf, isFloat } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { RandomState } from "../ndarray/random.js";
import { fmtShape } from "../shape.js";

/**
 * A transform: any function from one sample to another, so a user can pass their own. The transforms
 * made here never modify their input.
 * @example
 * ```ts
 * import { datasets, type transforms } from "dezero-ts";
 * // A transform is any function of one NDArray.
 * const double: transforms.Transform = (x) => x.reshape([1, 2]);
 * console.log(new datasets.Spiral({ transform: double }).get(0)[0].shape); // [1, 2]
 * ```
 */
export type Transform = (x: NDArray) => NDArray;

/** The transforms applied left to right (an empty list gives the sample back unchanged).
 * @example
 * ```ts
 * import { array, transforms } from "dezero-ts";
 * const f = transforms.Compose([transforms.Flatten(), transforms.Normalize(1, 2)]);
 * console.log(f(array([[1, 3], [5, 7]])).toArray()); // [0, 1, 2, 3]
 * ```
 */
export function Compose(transforms: readonly Transform[] = []): Transform {
  if (!Array.isArray(transforms) || !transforms.every((t) => typeof t === "function")) {
    throw new Error(`Compose: transforms must be an array of functions, got ${describe(transforms)}`);
  }
  const list = [...transforms];
  return (x) => list.reduce((y, t) => t(y), x);
}

/**
 * (x − mean) / std. A number applies to every element; an array of C values applies per channel along
 * the sample's first axis, as DeZero broadcasts it for a (C, H, W) image (an array of one value acts
 * as a number). The result is float: float64 stays float64, every other dtype gives float32.
 * @example
 * ```ts
 * import { array, transforms } from "dezero-ts";
 * // Per channel along the first axis of a (C, H, W) image.
 * const f = transforms.Normalize([0, 10], [1, 10]);
 * console.log(f(array([[[1]], [[30]]])).toArray()); // [[[1]], [[2]]]
 * ```
 */
export function Normalize(
  mean: number | readonly number[] = 0,
  std: number | readonly number[] = 1,
): Transform {
  const means = typeof mean === "number" ? [mean] : [...mean];
  const stds = typeof std === "number" ? [std] : [...std];
  for (const [name, values] of [["mean", means] as const, ["std", stds] as const]) {
    if (values.length === 0 || !values.every(Number.isFinite)) {
      throw new Error(`Normalize: ${name} must be finite numbers, got [${values}]`);
    }
  }
  if (stds.includes(0)) throw new Error(`Normalize: std must not be 0, got [${stds}]`);
  return (x) => {
    checkChannels(means, x, "mean");
    checkChannels(stds, x, "std");
    const out = allocate(floatOf(x.dtype), x.size);
    const data = x.data;
    // one run of `inner` elements per channel (one run in all when both are single values)
    const channels = Math.max(means.length, stds.length) === 1 ? 1 : x.shape[0];
    const inner = channels > 0 ? x.size / channels : 0;
    for (let c = 0; c < channels; c++) {
      const m = means[means.length === 1 ? 0 : c];
      const s = stds[stds.length === 1 ? 0 : c];
      for (let i = c * inner, end = i + inner; i < end; i++) out[i] = (data[i] - m) / s;
    }
    return new NDArray(out, x.shape, floatOf(x.dtype));
  };
}

/** Throws unless per-channel `values` (more than one) match the sample's first axis. */
function checkChannels(values: readonly number[], x: NDArray, name: string): void {
  if (values.length === 1) return;
  if (x.ndim === 0 || x.shape[0] !== values.length) {
    throw new Error(
      `Normalize: ${name} has ${values.length} channel values but the sample has shape ${fmtShape(x.shape)} ` +
        `(per-channel values apply along the first axis)`,
    );
  }
}

/** The sample as one axis (C, H, W) → (C·H·W), in row-major order.
 * @example
 * ```ts
 * import { transforms, zeros } from "dezero-ts";
 * console.log(transforms.Flatten()(zeros([1, 28, 28])).shape); // [784]
 * ```
 */
export function Flatten(...extra: never[]): Transform {
  noArgs("Flatten", extra);
  return (x) => x.reshape([x.size]);
}

/** The sample converted to `dtype` (floats to ints truncate toward zero, as NumPy's astype does).
 * @example
 * ```ts
 * import { array, transforms } from "dezero-ts";
 * const x = transforms.AsType("int32")(array([1.7, -1.7]));
 * console.log(x.dtype, x.toArray()); // int32 [1, -1]
 * ```
 */
export function AsType(dtype: DType = "float32"): Transform {
  const to = checkDType(dtype, "AsType");
  return (x) => astype(x, to);
}

/** The sample converted to a float dtype (DeZero's ToFloat).
 * @example
 * ```ts
 * import { array, transforms } from "dezero-ts";
 * console.log(transforms.ToFloat()(array([1, 2], { dtype: "uint8" })).dtype); // float32
 * ```
 */
export function ToFloat(dtype: DType = "float32"): Transform {
  if (!isFloat(checkDType(dtype, "ToFloat"))) {
    throw new Error(`ToFloat: '${dtype}' is not a float dtype (use float32 or float64)`);
  }
  return AsType(dtype);
}

/** The sample converted to an integer dtype (DeZero's ToInt).
 * @example
 * ```ts
 * import { array, transforms } from "dezero-ts";
 * console.log(transforms.ToInt()(array([2.9])).toArray()); // [2]
 * ```
 */
export function ToInt(dtype: DType = "int32"): Transform {
  if (checkDType(dtype, "ToInt") !== "int32" && dtype !== "uint8") {
    throw new Error(`ToInt: '${dtype}' is not an integer dtype (use int32 or uint8)`);
  }
  return AsType(dtype);
}

/**
 * Moves an image (…, H, W) by a random whole number of pixels, up to `maxShift` in each direction,
 * filling the uncovered border with 0 — a cheap augmentation that makes an MLP generalise better on digits.
 * Draws from its own seeded generator (beyond DeZero).
 * @example
 * ```ts
 * import { arange, transforms } from "dezero-ts";
 * // Moves an image by up to 1 pixel each way; the pixels that stay keep their values.
 * const shift = transforms.RandomShift(1, { seed: 0 });
 * const y = shift(arange(1, 17).reshape([1, 4, 4]));
 * console.log(y.shape, y.data.filter((v) => v !== 0).every((v) => v >= 1 && v <= 16)); // [1, 4, 4] true
 * ```
 */
export function RandomShift(maxShift = 2, options: { seed?: number } = {}): Transform {
  num("RandomShift", "maxShift", maxShift, { integer: true, min: 0 });
  const { seed = 0 } = optionsOf<{ seed?: number }>("RandomShift", "options", options, ["seed"]);
  const rng = new RandomState(seed);
  const span = 2 * maxShift + 1;
  return (x) => {
    if (x.ndim < 2)
      throw new Error(`RandomShift: expected an image (…, H, W), got shape ${fmtShape(x.shape)}`);
    const [h, w] = x.shape.slice(-2);
    const dy = Math.floor(rng.random() * span) - maxShift;
    const dx = Math.floor(rng.random() * span) - maxShift;
    const out = allocate(x.dtype, x.size);
    const data = x.data;
    const [r0, r1, c0, c1] = [Math.max(0, dy), Math.min(h, h + dy), Math.max(0, dx), Math.min(w, w + dx)];
    for (let plane = 0; plane < x.size; plane += h * w) {
      for (let r = r0; r < r1; r++) {
        const to = plane + r * w;
        const from = to - dy * w - dx;
        for (let c = c0; c < c1; c++) out[to + c] = data[from + c];
      }
    }
    return new NDArray(out, x.shape, x.dtype);
  };
}
export { CenterCrop, Convert, type ImageSize, Resize, ToArray } from "./image-transforms.js";
