/**
 * @file Every exported callable of the public API, one row each: a valid call (DeZero's positional form
 * where there is one) works, and a wrong-typed argument or an unknown option key throws an Error naming
 * the function and the parameter. The test fails when an export has no row.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as dz from "../src/index.js";

const { F, L, array, Variable } = dz;

/** A row: the valid call, the bad call, and what the bad call's message must contain. */
interface Row {
  ok: () => unknown;
  bad: () => unknown;
  error: RegExp;
}

const x23 = () =>
  new Variable(
    array([
      [0.5, -1.2, 2.0],
      [1.5, 0.3, -0.7],
    ]),
  );
const img = () => new Variable(dz.random.randn([1, 2, 4, 4]));
const W4 = () => new Variable(dz.random.randn([3, 2, 3, 3]));
const bad = "nope" as never;

class Tiny extends dz.datasets.Dataset {
  protected override prepare(): void {
    this.data = array([[1], [2], [3]]);
    this.label = array([0, 1, 0], { dtype: "int32" });
  }
}

class Sq extends dz.Function {
  forward(x: dz.NDArray) {
    return x.mul(x);
  }
  backward(gy: dz.Variable) {
    return gy.mul(this.inputs[0]).mul(2);
  }
}

/** Rows for functions of one operand x that reject a string x naming `name` and its input. */
function unary(name: string, f: (x: never) => unknown): Row {
  return {
    ok: () => f(x23() as never),
    bad: () => f(bad),
    error: new RegExp(`${name}: (x|operand 1) must be`),
  };
}

function binary(name: string, f: (a: never, b: never) => unknown): Row {
  return {
    ok: () => f(x23() as never, 2 as never),
    bad: () => f(x23() as never, bad),
    error: new RegExp(`${name}: (x1|operand 2) must be`),
  };
}

const ROWS: Record<string, Row> = {
  // ---- F: arithmetic, math, comparisons (primitives: the engine names the op and the input)
  "F.add": binary("add", F.add),
  "F.sub": binary("sub", F.sub),
  "F.mul": binary("mul", F.mul),
  "F.div": binary("div", F.div),
  "F.matmul": {
    ok: () => F.matmul(x23(), x23().T),
    bad: () => F.matmul(x23(), x23(), { transb: true } as never),
    error: /matmul: unknown option 'transb'/,
  },
  "F.gt": binary("gt", F.gt),
  "F.ge": binary("ge", F.ge),
  "F.lt": binary("lt", F.lt),
  "F.le": binary("le", F.le),
  "F.eq": binary("eq", F.eq),
  "F.neg": unary("neg", F.neg),
  "F.exp": unary("exp", F.exp),
  "F.log": unary("log", F.log),
  "F.sin": unary("sin", F.sin),
  "F.cos": unary("cos", F.cos),
  "F.tanh": unary("tanh", F.tanh),
  "F.sigmoid": unary("sigmoid", F.sigmoid),
  "F.relu": unary("relu", F.relu),
  "F.pow": {
    ok: () => F.pow(x23(), 3),
    bad: () => F.pow(x23(), bad),
    error: /pow: c must be a finite number/,
  },
  "F.clip": { ok: () => F.clip(x23(), -1, 1), bad: () => F.clip(x23(), bad, 1), error: /clip: lo must be/ },
  "F.leakyRelu": {
    ok: () => F.leakyRelu(x23(), 0.2),
    bad: () => F.leakyRelu(x23(), bad),
    error: /leakyRelu: slope must be/,
  },
  "F.softmax": {
    ok: () => F.softmax(x23(), 1),
    bad: () => F.softmax(x23(), bad),
    error: /softmax: axis must be/,
  },
  "F.logSoftmax": {
    ok: () => F.logSoftmax(x23(), 1),
    bad: () => F.logSoftmax(x23(), bad),
    error: /logSoftmax: axis must be/,
  },
  "F.softmaxSimple": {
    ok: () => F.softmaxSimple(x23(), 1),
    bad: () => F.softmaxSimple(x23(), bad),
    error: /softmaxSimple: axis must be/,
  },
  "F.sigmoidSimple": unary("sigmoidSimple", F.sigmoidSimple),
  "F.dropout": {
    ok: () => F.dropout(x23(), 0.5),
    bad: () => F.dropout(x23(), 2),
    error: /dropout: ratio must be/,
  },
  // ---- F: shapes and reductions
  "F.reshape": {
    ok: () => F.reshape(x23(), [3, 2]),
    bad: () => F.reshape(x23(), bad),
    error: /reshape: shape must be/,
  },
  "F.transpose": {
    ok: () => F.transpose(x23(), 1, 0),
    bad: () => F.transpose(x23(), bad),
    error: /transpose: axes must be/,
  },
  "F.broadcastTo": {
    ok: () => F.broadcastTo(x23(), [2, 2, 3]),
    bad: () => F.broadcastTo(x23(), bad),
    error: /broadcastTo: shape must be/,
  },
  "F.sumTo": {
    ok: () => F.sumTo(x23(), [1, 3]),
    bad: () => F.sumTo(x23(), bad),
    error: /sumTo: shape must be/,
  },
  "F.expandDims": {
    ok: () => F.expandDims(x23(), 0),
    bad: () => F.expandDims(x23(), bad),
    error: /expandDims: axis must be/,
  },
  "F.flatten": unary("flatten", F.flatten),
  "F.sum": { ok: () => F.sum(x23(), 0), bad: () => F.sum(x23(), bad), error: /sum: axis must be/ },
  "F.mean": {
    ok: () => F.mean(x23(), [0, 1], true),
    bad: () => F.mean(x23(), { axes: 0 } as never),
    error: /mean: unknown option 'axes'/,
  },
  "F.average": {
    ok: () => F.average(x23(), 1),
    bad: () => F.average(x23(), 0, bad),
    error: /average: keepdims must be/,
  },
  "F.max": { ok: () => F.max(x23(), 1, true), bad: () => F.max(x23(), bad), error: /max: axis must be/ },
  "F.min": { ok: () => F.min(x23(), 0), bad: () => F.min(x23(), bad), error: /min: axis must be/ },
  "F.getItem": {
    ok: () => F.getItem(x23(), 1),
    bad: () => F.getItem(x23(), bad),
    error: /getItem: index entries must be/,
  },
  "F.gather": {
    ok: () => F.gather(x23(), { index: new Int32Array([0, 5]), shape: [2], from: [2, 3] }),
    bad: () => F.gather(x23(), { index: bad, shape: [2], from: [2, 3] }),
    error: /gather: index must be/,
  },
  "F.scatterAdd": {
    ok: () =>
      F.scatterAdd(new Variable(array([1, 2])), { index: new Int32Array([0, 0]), shape: [1], from: [2] }),
    bad: () => F.scatterAdd(new Variable(array([1, 2])), { index: bad, shape: [1], from: [2] }),
    error: /scatterAdd: index must be/,
  },
  "F.slice": { ok: () => F.slice(0, 2), bad: () => F.slice(bad), error: /slice: start must be/ },
  "F.Slice": { ok: () => new F.Slice(0, 2), bad: () => new F.Slice(0, bad), error: /slice: stop must be/ },
  // ---- F: linear algebra and losses
  "F.linear": {
    ok: () => F.linear(x23(), x23().T, null),
    bad: () => F.linear(x23(), x23().T, bad),
    error: /linear: b must be/,
  },
  "F.linearSimple": {
    ok: () => F.linearSimple(x23(), x23().T),
    bad: () => F.linearSimple(x23(), bad),
    error: /linearSimple: W must be/,
  },
  "F.dot": { ok: () => F.dot(x23(), x23().T), bad: () => F.dot(x23(), bad), error: /dot: b must be/ },
  "F.meanSquaredError": {
    ok: () => F.meanSquaredError(x23(), x23()),
    bad: () => F.meanSquaredError(x23(), bad),
    error: /meanSquaredError: x1 must be/,
  },
  "F.softmaxCrossEntropy": {
    ok: () => F.softmaxCrossEntropy(x23(), [0, 2]),
    bad: () => F.softmaxCrossEntropy(x23(), bad),
    error: /softmaxCrossEntropy: expected integers for the label/,
  },
  "F.softmaxCrossEntropySimple": {
    ok: () => F.softmaxCrossEntropySimple(x23(), [0, 2]),
    bad: () => F.softmaxCrossEntropySimple(x23(), bad),
    error: /softmaxCrossEntropySimple: expected integers for the label/,
  },
  "F.sigmoidCrossEntropy": {
    ok: () =>
      F.sigmoidCrossEntropy(
        x23(),
        array([
          [0, 1, 0],
          [1, 1, 0],
        ]),
      ),
    bad: () => F.sigmoidCrossEntropy(x23(), bad),
    error: /sigmoidCrossEntropy: t must be/,
  },
  "F.binaryCrossEntropy": {
    ok: () =>
      F.binaryCrossEntropy(
        F.sigmoid(x23()),
        array([
          [0, 1, 0],
          [1, 1, 0],
        ]),
      ),
    bad: () => F.binaryCrossEntropy(bad, 1),
    error: /binaryCrossEntropy: p must be/,
  },
  "F.accuracy": {
    ok: () => F.accuracy(x23(), [2, 0]),
    bad: () => F.accuracy(x23(), bad),
    error: /accuracy: expected integers for the label/,
  },
  "F.embedId": {
    ok: () => F.embedId([0, 2], x23().T),
    bad: () => F.embedId(bad, x23().T),
    error: /embedId: expected integers for the id/,
  },
  // ---- F: CNN functions (DeZero's positional stride, pad)
  "F.conv2d": {
    ok: () => F.conv2d(img(), W4(), null, 1, 1),
    bad: () => F.conv2d(img(), W4(), null, { strid: 1 } as never),
    error: /conv2d: unknown option 'strid'/,
  },
  "F.deconv2d": {
    ok: () => F.deconv2d(img(), new Variable(dz.random.randn([2, 3, 3, 3])), null, 2, 1),
    bad: () => F.deconv2d(img(), W4(), bad),
    error: /deconv2d: b must be/,
  },
  "F.pooling": {
    ok: () => F.pooling(img(), 2, 2),
    bad: () => F.pooling(img(), 2, bad),
    error: /pooling: stride must be/,
  },
  "F.averagePooling": {
    ok: () => F.averagePooling(img(), 2, 2, 0),
    bad: () => F.averagePooling(img(), 2, { stide: 2 } as never),
    error: /averagePooling: unknown option 'stide'/,
  },
  "F.im2col": { ok: () => F.im2col(img(), 3, 1, 1), bad: () => F.im2col(bad, 3), error: /im2col: x must be/ },
  "F.col2im": {
    ok: () => F.col2im(F.im2col(img(), 3, 1, 1), [1, 2, 4, 4], 3, 1, 1),
    bad: () => F.col2im(img(), bad, 3),
    error: /col2im: inputShape must be/,
  },
  "F.batchNorm": {
    ok: () => F.batchNorm(x23(), array([1, 1, 1]), array([0, 0, 0]), array([0, 0, 0]), array([1, 1, 1])),
    bad: () =>
      F.batchNorm(x23(), array([1, 1, 1]), array([0, 0, 0]), array([0, 0, 0]), array([1, 1, 1]), {
        decy: 0.9,
      } as never),
    error: /batchNorm: unknown option 'decy'/,
  },
};

/** Exports that are not callables users call with arguments, or that are checked elsewhere. */
const NOT_ROWS: Record<string, string> = {};

/** Every exported callable, by path, with the first path of each (namespaces re-export some). */
function callables(): Map<unknown, string> {
  const seen = new Map<unknown, string>();
  const walk = (obj: object, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix + k;
      if (typeof v === "function") {
        if (!seen.has(v)) seen.set(v, path);
      } else if (
        v &&
        typeof v === "object" &&
        depth < 3 &&
        (v as Record<symbol, unknown>)[Symbol.toStringTag] === "Module"
      ) {
        walk(v, `${path}.`, depth + 1);
      } else if (path === "random" && depth === 0) walk(v as object, "random.", depth + 1);
    }
  };
  walk(dz, "", 0);
  return seen;
}

describe("every exported callable checks its arguments", () => {
  for (const [path, row] of Object.entries(ROWS)) {
    it(`${path}: a valid call works; a wrong one names the function and the parameter`, async () => {
      await row.ok();
      await assert.rejects(
        async () => row.bad(),
        (e: unknown) => {
          assert.ok(e instanceof Error, `${path}: threw ${String(e)}`);
          assert.match(e.message, row.error);
          return true;
        },
      );
    });
  }

  it("has a row for every exported callable", () => {
    const paths = new Set(Object.keys(ROWS));
    const missing = [...callables()].filter(([v, path]) => {
      if (paths.has(path) || path in NOT_ROWS) return false;
      // the same function under another namespace path (datasets.DataLoader is DataLoader)
      return ![...paths].some(
        (p) => p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], dz) === v,
      );
    });
    assert.deepEqual(
      missing.map(([, p]) => p),
      [],
    );
  });
});

void Sq;
void Tiny;
void L;
