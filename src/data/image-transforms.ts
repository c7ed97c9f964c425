/**
 * @file DeZero's transforms for images (its PIL section): Resize, CenterCrop, Convert and ToArray, on images as
 * `loadImage` gives them — (H, W, C) arrays, uint8 0..255. Sizes are (width, height), as PIL's.
 */

import { resizeBilinear } from "../models/image.js";
import { astype } from "../ndarray/create.js";
import { checkDType, type DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import type { Transform } from "./transforms.js";

/** A size: one number for a square, or [width, height].
 * @example
 * ```ts
 * import { NDArray, transforms } from "dezero-ts";
 * const size: transforms.ImageSize = [4, 2]; // width 4, height 2
 * console.log(transforms.Resize(size)(new NDArray(new Uint8Array(3), [1, 1, 3], "uint8")).shape); // [2, 4, 3]
 * ```
 */
export type ImageSize = number | readonly [number, number];

/** [width, height] of a size, checked. */
function pair(size: ImageSize, op: string): [number, number] {
  const [w, h] =
    typeof size === "number" ? [size, size] : Array.isArray(size) ? size : [Number.NaN, Number.NaN];
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) {
    throw new Error(
      `${op}: size must be a positive integer or [width, height] of them, got ${JSON.stringify(size)}`,
    );
  }
  return [w, h];
}

/** The (H, W, C) shape of an image, checked. */
function imageShape(img: NDArray, op: string): [number, number, number] {
  if (!(img instanceof NDArray) || img.ndim !== 3) {
    const what = img instanceof NDArray ? `shape ${fmtShape(img.shape)}` : typeof img;
    throw new Error(`${op}: expected an image (H, W, C) as loadImage gives, got ${what}`);
  }
  return img.shape as [number, number, number];
}

/**
 * Resizes an image to `size` ([width, height], or a square) by bilinear interpolation (PIL's default mode in
 * DeZero's Resize). A uint8 image stays uint8 (rounded); any other comes back float32.
 * @example
 * ```ts
 * import { NDArray, transforms } from "dezero-ts";
 * const img = new NDArray(new Uint8Array(2 * 2 * 3).fill(50), [2, 2, 3], "uint8");
 * const out = transforms.Resize(4)(img);
 * console.log(out.shape, out.dtype, out.data[0]); // [4, 4, 3] uint8 50
 * ```
 */
export function Resize(size: ImageSize): Transform {
  const [w, h] = pair(size, "Resize");
  return (img) => {
    imageShape(img, "Resize");
    const out = resizeBilinear(img, [h, w]);
    if (img.dtype !== "uint8") return out;
    const px = Uint8Array.from(out.data, (v) => Math.min(255, Math.max(0, Math.round(v))));
    return new NDArray(px, out.shape, "uint8");
  };
}

/**
 * Crops the centre `size` ([width, height], or a square) out of an image; where the margin is odd, the extra pixel
 * comes off the right and bottom, as DeZero's CenterCrop.
 * @example
 * ```ts
 * import { NDArray, transforms } from "dezero-ts";
 * const img = new NDArray(Uint8Array.from({ length: 9 }, (_, i) => i), [3, 3, 1], "uint8");
 * console.log(Array.from(transforms.CenterCrop(1)(img).data)); // [4]
 * ```
 */
export function CenterCrop(size: ImageSize): Transform {
  const [OW, OH] = pair(size, "CenterCrop");
  return (img) => {
    const [H, W, C] = imageShape(img, "CenterCrop");
    if (OW > W || OH > H) {
      throw new Error(
        `CenterCrop: the crop [${OW}, ${OH}] is larger than the image [${W}, ${H}] (width, height)`,
      );
    }
    const [left, top] = [Math.floor((W - OW) / 2), Math.floor((H - OH) / 2)];
    const out = new (img.data.constructor as new (n: number) => NDArray["data"])(OH * OW * C);
    for (let y = 0; y < OH; y++) {
      const from = ((top + y) * W + left) * C;
      out.set(img.data.subarray(from, from + OW * C), y * OW * C);
    }
    return new NDArray(out, [OH, OW, C], img.dtype);
  };
}

/** Reorders an RGB image's channels: "RGB" keeps them, "BGR" reverses them (DeZero's Convert), "L" makes grey.
 * @example
 * ```ts
 * import { NDArray, transforms } from "dezero-ts";
 * const px = new NDArray(Uint8Array.of(1, 2, 3), [1, 1, 3], "uint8");
 * console.log(Array.from(transforms.Convert("BGR")(px).data)); // [3, 2, 1]
 * ```
 */
export function Convert(mode: "RGB" | "BGR" | "L" = "RGB"): Transform {
  if (!["RGB", "BGR", "L"].includes(mode))
    throw new Error(`Convert: mode must be "RGB", "BGR" or "L", got ${mode}`);
  return (img) => {
    const [H, W, C] = imageShape(img, "Convert");
    if (C < 3) throw new Error(`Convert: expected an RGB image (H, W, 3), got shape ${fmtShape(img.shape)}`);
    if (mode === "RGB") return img;
    const out = new Float64Array(H * W * (mode === "L" ? 1 : 3));
    for (let p = 0; p < H * W; p++) {
      const [r, g, b] = [img.data[p * C], img.data[p * C + 1], img.data[p * C + 2]];
      if (mode === "L")
        out[p] = (r * 299 + g * 587 + b * 114) / 1000; // ITU-R 601-2 luma, as PIL
      else out.set([b, g, r], p * 3);
    }
    if (img.dtype === "uint8") for (let i = 0; i < out.length; i++) out[i] = Math.round(out[i]);
    return astype(new NDArray(out, [H, W, mode === "L" ? 1 : 3], "float64"), img.dtype);
  };
}

/** An (H, W, C) image as a (C, H, W) array of `dtype` (default float32), DeZero's ToArray.
 * @example
 * ```ts
 * import { NDArray, transforms } from "dezero-ts";
 * const px = new NDArray(Uint8Array.of(1, 2, 3), [1, 1, 3], "uint8");
 * const arr = transforms.ToArray()(px); // (C, H, W) float32, as DeZero's ToArray
 * console.log(arr.shape, arr.dtype); // [3, 1, 1] float32
 * ```
 */
export function ToArray(dtype: DType = "float32"): Transform {
  checkDType(dtype, "ToArray");
  return (img) => {
    const [H, W, C] = imageShape(img, "ToArray");
    const out = new Float64Array(C * H * W);
    for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) out[c * H * W + p] = img.data[p * C + c];
    return astype(new NDArray(out, [C, H, W], "float64"), dtype);
  };
}
