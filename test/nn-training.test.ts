/** @file End-to-end: the book's small models really learn (spiral, linear regression, sin curve). */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { linearRegression } from "../examples/linear-regression.js";
import { sinNet } from "../examples/sin-net.js";
import { spiral } from "../examples/spiral.js";

const quiet = () => {};

describe("training end to end", () => {
  it("spiral: MLP [10, 3], SGD lr 1.0, batch 30, 300 epochs reaches test accuracy ≥ 0.95 (DeZero: 0.96)", () => {
    const r = spiral({ log: quiet });
    assert.ok(r.test.accuracy! >= 0.95, `test accuracy ${r.test.accuracy}`);
    assert.ok(r.train.loss < 0.15, `train loss ${r.train.loss}`);
  });

  it("linear regression finds W ≈ 2 and b ≈ 5.5 (DeZero: 2.118, 5.466, loss 0.079)", () => {
    const r = linearRegression({ log: quiet });
    assert.ok(Math.abs(r.W - 2) < 0.3 && Math.abs(r.b - 5.5) < 0.2, `W ${r.W}, b ${r.b}`);
    assert.ok(r.loss < 0.1, `loss ${r.loss}`);
  });

  it("the 1-10-1 sigmoid net fits sin(2πx) + noise (DeZero: 0.847 → 0.0772)", () => {
    const r = sinNet({ log: quiet });
    assert.ok(r.first > 0.5 && r.last < 0.1, `loss ${r.first} → ${r.last}`);
  });
});
