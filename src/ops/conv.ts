/** @file im2col and col2im: the pair every convolution and pooling reduces to, each the other's gradient. */

import type { ConvWindow } from "../backend/backend.js";
import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { checkShape, fmtShape, getConvOutSize, MAX_DIM, type Shape, sameShape } from "../shape.js";

/** The patch array's shape (N, OH, OW, C, KH, KW) for image shape `x`; throws naming `op` when it does not fit. */
export function patchShape(op: string, x: Shape, w: ConvWindow): Shape {
  if (x.length !== 4)
    throw new Error(`${op}: expected an image batch (N, C, H, W), got shape ${fmtShape(x)}`);
  const ints = [w.kh, w.kw, w.sh, w.sw, w.ph, w.pw];
  // NOTE: the kernels take int32 sizes: a stride of 2**32 would reach them as 0
  if (
    !ints.every((v) => Number.isInteger(v) && v <= MAX_DIM) ||
    w.kh < 1 ||
    w.kw < 1 ||
    w.sh < 1 ||
    w.sw < 1 ||
    w.ph < 0 ||
    w.pw < 0
  ) {
    throw new Error(
      `${op}: kernel (${w.kh},${w.kw}) and stride (${w.sh},${w.sw}) must be integers ≥ 1, pad (${w.ph},${w.pw}) an integer ≥ 0, all below 2³¹`,
    );
  }
  checkShape(x, op, "image shape");
  const [N, C, H, W] = x;
  const OH = getConvOutSize(H, w.kh, w.sh, w.ph);
  const OW = getConvOutSize(W, w.kw, w.sw, w.pw);
  if (OH < 1 || OW < 1) {
    throw new Error(
      `${op}: kernel (${w.kh},${w.kw}) with pad (${w.ph},${w.pw}) does not fit the image ${fmtShape(x)}`,
    );
  }
  return [N, OH, OW, C, w.kh, w.kw];
}

/** Attributes of im2col: the window and the value read outside the image. */
export interface Im2colAttrs {
  window: ConvWindow;
  padValue: number;
}

export const im2colOp = defineOp<Im2colAttrs>({
  name: "im2col",
  shape: ([s], { window }) => patchShape("im2col", s, window),
  forward: ([x], { window, padValue }, _, be) => be.im2col(x, window, padValue),
  // each patch element copies one pixel (or the constant padding): the copies' gradients add up in the pixel
  backward: (gy, [x], _, { window }) => [col2im(gy, { window, shape: x.shape })],
});

/**
 * Patches (N, OH, OW, C, KH, KW) of an image batch (N, C, H, W), `padValue` (default 0) outside the image.
 * Row-major, this is the matrix (N·OH·OW, C·KH·KW) with one row per output pixel.
 */
export const im2col = (x: Operand, window: ConvWindow, padValue = 0): Variable =>
  apply(im2colOp, [x], { window, padValue });

/** Attributes of col2im: the window and the image shape (N, C, H, W) to fold into. */
export interface Col2imAttrs {
  window: ConvWindow;
  shape: Shape;
}

export const col2imOp = defineOp<Col2imAttrs>({
  name: "col2im",
  shape: ([s], { window, shape }) => {
    const expected = patchShape("col2im", shape, window);
    if (!sameShape(s, expected)) {
      throw new Error(
        `col2im: patches of shape ${fmtShape(s)} do not fold into ${fmtShape(shape)} (expected ${fmtShape(expected)})`,
      );
    }
    return shape;
  },
  forward: ([col], { window, shape }, _, be) => be.col2im(col, window, shape),
  // col2im is linear and the adjoint of im2col: its backward reads the patches of the gradient
  backward: (gx, _col, _y, { window }) => [im2col(gx, window, 0)],
});

/** The adjoint of im2col: patches (N, OH, OW, C, KH, KW) summed back into an image batch of `shape`. */
export const col2im = (col: Operand, attrs: Col2imAttrs): Variable => apply(col2imOp, [col], attrs);
