/** @file examples/tanh.ts: tanh's n-th derivatives by double backprop equal their closed forms, and the graphs grow. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countFunctions, tanhDerivative } from "../examples/tanh.js";
import { utils } from "../src/index.js";

describe("examples/tanh", () => {
  const t = Math.tanh(1);
  const closed = [
    1 - t ** 2, // tanh' = 1 − t²
    -2 * t * (1 - t ** 2), // tanh'' = −2t(1 − t²)
    (1 - t ** 2) * (6 * t ** 2 - 2), // tanh''' = (1 − t²)(6t² − 2)
    8 * t * (1 - t ** 2) * (2 - 3 * t ** 2), // tanh'''' = 8t(1 − t²)(2 − 3t²)
  ];

  it("gives the closed-form derivatives of orders 1–4 at x = 1", () => {
    for (let n = 1; n <= 4; n++)
      assert.ok(Math.abs(tanhDerivative(n).item() - closed[n - 1]) < 1e-12, `order ${n}`);
  });

  it("draws larger graphs for higher orders, named gxN", () => {
    const counts = [1, 2, 3].map((n) => countFunctions(tanhDerivative(n)));
    assert.ok(counts[0] < counts[1] && counts[1] < counts[2], `counts ${counts}`);
    assert.match(utils.getDotGraph(tanhDerivative(2)), /label="gx2[:"]/);
    assert.throws(() => tanhDerivative(0), /order must be an integer ≥ 1/);
  });
});
