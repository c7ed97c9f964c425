/**
 * @file Issue 12's input findings as named tests: every index, slice bound, label, id, axis, output size
 * and operand is checked, with an error naming the op and the value; bool and uint8 promote as NumPy 2.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, NDArray, random, Slice, slice, Variable, zeros } from "../src/index.js";

const x = new Variable(random.randn([10]));
const m = new Variable(random.randn([3, 4]));
const scalar = new Variable(array(3));
const img = new Variable(random.randn([1, 1, 4, 4]));

/** [finding, call, the error it must give]. */
const CASES: [string, () => unknown, RegExp][] = [
  ["x.get(1.7) is an error, not x[1]", () => x.get(1.7), /^getItem: index 1\.7 is not an integer$/],
  ["x.get(NaN) is an error, not x[0]", () => x.get(Number.NaN), /^getItem: index NaN is not an integer$/],
  ["x.get(Infinity) is an error", () => x.get(Number.POSITIVE_INFINITY), /^getItem: index Infinity is not/],
  ["x.get(-Infinity) is an error", () => x.get(Number.NEGATIVE_INFINITY), /^getItem: index -Infinity is not/],
  [
    "x.get(2**32) is out of bounds, not x[0]",
    () => x.get(2 ** 32),
    /getItem: index 4294967296 is out of bounds/,
  ],
  ["x.get('a') is an error, not x[0]", () => x.get("a" as never), /^getItem: expected integers .* got 'a'$/],
  ["x.get([0, 1.5]) names the position", () => x.get([0, 1.5]), /getItem: index 1\.5 at position 1 is not/],
  ["x.get([2**32]) never wraps", () => x.get([2 ** 32]), /getItem: index 4294967296 is out of bounds/],
  [
    "x.get(undefined) is an error",
    () => x.get(undefined as never),
    /getItem: expected integers .* got undefined/,
  ],
  [
    "x.get({}) is an error",
    () => x.get({} as never),
    /getItem: index for axis 0 must be an integer, a slice/,
  ],
  ["a fractional slice start is an error", () => x.get(slice(0.5, 3)), /^slice: start must be an integer/],
  [
    "a NaN slice stop is an error",
    () => x.get(slice(0, Number.NaN)),
    /^slice: stop must be an integer .* NaN/,
  ],
  ["a fractional slice step is an error", () => new Slice(0, 5, 1.5), /^slice: step must be an integer/],
  [
    "softmaxCrossEntropy rejects float labels",
    () => F.softmaxCrossEntropy(m, [0, 1.5, 2]),
    /^softmaxCrossEntropy: label 1\.5 at position 1 is not an integer$/,
  ],
  [
    "softmaxCrossEntropy rejects NaN labels (never class 0)",
    () => F.softmaxCrossEntropy(m, array([0, Number.NaN, 2])),
    /softmaxCrossEntropy: label NaN at position 1 is not an integer/,
  ],
  [
    "softmaxCrossEntropy rejects 2**32 (no wrap past the range check)",
    () => F.softmaxCrossEntropy(m, [0, 2 ** 32, 1]),
    /softmaxCrossEntropy: label 4294967296 is out of range for 4 classes/,
  ],
  ["softmaxCrossEntropy rejects -1", () => F.softmaxCrossEntropy(m, [0, -1, 1]), /label -1 is out of range/],
  [
    "accuracy rejects 2**32 labels",
    () => F.accuracy(m, [0, 2 ** 32, 1]),
    /^accuracy: label 4294967296 is out/,
  ],
  ["accuracy rejects 1.5 labels", () => F.accuracy(m, [0, 1.5, 1]), /^accuracy: label 1\.5 at position 1/],
  [
    "embedId rejects 1.5 ids",
    () => F.embedId([1.5], m),
    /^embedId: id 1\.5 at position 0 is not an integer$/,
  ],
  ["embedId rejects 2**32 ids", () => F.embedId([2 ** 32], m), /^embedId: id 4294967296 is out of range/],
  ["embedId rejects NaN", () => F.embedId(Number.NaN, m), /^embedId: id NaN is not an integer$/],
  [
    "sum over axis 0 of a 0-d array is an axis error",
    () => F.sum(scalar, { axis: 0 }),
    /^sum: axis 0 is out of/,
  ],
  ["mean over axis 0 of a 0-d array", () => F.mean(scalar, { axis: 0 }), /^mean: axis 0 is out of bounds/],
  ["max over axis 0 of a 0-d array", () => F.max(scalar, { axis: 0 }), /^max: axis 0 is out of bounds/],
  ["min over axis -1 of a 0-d array", () => F.min(scalar, { axis: -1 }), /^min: axis -1 is out of bounds/],
  ["softmax of a 0-d array", () => F.softmax(scalar, 0), /^softmax: axis 0 is out of bounds .* dimension 0/],
  ["logSoftmax axis 2 of a 2-d array", () => F.logSoftmax(m, 2), /^logSoftmax: axis 2 is out of bounds/],
  [
    "deconv2d with a large pad is an error naming the sizes",
    () => F.deconv2d(img, new Variable(random.randn([1, 1, 3, 3])), null, { pad: 10 }),
    /^deconv2d: output size \[-14,-14\] must be integers ≥ 1 \(input \[1,1,4,4\], kernel \[3,3\]/,
  ],
  [
    "conv2d whose kernel does not fit",
    () => F.conv2d(img, random.randn([1, 1, 5, 5])),
    /^conv2d: .*does not fit/,
  ],
  ["pooling whose window does not fit", () => F.pooling(img, 5), /^pooling: kernel \(5,5\) .* does not fit/],
  [
    "F.add(x, 'a') is an error, not NaN",
    () => F.add(x, "a" as never),
    /^add: operand 2 must be a Variable, .* 'a'$/,
  ],
  ["F.add(x, undefined)", () => F.add(x, undefined as never), /^add: operand 2 must be .* got undefined$/],
  ["F.add(x, [1, 2, 3])", () => F.add(x, [1, 2, 3] as never), /^add: operand 2 must be .* a JS array/],
  ["F.mul(null, x)", () => F.mul(null as never, x), /^mul: operand 1 must be .* got null$/],
  ["F.exp('a')", () => F.exp("a" as never), /^exp: operand 1 must be/],
  ["F.sum('a')", () => F.sum("a" as never), /^sum: operand 1 must be/],
  ["F.reshape({}, [1])", () => F.reshape({} as never, [1]), /^reshape: x must be .* an object/],
  ["F.relu(true)", () => F.relu(true as never), /^relu: operand 1 must be .* got boolean true$/],
  [
    "F.softmaxCrossEntropy('a', [0])",
    () => F.softmaxCrossEntropy("a" as never, [0]),
    /^softmaxCrossEntropy: x must be/,
  ],
  [
    "uint8 + 300 is an error (NumPy 2)",
    () => F.add(array([1], { dtype: "uint8" }), 300),
    /^add: the number 300 is out of range for uint8/,
  ],
  [
    "uint8 − (−1) is an error",
    () => F.sub(array([1], { dtype: "uint8" }), -1),
    /^sub: the number -1 is out of range/,
  ],
  [
    "int32 + 2**31 is an error",
    () => F.add(array([1], { dtype: "int32" }), 2 ** 31),
    /^add: the number 2147483648 is out of range for int32/,
  ],
  [
    "bool − bool is an error (as NumPy)",
    () => F.sub(array([true]), array([true])),
    /^sub: not supported for bool arrays/,
  ],
  ["−bool is an error (as NumPy)", () => F.neg(array([true])), /^neg: not supported for bool arrays/],
];

describe("every index, label and operand is checked (issue 12)", () => {
  for (const [name, call, error] of CASES) {
    it(name, () => {
      assert.throws(call, (e: Error) => {
        assert.ok(e instanceof Error, "an Error");
        assert.match(e.message, error);
        return true;
      });
    });
  }

  it("a valid slice and negative indices still work", () => {
    const v = new Variable(array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert.deepEqual(v.get(slice(1, 8, 3)).data.toArray(), [1, 4, 7]);
    assert.equal(v.get(-1).item(), 9);
    assert.deepEqual(v.get(slice(null, null, -4)).data.toArray(), [9, 5, 1]);
    assert.equal(v.get(slice(-(2 ** 40), 2 ** 40)).size, 10);
  });

  it("labels held in a float array with integral values are accepted (as DeZero)", () => {
    const a = F.softmaxCrossEntropy(m, array([0, 1, 2])).item();
    const b = F.softmaxCrossEntropy(m, [0, 1, 2]).item();
    assert.equal(a, b);
  });

  it("a failed index leaves the gradient untouched (nothing half-done)", () => {
    const w = new Variable(random.randn([4]));
    w.get(slice(0, 2)).sum().backward();
    const before = Array.from(w.grad!.data.data);
    assert.throws(() => w.get(slice(0, 2.5)));
    assert.deepEqual(Array.from(w.grad!.data.data), before);
  });
});

describe("NumPy promotion for bool and uint8 (the README's table)", () => {
  it("bool + bool is bool (logical or), as NumPy", () => {
    const y = F.add(array([true, true, false]), array([true, false, false]));
    assert.equal(y.dtype, "bool");
    assert.deepEqual(Array.from(y.data.data), [1, 1, 0]);
  });

  it("bool · bool is bool (logical and)", () => {
    const y = F.mul(array([true, true, false]), array([true, false, false]));
    assert.equal(y.dtype, "bool");
    assert.deepEqual(Array.from(y.data.data), [1, 0, 0]);
  });

  it("uint8 + 1 is uint8 (NumPy 2's weak scalars) and wraps as NumPy", () => {
    const y = F.add(array([1, 255], { dtype: "uint8" }), 1);
    assert.equal(y.dtype, "uint8");
    assert.deepEqual(Array.from(y.data.data), [2, 0]);
  });

  it("uint8 · 2.5 is a float; bool + 1 is int32; bool + 1.5 is float32", () => {
    assert.equal(F.mul(array([1], { dtype: "uint8" }), 2.5).dtype, "float32");
    assert.equal(F.add(array([true]), 1).dtype, "int32");
    assert.equal(F.add(array([true]), 1.5).dtype, "float32");
  });

  it("uint8 + int32 array is int32; uint8 + float32 array is float32; int32 + 3 is int32", () => {
    const u = array([1], { dtype: "uint8" });
    assert.equal(F.add(u, array([1], { dtype: "int32" })).dtype, "int32");
    assert.equal(F.add(u, zeros([1])).dtype, "float32");
    assert.equal(F.add(array([1], { dtype: "int32" }), 3).dtype, "int32");
  });

  it("a bool mask still multiplies a float gradient", () => {
    const y = F.mul(new NDArray(new Uint8Array([1, 0]), [2], "bool"), array([2.5, 3.5]));
    assert.equal(y.dtype, "float32");
    assert.deepEqual(Array.from(y.data.data), [2.5, 0]);
  });
});
