/** @file examples/style-transfer.ts: the Gram matrix and losses by hand, and a few optimisation steps that lower the loss. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  contentLoss,
  deprocessImage,
  gramMat,
  StyleVGG16,
  styleLoss,
  totalVariationLoss,
  transferStyle,
} from "../examples/style-transfer.js";
import { array, random, Variable, VGG16 } from "../src/index.js";

const f64 = (v: number[][][][]) => new Variable(array(v, { dtype: "float64" }));

describe("examples/style-transfer", () => {
  it("computes the Gram matrix, style, content and total-variation losses as their formulas say", () => {
    const x = f64([[[[1, 2]], [[3, 4]]]]); // (1, C 2, H 1, W 2)
    assert.deepEqual(gramMat(x).data.toArray(), [
      [
        [5, 11],
        [11, 25],
      ],
    ]);
    const y = f64([[[[1, 2]], [[3, 5]]]]); // G = [[5, 13], [13, 34]]
    // DeZero's mean squared error divides Σ(ΔG)² by len = 1: (0 + 4 + 4 + 81) / (4 · (2·2·1)²)
    assert.ok(Math.abs(styleLoss(x, y).item() - 89 / 64) < 1e-12);
    assert.ok(Math.abs(contentLoss(x, y).item() - 0.5) < 1e-12); // Σ Δ² / len / 2 = 1 / 1 / 2
    const img = f64([
      [
        [
          [1, 2],
          [4, 8],
        ],
      ],
    ]); // (1, 1, 2, 2): down 4 − 1, right 2 − 1
    assert.equal(totalVariationLoss(img).item(), 3 ** 2 + 1 ** 2);
  });

  it("deprocessImage inverts VGG16.preprocess (same size)", () => {
    const rgb = array(
      Array.from({ length: 2 }, (_, y) => Array.from({ length: 3 }, (_, x) => [10 * x, 20 * y + 5, 200])),
      { dtype: "uint8" },
    );
    const back = deprocessImage(VGG16.preprocess(rgb, { size: null }));
    assert.deepEqual(Array.from(back.data), Array.from(rgb.data));
  });

  it("lowers the loss over a few AdaGrad steps on VGG16 (random weights, 32 × 32 pictures)", () => {
    random.seed(0);
    const model = new StyleVGG16();
    const content = random.rand([1, 3, 32, 32]).mul(255).sub(120);
    const style = random.rand([1, 3, 32, 32]).mul(255).sub(120);
    const { image, losses } = transferStyle(model, content, style, { iterations: 3, lr: 5 });
    assert.deepEqual(image.shape, [1, 3, 32, 32]);
    assert.ok(losses[2] < losses[0], `losses ${losses}`);
    assert.ok(
      Array.from(image.data).some((v, i) => v !== content.data[i]),
      "the image changed",
    );
  });
});
