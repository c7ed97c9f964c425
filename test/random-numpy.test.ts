/** @file dz.random against NumPy's legacy np.random: the same seed gives bit-identical draws (goldens from NumPy). */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { type NDArray, RandomState, random } from "../src/index.js";
import { exactLog } from "../src/ndarray/exact-log.js";

interface Call {
  call: string;
  args: (number | number[])[];
  kwargs: { size?: number | number[]; replace?: boolean; p?: number[] };
  shape: number[];
  values: number[];
}

const goldens = JSON.parse(readFileSync(new URL("./fixtures/random-goldens.json", import.meta.url), "utf8"));
const f64 = { dtype: "float64" } as const;
const sizeOf = (k: Call["kwargs"]) => (Array.isArray(k.size) ? k.size : k.size);

/** Runs one NumPy call on our RandomState (float64 results, so every value is compared exactly). */
function run(rs: RandomState, c: Call): NDArray {
  const [a, b] = c.args as number[];
  switch (c.call) {
    case "rand":
      return rs.rand(c.args as number[], f64);
    case "randn":
      return rs.randn(c.args as number[], f64);
    case "randint":
      return rs.randint(a, b, sizeOf(c.kwargs), f64);
    case "permutation":
      return rs.permutation(c.args[0]);
    case "uniform":
      return rs.uniform(a, b, sizeOf(c.kwargs), f64);
    case "normal":
      return rs.normal(a, b, sizeOf(c.kwargs), f64);
    case "choice":
      return rs.choice(c.args[0], sizeOf(c.kwargs), c.kwargs.replace ?? true, c.kwargs.p);
  }
  throw new Error(`no mapping for ${c.call}`);
}

describe("random: NumPy's legacy np.random, draw for draw", () => {
  for (const { seed, raw, calls } of goldens.cases as { seed: number; raw: number[]; calls: Call[] }[]) {
    it(`seed ${seed}: raw MT19937 outputs equal NumPy's`, () => {
      const rs = new RandomState(seed);
      assert.deepEqual(
        Array.from({ length: raw.length }, () => rs.nextU32()),
        raw,
      );
    });

    it(`seed ${seed}: rand, randn, randint, permutation, uniform, normal, choice in sequence equal NumPy's`, () => {
      const rs = new RandomState(seed);
      for (let k = 0; k < raw.length; k++) rs.nextU32();
      for (const c of calls) {
        const got = run(rs, c);
        const label = `${c.call}(${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)})`;
        assert.deepEqual(got.shape, c.shape, label);
        assert.deepEqual(Array.from(got.data), c.values, label);
      }
    });
  }

  it("shuffle moves whole rows of a 2-D array and shuffles a 1-D array as NumPy does", () => {
    const { seed, rows, flat } = goldens.shuffle;
    const rs = new RandomState(seed);
    const a = rs.rand([4, 3], f64);
    a.data.set(Array.from({ length: 12 }, (_, i) => i));
    rs.seed(seed);
    rs.shuffle(a);
    assert.deepEqual(Array.from(a.data), rows);
    const b = random.rand([9], f64);
    b.data.set(Array.from({ length: 9 }, (_, i) => i));
    rs.shuffle(b);
    assert.deepEqual(Array.from(b.data), flat);
  });

  it("permutation(1000) equals NumPy's from the global generator after dz.random.seed", () => {
    const { seed, n, values } = goldens.permutation1000;
    random.seed(seed);
    assert.deepEqual(Array.from(random.permutation(n).data), values);
  });

  it("seed resets the cached second Gaussian, as np.random.seed does", () => {
    const rs = new RandomState(0);
    const first = Array.from(rs.randn([3], f64).data);
    rs.randn([1], f64);
    rs.seed(0);
    assert.deepEqual(Array.from(rs.randn([3], f64).data), first);
  });

  it("samples are float64 draws cast to the requested dtype", () => {
    const a = new RandomState(9).randn([50], f64);
    const b = new RandomState(9).randn([50]);
    assert.equal(b.dtype, "float32");
    assert.deepEqual(Array.from(b.data), Array.from(Float32Array.from(a.data)));
  });
});

describe("random: arguments are checked as NumPy checks them", () => {
  const rejected: [string, unknown, RegExp][] = [
    ["negative", -1, /seed must be between 0 and 2\*\*32 - 1, got -1/],
    ["too_large", 2 ** 32, /seed must be between 0 and 2\*\*32 - 1, got 4294967296/],
    ["fraction", 1.5, /seed must be an integer in \[0, 2\*\*32\), got 1.5/],
    ["nan", Number.NaN, /seed must be an integer in \[0, 2\*\*32\), got NaN/],
    ["string", "x", /seed must be an integer in \[0, 2\*\*32\), got the string 'x'/],
  ];
  for (const [label, value, message] of rejected) {
    it(`seed(${String(value)}) throws, as NumPy raises ${goldens.seedErrors[label]}`, () => {
      assert.ok(goldens.seedErrors[label], "NumPy rejects it too");
      assert.throws(() => random.seed(value as number), message);
      assert.throws(() => new RandomState(value as number), message);
    });
  }

  it("a rejected seed leaves the stream where it was", () => {
    random.seed(11);
    const expected = [random.random(), random.random()];
    random.seed(11);
    random.random();
    assert.throws(() => random.seed(Number.NaN));
    assert.equal(random.random(), expected[1]);
  });

  it("seed() without an argument seeds from the operating system", () => {
    random.seed();
    const a = random.random();
    random.seed();
    assert.notEqual(random.random(), a);
  });

  it("bad shapes, ranges, dtypes and probabilities are clear errors", () => {
    assert.throws(() => random.rand(2, -1), /rand: the shape must be non-negative integers/);
    assert.throws(() => random.randn([1.5]), /randn: the shape must be non-negative integers/);
    assert.throws(() => random.randint(5, 5), /randint: low >= high \(5 >= 5\)/);
    assert.throws(() => random.randint(0), /randint: high <= 0/);
    assert.throws(() => random.randint(0, 1.5), /randint: high must be an integer, got 1.5/);
    assert.throws(() => random.randint(0, 2 ** 32), /does not fit dtype int32/);
    assert.throws(() => random.randint(0, 300, 2, { dtype: "uint8" }), /does not fit dtype uint8/);
    assert.throws(() => random.permutation(-2), /permutation: n must be a non-negative integer/);
    assert.throws(() => random.choice(3, 4, false), /cannot take 4 samples from 3 without replacement/);
    assert.throws(() => random.choice(3, 2, true, [0.5, 0.6, 0]), /probabilities do not sum to 1/);
    assert.throws(() => random.choice(3, 2, true, [1.5, -0.5, 0]), /not non-negative/);
    assert.throws(() => random.choice(3, 2, true, [0.5, 0.5]), /a and p must have the same size \(3 and 2\)/);
    assert.throws(() => random.choice(3, 2, { replace: false, q: 1 } as never), /unknown option 'q'/);
    assert.throws(() => random.choice(3, 3, false, [0.5, 0.5, 0]), /fewer non-zero entries in p than size/);
    assert.throws(() => random.uniform(0, Number.NaN), /uniform: high must be a finite number/);
  });

  it("choice accepts NumPy's positional form and an options object alike", () => {
    const p = [0.1, 0.2, 0.7];
    const a = new RandomState(1).choice(3, 5, true, p);
    const b = new RandomState(1).choice(3, 5, { p });
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
  });
});

describe("exactLog: the correctly rounded log behind randn", () => {
  it("equals the 40-digit logarithm rounded to a double, where Math.log may be 1 ulp off", () => {
    const { x, log } = goldens.logs as { x: number[]; log: number[] };
    for (const [i, v] of x.entries()) assert.equal(exactLog(v), log[i], `log(${v})`);
  });
});

describe("random: NumPy's call forms", () => {
  it("size null is NumPy's None (a 0-d result), and rand(2, 3) equals rand([2, 3])", () => {
    assert.deepEqual(new RandomState(1).randint(0, 5, null).shape, []);
    assert.deepEqual(new RandomState(1).uniform(0, 1, null).shape, []);
    const a = new RandomState(2).rand(2, 3, { dtype: "float64" });
    const b = new RandomState(2).rand([2, 3], { dtype: "float64" });
    assert.deepEqual(a.shape, [2, 3]);
    assert.deepEqual(a.data, b.data);
  });
});
