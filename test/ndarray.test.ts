/** @file NDArray creation, dtypes and promotion, printing, and the seeded random generator. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  arange,
  array,
  eye,
  F,
  full,
  linspace,
  NDArray,
  ones,
  onesLike,
  promote,
  RandomState,
  random,
  Variable,
  zeros,
  zerosLike,
} from "../src/index.js";

describe("creation", () => {
  it("array from numbers, nested arrays, booleans and typed arrays", () => {
    assert.deepEqual(array(3).shape, []);
    assert.equal(array(3).dtype, "float32");
    const a = array(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: "float64" },
    );
    assert.deepEqual(
      [a.shape, a.dtype, a.size, a.toArray()],
      [
        [2, 2],
        "float64",
        4,
        [
          [1, 2],
          [3, 4],
        ],
      ],
    );
    assert.equal(array([true, false]).dtype, "bool");
    assert.equal(array(new Int32Array([1, 2])).dtype, "int32");
    assert.ok(array(new Float64Array([1, 2])).data instanceof Float64Array);
  });

  it("rejects ragged nested arrays and unknown dtypes", () => {
    assert.throws(() => array([[1, 2], [3]]), /ragged/);
    assert.throws(() => array([1], { dtype: "float16" as never }), /unknown dtype 'float16'/);
  });

  it("zeros, ones, full, zerosLike, onesLike, eye", () => {
    assert.deepEqual(zeros([2, 2]).toArray(), [
      [0, 0],
      [0, 0],
    ]);
    assert.deepEqual(ones([3], { dtype: "int32" }).toArray(), [1, 1, 1]);
    assert.deepEqual(full([2], 7).toArray(), [7, 7]);
    const x = array([[1, 2]], { dtype: "float64" });
    assert.deepEqual([zerosLike(x).dtype, onesLike(x).toArray()], ["float64", [[1, 1]]]);
    assert.deepEqual(eye(2, 3).toArray(), [
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it("arange(stop), arange(start, stop, step) and linspace", () => {
    assert.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
    assert.equal(arange(4).dtype, "int32");
    assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
    assert.equal(arange(1, 2, 0.25).dtype, "float32");
    assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
    assert.deepEqual(arange(3, { dtype: "float64" }).dtype, "float64");
    assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  });

  it("item and toArray", () => {
    assert.equal(array([[5]]).item(), 5);
    assert.throws(() => array([1, 2]).item(), /item: only a size-1 array/);
    assert.equal(array(2.5).toArray(), 2.5);
  });
});

describe("dtype promotion", () => {
  it("follows NumPy for arrays: int op float → float, float32 op float64 → float64", () => {
    assert.equal(promote("int32", "float32"), "float32");
    assert.equal(promote("float32", "float64"), "float64");
    assert.equal(promote("uint8", "int32"), "int32");
    const i = new Variable(array([1, 2], { dtype: "int32" }));
    assert.equal(F.add(i, array([0.5, 0.5])).dtype, "float32");
    assert.equal(F.add(array([1], { dtype: "float32" }), array([1], { dtype: "float64" })).dtype, "float64");
  });

  it("plain numbers are weak scalars: they take the array's dtype", () => {
    assert.equal(F.mul(array([1], { dtype: "float64" }), 2).dtype, "float64");
    assert.equal(F.mul(array([1], { dtype: "int32" }), 2).dtype, "int32");
    assert.equal(F.mul(array([1], { dtype: "int32" }), 0.5).dtype, "float32");
    assert.equal(F.div(array([1], { dtype: "int32" }), 2).dtype, "float32");
  });
});

describe("printing", () => {
  it("matches NumPy's str() for common cases", () => {
    assert.equal(String(array([1, 2, 3])), "[1. 2. 3.]");
    assert.equal(String(array([0.5, -1.25])), "[ 0.5  -1.25]");
    assert.equal(
      String(
        array(
          [
            [1, 2],
            [3, 4],
          ],
          { dtype: "int32" },
        ),
      ),
      "[[1 2]\n [3 4]]",
    );
    assert.equal(String(array([true, false])), "[ True False]");
    assert.equal(String(array(2.0)), "2.0");
  });
});

describe("random", () => {
  it("is seeded: the same seed gives the same numbers", () => {
    random.seed(42);
    const a = random.randn([5]).toArray();
    random.seed(42);
    assert.deepEqual(random.randn([5]).toArray(), a);
  });

  it("rand is in [0, 1), randint in [low, high), permutation is a permutation", () => {
    const r = new RandomState(1);
    assert.ok(r.rand([1000]).data.every((v) => v >= 0 && v < 1));
    const ints = r.randint(3, 7, [1000]);
    assert.equal(ints.dtype, "int32");
    assert.deepEqual([...new Set(ints.data)].sort(), [3, 4, 5, 6]);
    assert.deepEqual(
      [...r.permutation(10).data].sort((p, q) => p - q),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it("randn has mean ≈ 0 and variance ≈ 1", () => {
    const x = Array.from(new RandomState(3).randn([100_000], { dtype: "float64" }).data);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  });

  it("NDArray checks its buffer against its shape and dtype", () => {
    assert.throws(
      () => new NDArray(new Float32Array(3), [2, 2], "float32"),
      /3 elements do not fill shape \[2,2\]/,
    );
    assert.throws(() => new NDArray(new Float32Array(1), [], "float64"), /cannot hold dtype float64/);
  });
});
