/** @file examples/grad-cam.ts: the heat map points at the activations of the channels the top class depends on. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gradCam, overlayHeatmap } from "../examples/grad-cam.js";
import { array, F, L, Model, NDArray, type Variable } from "../src/index.js";

/** conv 1×1 (2 → 2 channels, identity) → relu → flatten → linear (8 → 2): class 0 sums channel 0, class 1 reads nothing. */
class Tiny extends Model {
  conv = new L.Conv2d(2, 1, { inChannels: 2, nobias: true });
  fc = new L.Linear(2, { inSize: 8, nobias: true });
  constructor() {
    super();
    this.conv.W.data = array(
      [
        [[[1]], [[0]]],
        [[[0]], [[1]]],
      ],
      { dtype: "float32" },
    ); // (2, 2, 1, 1) identity
    const W = new Float32Array(16);
    for (let i = 0; i < 4; i++) W[i * 2] = 1; // flattened channel 0 (entries 0–3) → class 0
    this.fc.W.data = new NDArray(W, [8, 2], "float32");
  }
  forward(x: Variable): Variable {
    return this.fc.call(F.flatten(F.relu(this.conv.call(x))));
  }
}

describe("examples/grad-cam", () => {
  it("lights up where the channel that decides the class is active, not the other one", () => {
    // channel 0 bright at the top left, channel 1 (ignored by class 0) brighter at the bottom right
    const x = array(
      [
        [
          [
            [5, 0],
            [0, 0],
          ],
          [
            [0, 0],
            [0, 9],
          ],
        ],
      ],
      { dtype: "float32" },
    );
    const model = new Tiny();
    const { heatmap, predictId } = gradCam(model, x, model.conv);
    assert.equal(predictId, 0);
    assert.deepEqual(heatmap.shape, [2, 2]);
    assert.deepEqual(Array.from(heatmap.data), [1, 0, 0, 0]);
  });

  it("blends the map over the picture in jet colours, red where it is hot", () => {
    const img = new NDArray(new Uint8Array(4 * 4 * 3), [4, 4, 3], "uint8");
    const out = overlayHeatmap(
      img,
      array(
        [
          [1, 0],
          [0, 0],
        ],
        { dtype: "float32" },
      ),
    );
    assert.deepEqual(out.shape, [4, 4, 3]);
    const [r, g, b] = out.data.subarray(0, 3); // top-left pixel: hot → red
    assert.ok(r > 40 && g < 10 && b < 10, `top-left ${[r, g, b]}`);
    const [r2, , b2] = out.data.subarray(45, 48); // bottom-right: cold → blue
    assert.ok(b2 > 40 && r2 === 0, `bottom-right ${[r2, b2]}`);
  });
});
