/** @file setDefaultDtype: creation functions, random samples, new Variable(2) and layers follow it; float32 by default. */

import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import {
  arange,
  array,
  eye,
  full,
  getDefaultDtype,
  L,
  linspace,
  ones,
  random,
  setDefaultDtype,
  Variable,
  zeros,
} from "../src/index.js";

/** Every dtype the default decides, from a fresh call of each creator. */
function dtypes(): Record<string, string> {
  const linear = new L.Linear(3);
  linear.call(ones([2, 4]));
  const conv = new L.Conv2d(2, 3, { inChannels: 1 });
  return {
    array: array([1.5, 2]).dtype,
    zeros: zeros([2]).dtype,
    ones: ones([2]).dtype,
    full: full([2], 7).dtype,
    arangeFraction: arange(0, 1, 0.25).dtype,
    linspace: linspace(0, 1, 5).dtype,
    eye: eye(2).dtype,
    rand: random.rand(2).dtype,
    randn: random.randn([2]).dtype,
    uniform: random.uniform(0, 1, 2).dtype,
    normal: random.normal(0, 1, 2).dtype,
    variable: new Variable(2).dtype,
    linearW: linear.W.dtype,
    linearB: (linear.b as Variable).dtype,
    convW: conv.W.dtype,
    embed: new L.EmbedID(3, 2).W.dtype,
    rnn: new L.RNN(2, { inSize: 2 }).x2h.W.dtype,
  };
}

describe("setDefaultDtype", () => {
  afterEach(() => setDefaultDtype("float32"));

  it("is float32 unless changed", () => {
    assert.equal(getDefaultDtype(), "float32");
    for (const [name, dtype] of Object.entries(dtypes())) assert.equal(dtype, "float32", name);
  });

  it('"float64" gives NumPy\'s default to every creator, random function, Variable and layer', () => {
    setDefaultDtype("float64");
    assert.equal(getDefaultDtype(), "float64");
    for (const [name, dtype] of Object.entries(dtypes())) assert.equal(dtype, "float64", name);
  });

  it("leaves integer and boolean results alone, and an explicit dtype wins", () => {
    setDefaultDtype("float64");
    assert.equal(arange(5).dtype, "int32");
    assert.equal(random.randint(0, 3, 2).dtype, "int32");
    assert.equal(array([true]).dtype, "bool");
    assert.equal(zeros([1], { dtype: "float32" }).dtype, "float32");
  });

  it("rejects anything but float32 and float64, keeping the current default", () => {
    for (const bad of ["int32", "float16", "", null, undefined, 64]) {
      assert.throws(
        () => setDefaultDtype(bad as never),
        /setDefaultDtype: dtype must be "float32" or "float64"/,
      );
    }
    assert.equal(getDefaultDtype(), "float32");
  });

  it("a float64 seeded draw equals the float32 one before the cast", () => {
    random.seed(1);
    const narrow = random.randn(5);
    setDefaultDtype("float64");
    random.seed(1);
    const wide = random.randn(5);
    assert.deepEqual(Array.from(narrow.data), Array.from(Float32Array.from(wide.data)));
  });
});
