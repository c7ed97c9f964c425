/** @file The rows of the F case table: every function of F on fixed inputs, with its shape and values. */

import { arange, array, F, type Nested, slice, Variable } from "../src/index.js";
import type { Case, Fn } from "./case.js";
import { CNN_CASES } from "./cnn-cases.js";
import { FUSED_CASES } from "./fused-cases.js";

// Inputs chosen away from kinks and ties (relu at 0, max ties, clip bounds).
export const A = [
  [0.5, -1.2, 2.0],
  [1.5, 0.3, -0.7],
];
export const B = [
  [1.1, 0.4, -0.3],
  [-0.6, 2.2, 0.9],
];
const ROW = [[0.2, -0.5, 1.3]];
const COL = [[0.7], [-1.1]];
const T3 = [
  [
    [0.1, 0.2, 0.3],
    [0.4, 0.5, 0.6],
  ],
  [
    [-0.1, -0.2, -0.3],
    [-0.4, -0.5, -0.6],
  ],
];
const POS = [
  [0.5, 1.2, 2.0],
  [1.5, 0.3, 0.7],
];

/** Elementwise expectation of a binary op over broadcast nested inputs (broadcastTo is tested on its own). */
function bin(op: (a: number, b: number) => number, x: Nested, y: Nested): Nested {
  const xv = new Variable(array(x, { dtype: "float64" }));
  const yv = new Variable(array(y, { dtype: "float64" }));
  const a = F.broadcastTo(xv, F.add(xv, yv).shape).data;
  const b = F.broadcastTo(yv, F.add(xv, yv).shape).data;
  const out = array(
    Array.from(a.data, (v, i) => op(v, b.data[i])),
    { dtype: "float64" },
  );
  return out.reshape(a.shape).toArray();
}

function binaryCases(fn: "add" | "sub" | "mul" | "div", op: (a: number, b: number) => number): Case[] {
  const f = F[fn] as Fn;
  const pairs: [string, Nested, Nested, number[]][] = [
    ["same shape", A, B, [2, 3]],
    ["row", A, ROW, [2, 3]],
    ["column-row", COL, ROW, [2, 3]],
    ["3-D with row", T3, ROW, [2, 2, 3]],
    ["scalar", A, 1.7, [2, 3]],
  ];
  return pairs.map(([label, x, y, shape]) => ({ fn, label, f, inputs: [x, y], shape, value: bin(op, x, y) }));
}

const unary = (fn: keyof typeof F, ref: (x: number) => number, x: Nested = A): Case => ({
  fn,
  label: "elementwise",
  f: F[fn] as Fn,
  inputs: [x],
  shape: [2, 3],
  value: ref,
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const rowSoftmax = (rows: number[][]) =>
  rows.map((r) => {
    const e = r.map(Math.exp);
    const s = e.reduce((p, q) => p + q);
    return e.map((v) => v / s);
  });

export const CASES: Case[] = [
  ...binaryCases("add", (a, b) => a + b),
  ...binaryCases("sub", (a, b) => a - b),
  ...binaryCases("mul", (a, b) => a * b),
  ...binaryCases("div", (a, b) => a / b),
  unary("neg", (x) => -x),
  { fn: "pow", label: "cube", f: (x) => F.pow(x, 3), inputs: [A], shape: [2, 3], value: (x) => x ** 3 },
  unary("exp", Math.exp),
  unary("log", Math.log, POS),
  unary("sin", Math.sin),
  unary("cos", Math.cos),
  unary("tanh", Math.tanh),
  unary("sigmoid", sigmoid),
  unary("relu", (x) => Math.max(x, 0)),
  {
    fn: "leakyRelu",
    label: "slope 0.2",
    f: (x) => F.leakyRelu(x),
    inputs: [A],
    shape: [2, 3],
    value: (x) => (x > 0 ? x : 0.2 * x),
  },
  {
    fn: "clip",
    label: "[-1, 1]",
    f: (x) => F.clip(x, -1, 1),
    inputs: [A],
    shape: [2, 3],
    value: (x) => Math.min(Math.max(x, -1), 1),
  },
  {
    fn: "reshape",
    label: "(2,3)→(3,2)",
    f: (x) => F.reshape(x, [3, 2]),
    inputs: [A],
    shape: [3, 2],
    value: [
      [0.5, -1.2],
      [2.0, 1.5],
      [0.3, -0.7],
    ],
  },
  {
    fn: "transpose",
    label: "2-D",
    f: (x) => F.transpose(x),
    inputs: [A],
    shape: [3, 2],
    value: [
      [0.5, 1.5],
      [-1.2, 0.3],
      [2.0, -0.7],
    ],
  },
  {
    fn: "transpose",
    label: "3-D axes (1, 0, 2)",
    f: (x) => F.transpose(x, [1, 0, 2]),
    inputs: [T3],
    shape: [2, 2, 3],
    value: [
      [
        [0.1, 0.2, 0.3],
        [-0.1, -0.2, -0.3],
      ],
      [
        [0.4, 0.5, 0.6],
        [-0.4, -0.5, -0.6],
      ],
    ],
  },
  {
    fn: "expandDims",
    label: "axis 1",
    f: (x) => F.expandDims(x, 1),
    inputs: [A],
    shape: [2, 1, 3],
    value: A,
  },
  { fn: "flatten", label: "3-D", f: (x) => F.flatten(x), inputs: [T3], shape: [2, 6], value: T3 },
  {
    fn: "getItem",
    label: "row",
    f: (x) => F.getItem(x, 1),
    inputs: [A],
    shape: [3],
    value: A[1],
  },
  {
    fn: "getItem",
    label: "[:, 2]",
    f: (x) => F.getItem(x, slice(), 2),
    inputs: [A],
    shape: [2],
    value: [2.0, -0.7],
  },
  {
    fn: "getItem",
    label: "repeated rows accumulate",
    f: (x) => F.getItem(x, [0, 0, 1]),
    inputs: [A],
    shape: [3, 3],
    value: [A[0], A[0], A[1]],
  },
  {
    fn: "getItem",
    label: "[arange(N), t]",
    f: (x) => F.getItem(x, [arange(2), array([2, 0], { dtype: "int32" })]),
    inputs: [A],
    shape: [2],
    value: [2.0, 1.5],
  },
  { fn: "sum", label: "all", f: (x) => F.sum(x), inputs: [A], shape: [], value: 2.4 },
  {
    fn: "sum",
    label: "axis 0 keepdims",
    f: (x) => F.sum(x, { axis: 0, keepdims: true }),
    inputs: [A],
    shape: [1, 3],
    value: [[2.0, -0.9, 1.3]],
  },
  {
    fn: "sumTo",
    label: "(2,3)→(1,3)",
    f: (x) => F.sumTo(x, [1, 3]),
    inputs: [A],
    shape: [1, 3],
    value: [[2.0, -0.9, 1.3]],
  },
  {
    fn: "sumTo",
    label: "(2,3)→(3,)",
    f: (x) => F.sumTo(x, [3]),
    inputs: [A],
    shape: [3],
    value: [2.0, -0.9, 1.3],
  },
  {
    fn: "broadcastTo",
    label: "row → (2,3)",
    f: (x) => F.broadcastTo(x, [2, 3]),
    inputs: [ROW],
    shape: [2, 3],
    value: [ROW[0], ROW[0]],
  },
  {
    fn: "mean",
    label: "axis 1",
    f: (x) => F.mean(x, { axis: 1 }),
    inputs: [A],
    shape: [2],
    value: [1.3 / 3, 1.1 / 3],
  },
  {
    fn: "average",
    label: "axis 0 keepdims, positional",
    f: (x) => F.average(x, 0, true),
    inputs: [A],
    shape: [1, 3],
    value: [[1.0, -0.45, 0.65]],
  },
  {
    fn: "mean",
    label: "positional axis",
    f: (x) => F.mean(x, 1),
    inputs: [A],
    shape: [2],
    value: [1.3 / 3, 1.1 / 3],
  },
  {
    fn: "sum",
    label: "positional [0, 1]",
    f: (x) => F.sum(x, [0, 1], true),
    inputs: [A],
    shape: [1, 1],
    value: [[2.4]],
  },
  { fn: "max", label: "axis 1", f: (x) => F.max(x, { axis: 1 }), inputs: [A], shape: [2], value: [2.0, 1.5] },
  { fn: "max", label: "all", f: (x) => F.max(x), inputs: [A], shape: [], value: 2.0 },
  {
    fn: "min",
    label: "axis 0 keepdims",
    f: (x) => F.min(x, { axis: 0, keepdims: true }),
    inputs: [A],
    shape: [1, 3],
    value: [[0.5, -1.2, -0.7]],
  },
  {
    fn: "matmul",
    label: "(2,3)·(3,2)",
    f: (x, W) => F.matmul(x, W),
    inputs: [
      A,
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ],
    shape: [2, 2],
    value: [
      [0.5 - 3.6 + 10, 1 - 4.8 + 12],
      [1.5 + 0.9 - 3.5, 3 + 1.2 - 4.2],
    ],
  },
  {
    fn: "matmul",
    label: "Aᵀ·B",
    f: (a, b) => F.matmul(a, b, { transA: true }),
    inputs: [A, B],
    shape: [3, 3],
    value: [
      [0.5 * 1.1 + 1.5 * -0.6, 0.5 * 0.4 + 1.5 * 2.2, 0.5 * -0.3 + 1.5 * 0.9],
      [-1.2 * 1.1 + 0.3 * -0.6, -1.2 * 0.4 + 0.3 * 2.2, -1.2 * -0.3 + 0.3 * 0.9],
      [2.0 * 1.1 + -0.7 * -0.6, 2.0 * 0.4 + -0.7 * 2.2, 2.0 * -0.3 + -0.7 * 0.9],
    ],
  },
  {
    fn: "matmul",
    label: "A·Bᵀ",
    f: (a, b) => F.matmul(a, b, { transB: true }),
    inputs: [A, B],
    shape: [2, 2],
    value: [
      [0.55 - 0.48 - 0.6, -0.3 - 2.64 + 1.8],
      [1.65 + 0.12 + 0.21, -0.9 + 0.66 - 0.63],
    ],
  },
  {
    fn: "matmul",
    label: "Aᵀ·Cᵀ (both transposed)",
    f: (a, c) => F.matmul(a, c, { transA: true, transB: true }),
    inputs: [
      A,
      [
        [0.7, 1.4],
        [-1.1, -2.2],
      ],
    ],
    shape: [3, 2],
    value: [
      [0.5 * 0.7 + 1.5 * 1.4, 0.5 * -1.1 + 1.5 * -2.2],
      [-1.2 * 0.7 + 0.3 * 1.4, -1.2 * -1.1 + 0.3 * -2.2],
      [2.0 * 0.7 + -0.7 * 1.4, 2.0 * -1.1 + -0.7 * -2.2],
    ],
  },
  {
    fn: "linear",
    label: "with bias",
    f: (x, W, b) => F.linear(x, W, b),
    inputs: [A, [[1], [0], [-1]], [0.25]],
    shape: [2, 1],
    value: [[0.5 - 2.0 + 0.25], [1.5 + 0.7 + 0.25]],
  },
  {
    fn: "dot",
    label: "1-D",
    f: (a, b) => F.dot(a, b),
    inputs: [A[0], B[0]],
    shape: [],
    value: 0.55 - 0.48 - 0.6,
  },
  { fn: "softmax", label: "rows", f: (x) => F.softmax(x), inputs: [A], shape: [2, 3], value: rowSoftmax(A) },
  {
    fn: "softmaxSimple",
    label: "rows",
    f: (x) => F.softmaxSimple(x),
    inputs: [A],
    shape: [2, 3],
    value: rowSoftmax(A),
  },
  {
    fn: "sigmoidSimple",
    label: "elementwise",
    f: (x) => F.sigmoidSimple(x),
    inputs: [A],
    shape: [2, 3],
    value: (v: number) => 1 / (1 + Math.exp(-v)),
  },
  {
    fn: "linearSimple",
    label: "with bias",
    f: (x, W, b) => F.linearSimple(x, W, b),
    inputs: [A, [[1], [0], [-1]], [0.25]],
    shape: [2, 1],
    value: [[0.5 - 2.0 + 0.25], [1.5 + 0.7 + 0.25]],
  },
  {
    fn: "softmaxCrossEntropySimple",
    label: "labels [2, 0]",
    f: (x) => F.softmaxCrossEntropySimple(x, [2, 0]),
    inputs: [A],
    shape: [],
    value: -(Math.log(rowSoftmax(A)[0][2]) + Math.log(rowSoftmax(A)[1][0])) / 2,
  },
  {
    fn: "logSoftmax",
    label: "rows",
    f: (x) => F.logSoftmax(x),
    inputs: [A],
    shape: [2, 3],
    value: rowSoftmax(A).map((r) => r.map(Math.log)),
  },
  {
    fn: "meanSquaredError",
    label: "sum / N",
    f: (a, b) => F.meanSquaredError(a, b),
    inputs: [A, B],
    shape: [],
    value: A.flat().reduce((s, a, i) => s + (a - B.flat()[i]) ** 2, 0) / 2,
  },
  {
    fn: "softmaxCrossEntropy",
    label: "labels [2, 0]",
    f: (x) => F.softmaxCrossEntropy(x, [2, 0]),
    inputs: [A],
    shape: [],
    value: -(Math.log(rowSoftmax(A)[0][2]) + Math.log(rowSoftmax(A)[1][0])) / 2,
  },
  {
    fn: "sigmoidCrossEntropy",
    label: "targets (2,3)",
    f: (x) =>
      F.sigmoidCrossEntropy(
        x,
        array(
          [
            [0, 1, 1],
            [1, 0, 0],
          ],
          { dtype: "float64" },
        ),
      ),
    inputs: [A],
    shape: [],
    value:
      -[
        [0, 1, 1],
        [1, 0, 0],
      ]
        .flat()
        .reduce(
          (s, t, i) => s + t * Math.log(sigmoid(A.flat()[i])) + (1 - t) * Math.log(1 - sigmoid(A.flat()[i])),
          0,
        ) / 2,
  },
  {
    fn: "binaryCrossEntropy",
    label: "probabilities",
    f: (p) => F.binaryCrossEntropy(p, array([0, 1, 1], { dtype: "float64" })),
    inputs: [[0.2, 0.6, 0.9]],
    shape: [],
    value: -(Math.log(0.8) + Math.log(0.6) + Math.log(0.9)) / 3,
  },
  {
    fn: "accuracy",
    label: "one of two",
    f: (x) => F.accuracy(x, [2, 1]),
    inputs: [A],
    shape: [],
    value: 0.5,
    grad: false,
  },
  ...(["gt", "ge", "lt", "le", "eq"] as const).map(
    (fn): Case => ({
      fn,
      label: "mask against 0.5",
      f: (x) => (F[fn] as Fn)(x, 0.5 as unknown as Variable),
      inputs: [A],
      shape: [2, 3],
      value: (x: number) =>
        Number({ gt: x > 0.5, ge: x >= 0.5, lt: x < 0.5, le: x <= 0.5, eq: x === 0.5 }[fn]),
      grad: false,
    }),
  ),
  {
    fn: "gather",
    label: "flat index",
    f: (x) => F.gather(x, { index: Int32Array.from([5, 0, 5]), shape: [3], from: [2, 3] }),
    inputs: [A],
    shape: [3],
    value: [-0.7, 0.5, -0.7],
  },
  {
    fn: "scatterAdd",
    label: "repeated index",
    f: (g) => F.scatterAdd(g, { index: Int32Array.from([1, 1, 0]), shape: [2], from: [3] }),
    inputs: [[1, 2, 3]],
    shape: [2],
    value: [3, 3],
  },
  ...CNN_CASES,
  ...FUSED_CASES,
];
