/**
 * @file Every row of the ONNX mapping table, one case each: the op exported alone, run by ONNX Runtime on a
 * batch other than the traced one, imported back, and both compared with dezero-ts; a test fails when a row
 * has no case. Files are validated by onnx.checker where python3-onnx is installed.
 */

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { F, Model, type NDArray, onnx, Parameter, RandomState, slice, Variable } from "../src/index.js";
import { MAPPING } from "../src/onnx/table.js";
import { checkAll, dezeroRun, maxDiff, ortRun, remember } from "./onnx-helpers.js";

/** A model applying `fn` to its inputs, with `params` as Parameters named p0, p1, ... */
class FnModel extends Model {
  [key: string]: unknown;
  constructor(
    readonly fn: (xs: Variable[], ps: Parameter[]) => Variable,
    params: NDArray[],
  ) {
    super();
    params.forEach((p, i) => {
      this[`p${i}`] = new Parameter(p);
    });
  }
  forward(...xs: Variable[]): Variable {
    const ps = Object.keys(this)
      .filter((k) => /^p\d+$/.test(k))
      .map((k) => this[k] as Parameter);
    return this.fn(xs, ps);
  }
}

interface OpCase {
  /** The table row the case covers. */
  op: string;
  /** Input shapes with the batch first (traced at batch 2, run at batch 3 unless `staticBatch`). */
  shapes: number[][];
  params?: number[][];
  fn: (xs: Variable[], ps: Parameter[]) => Variable;
  ids?: number;
  /** Indices of params drawn positive (variances). */
  positive?: number[];
  staticBatch?: boolean;
  tol?: number;
}

const C = (op: string, shapes: number[][], fn: OpCase["fn"], more: Partial<OpCase> = {}): OpCase => ({
  op,
  shapes,
  fn,
  ...more,
});

const CASES: OpCase[] = [
  C("add", [[0, 4]], ([x], [b]) => F.add(x, b), { params: [[4]] }),
  C("sub", [[0, 4]], ([x]) => F.sub(x, 1.5)),
  C("mul", [[0, 4]], ([x]) => F.mul(x, x)),
  C("div", [[0, 4]], ([x]) => F.div(x, F.add(F.mul(x, x), 1))),
  C("neg", [[0, 4]], ([x]) => F.neg(x)),
  C("pow", [[0, 4]], ([x]) => F.pow(x, 3)),
  C("exp", [[0, 4]], ([x]) => F.exp(x)),
  C("log", [[0, 4]], ([x]) => F.log(F.add(F.mul(x, x), 0.5))),
  C("sin", [[0, 4]], ([x]) => F.sin(x)),
  C("cos", [[0, 4]], ([x]) => F.cos(x)),
  C("tanh", [[0, 4]], ([x]) => F.tanh(x)),
  C("sigmoid", [[0, 4]], ([x]) => F.sigmoid(x)),
  C("clip", [[0, 4]], ([x]) => F.clip(x, -0.5, 0.5)),
  C("gt", [[0, 4]], ([x]) => F.mul(x, F.gt(x, 0.1))),
  C("ge", [[0, 4]], ([x]) => F.mul(x, F.ge(x, 0.1))),
  C("lt", [[0, 4]], ([x]) => F.mul(x, F.lt(x, 0.1))),
  C("le", [[0, 4]], ([x]) => F.mul(x, F.le(x, 0.1))),
  C("eq", [[0, 4]], ([x]) => F.eq(x, F.max(x, { axis: 1, keepdims: true }))),
  C("reshape", [[0, 6]], ([x]) => F.reshape(x, [x.shape[0], 3, 2])),
  C("reshape", [[0, 6]], ([x]) => F.reshape(x, [x.shape[0] * 2, 3])),
  C("transpose", [[0, 2, 3]], ([x]) => F.transpose(x, [0, 2, 1])),
  C("broadcastTo", [[0, 4]], ([x]) => F.broadcastTo(F.sum(x, { axis: 1, keepdims: true }), x.shape)),
  C("sum", [[0, 3, 4]], ([x]) => F.sum(x, { axis: [1, 2] })),
  C("max", [[0, 4]], ([x]) => F.max(x, { axis: 1 })),
  C("min", [[0, 4]], ([x]) => F.min(x, { axis: 1, keepdims: true })),
  C("matmul", [[0, 4]], ([x], [W]) => F.matmul(x, W), { params: [[4, 3]] }),
  C("matmul", [[0, 4]], ([x], [W]) => F.matmul(x, W, { transB: true }), { params: [[3, 4]] }),
  C("gather", [[0, 4]], ([x]) => F.gather(x, { index: Int32Array.of(7, 0, 3), shape: [3], from: x.shape }), {
    staticBatch: true,
  }),
  C("linear", [[0, 4]], ([x], [W, b]) => F.linear(x, W, b), { params: [[4, 3], [3]] }),
  C("relu", [[0, 4]], ([x]) => F.relu(x)),
  C("leakyRelu", [[0, 4]], ([x]) => F.leakyRelu(x, 0.1)),
  C("softmax", [[0, 5]], ([x]) => F.softmax(x)),
  C("logSoftmax", [[0, 5]], ([x]) => F.logSoftmax(x)),
  C("conv2d", [[0, 2, 7, 6]], ([x], [W, b]) => F.conv2d(x, W, b, { stride: 2, pad: 1 }), {
    params: [[3, 2, 3, 3], [3]],
  }),
  C("conv2d", [[0, 2, 5, 5]], ([x], [W]) => F.conv2d(x, W, { stride: [1, 2] }), { params: [[4, 2, 2, 3]] }),
  C("deconv2d", [[0, 3, 4, 4]], ([x], [W, b]) => F.deconv2d(x, W, b, { stride: 2, pad: 1 }), {
    params: [[3, 2, 3, 3], [2]],
  }),
  C("deconv2d", [[0, 3, 4, 4]], ([x], [W]) => F.deconv2d(x, W, { stride: 2, pad: 1, outSize: 8 }), {
    params: [[3, 2, 3, 3]],
  }),
  C("pooling", [[0, 2, 7, 7]], ([x]) => F.pooling(x, 3, { stride: 2, pad: 1 })),
  C("averagePooling", [[0, 2, 6, 6]], ([x]) => F.averagePooling(x, 3, { stride: 2, pad: 1 })),
  C("batchNorm", [[0, 3, 4, 4]], ([x], [g, b, m, v]) => F.batchNorm(x, g, b, m, v), {
    params: [[3], [3], [3], [3]],
    positive: [3],
  }),
  C("batchNorm", [[0, 3]], ([x], [g, b, m, v]) => F.batchNorm(x, g, b, m, v, { eps: 1e-3 }), {
    params: [[3], [3], [3], [3]],
    positive: [3],
  }),
  C("embedId", [[0, 5]], ([ids], [W]) => F.embedId(ids, W), { params: [[7, 3]], ids: 7 }),
  C("getItem", [[0, 4, 3]], ([x]) => F.getItem(x, [slice(), 1])),
  C("getItem", [[0, 6]], ([x]) => F.getItem(x, [slice(), slice(1, null, 2)])),
  C("getItem", [[0, 6]], ([x]) => F.getItem(x, [slice(), slice(null, null, -2)])),
  C("getItem", [[0, 6]], ([x]) => F.getItem(x, [slice(), [0, 5, 2]])),
  C("flatten", [[0, 2, 3, 2]], ([x]) => F.flatten(x)),
];

/** The inputs of a case at batch `n`, drawn from `rng`. */
function inputsOf(c: OpCase, n: number, rng: RandomState): NDArray[] {
  return c.shapes.map((s) => {
    const shape = [n, ...s.slice(1)];
    return c.ids ? rng.randint(0, c.ids, shape, { dtype: "int32" }) : rng.randn(shape, { dtype: "float32" });
  });
}

/** d sum(model(xs)) / d(inputs and parameters), keyed `x0`, `x1`, ... and by parameter name (null: no gradient). */
function gradients(model: Model, xs: NDArray[]): Record<string, ArrayLike<number> | null> {
  const vs = xs.map((x) => new Variable(x));
  model.cleargrads();
  F.sum(model.call(...vs)).backward();
  const out: Record<string, ArrayLike<number> | null> = {};
  vs.forEach((v, i) => {
    out[`x${i}`] = v.grad?.data.data ?? null;
  });
  for (const [name, p] of Object.entries(model.namedParams())) out[name] = p.grad?.data.data ?? null;
  return out;
}

const UNSUPPORTED = [
  "scatterAdd",
  "im2col",
  "col2im",
  "softmaxCrossEntropy",
  "conv2dGradW",
  "poolingGrad",
  "poolingWithIndexes",
  "averagePoolingGrad",
  "activationGrad",
];

describe("ONNX mapping table, op by op", () => {
  after(() => {
    const bad = checkAll();
    if (bad === null) console.log("# python3-onnx is not installed: onnx.checker skipped");
    else assert.deepEqual(bad, [], "onnx.checker rejected exported files");
  });

  it("every row of the table has a case", () => {
    const covered = new Set([...CASES.map((c) => c.op), ...UNSUPPORTED]);
    assert.deepEqual(
      Object.keys(MAPPING).filter((k) => !covered.has(k)),
      [],
    );
  });

  CASES.forEach((c, k) => {
    it(`${c.op} (case ${k}) exports, runs in ONNX Runtime and imports back`, async () => {
      const rng = new RandomState(k + 1);
      const params = (c.params ?? []).map((s, i) =>
        c.positive?.includes(i) ? rng.rand(s, { dtype: "float32" }) : rng.randn(s, { dtype: "float32" }),
      );
      const model = new FnModel(c.fn, params);
      const bytes = remember(
        `${c.op} #${k}`,
        await onnx.exportModel(model, inputsOf(c, 2, rng), { bytes: true }),
      );
      const xs = inputsOf(c, c.staticBatch ? 2 : 3, rng);
      const expected = dezeroRun(model, xs);
      const got = await ortRun(bytes, xs);
      assert.deepEqual(got.dims, expected.shape);
      assert.ok(
        maxDiff(got.data, expected.data.data) <= (c.tol ?? 1e-5),
        `ORT differs by ${maxDiff(got.data, expected.data.data)}`,
      );
      const imported = await onnx.importModel(bytes);
      const back = dezeroRun(imported, xs);
      assert.deepEqual(back.shape, expected.shape);
      assert.ok(maxDiff(back.data.data, expected.data.data) <= 1e-6, "the imported model differs");
      // backward runs through the imported ops: input and parameter gradients equal the original's
      const [g0, g1] = [gradients(model, xs), gradients(imported, xs)];
      for (const [key, g] of Object.entries(g0)) {
        assert.equal(g1[key] === null, g === null, `${key}: a gradient on one side only`);
        if (g !== null) assert.ok(maxDiff(g1[key] as Float32Array, g) <= 1e-4, `${key}: gradients differ`);
      }
    });
  });

  it("an op without a mapping is an error naming it", async () => {
    const model = new FnModel(([x]) => F.im2col(x, 2), []);
    await assert.rejects(
      onnx.exportModel(model, new RandomState(0).randn([2, 1, 3, 3], { dtype: "float32" }), { bytes: true }),
      /onnx.exportModel: op 'im2col' has no ONNX mapping: call F.conv2d or F.pooling/,
    );
  });
});
