/**
 * @file Whole-kernel poolings: max pooling (with its gradient and that gradient's adjoint, so it differentiates
 * any number of times, as DeZero's Pooling2DGrad / Pooling2DWithIndexes) and average pooling with its gradient.
 */

import type { ConvWindow } from "../backend/backend.js";
import { apply, defineOp } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { fmtShape, type Shape, sameShape } from "../shape.js";
import { patchShape } from "./conv.js";
import { floatRule } from "./rules.js";

/** Attributes of the pooling ops: the window. */
export interface PoolAttrs {
  window: ConvWindow;
}

/** The pooled shape (N, C, OH, OW) of image shape `x`; throws naming `op` when the window does not fit. */
function pooledShape(op: string, x: Shape, window: ConvWindow): Shape {
  const [N, OH, OW, C] = patchShape(op, x, window);
  return [N, C, OH, OW];
}

/** Throws naming `op` unless `g` has shape `want`. */
function expectShape(op: string, what: string, g: Shape, want: Shape): void {
  if (!sameShape(g, want))
    throw new Error(`${op}: ${what} of shape ${fmtShape(g)}, expected ${fmtShape(want)}`);
}

export const poolingOp = defineOp<PoolAttrs>({
  name: "pooling",
  shape: ([x], { window }) => pooledShape("pooling", x, window),
  forward: ([x], { window }, _, be) => be.pool2d("max", x, window),
  // each output came from its window's maxima: the gradient goes back there
  backward: (gy, [x], _, { window }) => [poolingGrad(gy, x, window)],
});

/** Max pooling as one kernel: (N, C, H, W) → (N, C, OH, OW). */
export const pooling = (x: Variable, window: ConvWindow): Variable => apply(poolingOp, [x], { window });

export const poolingGradOp = defineOp<PoolAttrs>({
  name: "poolingGrad",
  shape: ([gy, x], { window }) => {
    expectShape("poolingGrad", "gy", gy, pooledShape("poolingGrad", x, window));
    return x;
  },
  dtype: ([gy]) => gy,
  forward: ([gy, x], { window }, _, be) => be.maxPool2dGrad(x, gy, window),
  // NOTE: linear in gy; the positions of the maxima are piecewise constant in x, so x gets no gradient
  backward: (gg, [, x], _, { window }) => [poolingWithIndexes(gg, x, window), null],
});

/** Max pooling's gradient: gy (N, C, OH, OW) sent to the maxima of x (N, C, H, W), ties split evenly. */
export const poolingGrad = (gy: Variable, x: Variable, window: ConvWindow): Variable =>
  apply(poolingGradOp, [gy, x], { window });

export const poolingWithIndexesOp = defineOp<PoolAttrs>({
  name: "poolingWithIndexes",
  shape: ([g, x], { window }) => {
    expectShape("poolingWithIndexes", "g", g, x);
    return pooledShape("poolingWithIndexes", x, window);
  },
  dtype: ([g]) => g,
  forward: ([g, x], { window }, _, be) => be.maxPool2dGather(x, g, window),
  // the adjoint of poolingGrad (both linear in their first input)
  backward: (gy, [, x], _, { window }) => [poolingGrad(gy, x, window), null],
});

/** g (N, C, H, W) read at the maxima of x in each window (averaged over ties) → (N, C, OH, OW). */
export const poolingWithIndexes = (g: Variable, x: Variable, window: ConvWindow): Variable =>
  apply(poolingWithIndexesOp, [g, x], { window });

export const averagePoolingOp = defineOp<PoolAttrs>({
  name: "averagePooling",
  shape: ([x], { window }) => pooledShape("averagePooling", x, window),
  dtype: floatRule,
  forward: ([x], { window }, out, be) =>
    be.pool2d("avg", x.dtype === out.dtype ? x : be.cast(x, out.dtype), window),
  // linear: the gradient spreads gy/(KH·KW) over each window
  backward: (gy, [x], _, { window }) => [averagePoolingGrad(gy, window, x.shape)],
});

/** Average pooling as one kernel: (N, C, H, W) → (N, C, OH, OW), padding counted as 0. */
export const averagePooling = (x: Variable, window: ConvWindow): Variable =>
  apply(averagePoolingOp, [x], { window });

/** Attributes of averagePoolingGrad: the window and the image shape. */
export interface AvgGradAttrs extends PoolAttrs {
  shape: Shape;
}

export const averagePoolingGradOp = defineOp<AvgGradAttrs>({
  name: "averagePoolingGrad",
  shape: ([gy], { window, shape }) => {
    expectShape("averagePoolingGrad", "gy", gy, pooledShape("averagePoolingGrad", shape, window));
    return shape;
  },
  forward: ([gy], { window, shape }, _, be) => be.avgPool2dGrad(gy, window, shape),
  // the adjoint of a linear map's adjoint is the map: average pooling again
  backward: (gg, _, __, { window }) => [averagePooling(gg, window)],
});

/** Average pooling's gradient: gy/(KH·KW) summed over each window into an image of `shape`. */
export const averagePoolingGrad = (gy: Variable, window: ConvWindow, shape: Shape): Variable =>
  apply(averagePoolingGradOp, [gy], { window, shape });
