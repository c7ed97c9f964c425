/** @file getItem against NumPy's semantics: ints, slices, integer arrays, mixed and separated indices. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { arange, array, F, slice, Variable } from "../src/index.js";

const x = new Variable(arange(24, { dtype: "float64" }).reshape([2, 3, 4]));

// Expected values were written from NumPy's rules for a = np.arange(24).reshape(2, 3, 4).
describe("getItem", () => {
  const cases: [string, Variable, number[], unknown][] = [
    [
      "a[1]",
      x.get(1),
      [3, 4],
      [
        [12, 13, 14, 15],
        [16, 17, 18, 19],
        [20, 21, 22, 23],
      ],
    ],
    ["a[1, 2]", x.get(1, 2), [4], [20, 21, 22, 23]],
    ["a[-1, -1, -1]", x.get(-1, -1, -1), [], 23],
    [
      "a[:, 1]",
      x.get(slice(), 1),
      [2, 4],
      [
        [4, 5, 6, 7],
        [16, 17, 18, 19],
      ],
    ],
    [
      "a[0, ::2, 1:3]",
      x.get(0, slice(null, null, 2), slice(1, 3)),
      [2, 2],
      [
        [1, 2],
        [9, 10],
      ],
    ],
    ["a[0, ::-1, 0]", x.get(0, slice(null, null, -1), 0), [3], [8, 4, 0]],
    ["a[[1, 0]]", F.getItem(x, [1, 0]), [2, 3, 4], null],
    ["a[0, [2, 0], [1, 3]]", x.get(0, [2, 0], [1, 3]), [2], [9, 3]],
    [
      "a[:, [0, 2], 1] (adjacent arrays stay in place)",
      x.get(slice(), [0, 2], 1),
      [2, 2],
      [
        [1, 9],
        [13, 21],
      ],
    ],
    [
      "a[[0, 1], :, [0, 3]] (separated arrays go first)",
      x.get([0, 1], slice(), [0, 3]),
      [2, 3],
      [
        [0, 4, 8],
        [15, 19, 23],
      ],
    ],
    ["a[1:5] clamps", x.get(slice(1, 5)), [1, 3, 4], null],
  ];
  for (const [label, y, shape, value] of cases) {
    it(label, () => {
      assert.deepEqual(y.shape, shape);
      if (value !== null) assert.deepEqual(y.data.toArray(), value);
    });
  }

  it("a[np.arange(N), t] picks one element per row and its gradient scatters back", () => {
    const s = new Variable(
      array(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: "float64" },
      ),
    );
    const y = F.getItem(s, [arange(2), array([2, 2], { dtype: "int32" })]);
    assert.deepEqual(y.data.toArray(), [3, 6]);
    F.sum(y).backward();
    assert.deepEqual(s.grad!.data.toArray(), [
      [0, 0, 1],
      [0, 0, 1],
    ]);
  });

  it("repeated indices accumulate in backward", () => {
    const s = new Variable(array([1, 2, 3], { dtype: "float64" }));
    F.sum(F.getItem(s, [0, 0, 2, 0])).backward();
    assert.deepEqual(s.grad!.data.toArray(), [3, 0, 1]);
  });

  it("rejects float index arrays and too many indices", () => {
    assert.throws(() => F.getItem(x, array([0.5])), /index arrays must hold integers, got float32/);
    assert.throws(() => x.get(0, 0, 0, 0), /too many indices \(4\) for shape \[2,3,4\]/);
  });
});
