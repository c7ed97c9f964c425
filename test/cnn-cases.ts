/** @file The CNN/RNN rows of the F case table: convolution, pooling, im2col, batch norm, dropout, embedding. */

import { array, F, type Nested, RandomState, random, testMode } from "../src/index.js";
import type { Case } from "./case.js";
import { distinct, naiveConv2d, naiveDeconv2d } from "./cnn-reference.js";

const f64 = (v: Nested) => array(v, { dtype: "float64" });

const X = distinct([1, 2, 4, 4], 1);
const W = distinct([3, 2, 3, 3], 2);
const WD = distinct([2, 3, 3, 3], 3);
const BIAS = [0.1, -0.2, 0.3];
/** 1..9 as a (1, 1, 3, 3) image. */
const NINE = [
  [
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  ],
];
/** A (1, 1, 4, 4) image of distinct values. */
const P = [
  [
    [
      [0.3, -0.8, 1.2, 0.5],
      [-0.1, 0.9, -1.5, 0.2],
      [0.7, -0.4, 0.6, -0.9],
      [1.1, 0.05, -0.6, 0.4],
    ],
  ],
];
const BN_X = [
  [0.5, -1.2, 2.0],
  [1.5, 0.3, -0.7],
  [-0.2, 0.8, 0.1],
];
const GAMMA = [1.5, 0.5, -1.0];
const BETA = [0.1, 0.2, -0.3];

/** γ·(x − μ)/√(σ² + ε) + β per column of a (N, C) nested array, with the batch's biased statistics. */
function bnRef(x: number[][], eps = 2e-5): number[][] {
  const N = x.length;
  const mu = x[0].map((_, c) => x.reduce((s, r) => s + r[c], 0) / N);
  const v = x[0].map((_, c) => x.reduce((s, r) => s + (r[c] - mu[c]) ** 2, 0) / N);
  return x.map((r) => r.map((a, c) => (GAMMA[c] * (a - mu[c])) / Math.sqrt(v[c] + eps) + BETA[c]));
}

/** The dropout mask that seed 7 draws for `n` elements at ratio 0.4, scaled by 1/(1 − 0.4). */
function dropMask(n: number): number[] {
  const rng = new RandomState(7);
  return Array.from({ length: n }, () => (rng.random() > 0.4 ? 1 / 0.6 : 0));
}

export const CNN_CASES: Case[] = [
  {
    fn: "conv2d",
    label: "stride 1, pad 0, bias",
    f: (x, w, b) => F.conv2d(x, w, b),
    inputs: [X, W, BIAS],
    shape: [1, 3, 2, 2],
    value: naiveConv2d(f64(X), f64(W), f64(BIAS), [1, 1], [0, 0]).toArray(),
  },
  {
    fn: "conv2d",
    label: "stride 2, pad 1, no bias",
    f: (x, w) => F.conv2d(x, w, { stride: 2, pad: 1 }),
    inputs: [X, W],
    shape: [1, 3, 2, 2],
    value: naiveConv2d(f64(X), f64(W), null, [2, 2], [1, 1]).toArray(),
  },
  {
    fn: "deconv2d",
    label: "stride 2, pad 1, bias",
    f: (x, w, b) => F.deconv2d(x, w, b, { stride: 2, pad: 1 }),
    inputs: [X, WD, BIAS],
    shape: [1, 3, 7, 7],
    value: naiveDeconv2d(f64(X), f64(WD), f64(BIAS), [2, 2], [1, 1]).toArray(),
  },
  {
    fn: "im2col",
    label: "2×2 windows of 1..9 as a matrix",
    f: (x) => F.im2col(x, 2),
    inputs: [NINE],
    shape: [4, 4],
    value: [
      [1, 2, 4, 5],
      [2, 3, 5, 6],
      [4, 5, 7, 8],
      [5, 6, 8, 9],
    ],
  },
  {
    fn: "im2col",
    label: "(N, C, KH, KW, OH, OW) with zero padding",
    f: (x) => F.im2col(x, 3, { stride: 2, pad: 1, toMatrix: false }),
    inputs: [NINE],
    shape: [1, 1, 3, 3, 2, 2],
    value: [
      [
        [
          [
            [
              [0, 0],
              [0, 5],
            ],
            [
              [0, 0],
              [4, 6],
            ],
            [
              [0, 0],
              [5, 0],
            ],
          ],
          [
            [
              [0, 2],
              [0, 8],
            ],
            [
              [1, 3],
              [7, 9],
            ],
            [
              [2, 0],
              [8, 0],
            ],
          ],
          [
            [
              [0, 5],
              [0, 0],
            ],
            [
              [4, 6],
              [0, 0],
            ],
            [
              [5, 0],
              [0, 0],
            ],
          ],
        ],
      ],
    ],
  },
  {
    fn: "col2im",
    label: "ones fold into window counts",
    f: (c) => F.col2im(c, [1, 1, 3, 3], 2),
    inputs: [Array.from({ length: 4 }, () => [1, 1, 1, 1])],
    shape: [1, 1, 3, 3],
    value: [
      [
        [
          [1, 2, 1],
          [2, 4, 2],
          [1, 2, 1],
        ],
      ],
    ],
  },
  {
    fn: "pooling",
    label: "2×2, stride 2",
    f: (x) => F.pooling(x, 2, { stride: 2 }),
    inputs: [P],
    shape: [1, 1, 2, 2],
    value: [
      [
        [
          [0.9, 1.2],
          [1.1, 0.6],
        ],
      ],
    ],
  },
  {
    fn: "pooling",
    label: "3×3, stride 2, pad 1: padding is −∞",
    f: (x) => F.pooling(F.sub(x, 2), 3, { stride: 2, pad: 1 }),
    inputs: [P],
    shape: [1, 1, 2, 2],
    value: [
      [
        [
          [0.9 - 2, 1.2 - 2],
          [1.1 - 2, 0.9 - 2],
        ],
      ],
    ],
  },
  {
    fn: "averagePooling",
    label: "2×2, stride 2",
    f: (x) => F.averagePooling(x, 2, { stride: 2 }),
    inputs: [P],
    shape: [1, 1, 2, 2],
    value: [
      [
        [
          [0.075, 0.1],
          [0.3625, -0.125],
        ],
      ],
    ],
  },
  {
    fn: "batchNorm",
    label: "(N, C) train mode",
    f: (x, g, b) => F.batchNorm(x, g, b, f64([0, 0, 0]), f64([1, 1, 1])),
    inputs: [BN_X, GAMMA, BETA],
    shape: [3, 3],
    value: bnRef(BN_X),
  },
  {
    fn: "batchNorm",
    label: "(N, C, H, W) test mode",
    f: (x, g, b) =>
      testMode(() =>
        F.batchNorm(F.reshape(x, [1, 3, 1, 3]), g, b, f64([0.2, -0.1, 0.4]), f64([1.5, 0.5, 2.0])),
      ),
    inputs: [BN_X, GAMMA, BETA],
    shape: [1, 3, 1, 3],
    value: BN_X.map((r, c) => [
      r.map((a) => (GAMMA[c] * (a - [0.2, -0.1, 0.4][c])) / Math.sqrt([1.5, 0.5, 2.0][c] + 2e-5) + BETA[c]),
    ]),
  },
  {
    fn: "dropout",
    label: "ratio 0.4, seeded",
    f: (x) => {
      random.seed(7);
      return F.dropout(x, 0.4);
    },
    inputs: [BN_X],
    shape: [3, 3],
    value: BN_X.flat().map((a, i) => a * dropMask(9)[i]),
  },
  {
    fn: "dropout",
    label: "test mode is the identity",
    f: (x) => testMode(() => F.dropout(x)),
    inputs: [BN_X],
    shape: [3, 3],
    value: BN_X,
  },
  {
    fn: "embedId",
    label: "ids [2, 0, 2] (repeated rows accumulate)",
    f: (w) => F.embedId([2, 0, 2], w),
    inputs: [BN_X],
    shape: [3, 3],
    value: [BN_X[2], BN_X[0], BN_X[2]],
  },
];
