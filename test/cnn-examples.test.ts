/**
 * @file The generative examples run end to end on a slice of the shipped digits: the DCGAN's two losses move
 * apart from chance, and the VAE's negative ELBO falls. (Full runs: `npx tsx examples/dcgan.ts`, `examples/vae.ts`.)
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dcgan, sample } from "../examples/dcgan.js";
import { latentGrid, vae } from "../examples/vae.js";

const quiet = () => {};

describe("generative examples", () => {
  it("DCGAN: two epochs on 640 digits; the discriminator beats chance (loss < 2 ln 2) and samples are images", async () => {
    const { gen, history, hiddenSize } = await dcgan({ epochs: 2, limit: 640, log: quiet });
    assert.equal(history.length, 2);
    for (const h of history)
      assert.ok(Number.isFinite(h.lossD) && Number.isFinite(h.lossG), JSON.stringify(h));
    assert.ok(history[1].lossD < 2 * Math.LN2, `loss(D) ${history[1].lossD}`);
    const images = sample(gen, hiddenSize, 4);
    assert.deepEqual(images.shape, [4, 1, 28, 28]);
    assert.ok(images.data.every((v) => v > 0 && v < 1));
  });

  it("VAE: the negative ELBO falls over three epochs on 640 digits; a latent grid decodes to images", async () => {
    const { model, history } = await vae({ epochs: 3, limit: 640, log: quiet });
    assert.ok(history[2] < history[0] - 20, `losses ${history}`);
    assert.deepEqual(model.decode(latentGrid(3)).shape, [9, 1, 28, 28]);
  });
});
