/** @file Rows of the F case table for the whole-kernel ops that only backward passes reach, and the `…Simple` composites. */

import { array, F, type Nested, Variable } from "../src/index.js";
import { activationGrad } from "../src/ops/activation.js";
import { conv2dGradW } from "../src/ops/conv2d.js";
import { averagePoolingGrad, poolingGrad, poolingWithIndexes } from "../src/ops/pool.js";
import type { Case } from "./case.js";
import { distinct, naiveConv2d } from "./cnn-reference.js";

const X = distinct([2, 2, 5, 5], 11);
const W = distinct([3, 2, 3, 3], 12);
const GY = distinct([2, 3, 3, 3], 13);
const POOL_GY = distinct([2, 2, 3, 3], 14);
const IMG_G = distinct([2, 2, 5, 5], 15);
const A = [
  [0.5, -1.2, 2.0],
  [1.5, 0.3, -0.7],
];
const G = [
  [0.3, 0.8, -0.4],
  [-1.1, 0.6, 0.2],
];
/** A window 3×3, stride 2, pad 1. */
const WIN = { kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 };
const f64 = (v: Nested) => array(v, { dtype: "float64" });
/** A float64 Variable that needs no gradient. */
function constant(v: Nested): Variable {
  const c = new Variable(f64(v));
  c.requiresGrad = false;
  return c;
}

/** gW[o, c, i, j] = Σ gy[n, o, p, q]·x[n, c, 2p − 1 + i, 2q − 1 + j], by loops. */
function naiveGradW(): number[] {
  const x = f64(X).data;
  const gy = f64(GY).data;
  const out: number[] = [];
  for (let o = 0; o < 3; o++)
    for (let c = 0; c < 2; c++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          let s = 0;
          for (let n = 0; n < 2; n++)
            for (let p = 0; p < 3; p++)
              for (let q = 0; q < 3; q++) {
                const r = 2 * p - 1 + i;
                const t = 2 * q - 1 + j;
                if (r >= 0 && r < 5 && t >= 0 && t < 5)
                  s += gy[((n * 3 + o) * 3 + p) * 3 + q] * x[((n * 2 + c) * 5 + r) * 5 + t];
              }
          out.push(s);
        }
  return out;
}

/** Calls visit(o, at) for each output o of a 3×3/2/1 pooling of X and each in-image flat index `at` of its window. */
function forWindows(visit: (o: number, at: number) => void): void {
  let o = 0;
  for (let nc = 0; nc < 4; nc++)
    for (let p = 0; p < 3; p++)
      for (let q = 0; q < 3; q++, o++)
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const r = 2 * p - 1 + i;
            const t = 2 * q - 1 + j;
            if (r >= 0 && r < 5 && t >= 0 && t < 5) visit(o, nc * 25 + r * 5 + t);
          }
}

/** The flat index of the maximum of X in each pooling window (X has no ties). */
function maxima(): number[] {
  const x = f64(X).data;
  const at: number[] = [];
  forWindows((o, i) => {
    if (at[o] === undefined || x[i] > x[at[o]]) at[o] = i;
  });
  return at;
}

export const FUSED_CASES: Case[] = [
  {
    fn: "conv2dSimple",
    label: "stride 2, pad 1, bias (the composite)",
    f: (x, w, b) => F.conv2dSimple(x, w, b, { stride: 2, pad: 1 }),
    inputs: [X, W, [0.1, -0.2, 0.3]],
    shape: [2, 3, 3, 3],
    value: naiveConv2d(f64(X), f64(W), f64([0.1, -0.2, 0.3]), [2, 2], [1, 1]).toArray(),
  },
  {
    fn: "conv2d",
    label: "weight gradient kernel (conv2dGradW)",
    f: (x, gy) => conv2dGradW(x, gy, WIN),
    inputs: [X, GY],
    shape: [3, 2, 3, 3],
    value: naiveGradW(),
  },
  {
    fn: "poolingSimple",
    label: "3×3, stride 2, pad 1 (the composite)",
    f: (x) => F.poolingSimple(x, 3, { stride: 2, pad: 1 }),
    inputs: [X],
    shape: [2, 2, 3, 3],
    value: F.pooling(f64(X), 3, { stride: 2, pad: 1 }).data.toArray(),
  },
  {
    fn: "pooling",
    label: "gradient kernel (poolingGrad)",
    f: (gy) => poolingGrad(gy, constant(X), WIN),
    inputs: [POOL_GY],
    shape: [2, 2, 5, 5],
    value: (() => {
      const out = new Array(100).fill(0);
      maxima().forEach((at, o) => {
        out[at] += f64(POOL_GY).data[o];
      });
      return out;
    })(),
  },
  {
    fn: "pooling",
    label: "the gradient's adjoint (poolingWithIndexes)",
    f: (g) => poolingWithIndexes(g, constant(X), WIN),
    inputs: [IMG_G],
    shape: [2, 2, 3, 3],
    value: maxima().map((at) => f64(IMG_G).data[at]),
  },
  {
    fn: "averagePooling",
    label: "gradient kernel (averagePoolingGrad)",
    f: (gy) => averagePoolingGrad(gy, WIN, [2, 2, 5, 5]),
    inputs: [POOL_GY],
    shape: [2, 2, 5, 5],
    value: (() => {
      const gy = f64(POOL_GY).data;
      const out = new Array(100).fill(0);
      forWindows((o, at) => {
        out[at] += gy[o] / 9;
      });
      return out;
    })(),
  },
  ...(["relu", "leakyRelu", "sigmoid", "tanh"] as const).map(
    (act): Case => ({
      fn: act,
      label: `fused gradient pass (activationGrad ${act})`,
      // relu's and leakyRelu's masks are constant in x: x enters as a constant there
      f: (gy, y) =>
        act === "sigmoid" || act === "tanh"
          ? activationGrad(act, gy, y, 0.2)
          : activationGrad(act, gy, constant(A), 0.2),
      inputs: act === "sigmoid" || act === "tanh" ? [G, A.map((r) => r.map((v) => Math.tanh(v)))] : [G],
      shape: [2, 3],
      value: G.flat().map((g, i) => {
        const v = A.flat()[i];
        const y = Math.tanh(v);
        return {
          relu: v > 0 ? g : 0,
          leakyRelu: v > 0 ? g : 0.2 * g,
          sigmoid: g * y * (1 - y),
          tanh: g * (1 - y * y),
        }[act];
      }),
    }),
  ),
];
