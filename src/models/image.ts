/** @file Image helpers for the pretrained models: bilinear resizing and VGG's BGR mean-subtracted input. */

import { allocate, type DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";

/** The (H, W, C) layout of an image, checked: C is 3 (RGB) or 4 (RGBA, alpha ignored by callers). */
function imageShape(image: NDArray, op: string): [number, number, number] {
  const [H, W, C] = image.shape;
  if (image.ndim !== 3 || (C !== 3 && C !== 4) || H < 1 || W < 1) {
    throw new Error(
      `${op}: expected an RGB image (H, W, 3) or RGBA (H, W, 4), got shape ${fmtShape(image.shape)}`,
    );
  }
  return [H, W, C];
}

/**
 * Resizes an (H, W, C) image to (h, w, C) by bilinear interpolation with pixel centres aligned
 * (source coordinate (i + ½)·H/h − ½, clamped at the borders — OpenCV's and PIL's convention), in float32.
 * @example
 * ```ts
 * import { array, resizeBilinear } from "dezero-ts";
 * // A 1×2 RGB image (0 and 255 grey) stretched to 1×4: pixel centres aligned, edges clamped.
 * const image = array([[[0, 0, 0], [255, 255, 255]]], { dtype: "uint8" });
 * const wide = resizeBilinear(image, [1, 4]);
 * console.log(wide.shape, Array.from(wide.data.filter((_, i) => i % 3 === 0))); // [1, 4, 3] [0, 63.75, 191.25, 255]
 * ```
 */
export function resizeBilinear(image: NDArray, [h, w]: readonly [number, number]): NDArray {
  const [H, W, C] = imageShape(image, "resizeBilinear");
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new Error(`resizeBilinear: the size must be two positive integers, got [${h},${w}]`);
  }
  const out = allocate("float32", h * w * C);
  const src = image.data;
  // one axis: the two source indices around output index i and the weight of the second
  const taps = (i: number, n: number, N: number): [number, number, number] => {
    const s = Math.min(Math.max(((i + 0.5) * N) / n - 0.5, 0), N - 1);
    const s0 = Math.floor(s);
    return [s0, Math.min(s0 + 1, N - 1), s - s0];
  };
  for (let y = 0; y < h; y++) {
    const [y0, y1, fy] = taps(y, h, H);
    for (let x = 0; x < w; x++) {
      const [x0, x1, fx] = taps(x, w, W);
      for (let c = 0; c < C; c++) {
        const at = (yy: number, xx: number) => src[(yy * W + xx) * C + c];
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out[(y * w + x) * C + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return new NDArray(out, [h, w, C], "float32");
}

/** VGG's per-channel means of the ImageNet training images, in BGR order (as DeZero and Caffe). */
export const BGR_MEAN = [103.939, 116.779, 123.68] as const;

/**
 * DeZero's VGG16.preprocess for an RGB(A) image (H, W, 3|4) with values 0..255: resized to `size` (bilinear;
 * `null` keeps the size), channels reversed to BGR, the BGR means subtracted, and laid out as a batch of one,
 * (1, 3, h, w) — ready for `model.call`.
 */
export function preprocessBGR(
  image: NDArray,
  { size = [224, 224], dtype = "float32" }: { size?: readonly [number, number] | null; dtype?: DType } = {},
): NDArray {
  const [H0, W0, C] = imageShape(image, "VGG16.preprocess");
  const img = size === null || (size[0] === H0 && size[1] === W0) ? image : resizeBilinear(image, size);
  const [H, W] = img.shape;
  const out = allocate(dtype, 3 * H * W);
  for (let ch = 0; ch < 3; ch++) {
    // output channel ch (B, G, R) reads input channel 2 − ch (R, G, B)
    for (let p = 0; p < H * W; p++) out[ch * H * W + p] = img.data[p * C + (2 - ch)] - BGR_MEAN[ch];
  }
  return new NDArray(out, [1, 3, H, W], dtype);
}
