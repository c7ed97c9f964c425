/** @file Dataset base class, Spiral and SinCurve: shapes, dtypes, determinism, transforms, errors, the global RNG left alone. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as data from "../src/data/index.js";
import { Dataset, getSpiral, SinCurve, Spiral, transforms } from "../src/data/index.js";
import { arange, array, type NDArray, random } from "../src/ndarray/index.js";
import { assertClose } from "./helpers.js";

describe("Spiral", () => {
  it("holds float32 (300, 2) points and int32 (300) labels, 100 of each class", () => {
    const spiral = new Spiral();
    assert.equal(spiral.length, 300);
    assert.deepEqual([spiral.data.dtype, spiral.data.shape], ["float32", [300, 2]]);
    assert.deepEqual([spiral.label.dtype, spiral.label.shape], ["int32", [300]]);
    const counts = [0, 0, 0];
    for (const t of spiral.label.data) counts[t]++;
    assert.deepEqual(counts, [100, 100, 100]);
    for (let i = 0; i < 300; i++) {
      const r = Math.hypot(spiral.data.data[2 * i], spiral.data.data[2 * i + 1]);
      assert.ok(r < 1, `point ${i} lies outside the unit circle (r = ${r})`);
    }
  });

  it("is shuffled: the classes are mixed, not in blocks of 100", () => {
    const first = Array.from(new Spiral().label.data.subarray(0, 30));
    assert.ok(new Set(first).size === 3, `the first 30 labels are ${first}`);
  });

  it("is the same every time for a split, and differs between train and test", () => {
    const a = new Spiral();
    const b = new Spiral({ train: true });
    const test = new Spiral({ train: false });
    assert.deepEqual(a.data.data, b.data.data);
    assert.deepEqual(a.label.data, b.label.data);
    assert.notDeepEqual(a.data.data, test.data.data);
    assert.deepEqual(getSpiral(false).x.data, test.data.data);
  });

  it("leaves the global random generator untouched (DeZero's reseeds it)", () => {
    random.seed(123);
    const expected = Array.from(random.rand([8]).data);
    random.seed(123);
    const before = Array.from(random.rand([4]).data);
    new Spiral();
    new Spiral({ train: false });
    new SinCurve();
    const after = Array.from(random.rand([4]).data);
    assert.deepEqual([...before, ...after], expected);
  });

  it("returns each sample and label as fresh arrays, x (2) and t a 0-d int32", () => {
    const spiral = new Spiral();
    const [x, t] = spiral.get(7);
    assert.deepEqual([x.shape, t.shape, t.dtype], [[2], [], "int32"]);
    assert.deepEqual(Array.from(x.data), Array.from(spiral.data.data.subarray(14, 16)));
    assert.equal(t.item(), spiral.label.data[7]);
    x.data[0] = 99;
    t.data[0] = 99;
    assert.notEqual(spiral.data.data[14], 99);
    assert.notEqual(spiral.label.data[7], 99);
  });
});

describe("SinCurve", () => {
  it("holds float64 (999, 1) data and labels, each label the next value of the wave", () => {
    for (const train of [true, false]) {
      const sin = new SinCurve({ train });
      assert.equal(sin.length, 999);
      assert.deepEqual([sin.data.dtype, sin.data.shape], ["float64", [999, 1]]);
      assert.deepEqual([sin.label.dtype, sin.label.shape], ["float64", [999, 1]]);
      assert.deepEqual(sin.label.data.subarray(0, 998), sin.data.data.subarray(1));
    }
  });

  it("is cos(x) on x = linspace(0, 2π, 1000) for the test split", () => {
    const sin = new SinCurve({ train: false });
    const x = (i: number) => (2 * Math.PI * i) / 999;
    assertClose(
      sin.data,
      Array.from({ length: 999 }, (_, i) => Math.cos(x(i))),
      { atol: 1e-12 },
    );
    assertClose(sin.label.data[998], Math.cos(2 * Math.PI), { atol: 1e-12 });
  });

  it("is sin(x) plus noise within ±0.05 for the train split, the same noise every time", () => {
    const sin = new SinCurve();
    const noise = Array.from(sin.data.data, (y, i) => y - Math.sin((2 * Math.PI * i) / 999));
    assert.ok(noise.every((e) => Math.abs(e) <= 0.05));
    assert.ok(Math.max(...noise) > 0.04 && Math.min(...noise) < -0.04, "the noise spans its range");
    assert.deepEqual(new SinCurve().data.data, sin.data.data);
  });

  it("gives samples of shape (1) through get", () => {
    const [x, t] = new SinCurve({ train: false }).get(0);
    assert.deepEqual([x.shape, t.shape], [[1], [1]]);
    assertClose(x, [1]);
  });
});

/** A dataset of n samples [i, 10i] labelled i, filled in prepare() as in DeZero. */
class Counting extends Dataset {
  protected override prepare(): void {
    this.data = array(Array.from({ length: 6 }, (_, i) => [i, 10 * i]));
    this.label = arange(6);
  }
}

describe("Dataset", () => {
  it("applies transform and targetTransform to each sample", () => {
    const ds = new Counting({
      transform: transforms.Normalize(0, 2),
      targetTransform: (t: NDArray) => array([t.item() + 100], { dtype: "int32" }),
    });
    const [x, t] = ds.get(3);
    assertClose(x, [1.5, 15]);
    assert.deepEqual(Array.from(t.data), [103]);
    assert.equal(ds.train, true);
  });

  it("uses no transform when given null", () => {
    const [x] = new Counting({ transform: null }).get(2);
    assert.deepEqual(Array.from(x.data), [2, 20]);
  });

  it("returns null labels for an unlabelled dataset", () => {
    class Unlabelled extends Dataset<null> {
      protected override prepare(): void {
        this.data = arange(4);
      }
    }
    const ds = new Unlabelled();
    assert.equal(ds.label, null);
    assert.deepEqual(ds.get(1)[1], null);
    assert.equal(ds.get(1)[0].item(), 1);
  });

  it("rejects indices outside 0..length-1", () => {
    const ds = new Counting();
    for (const bad of [-1, 6, 1.5, Number.NaN]) {
      assert.throws(
        () => ds.get(bad),
        new RegExp(`Counting.get: index ${bad} is out of range for 6 samples`),
      );
    }
  });

  it("says how to get data when prepare() set none", () => {
    const empty = new Dataset();
    assert.throws(() => empty.length, /Dataset: no data yet .*prepare\(\)/);
    assert.throws(() => empty.get(0), /Dataset: no data yet/);
    assert.throws(() => empty.label, /Dataset: no data yet/);
  });

  it("rejects data and labels of different lengths, and 0-d data", () => {
    class Mismatched extends Dataset {
      protected override prepare(): void {
        this.data = arange(5);
        this.label = arange(4);
      }
    }
    assert.throws(
      () => new Mismatched().get(0),
      /Mismatched: data \[5\] and label \[4\] differ in their first axis/,
    );
    assert.throws(() => {
      new Dataset().data = array(1);
    }, /data must have a first axis/);
  });
});

describe("src/data/index.ts", () => {
  it("exports the datasets, loaders and the transforms namespace", () => {
    assert.deepEqual(Object.keys(data).sort(), [
      "CIFAR10",
      "DataLoader",
      "Dataset",
      "FashionMNIST",
      "ImageNet",
      "MNIST",
      "SeqDataLoader",
      "Shakespeare",
      "SinCurve",
      "Spiral",
      "getSpiral",
      "transforms",
    ]);
    assert.deepEqual(Object.keys(data.transforms).sort(), [
      "AsType",
      "CenterCrop",
      "Compose",
      "Convert",
      "Flatten",
      "Normalize",
      "RandomShift",
      "Resize",
      "ToArray",
      "ToFloat",
      "ToInt",
    ]);
  });
});
