/** @file Printing like NumPy: String(ndarray) equals NumPy's str(a), String(variable) DeZero's repr (goldens from NumPy). */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import { array, type DType, NDArray, Variable } from "../src/index.js";

interface Case {
  dtype: string;
  shape: number[];
  values?: (string | number)[];
  gen?: { n: number; a: number; b: number; c: number };
  str: string;
  variable: string | null;
}

const goldens = JSON.parse(readFileSync(new URL("./fixtures/format-goldens.json", import.meta.url), "utf8"));
const NUMBERS: Record<string, number> = { nan: Number.NaN, inf: Infinity, "-inf": -Infinity };
const DTYPES: Record<string, DType> = {
  float64: "float64",
  float32: "float32",
  int32: "int32",
  uint8: "uint8",
  bool: "bool",
};

/** The golden's array: each value read from Python's repr exactly, or rebuilt as ((i·a) + b)·c in float64. */
function build(c: Case): NDArray {
  const { gen } = c;
  const values = gen
    ? Array.from({ length: gen.n }, (_, i) => (i * gen.a + gen.b) * gen.c)
    : (c.values ?? []).map((v) => (typeof v === "number" ? v : (NUMBERS[v] ?? Number(v))));
  const dtype = DTYPES[c.dtype];
  const a = array(values, { dtype });
  return new NDArray(a.data, c.shape, dtype);
}

describe("String(ndarray) equals NumPy's str(a)", () => {
  for (const [k, c] of (goldens.cases as Case[]).entries()) {
    const label = `${c.dtype} ${JSON.stringify(c.shape)} #${k}: ${c.str.slice(0, 40).replaceAll("\n", "⏎")}`;
    it(label, () => {
      assert.equal(String(build(c)), c.str);
    });
  }
});

describe("String(variable) equals DeZero's repr, continuation lines indented by 9", () => {
  const cases = (goldens.cases as Case[]).filter((c) => c.variable !== null);
  it(`all ${cases.length} cases`, { skip: cases.length === 0 && "DeZero was not importable" }, () => {
    for (const c of cases) assert.equal(String(new Variable(build(c))), c.variable);
  });

  it("console.log and util.inspect print the same text as String", () => {
    const x = new Variable(
      array([
        [1, 2],
        [3, 4],
      ]),
    );
    assert.equal(inspect(x), "variable([[1. 2.]\n          [3. 4.]])");
    assert.equal(inspect(x.data), "[[1. 2.]\n [3. 4.]]");
    assert.equal(inspect({ v: new Variable(2) }), "{ v: variable(2.0) }");
  });
});
