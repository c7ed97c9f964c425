/** @file The small NumPy on NDArray (`x.data.sub(x.grad.data.mul(lr))`): each method against hand values. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, type NDArray, type Nested, slice, Variable } from "../src/index.js";
import { assertClose } from "./helpers.js";

const a = () =>
  array(
    [
      [1, -2, 3],
      [-4, 5, -6],
    ],
    { dtype: "float64" },
  );
const row = () => array([10, 20, 30], { dtype: "float64" });

function same(x: NDArray, shape: number[], values: Nested, dtype?: string): void {
  assert.deepEqual(x.shape, shape);
  if (dtype) assert.equal(x.dtype, dtype);
  assertClose(x, values, { rtol: 1e-12, atol: 1e-12 });
}

describe("NDArray arithmetic with numbers and broadcast arrays", () => {
  it("add sub mul div neg pow", () => {
    same(
      a().add(1),
      [2, 3],
      [
        [2, -1, 4],
        [-3, 6, -5],
      ],
      "float64",
    );
    same(
      a().add(row()),
      [2, 3],
      [
        [11, 18, 33],
        [6, 25, 24],
      ],
    );
    same(
      a().sub(row()),
      [2, 3],
      [
        [-9, -22, -27],
        [-14, -15, -36],
      ],
    );
    same(
      a().mul(2),
      [2, 3],
      [
        [2, -4, 6],
        [-8, 10, -12],
      ],
    );
    same(
      a().div(array([[2], [4]], { dtype: "float64" })),
      [2, 3],
      [
        [0.5, -1, 1.5],
        [-1, 1.25, -1.5],
      ],
    );
    same(
      a().neg(),
      [2, 3],
      [
        [-1, 2, -3],
        [4, -5, 6],
      ],
    );
    same(
      a().pow(2),
      [2, 3],
      [
        [1, 4, 9],
        [16, 25, 36],
      ],
    );
    same(row().pow(array([0, 1, 2], { dtype: "float64" })), [3], [1, 20, 900]);
  });

  it("numbers keep the array's dtype; int arrays with fractions promote like F's ops", () => {
    assert.equal(array([1, 2], { dtype: "float32" }).mul(0.5).dtype, "float32");
    assert.equal(array([1, 2], { dtype: "int32" }).add(1).dtype, "int32");
  });

  it("the book's manual update: x.data.sub(x.grad.data.mul(lr))", () => {
    const x = new Variable(array([1, 2], { dtype: "float64" }));
    x.grad = new Variable(array([10, -10], { dtype: "float64" }));
    x.data = x.data.sub(x.grad.data.mul(0.01));
    same(x.data, [2], [0.9, 2.1]);
  });
});

describe("NDArray math and comparisons", () => {
  it("exp log sin cos tanh sqrt abs", () => {
    const x = array([0, 1, 4], { dtype: "float64" });
    same(x.exp(), [3], [1, Math.E, Math.exp(4)]);
    same(array([1, Math.E], { dtype: "float64" }).log(), [2], [0, 1]);
    same(x.sin(), [3], [0, Math.sin(1), Math.sin(4)]);
    same(x.cos(), [3], [1, Math.cos(1), Math.cos(4)]);
    same(x.tanh(), [3], [0, Math.tanh(1), Math.tanh(4)]);
    same(x.sqrt(), [3], [0, 1, 2]);
    same(
      a().abs(),
      [2, 3],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    );
    assert.equal(array([4], { dtype: "int32" }).sqrt().dtype, "float32");
  });

  it("maximum minimum", () => {
    same(
      a().maximum(0),
      [2, 3],
      [
        [1, 0, 3],
        [0, 5, 0],
      ],
    );
    same(
      a().minimum(row().neg().add(25)),
      [2, 3],
      [
        [1, -2, -5],
        [-4, 5, -6],
      ],
    );
  });

  it("gt ge lt le eq give masks of 1 and 0", () => {
    same(
      a().gt(1),
      [2, 3],
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
    );
    same(
      a().ge(1),
      [2, 3],
      [
        [1, 0, 1],
        [0, 1, 0],
      ],
    );
    same(
      a().lt(-2),
      [2, 3],
      [
        [0, 0, 0],
        [1, 0, 1],
      ],
    );
    same(
      a().le(-2),
      [2, 3],
      [
        [0, 1, 0],
        [1, 0, 1],
      ],
    );
    same(
      a().eq(array([1, 5, 3], { dtype: "float64" })),
      [2, 3],
      [
        [1, 0, 1],
        [0, 1, 0],
      ],
    );
  });
});

describe("NDArray reductions", () => {
  it("sum mean max min, positional (axis, keepdims) or options", () => {
    same(a().sum(), [], -3);
    same(a().sum(0), [3], [-3, 3, -3]);
    same(a().sum(1, true), [2, 1], [[2], [-5]]);
    same(a().sum({ axis: [0, 1], keepdims: true }), [1, 1], [[-3]]);
    same(a().mean(), [], -0.5);
    same(a().mean(0), [3], [-1.5, 1.5, -1.5]);
    same(a().max(), [], 5);
    same(a().max(1), [2], [3, 5]);
    same(a().min(0, true), [1, 3], [[-4, -2, -6]]);
  });

  it("argmax over the flattened array or an axis (int32)", () => {
    same(a().argmax(), [], 4, "int32");
    same(a().argmax(1), [2], [2, 1], "int32");
    same(a().argmax(0), [3], [0, 1, 0]);
    same(a().argmax(-1), [2], [2, 1]);
  });
});

describe("NDArray layout, indexing and copies", () => {
  it("reshape (with -1) transpose T", () => {
    same(
      a().reshape(3, 2),
      [3, 2],
      [
        [1, -2],
        [3, -4],
        [5, -6],
      ],
    );
    same(a().reshape([-1]), [6], [1, -2, 3, -4, 5, -6]);
    same(
      a().reshape(-1, 2),
      [3, 2],
      [
        [1, -2],
        [3, -4],
        [5, -6],
      ],
    );
    same(
      a().T,
      [3, 2],
      [
        [1, -4],
        [-2, 5],
        [3, -6],
      ],
    );
    same(
      a().transpose(),
      [3, 2],
      [
        [1, -4],
        [-2, 5],
        [3, -6],
      ],
    );
    const t = array([[[1, 2]], [[3, 4]]]);
    same(
      t.transpose(2, 0, 1),
      [2, 2, 1],
      [
        [[1], [3]],
        [[2], [4]],
      ],
    );
    same(
      t.transpose([1, 0, 2]),
      [1, 2, 2],
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    );
  });

  it("get: integers, slices, integer arrays", () => {
    same(a().get(1), [3], [-4, 5, -6]);
    same(a().get(1, 2), [], -6);
    same(a().get(slice(), 0), [2], [1, -4]);
    same(a().get([array([0, 1], { dtype: "int32" }), array([2, 0], { dtype: "int32" })]), [2], [3, -4]);
  });

  it("astype and copy give new buffers", () => {
    const x = a();
    const i = x.astype("int32");
    same(
      i,
      [2, 3],
      [
        [1, -2, 3],
        [-4, 5, -6],
      ],
      "int32",
    );
    const c = x.copy();
    c.data[0] = 99;
    assert.equal(x.data[0], 1);
    const f = x.astype("float64");
    f.data[0] = 99;
    assert.equal(x.data[0], 1, "astype copies even to the same dtype, as NumPy's");
  });

  it("records no graph and rejects wrong operands naming the method", () => {
    assert.throws(() => a().add("1" as never), /NDArray.add: other must be an NDArray or a number, got "1"/);
    assert.throws(() => a().maximum(null as never), /NDArray.maximum: other must be an NDArray or a number/);
    assert.throws(() => a().add(array([1, 2])), /add: .*\[2,3\].*\[2\]/);
    assert.throws(() => a().sum(0, "yes" as never), /sum: keepdims must be true or false/);
    assert.throws(() => a().argmax(1.5), /NDArray.argmax: axis must be an integer/);
  });
});
