/** @file Forward values of the CNN functions: naive loops, adjointness, hand cases, modes and error messages. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  array,
  F,
  getConvOutSize,
  getDeconvOutSize,
  random,
  testMode,
  utils,
  Variable,
} from "../src/index.js";
import { naiveConv2d, naiveDeconv2d } from "./cnn-reference.js";
import { assertClose } from "./helpers.js";

const randn = (...shape: number[]) => random.randn(shape, { dtype: "float64" });
const dot = (a: Variable, b: Variable) => F.sum(F.mul(a, b)).item();

describe("conv2d and deconv2d values", () => {
  const configs: [number[], number[], [number, number], [number, number]][] = [
    [
      [2, 3, 7, 6],
      [4, 3, 3, 3],
      [1, 1],
      [0, 0],
    ],
    [
      [2, 3, 7, 6],
      [4, 3, 3, 3],
      [2, 2],
      [1, 1],
    ],
    [
      [1, 2, 8, 5],
      [3, 2, 5, 2],
      [3, 1],
      [2, 0],
    ],
    [
      [3, 1, 6, 6],
      [2, 1, 1, 1],
      [2, 2],
      [0, 0],
    ],
  ];
  for (const [xs, ws, stride, pad] of configs) {
    it(`conv2d equals the naive loop: x ${xs}, W ${ws}, stride ${stride}, pad ${pad}`, () => {
      random.seed(xs[2] + ws[2]);
      const [x, W, b] = [randn(...xs), randn(...ws), randn(ws[0])];
      assertClose(F.conv2d(x, W, b, { stride, pad }).data, naiveConv2d(x, W, b, stride, pad), {
        rtol: 1e-12,
        atol: 1e-12,
      });
    });
    it(`deconv2d equals the naive scatter and is conv2d's adjoint: ⟨conv(x), y⟩ = ⟨x, deconv(y)⟩ (${stride}, ${pad})`, () => {
      random.seed(xs[3] + ws[3]);
      const x = new Variable(randn(...xs));
      const W = new Variable(randn(...ws));
      const y = new Variable(randn(...F.conv2d(x, W, { stride, pad }).shape));
      // W (OC, C, KH, KW) read as a deconv weight (C_in = OC, C_out = C) maps y back to x's shape
      const back = F.deconv2d(y, W, { stride, pad, outSize: [xs[2], xs[3]] });
      assert.deepEqual(back.shape, xs);
      const lhs = dot(F.conv2d(x, W, { stride, pad }), y);
      assert.ok(Math.abs(lhs - dot(x, back)) <= 1e-10 * Math.abs(lhs) + 1e-10, `${lhs} != ${dot(x, back)}`);
      const b = randn(ws[1]);
      const naive = naiveDeconv2d(y.data, W.data, b, stride, pad);
      assertClose(F.deconv2d(y, W, b, { stride, pad }).data, naive, { rtol: 1e-12, atol: 1e-12 });
    });
  }

  it("im2col and col2im are adjoint: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩", () => {
    random.seed(21);
    const x = new Variable(randn(2, 3, 6, 5));
    const opts = { stride: [2, 1] as [number, number], pad: 1 };
    const c = new Variable(randn(...F.im2col(x, 3, opts).shape));
    assertClose(dot(F.im2col(x, 3, opts), c), dot(x, F.col2im(c, x.shape, 3, opts)), {
      rtol: 1e-12,
      atol: 1e-12,
    });
  });

  it("conv and deconv out sizes follow DeZero's formulas", () => {
    assert.equal(getConvOutSize(28, 3, 1, 1), 28);
    assert.equal(getConvOutSize(7, 3, 2, 0), 3);
    assert.equal(getDeconvOutSize(7, 4, 2, 1), 14);
    assert.equal(utils.getConvOutSize(224, 7, 2, 3), 112);
  });
});

describe("pooling values", () => {
  it("pooling pads with −∞: an all-negative border never pools to 0 (DeZero's zero padding would)", () => {
    const x = array(
      [
        [
          [
            [-5, -4, -3],
            [-2, -1, -6],
            [-7, -8, -9],
          ],
        ],
      ],
      { dtype: "float64" },
    );
    const y = F.pooling(x, 2, { stride: 2, pad: 1 });
    assert.deepEqual(y.data.toArray(), [
      [
        [
          [-5, -3],
          [-2, -1],
        ],
      ],
    ]);
  });

  it("max pooling splits a tie's gradient evenly; average pooling counts the padding in the mean", () => {
    const x = new Variable(
      array(
        [
          [
            [
              [1, 3],
              [3, 0],
            ],
          ],
        ],
        { dtype: "float64" },
      ),
    );
    F.pooling(x, 2).backward();
    assert.deepEqual(x.grad!.data.toArray(), [
      [
        [
          [0, 0.5],
          [0.5, 0],
        ],
      ],
    ]);
    const a = F.averagePooling(
      array(
        [
          [
            [
              [4, 8],
              [12, 16],
            ],
          ],
        ],
        { dtype: "float64" },
      ),
      2,
      { stride: 2, pad: 1 },
    );
    assert.deepEqual(a.data.toArray(), [
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]);
  });

  it("stride defaults to 1, as DeZero's pooling", () => {
    assert.deepEqual(F.pooling(randn(1, 1, 4, 4), 2).shape, [1, 1, 3, 3]);
    assert.deepEqual(F.averagePooling(randn(1, 1, 4, 4), [2, 3]).shape, [1, 1, 3, 2]);
  });
});

describe("batchNorm values and running statistics", () => {
  it("train mode normalises each channel and updates the running statistics (decay 0.9, unbiased variance)", () => {
    const x = array([[1], [3]], { dtype: "float64" });
    const rm = array([0], { dtype: "float64" });
    const rv = array([1], { dtype: "float64" });
    const y = F.batchNorm(x, array([2], { dtype: "float64" }), array([0.5], { dtype: "float64" }), rm, rv);
    // μ = 2, σ² = 1: x̂ = ∓1/√(1 + 2e-5), y = 2·x̂ + 0.5
    assertClose(y.data, [-2 / Math.sqrt(1 + 2e-5) + 0.5, 2 / Math.sqrt(1 + 2e-5) + 0.5], {
      rtol: 1e-14,
      atol: 0,
    });
    // mean ← 0.9·0 + 0.1·2; var ← 0.9·1 + 0.1·1·(2/1)
    assertClose(rm, [0.2], { rtol: 1e-14, atol: 0 });
    assertClose(rv, [1.1], { rtol: 1e-14, atol: 0 });
  });

  it("(N, C, H, W) statistics run over N, H and W per channel; test mode uses the running ones and leaves them", () => {
    random.seed(22);
    const x = randn(4, 2, 3, 3);
    const rm = array([0, 0], { dtype: "float64" });
    const rv = array([1, 1], { dtype: "float64" });
    const ones = array([1, 1], { dtype: "float64" });
    const zeros = array([0, 0], { dtype: "float64" });
    const y = F.batchNorm(x, ones, zeros, rm, rv, { decay: 0, eps: 1e-12 });
    const m = F.mean(y, { axis: [0, 2, 3] }).data;
    const v = F.mean(F.pow(y, 2), { axis: [0, 2, 3] }).data;
    assertClose(m, [0, 0], { atol: 1e-12 });
    assertClose(v, [1, 1], { rtol: 1e-9 });
    const before = [...rm.data, ...rv.data];
    // with decay 0 the running statistics are this batch's: test mode then reproduces train mode up to m/(m−1)
    const t = testMode(() => F.batchNorm(x, ones, zeros, rm, rv, { eps: 1e-12 }));
    assert.deepEqual([...rm.data, ...rv.data], before);
    assertClose(F.mul(t, Math.sqrt(36 / 35)).data, y.data, { rtol: 1e-9, atol: 1e-9 });
  });
});

describe("dropout and embedId", () => {
  it("dropout zeroes about `ratio` of the units, scales the rest by 1/(1 − ratio), and repeats with the seed", () => {
    const x = array(new Array(20000).fill(1), { dtype: "float32" });
    random.seed(5);
    const y = F.dropout(x, 0.25).data.data;
    const kept = y.filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / y.length - 0.75) < 0.02, `${kept.length / y.length}`);
    assert.ok(kept.every((v) => Math.abs(v - 4 / 3) < 1e-6));
    random.seed(5);
    assert.deepEqual(F.dropout(x, 0.25).data.data, y);
    assert.equal(testMode(() => F.dropout(new Variable(x), 0.25)).data, x);
  });

  it("embedId picks rows for ids of any shape", () => {
    const W = array(
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      { dtype: "float64" },
    );
    assert.deepEqual(
      F.embedId(
        array(
          [
            [2, 0],
            [1, 1],
          ],
          { dtype: "int32" },
        ),
        W,
      ).data.toArray(),
      [
        [
          [4, 5],
          [0, 1],
        ],
        [
          [2, 3],
          [2, 3],
        ],
      ],
    );
    assert.deepEqual(F.embedId(1, W).data.toArray(), [2, 3]);
  });
});

describe("bad input is named before any work", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "conv2d channels",
      () => F.conv2d(randn(1, 3, 5, 5), randn(2, 4, 3, 3)),
      /conv2d: x \[1,3,5,5\] has 3 channels but W \[2,4,3,3\] expects 4/,
    ],
    ["conv2d rank", () => F.conv2d(randn(3, 5, 5), randn(2, 3, 3, 3)), /conv2d: expected x \(N, C, H, W\)/],
    [
      "conv2d bias",
      () => F.conv2d(randn(1, 3, 5, 5), randn(2, 3, 3, 3), randn(3)),
      /conv2d: bias of shape \[3\] does not match 2 output channels/,
    ],
    [
      "conv2d kernel too big",
      () => F.conv2d(randn(1, 1, 2, 2), randn(1, 1, 3, 3)),
      /conv2d: kernel \(3,3\) with pad \(0,0\) does not fit the image \[1,1,2,2\]/,
    ],
    [
      "conv2d stride",
      () => F.conv2d(randn(1, 1, 4, 4), randn(1, 1, 3, 3), { stride: 0 }),
      /conv2d: kernel .* and stride \(0,0\) must be integers ≥ 1/,
    ],
    [
      "conv2d pair",
      () => F.conv2d(randn(1, 1, 4, 4), randn(1, 1, 3, 3), { pad: [1] as never }),
      /conv2d: pad must be a number or a pair/,
    ],
    [
      "deconv2d channels",
      () => F.deconv2d(randn(1, 3, 4, 4), randn(2, 3, 3, 3)),
      /deconv2d: x \[1,3,4,4\] has 3 channels but W \[2,3,3,3\] expects 2/,
    ],
    [
      "deconv2d outSize",
      () => F.deconv2d(randn(1, 1, 3, 3), randn(1, 1, 3, 3), { stride: 2, outSize: 10 }),
      /deconv2d: outSize \[10,10\] does not fit input \[1,1,3,3\]/,
    ],
    [
      "pooling pad",
      () => F.pooling(randn(1, 1, 4, 4), 2, { pad: 2 }),
      /pooling: pad \[2,2\] must be smaller than the kernel \[2,2\]/,
    ],
    [
      "col2im shape",
      () => F.col2im(randn(4, 5), [1, 1, 3, 3], 2),
      /col2im: patches of shape \[4,5\] do not fold into \[1,1,3,3\] \(expected \[4,4\]\)/,
    ],
    [
      "batchNorm gamma",
      () => F.batchNorm(randn(2, 3), randn(2), randn(3), randn(3), randn(3)),
      /batchNorm: gamma of shape \[2\] does not match x \[2,3\] \(C = 3\)/,
    ],
    [
      "batchNorm rank",
      () => F.batchNorm(randn(2, 3, 4), randn(3), randn(3), randn(3), randn(3)),
      /batchNorm: expected x of shape \(N, C\) or \(N, C, H, W\)/,
    ],
    ["dropout ratio", () => F.dropout(randn(2), 1), /dropout: ratio must be in \[0, 1\), got 1/],
    ["embedId id", () => F.embedId([0, 3], randn(3, 2)), /embedId: id 3 is out of range for \[0, 3\)/],
  ];
  for (const [label, run, message] of cases) it(label, () => assert.throws(run, message));

  it("a failed batchNorm leaves the running statistics as they were", () => {
    const rm = array([0.5, 0.5, 0.5], { dtype: "float64" });
    assert.throws(() => F.batchNorm(randn(2, 3), randn(3), randn(2), rm, randn(3)));
    assert.deepEqual([...rm.data], [0.5, 0.5, 0.5]);
  });
});
