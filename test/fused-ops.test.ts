/**
 * @file Every fused primitive equals the composite it replaces — values, gradients and second derivatives —
 * on the cpu backend and on wasm with its kernels forced for every size, in float64 and float32; and graph
 * pictures name the fused ops as DeZero does (Linear, ReLU).
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BackendName } from "../src/backend/registry.js";
import { leakyReluSimple, reluSimple } from "../src/functions/activation.js";
import { batchNormSimple } from "../src/functions/batch-norm.js";
import { deconv2dSimple } from "../src/functions/conv.js";
import { averagePoolingSimple } from "../src/functions/pooling.js";
import { linearSimple } from "../src/functions/simple.js";
import { type DType, F, L, ones, RandomState, utils, Variable, zeros } from "../src/index.js";
import { assertClose, onBackend } from "./helpers.js";

type Fn = (...xs: Variable[]) => Variable;

/** y, the gradients of Σ y·r, and the gradients of Σ (those gradients)² (zeros where none flows). */
function derivatives(f: Fn, inputs: Variable[], r: Variable): Float64Array[][] {
  const xs = inputs.map((x) => new Variable(x.data));
  const y = f(...xs);
  F.sum(F.mul(y, r)).backward({ createGraph: true });
  const gs = xs.map((x) => x.grad);
  const first = gs.map((g, i) => Float64Array.from(g?.data.data ?? new Float64Array(xs[i].size)));
  for (const x of xs) x.cleargrad();
  const live = gs.filter((g): g is Variable => g !== null && g.creator !== null);
  if (live.length > 0)
    live
      .map((g) => F.sum(F.mul(g, g)))
      .reduce((a, b) => F.add(a, b))
      .backward();
  const second = xs.map((x) => Float64Array.from(x.grad?.data.data ?? new Float64Array(x.size)));
  // and the plain first derivatives (no graph of the gradient: the fused gradient kernels run)
  const plain = inputs.map((x) => new Variable(x.data));
  F.sum(F.mul(f(...plain), r)).backward();
  const firstPlain = plain.map((x) => Float64Array.from(x.grad?.data.data ?? new Float64Array(x.size)));
  return [[Float64Array.from(y.data.data)], first, second, firstPlain];
}

const rng = new RandomState(3);
const input = (shape: number[], dtype: DType) => new Variable(rng.randn(shape, { dtype }));

/** [label, fused, composite, input shapes, output shape] */
const PAIRS: [string, Fn, Fn, number[][], number[]][] = [
  [
    "conv2d = conv2dSimple (stride [2, 1], pad [1, 0], bias)",
    (x, W, b) => F.conv2d(x, W, b, { stride: [2, 1], pad: [1, 0] }),
    (x, W, b) => F.conv2dSimple(x, W, b, { stride: [2, 1], pad: [1, 0] }),
    [[2, 3, 7, 6], [4, 3, 3, 2], [4]],
    [2, 4, 4, 5],
  ],
  [
    "conv2d = conv2dSimple (pad 1, no bias)",
    (x, W) => F.conv2d(x, W, { pad: 1 }),
    (x, W) => F.conv2dSimple(x, W, { pad: 1 }),
    [
      [1, 2, 5, 5],
      [3, 2, 3, 3],
    ],
    [1, 3, 5, 5],
  ],
  [
    "deconv2d = its composite (stride 2, pad 1, bias)",
    (x, W, b) => F.deconv2d(x, W, b, { stride: 2, pad: 1 }),
    (x, W, b) => deconv2dSimple(x, W, b, { stride: 2, pad: 1 }),
    [[2, 3, 4, 5], [3, 2, 3, 3], [2]],
    [2, 2, 7, 9],
  ],
  [
    "pooling = poolingSimple (3×3, stride 2, pad 1)",
    (x) => F.pooling(x, 3, { stride: 2, pad: 1 }),
    (x) => F.poolingSimple(x, 3, { stride: 2, pad: 1 }),
    [[2, 3, 7, 6]],
    [2, 3, 4, 3],
  ],
  [
    "averagePooling = its composite ([2, 3], stride [1, 2], pad [1, 1])",
    (x) => F.averagePooling(x, [2, 3], { stride: [1, 2], pad: [1, 1] }),
    (x) => averagePoolingSimple(x, [2, 3], { stride: [1, 2], pad: [1, 1] }),
    [[2, 3, 5, 6]],
    [2, 3, 6, 3],
  ],
  ["relu = x·[x > 0]", (x) => F.relu(x), (x) => reluSimple(x), [[5, 7]], [5, 7]],
  [
    "leakyRelu = its mask composite",
    (x) => F.leakyRelu(x, 0.1),
    (x) => leakyReluSimple(x, 0.1),
    [[5, 7]],
    [5, 7],
  ],
  [
    "linear = matmul + add",
    (x, W, b) => F.linear(x, W, b),
    (x, W, b) => linearSimple(x, W, b),
    [[5, 7], [7, 3], [3]],
    [5, 3],
  ],
  [
    "batchNorm (N, C, H, W) = its composite (train mode)",
    (x, g, b) => F.batchNorm(x, g, b, zeros([3]), ones([3])),
    (x, g, b) => batchNormSimple(x, g, b, zeros([3]), ones([3])),
    [[4, 3, 3, 2], [3], [3]],
    [4, 3, 3, 2],
  ],
  [
    "batchNorm (N, C) = its composite (train mode)",
    (x, g, b) => F.batchNorm(x, g, b, zeros([3]), ones([3])),
    (x, g, b) => batchNormSimple(x, g, b, zeros([3]), ones([3])),
    [[5, 3], [3], [3]],
    [5, 3],
  ],
  [
    "sigmoid (fused gradient) = 0.5·tanh(x/2) + 0.5",
    (x) => F.sigmoid(x),
    (x) => F.add(F.mul(F.tanh(F.mul(x, 0.5)), 0.5), 0.5),
    [[4, 6]],
    [4, 6],
  ],
  [
    "tanh (fused gradient) = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)",
    (x) => F.tanh(x),
    (x) => F.div(F.sub(F.exp(x), F.exp(F.neg(x))), F.add(F.exp(x), F.exp(F.neg(x)))),
    [[4, 6]],
    [4, 6],
  ],
];

describe("fused primitives equal their composites: values, gradients, second derivatives", () => {
  for (const backend of ["cpu", "wasm"] as BackendName[]) {
    for (const dtype of ["float64", "float32"] as DType[]) {
      for (const [label, fused, composite, shapes, outShape] of PAIRS) {
        it(`${label} (${backend}, ${dtype})`, () => {
          const xs = shapes.map((s) => input(s, dtype));
          const r = input(outShape, dtype);
          onBackend(backend, () => {
            const want = derivatives(composite, xs, r);
            const got = derivatives(fused, xs, r);
            const tol = dtype === "float64" ? { rtol: 1e-10, atol: 1e-10 } : { rtol: 1e-4, atol: 1e-4 };
            ["values", "gradients", "second derivatives", "gradients without a graph"].forEach((what, k) => {
              got[k].forEach((g, i) => {
                assertClose(Array.from(g), Array.from(want[k][i]), tol);
              });
              assert.equal(got[k].length, want[k].length, what);
            });
          });
        });
      }
    }
  }

  it("gradient checks pass through the whole kernels on wasm (float64)", () => {
    onBackend("wasm", () => {
      const x = input([2, 2, 5, 4], "float64");
      const W = input([3, 2, 3, 3], "float64");
      const b = input([3], "float64");
      assert.ok(utils.gradientCheck((a, w, c) => F.conv2d(a, w, c, { stride: 2, pad: 1 }), x, W, b));
      assert.ok(utils.gradientCheck((a) => F.pooling(a, 2, { stride: 1, pad: 1 }), x));
      assert.ok(
        utils.gradientCheck((a, w) => F.linear(a, w), input([4, 6], "float64"), input([6, 3], "float64")),
      );
    });
  });
});

describe("graph pictures name the fused ops as DeZero does", () => {
  it("a Linear layer and relu draw as Linear and ReLU boxes", () => {
    const y = F.relu(new L.Linear(3).call(new Variable(rng.randn([2, 4], { dtype: "float32" }))));
    const dot = utils.getDotGraph(y);
    assert.match(dot, /label="Linear"/);
    assert.match(dot, /label="ReLU"/);
    assert.doesNotMatch(dot, /label="(Matmul|Add|Gt|Mul)"/);
  });

  it("conv2d and max pooling draw as Conv2d and Pooling", () => {
    const x = new Variable(rng.randn([1, 1, 4, 4], { dtype: "float32" }));
    const W = new Variable(rng.randn([2, 1, 3, 3], { dtype: "float32" }));
    const dot = utils.getDotGraph(F.pooling(F.conv2d(x, W, { pad: 1 }), 2, { stride: 2 }));
    assert.match(dot, /label="Conv2d"/);
    assert.match(dot, /label="Pooling"/);
    assert.doesNotMatch(dot, /label="Im2col"/);
  });
});
