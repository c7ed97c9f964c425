/**
 * @file Layers on WebGPU against the host: a small CNN with batch norm (conv → batch norm → relu → pool →
 * linear) takes the same training steps on the GPU as on the host (losses, running statistics, parameters
 * within float32 tolerance), and gives the same test-mode outputs.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { F, L, Model, optimizers, random, testMode, type Variable } from "../src/index.js";
import { assertClose } from "./helpers.js";
import { withGpu } from "./webgpu-env.js";

class TinyCNN extends Model {
  conv = new L.Conv2d(4, 3, 1, 1);
  bn = new L.BatchNorm();
  fc = new L.Linear(3);
  forward(x: Variable): Variable {
    return this.fc.call(F.flatten(F.pooling(F.relu(this.bn.call(this.conv.call(x))), 2, 2)));
  }
}

/**
 * A seeded model, its first call made on the host (weights drawn there), then on the GPU when `gpu`. NOTE: SGD,
 * not Adam: the conv bias before batch norm has a gradient of zero up to rounding, which Adam would scale up.
 */
function setup(gpu: boolean) {
  random.seed(3);
  const x = random.randn([5, 2, 6, 6]);
  const t = random.randint(0, 3, [5]);
  const model = new TinyCNN();
  testMode(() => model.call(x));
  if (gpu) model.toGpu();
  return {
    model,
    x: gpu ? x.toGpu() : x,
    t: gpu ? t.toGpu() : t,
    opt: new optimizers.SGD(0.1).setup(model),
  };
}

await withGpu(import.meta.url, () => {
  describe("layers on WebGPU", () => {
    it("a CNN with batch norm trains as on the host: losses, running statistics, parameters", async () => {
      const [host, dev] = [setup(false), setup(true)];
      for (let step = 0; step < 3; step++) {
        const losses = await Promise.all(
          [host, dev].map(async ({ model, x, t, opt }) => {
            const loss = F.softmaxCrossEntropy(model.call(x), t);
            model.cleargrads();
            loss.backward();
            opt.update();
            return loss.itemAsync();
          }),
        );
        assert.ok(Math.abs(losses[0] - losses[1]) < 1e-4, `step ${step}: ${losses[0]} vs ${losses[1]}`);
      }
      await dev.model.toCpu();
      const want = host.model.namedParams();
      for (const [name, p] of Object.entries(dev.model.namedParams())) {
        assert.doesNotThrow(() => assertClose(p.data, want[name].data, { rtol: 1e-3, atol: 1e-4 }), name);
      }
    });

    it("test mode uses the running statistics on the GPU as on the host", async () => {
      const [host, dev] = [setup(false), setup(true)];
      const want = testMode(() => host.model.call(host.x)).data;
      const got = await testMode(() => dev.model.call(dev.x)).data.toCpu();
      assertClose(got, want, { rtol: 1e-4, atol: 1e-5 });
    });
  });
});
