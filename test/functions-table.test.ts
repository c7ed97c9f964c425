/**
 * @file One case table drives every function in F: output shape, forward values on known inputs,
 * and a float64 gradient check. A test fails when a function of F or an op of OPS has no case.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { arange, array, F, type FunctionNode, type Nested, OPS, Variable } from "../src/index.js";
import type { Case } from "./case.js";
import { A, B, CASES } from "./function-cases.js";
import { assertClose, gradientCheckAll, onBackend } from "./helpers.js";

const NOT_FUNCTIONS = new Set(["Slice", "slice"]);

describe("F case table", () => {
  for (const c of CASES) {
    describe(`${c.fn}: ${c.label}`, () => {
      const inputs = () => c.inputs.map((x) => new Variable(array(x, { dtype: "float64" })));
      it("shape and forward value", () => {
        const xs = inputs();
        const y = c.f(...xs);
        assert.deepEqual(y.shape, c.shape);
        const expected = typeof c.value === "function" ? xs[0].data.toArray() : c.value;
        const ref = typeof c.value === "function" ? (c.value as (x: number) => number) : null;
        const want = ref
          ? array(expected, { dtype: "float64" }).data.map(ref)
          : array(expected as Nested).data;
        assertClose(y.data, Array.from(want), { rtol: c.rtol ?? 1e-6, atol: c.atol ?? 1e-6 });
      });
      if (c.grad !== false) {
        it("gradient check (float64)", () => {
          assert.ok(gradientCheckAll(c.f, ...inputs(), { rtol: c.rtol ?? 1e-4, atol: c.atol ?? 1e-5 }));
        });
      }
    });
  }

  it("covers every function exported in F", () => {
    const covered = new Set(CASES.map((c) => c.fn));
    const missing = Object.keys(F).filter((k) => !NOT_FUNCTIONS.has(k) && !covered.has(k as keyof typeof F));
    assert.deepEqual(missing, []);
  });

  it("reaches every primitive op in OPS", () => {
    const seen = new Set<string>();
    const walk = (f: FunctionNode | null) => {
      if (!f || seen.has(`${f.name}@${f.generation}@${f.inputs.length}`)) return;
      seen.add(f.name);
      for (const x of f.inputs) walk(x.creator);
    };
    for (const c of CASES)
      walk(c.f(...c.inputs.map((x) => new Variable(array(x, { dtype: "float64" })))).creator);
    const missing = Object.keys(OPS).filter((k) => !seen.has(k));
    assert.deepEqual(missing, []);
    for (const [k, def] of Object.entries(OPS)) assert.equal(def.name, k, `OPS.${k} is named ${def.name}`);
  });
});

/** y and the gradients of Σ y for inputs of `dtype` (null where no gradient is defined). */
function run(c: Case, dtype: "float32" | "float64"): number[][] {
  const xs = c.inputs.map((x) => new Variable(array(x, { dtype })));
  const y = c.f(...xs);
  if (c.grad !== false) F.sum(y).backward();
  return [Array.from(y.data.data), ...(c.grad === false ? [] : xs.map((x) => Array.from(x.grad!.data.data)))];
}

describe("F case table on the wasm kernels themselves (float32, no cpu fallback for small arrays)", () => {
  for (const c of CASES) {
    it(`${c.fn}: ${c.label}`, () => {
      const want = run(c, "float64");
      let got: number[][] = [];
      onBackend("wasm", () => {
        got = run(c, "float32");
      });
      // NOTE: float32 tolerance: ~1e-4 relative for these O(1) values and short sums
      const tol = { rtol: Math.max(c.rtol ?? 0, 2e-4), atol: Math.max(c.atol ?? 0, 2e-4) };
      assert.equal(got.length, want.length);
      got.forEach((g, i) => {
        assertClose(g, want[i], tol);
      });
    });
  }
});

describe("fused primitives equal their composites", () => {
  const x = () => new Variable(array(A, { dtype: "float64" }));
  it("sigmoid equals 0.5·tanh(x/2) + 0.5, values and gradients", () => {
    const [a, b] = [x(), x()];
    const fused = F.sigmoid(a);
    const composite = F.add(F.mul(F.tanh(F.mul(b, 0.5)), 0.5), 0.5);
    assertClose(fused.data, composite.data, { rtol: 1e-15, atol: 1e-15 });
    F.sum(F.mul(fused, fused)).backward();
    F.sum(F.mul(composite, composite)).backward();
    assertClose(a.grad!.data, b.grad!.data, { rtol: 1e-14, atol: 1e-15 });
  });

  it("softmaxCrossEntropy equals −mean(logSoftmax(x)[n, tₙ]), values, gradients and second derivatives", () => {
    const t = array([2, 0], { dtype: "int32" });
    const composite = (v: Variable) => F.div(F.neg(F.sum(F.getItem(F.logSoftmax(v), [arange(2), t]))), 2);
    const [a, b] = [x(), x()];
    const fused = F.softmaxCrossEntropy(a, t);
    const comp = composite(b);
    assertClose(fused.data, comp.data, { rtol: 1e-14, atol: 0 });
    fused.backward({ createGraph: true });
    comp.backward({ createGraph: true });
    assertClose(a.grad!.data, b.grad!.data, { rtol: 1e-13, atol: 1e-15 });
    const [ga, gb] = [a.grad!, b.grad!];
    a.cleargrad();
    b.cleargrad();
    F.sum(F.mul(ga, ga)).backward();
    F.sum(F.mul(gb, gb)).backward();
    assertClose(a.grad!.data, b.grad!.data, { rtol: 1e-12, atol: 1e-15 });
  });

  /** Values, gradients and second derivatives (∂/∂x Σ g²) of two functions of x agree. */
  function sameToSecondOrder(f: (v: Variable) => Variable, g: (v: Variable) => Variable, rtol: number): void {
    const [a, b] = [x(), x()];
    const [ya, yb] = [f(a), g(b)];
    assertClose(ya.data, yb.data, { rtol, atol: 1e-15 });
    F.sum(F.mul(ya, ya)).backward({ createGraph: true });
    F.sum(F.mul(yb, yb)).backward({ createGraph: true });
    assertClose(a.grad!.data, b.grad!.data, { rtol, atol: 1e-15 });
    const [ga, gb] = [a.grad!, b.grad!];
    a.cleargrad();
    b.cleargrad();
    F.sum(F.mul(ga, ga)).backward();
    F.sum(F.mul(gb, gb)).backward();
    assertClose(a.grad!.data, b.grad!.data, { rtol: rtol * 10, atol: 1e-14 });
  }

  it("the …Simple composites equal the fused functions: values, gradients, second derivatives", () => {
    const W = new Variable(array(B, { dtype: "float64" }).T);
    const b = new Variable(array([0.1, -0.2], { dtype: "float64" }));
    sameToSecondOrder(F.sigmoid, F.sigmoidSimple, 1e-13);
    sameToSecondOrder(
      (v) => F.softmax(v),
      (v) => F.softmaxSimple(v),
      1e-13,
    );
    sameToSecondOrder(
      (v) => F.softmax(v, 0),
      (v) => F.softmaxSimple(v, 0),
      1e-13,
    );
    sameToSecondOrder(
      (v) => F.linear(v, W, b),
      (v) => F.linearSimple(v, W, b),
      1e-13,
    );
    sameToSecondOrder(
      (v) => F.softmaxCrossEntropy(v, [2, 0]),
      (v) => F.softmaxCrossEntropySimple(v, [2, 0]),
      1e-12,
    );
  });

  it("softmaxCrossEntropy names bad labels before computing", () => {
    assert.throws(() => F.softmaxCrossEntropy(x(), [3, 0]), /label 3 is out of range for 3 classes/);
    assert.throws(() => F.softmaxCrossEntropy(x(), [0]), /2 predictions but labels of shape \[1\]/);
  });
});
