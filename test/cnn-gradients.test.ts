/** @file Float64 gradient checks of the CNN functions, and second derivatives through conv2d's weight gradient and pooling. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, random, testMode, utils, type Variable } from "../src/index.js";
import { gradientCheckAll } from "./helpers.js";

const randn = (...shape: number[]) => random.randn(shape, { dtype: "float64" });

/** Distinct values (a shuffled grid), so max pooling never meets a tie. */
function tieFree(...shape: number[]) {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = random.permutation(n).data;
  return array(
    Array.from(perm, (p) => (p - n / 2) / n),
    { dtype: "float64" },
  ).reshape(shape);
}

describe("conv2d gradients (float64)", () => {
  for (const stride of [1, 2])
    for (const pad of [0, 1])
      for (const bias of [true, false]) {
        it(`stride ${stride}, pad ${pad}, ${bias ? "with" : "without"} bias`, () => {
          random.seed(10 * stride + pad);
          const x = randn(2, 3, 5, 6);
          const W = randn(4, 3, 3, 2);
          const ok = bias
            ? gradientCheckAll((x, W, b) => F.conv2d(x, W, b, { stride, pad }), x, W, randn(4))
            : gradientCheckAll((x, W) => F.conv2d(x, W, { stride, pad }), x, W);
          assert.ok(ok);
        });
      }

  it("rectangular stride and pad pairs", () => {
    random.seed(3);
    const f = (x: Variable, W: Variable, b: Variable) => F.conv2d(x, W, b, { stride: [2, 1], pad: [1, 0] });
    assert.ok(gradientCheckAll(f, randn(1, 2, 5, 4), randn(3, 2, 3, 3), randn(3)));
  });
});

describe("deconv2d gradients (float64)", () => {
  for (const [stride, pad] of [
    [1, 0],
    [2, 1],
    [3, 0],
  ]) {
    it(`stride ${stride}, pad ${pad}, with bias`, () => {
      random.seed(stride + 7 * pad);
      const f = (x: Variable, W: Variable, b: Variable) => F.deconv2d(x, W, b, { stride, pad });
      assert.ok(gradientCheckAll(f, randn(2, 3, 3, 4), randn(3, 2, 4, 3), randn(2)));
    });
  }

  it("explicit outSize one larger than the default", () => {
    random.seed(5);
    const f = (x: Variable, W: Variable) => F.deconv2d(x, W, { stride: 2, pad: 1, outSize: [6, 6] });
    assert.deepEqual(
      f(random.randn([1, 2, 3, 3]) as never, random.randn([2, 1, 3, 3]) as never).shape,
      [1, 1, 6, 6],
    );
    assert.ok(gradientCheckAll(f, randn(1, 2, 3, 3), randn(2, 1, 3, 3)));
  });
});

describe("pooling gradients (float64, inputs without ties)", () => {
  for (const [k, stride, pad] of [
    [2, 2, 0],
    [3, 2, 1],
    [3, 1, 1],
    [2, 1, 0],
  ]) {
    it(`max pooling: kernel ${k}, stride ${stride}, pad ${pad}`, () => {
      random.seed(k + stride + pad);
      assert.ok(utils.gradientCheck((x) => F.pooling(x, k, { stride, pad }), tieFree(2, 3, 5, 5)));
    });
    it(`average pooling: kernel ${k}, stride ${stride}, pad ${pad}`, () => {
      random.seed(k * stride + pad);
      assert.ok(utils.gradientCheck((x) => F.averagePooling(x, k, { stride, pad }), randn(2, 3, 5, 5)));
    });
  }
});

describe("im2col / col2im gradients (float64)", () => {
  it("im2col as a matrix and as (N, C, KH, KW, OH, OW)", () => {
    random.seed(1);
    assert.ok(utils.gradientCheck((x) => F.im2col(x, [3, 2], { stride: 2, pad: 1 }), randn(2, 2, 5, 4)));
    assert.ok(utils.gradientCheck((x) => F.im2col(x, 2, { toMatrix: false }), randn(1, 2, 3, 3)));
  });

  it("col2im from a matrix and from (N, C, KH, KW, OH, OW)", () => {
    random.seed(2);
    const f = (c: Variable) => F.col2im(c, [2, 2, 5, 4], [3, 2], { stride: 2, pad: 1 });
    assert.ok(utils.gradientCheck(f, randn(2 * 3 * 3, 2 * 3 * 2)));
    const g = (c: Variable) => F.col2im(c, [1, 2, 3, 3], 2, { toMatrix: false });
    assert.ok(utils.gradientCheck(g, randn(1, 2, 2, 2, 2, 2)));
  });
});

describe("batchNorm gradients (float64)", () => {
  const stats = (C: number) => [
    array(new Array(C).fill(0.3), { dtype: "float64" }),
    array(new Array(C).fill(1.7), { dtype: "float64" }),
  ];
  it("train mode, (N, C) and (N, C, H, W)", () => {
    random.seed(4);
    const f = (x: Variable, g: Variable, b: Variable) =>
      F.batchNorm(x, g, b, ...(stats(3) as [never, never]));
    assert.ok(gradientCheckAll(f, randn(5, 3), randn(3), randn(3)));
    assert.ok(gradientCheckAll(f, randn(2, 3, 2, 3), randn(3), randn(3)));
  });

  it("test mode, (N, C) and (N, C, H, W)", () => {
    random.seed(5);
    const f = (x: Variable, g: Variable, b: Variable) =>
      testMode(() => F.batchNorm(x, g, b, ...(stats(3) as [never, never])));
    assert.ok(gradientCheckAll(f, randn(4, 3), randn(3), randn(3)));
    assert.ok(gradientCheckAll(f, randn(2, 3, 2, 2), randn(3), randn(3)));
  });
});

describe("embedId and dropout gradients (float64)", () => {
  it("embedId with repeated ids of shape (2, 3)", () => {
    random.seed(6);
    const ids = array(
      [
        [0, 3, 3],
        [1, 0, 2],
      ],
      { dtype: "int32" },
    );
    assert.ok(utils.gradientCheck((W) => F.embedId(ids, W), randn(4, 5)));
  });

  it("dropout with a reseeded mask", () => {
    const f = (x: Variable) => {
      random.seed(8);
      return F.dropout(x, 0.3);
    };
    assert.ok(utils.gradientCheck(f, randn(4, 5)));
  });
});

describe("second derivatives (float64)", () => {
  it("through conv2d's weight gradient: d/d(x, W) of Σ (∂L/∂W)² with L = Σ conv2d(x, W)³", () => {
    random.seed(11);
    const f = (x: Variable, W: Variable) => {
      const y = F.conv2d(x, W, { stride: 2, pad: 1 });
      x.cleargrad();
      W.cleargrad();
      F.sum(F.pow(y, 3)).backward({ createGraph: true });
      const gW = W.grad!;
      W.cleargrad();
      x.cleargrad();
      return F.sum(F.mul(gW, gW));
    };
    assert.ok(gradientCheckAll(f, randn(2, 2, 4, 4), randn(3, 2, 3, 3), { rtol: 1e-4, atol: 1e-4 }));
  });

  it("through conv2d's input gradient and deconv2d", () => {
    random.seed(12);
    const f = (x: Variable, W: Variable) => {
      x.cleargrad();
      W.cleargrad();
      F.sum(F.tanh(F.deconv2d(x, W, { stride: 2 }))).backward({ createGraph: true });
      const gx = x.grad!;
      W.cleargrad();
      x.cleargrad();
      return F.sum(F.mul(gx, gx));
    };
    assert.ok(gradientCheckAll(f, randn(1, 2, 3, 3), randn(2, 2, 2, 2)));
  });

  it("through max pooling: d/dx of Σ (∂L/∂x)² with L = Σ pooling(x)³", () => {
    random.seed(13);
    const f = (x: Variable) => {
      x.cleargrad();
      F.sum(F.pow(F.pooling(x, 3, { stride: 2, pad: 1 }), 3)).backward({ createGraph: true });
      const gx = x.grad!;
      x.cleargrad();
      return F.sum(F.mul(gx, gx));
    };
    assert.ok(utils.gradientCheck(f, tieFree(2, 2, 5, 5)));
  });

  it("through batchNorm in train mode", () => {
    random.seed(14);
    const f = (x: Variable, g: Variable) => {
      const rm = array([0, 0], { dtype: "float64" });
      const rv = array([1, 1], { dtype: "float64" });
      x.cleargrad();
      g.cleargrad();
      F.sum(F.pow(F.batchNorm(x, g, array([0.1, 0.2], { dtype: "float64" }), rm, rv), 3)).backward({
        createGraph: true,
      });
      const gx = x.grad!;
      x.cleargrad();
      g.cleargrad();
      return F.sum(F.mul(gx, gx));
    };
    assert.ok(gradientCheckAll(f, randn(4, 2), randn(2), { rtol: 1e-4, atol: 1e-4 }));
  });
});
