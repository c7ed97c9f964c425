/** @file DeZero's utils: gradientCheck on the first argument only, arrayEqual/arrayAllclose, getFile. */

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { array, F, utils, Variable } from "../src/index.js";
import { v64 } from "./helpers.js";

/** Runs `fn` with console.error silenced (gradientCheck reports failures there). */
function quiet<T>(fn: () => T): T {
  const err = console.error;
  console.error = () => {};
  try {
    return fn();
  } finally {
    console.error = err;
  }
}

describe("utils.gradientCheck (DeZero's semantics)", () => {
  it("checks the first argument and passes labels through untouched", () => {
    const x = v64([
      [0.2, -0.4, 0.9],
      [1.1, 0.3, -0.5],
    ]);
    const t = array([2, 0], { dtype: "int32" });
    assert.ok(utils.gradientCheck((x, t) => F.softmaxCrossEntropy(x, t), x, t));
    assert.ok(utils.gradientCheck((x, W) => F.matmul(x, W), x, array([[1], [2], [3]])));
  });

  it("ignores a wrong gradient of a later argument (only the first is checked)", () => {
    // d(x·c)/dc is wrong here on purpose: the product is recomputed from a detached copy of c.
    const f = (x: Variable, c: Variable) => F.mul(x, new Variable(c.data));
    assert.ok(utils.gradientCheck(f, v64([1, 2]), v64([3, 4])));
  });

  it("fails on a wrong gradient of the first argument", () => {
    const f = (x: Variable) => F.mul(F.add(x, 0), new Variable(x.data.copy()));
    assert.equal(
      quiet(() => utils.gradientCheck(f, v64([1, 2]))),
      false,
    );
  });

  it("uses eps 1e-4 by default; options { rtol, atol, eps } are checked", () => {
    // central differences of x³ at 1 with step ε are off by ε²: 1e-8 with the default step
    assert.deepEqual(
      utils
        .numericalGrad((x) => F.pow(x, 3), [v64(1)])
        .item()
        .toFixed(8),
      "3.00000001",
    );
    assert.ok(utils.gradientCheck((x) => F.pow(x, 3), v64(1), { eps: 1e-3, rtol: 1e-5, atol: 0 }));
    assert.equal(
      quiet(() => utils.gradientCheck((x) => F.pow(x, 3), v64(1), { eps: 1e-1, rtol: 1e-5, atol: 0 })),
      false,
    );
    assert.throws(
      () => utils.gradientCheck(F.exp, v64(1), { rtl: 1 } as never),
      /gradientCheck: unknown option 'rtl' in options; known options: rtol, atol, eps/,
    );
    assert.throws(() => utils.gradientCheck("f" as never, v64(1)), /gradientCheck: f must be a function/);
  });
});

describe("utils.arrayEqual / arrayAllclose", () => {
  it("arrayEqual: same shape and elements; Variables compare by their data", () => {
    assert.ok(utils.arrayEqual(array([1, 2, 3]), [1, 2, 3]));
    assert.ok(utils.arrayEqual(new Variable(array([[1, 2]])), array([[1, 2]], { dtype: "int32" })));
    assert.equal(utils.arrayEqual(array([1, 2]), array([[1, 2]])), false);
    assert.equal(utils.arrayEqual(array([1, 2]), [1, 3]), false);
    assert.throws(() => utils.arrayEqual("a" as never, 1), /arrayEqual: a must be a Variable, NDArray/);
  });

  it("arrayAllclose: DeZero's tolerances (rtol 1e-4, atol 1e-5), broadcasting, NaN never close", () => {
    assert.ok(utils.arrayAllclose(v64([1, 2]), [1 + 5e-5, 2 + 1e-4]));
    assert.equal(utils.arrayAllclose(v64([1, 2]), [1, 2.001]), false);
    assert.ok(utils.arrayAllclose(v64([1, 2]), [1, 2.001], 1e-3));
    assert.ok(utils.arrayAllclose(v64([1, 2]), [1, 2.001], { rtol: 1e-3 }));
    assert.ok(
      utils.arrayAllclose(
        array([
          [1, 1],
          [1, 1],
        ]),
        1,
      ),
    );
    assert.equal(utils.arrayAllclose(array([Number.NaN]), array([Number.NaN])), false);
    assert.throws(
      () => utils.arrayAllclose(1, 1, { tol: 1 } as never),
      /arrayAllclose: unknown option 'tol'/,
    );
    assert.throws(() => utils.arrayAllclose(1, 1, -1), /arrayAllclose: rtol must be a finite number >= 0/);
  });
});

describe("utils.getFile (DeZero's get_file)", () => {
  it("copies a file: URL into the cache once, under its own or a given name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dz-getfile-"));
    const src = join(dir, "src.txt");
    writeFileSync(src, "hello");
    const url = pathToFileURL(src).href;
    const cacheDir = join(dir, "cache");
    const p1 = await utils.getFile(url, { cacheDir });
    assert.equal(p1, join(cacheDir, "src.txt"));
    assert.equal(readFileSync(p1, "utf8"), "hello");
    const p2 = await utils.getFile(url, { cacheDir, fileName: "other.txt" });
    assert.equal(readFileSync(p2, "utf8"), "hello");
    const home = process.env.DEZERO_TS_HOME;
    process.env.DEZERO_TS_HOME = cacheDir;
    try {
      assert.equal(await utils.getFile(url, "third.txt"), join(cacheDir, "third.txt"));
    } finally {
      if (home === undefined) delete process.env.DEZERO_TS_HOME;
      else process.env.DEZERO_TS_HOME = home;
    }
    await assert.rejects(
      utils.getFile(url, { cachedir: dir } as never),
      /getFile: unknown option 'cachedir'/,
    );
    await assert.rejects(utils.getFile(42 as never), /getFile: url must be a non-empty string/);
  });
});
