/** @file Transforms: Normalize (scalar and per channel), Flatten, AsType/ToFloat/ToInt, Compose order. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { transforms } from "../src/data/index.js";
import { array, NDArray } from "../src/ndarray/index.js";
import { assertClose } from "./helpers.js";

const { AsType, Compose, Flatten, Normalize, ToFloat, ToInt } = transforms;

/** A (3, 2, 2) image whose channel c holds 10c + 0..3. */
const image = () =>
  array([
    [
      [0, 1],
      [2, 3],
    ],
    [
      [10, 11],
      [12, 13],
    ],
    [
      [20, 21],
      [22, 23],
    ],
  ]);

describe("Normalize", () => {
  it("computes (x − mean) / std with scalars, into float32 from uint8", () => {
    const y = Normalize(0, 255)(array([0, 51, 255], { dtype: "uint8" }));
    assert.equal(y.dtype, "float32");
    assertClose(y, [0, 0.2, 1]);
    assertClose(Normalize()(array([1.5, -2])), [1.5, -2]);
  });

  it("broadcasts per-channel mean and std along the first axis of a (C, H, W) image", () => {
    const y = Normalize([0, 10, 20], [1, 2, 4])(image());
    assert.deepEqual(y.shape, [3, 2, 2]);
    assertClose(y, [
      [
        [0, 1],
        [2, 3],
      ],
      [
        [0, 0.5],
        [1, 1.5],
      ],
      [
        [0, 0.25],
        [0.5, 0.75],
      ],
    ]);
  });

  it("treats a one-value array as a scalar, and mixes a scalar mean with per-channel std", () => {
    assertClose(Normalize([1], [2])(array([3, 5])), [1, 2]);
    assertClose(Array.from(Normalize(10, [1, 1, 10])(image()).data.subarray(8)), [1, 1.1, 1.2, 1.3]);
  });

  it("handles a 0-d sample and an empty one (edge cases of the per-channel runs)", () => {
    assertClose(Normalize(1, 4)(array(9)), 2);
    assert.deepEqual(
      Normalize([1, 2], [1, 1])(new NDArray(new Float32Array(0), [2, 0], "float32")).shape,
      [2, 0],
    );
  });

  it("keeps float64 as float64", () => {
    assert.equal(Normalize(1, 2)(array([1, 2], { dtype: "float64" })).dtype, "float64");
  });

  it("leaves its input untouched", () => {
    const x = image();
    Normalize([1, 2, 3], 2)(x);
    assert.deepEqual(x.toArray(), image().toArray());
  });

  it("rejects channel counts that do not match the first axis, a zero std and non-numbers", () => {
    assert.throws(
      () => Normalize([1, 2], 1)(image()),
      /Normalize: mean has 2 channel values but the sample has shape \[3,2,2\]/,
    );
    assert.throws(() => Normalize(0, [1, 2, 3, 4])(array(5)), /Normalize: std has 4 channel values/);
    assert.throws(() => Normalize(0, 0), /std must not be 0/);
    assert.throws(() => Normalize(Number.NaN), /mean must be finite numbers/);
    assert.throws(() => Normalize([]), /mean must be finite numbers/);
  });
});

describe("Flatten, AsType, ToFloat, ToInt", () => {
  it("Flatten turns (C, H, W) into one row-major axis", () => {
    const y = Flatten()(image());
    assert.deepEqual(y.shape, [12]);
    assert.deepEqual(Array.from(y.data), [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
  });

  it("AsType converts, truncating floats toward zero like NumPy", () => {
    const y = AsType("int32")(array([1.7, -1.7, 2]));
    assert.equal(y.dtype, "int32");
    assert.deepEqual(Array.from(y.data), [1, -1, 2]);
    assert.deepEqual(Array.from(AsType("bool")(array([0, 3, -1])).data), [0, 1, 1]);
    assert.equal(AsType()(array([1], { dtype: "uint8" })).dtype, "float32");
  });

  it("ToFloat gives float32 (or float64), ToInt int32 (or uint8), and refuse the other kind", () => {
    assert.equal(ToFloat()(array([1], { dtype: "uint8" })).dtype, "float32");
    assert.equal(ToFloat("float64")(array([1])).dtype, "float64");
    assert.equal(ToInt()(array([1.5])).dtype, "int32");
    assert.equal(ToInt("uint8")(array([1.5])).dtype, "uint8");
    assert.throws(() => ToFloat("int32"), /ToFloat: 'int32' is not a float dtype/);
    assert.throws(() => ToInt("float32"), /ToInt: 'float32' is not an integer dtype/);
    assert.throws(() => AsType("int64" as never), /AsType: unknown dtype 'int64'/);
  });
});

describe("Compose", () => {
  const plus1 = (x: NDArray) => array(Array.from(x.data, (v) => v + 1));
  const times2 = (x: NDArray) => array(Array.from(x.data, (v) => v * 2));

  it("applies transforms left to right, and any function is a transform", () => {
    assertClose(Compose([plus1, times2])(array([1, 2])), [4, 6]);
    assertClose(Compose([times2, plus1])(array([1, 2])), [3, 5]);
  });

  it("is the identity when empty", () => {
    const x = array([1, 2]);
    assert.equal(Compose([])(x), x);
  });

  it("gives DeZero's MNIST pipeline: flat float32 values in [0, 1]", () => {
    const pixels = array([[[0, 128, 255]]], { dtype: "uint8" });
    const y = Compose([Flatten(), ToFloat(), Normalize(0, 255)])(pixels);
    assert.deepEqual([y.dtype, y.shape], ["float32", [3]]);
    assertClose(y, [0, 128 / 255, 1]);
  });
});

describe("RandomShift", () => {
  it("moves the image by at most maxShift pixels, filling with zeros, and repeats with its seed", () => {
    const img = new NDArray(
      Float32Array.from({ length: 25 }, (_, i) => i + 1),
      [1, 5, 5],
      "float32",
    );
    const a = transforms.RandomShift(1, { seed: 3 });
    const b = transforms.RandomShift(1, { seed: 3 });
    for (let k = 0; k < 20; k++) {
      const y = a(img);
      assert.deepEqual(y.toArray(), b(img).toArray());
      assert.deepEqual(y.shape, [1, 5, 5]);
      // the centre pixel (value 13) lands within one pixel of the centre
      const at = Array.from(y.data).indexOf(13);
      assert.ok(Math.abs(Math.floor(at / 5) - 2) <= 1 && Math.abs((at % 5) - 2) <= 1);
      const nonzero = Array.from(y.data).filter((v) => v !== 0).length;
      assert.ok(nonzero === 25 || nonzero === 20 || nonzero === 16, `kept ${nonzero}`);
    }
    // every pixel of a non-square two-plane image lands at (r + dy, c + dx) for one (dy, dx), the rest is 0
    const [h, w] = [3, 4];
    const two = new NDArray(
      Float32Array.from({ length: 2 * h * w }, (_, i) => i + 1),
      [2, h, w],
      "float32",
    );
    const shift = transforms.RandomShift(1, { seed: 5 });
    const seen = new Set<string>();
    for (let k = 0; k < 30; k++) {
      const y = shift(two).data;
      const at = Array.from(y).indexOf(h * w + 1 + w + 1); // plane 1, pixel (1, 1) is never shifted out
      const [dy, dx] = [Math.floor((at - h * w) / w) - 1, ((at - h * w) % w) - 1];
      seen.add(`${dy},${dx}`);
      for (let p = 0; p < 2; p++)
        for (let r = 0; r < h; r++)
          for (let c = 0; c < w; c++) {
            const [sr, sc] = [r - dy, c - dx];
            const inside = sr >= 0 && sr < h && sc >= 0 && sc < w;
            assert.equal(y[p * h * w + r * w + c], inside ? two.data[p * h * w + sr * w + sc] : 0);
          }
    }
    assert.ok(seen.size >= 5, `only shifts ${[...seen]}`);
    assert.throws(
      () => a(new NDArray(new Float32Array(3), [3], "float32")),
      /RandomShift: expected an image/,
    );
  });
});
