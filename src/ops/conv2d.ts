/**
 * @file Whole-kernel convolutions: conv2d, deconv2d (its input gradient) and conv2dGradW (its weight gradient),
 * each one backend call, each the others' gradient (as DeZero's functions_conv.py), so every order of
 * derivative stays within these three.
 */

import type { ConvWindow } from "../backend/backend.js";
import { apply, defineOp } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, getConvOutSize, type Shape } from "../shape.js";
import { patchShape } from "./conv.js";
import { sum } from "./reduce.js";

/** Attributes of conv2d and conv2dGradW: the window. */
export interface Conv2dAttrs {
  window: ConvWindow;
}

/** Attributes of deconv2d: the window and the output's (H, W). */
export interface Deconv2dAttrs {
  window: ConvWindow;
  outSize: readonly [number, number];
}

/** Throws naming `op` unless x is 4-D, W is 4-D with x's channels on `cAxis`, its kernel `window`'s, b (W's other channel axis). */
function checkShapes(op: string, [x, W, b]: Shape[], window: ConvWindow, cAxis: 0 | 1): number {
  const bad = (why: string) => new Error(`${op}: ${why} (x ${fmtShape(x)}, W ${fmtShape(W ?? [])})`);
  if (x.length !== 4 || W?.length !== 4) throw bad("expected x (N, C, H, W) and a 4-D W");
  if (W[cAxis] !== x[1]) throw bad(`x has ${x[1]} channels but W expects ${W[cAxis]}`);
  if (W[2] !== window.kh || W[3] !== window.kw)
    throw bad(`W's kernel differs from the window's (${window.kh}, ${window.kw})`);
  const OC = W[1 - cAxis];
  if (b !== undefined && (b.length !== 1 || b[0] !== OC))
    throw bad(`bias ${fmtShape(b)} does not match ${OC} output channels`);
  return OC;
}

/** The inputs in the output's dtype (the kernels take one dtype). */
function inDType(xs: NDArray[], dtype: NDArray["dtype"], cast: (x: NDArray) => NDArray): NDArray[] {
  return xs.map((x) => (x.dtype === dtype ? x : cast(x)));
}

/** The bias gradient: gy summed over the batch and the pixels. */
const biasGrad = (gy: Variable) => sum(gy, { axis: [0, 2, 3] });

export const conv2dOp = defineOp<Conv2dAttrs>({
  name: "conv2d",
  shape: (shapes, { window }) => {
    const OC = checkShapes("conv2d", shapes, window, 1);
    const [N, OH, OW] = patchShape("conv2d", shapes[0], window);
    return [N, OC, OH, OW];
  },
  forward: (xs, { window }, out, be) => {
    const [x, W, b] = inDType(xs, out.dtype, (a) => be.cast(a, out.dtype));
    return be.conv2d(x, W, b ?? null, window);
  },
  // gx is the transposed convolution of gy with W, gW correlates x with gy, gb sums gy
  backward: (gy, [x, W, b], _, { window }) => [
    x.requiresGrad ? deconv2d(gy, W, null, window, [x.shape[2], x.shape[3]]) : null,
    W.requiresGrad ? conv2dGradW(x, gy, window) : null,
    b?.requiresGrad ? biasGrad(gy) : null,
  ],
});

/** conv2d as one kernel: x (N, C, H, W), W (OC, C, KH, KW), b (OC) or null → (N, OC, OH, OW). */
export const conv2d = (x: Variable, W: Variable, b: Variable | null, window: ConvWindow): Variable =>
  apply(conv2dOp, b === null ? [x, W] : [x, W, b], { window });

export const deconv2dOp = defineOp<Deconv2dAttrs>({
  name: "deconv2d",
  shape: (shapes, { window, outSize }) => {
    const OC = checkShapes("deconv2d", shapes, window, 0);
    const [OH, OW] = outSize;
    const [N, , H, W] = shapes[0];
    if (
      getConvOutSize(OH, window.kh, window.sh, window.ph) !== H ||
      getConvOutSize(OW, window.kw, window.sw, window.pw) !== W
    ) {
      throw new Error(
        `deconv2d: output size [${OH},${OW}] does not convolve back to the input ${fmtShape(shapes[0])}`,
      );
    }
    return [N, OC, OH, OW];
  },
  forward: (xs, { window, outSize }, out, be) => {
    const [x, W, b] = inDType(xs, out.dtype, (a) => be.cast(a, out.dtype));
    return be.deconv2d(x, W, b ?? null, window, outSize);
  },
  // deconv2d is conv2d's input gradient: its own input gradient is conv2d, its weight gradient correlates gy with x
  backward: (gy, [x, W, b], _, { window }) => [
    x.requiresGrad ? conv2d(gy, W, null, window) : null,
    W.requiresGrad ? conv2dGradW(gy, x, window) : null,
    b?.requiresGrad ? biasGrad(gy) : null,
  ],
});

/** deconv2d as one kernel: x (N, C, H, W), W (C, OC, KH, KW), b (OC) or null → (N, OC, OH, OW) of `outSize`. */
export const deconv2d = (
  x: Variable,
  W: Variable,
  b: Variable | null,
  window: ConvWindow,
  outSize: readonly [number, number],
): Variable => apply(deconv2dOp, b === null ? [x, W] : [x, W, b], { window, outSize });

export const conv2dGradWOp = defineOp<Conv2dAttrs>({
  name: "conv2dGradW",
  shape: ([x, gy], { window }) => {
    const [N, OH, OW] = patchShape("conv2dGradW", x, window);
    if (gy.length !== 4 || gy[0] !== N || gy[2] !== OH || gy[3] !== OW) {
      throw new Error(`conv2dGradW: gy ${fmtShape(gy)} does not match the output of x ${fmtShape(x)}`);
    }
    return [gy[1], x[1], window.kh, window.kw];
  },
  forward: (xs, { window }, out, be) => {
    const [x, gy] = inDType(xs, out.dtype, (a) => be.cast(a, out.dtype));
    return be.conv2dGradW(x, gy, window);
  },
  // gW is bilinear in (x, gy): each factor's gradient is the other convolved with ggW
  backward: (ggW, [x, gy], _, { window }) => [
    x.requiresGrad ? deconv2d(gy, ggW, null, window, [x.shape[2], x.shape[3]]) : null,
    gy.requiresGrad ? conv2d(x, ggW, null, window) : null,
  ],
});

/** conv2d's weight gradient as one kernel: x (N, C, H, W), gy (N, OC, OH, OW) → (OC, C, KH, KW). */
export const conv2dGradW = (x: Variable, gy: Variable, window: ConvWindow): Variable =>
  apply(conv2dGradWOp, [x, gy], { window });
