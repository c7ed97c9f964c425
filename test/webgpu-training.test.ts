/** @file Training on the GPU: the spiral MLP learns as on the host, GPU memory stays flat, models/loaders/weights move, and the device errors. */

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { batchNormSimple } from "../src/functions/batch-norm.js";
import {
  array,
  DataLoader,
  datasets,
  F,
  gpu,
  L,
  MLP,
  type Model,
  ones,
  optimizers,
  random,
  Sequential,
  Variable,
  zeros,
} from "../src/index.js";
import { assertClose } from "./helpers.js";
import { withGpu } from "./webgpu-env.js";

/** One epoch of `model` on `loader`, awaiting each step's loss (as a GPU training loop reads it). */
async function epoch(model: Model, opt: optimizers.Optimizer, loader: DataLoader): Promise<number> {
  let total = 0;
  for (const [x, t] of loader) {
    const loss = F.softmaxCrossEntropy(model.call(x), t);
    model.cleargrads();
    loss.backward();
    opt.update();
    total += (await loss.itemAsync()) * x.shape[0];
  }
  return total / loader.dataSize;
}

/** Accuracy of `model` on the spiral's test split, computed on the host from read-back scores. */
async function testAccuracy(model: Model, onGpu: boolean): Promise<number> {
  const test = new datasets.Spiral({ train: false });
  const [x, t] = new DataLoader(test, test.length, { shuffle: false }).next();
  const y = model.call(onGpu ? x.toGpu() : x);
  return F.accuracy(await y.data.toCpu(), t).item();
}

/** A spiral MLP, its optimizer and loader, all seeded alike. */
function setup(seed: number) {
  random.seed(seed);
  const model = new MLP([10, 3]);
  model.call(array([[0, 0]])); // the weights drawn now, so two setups with one seed start alike
  const opt = new optimizers.SGD({ lr: 1 }).setup(model);
  const loader = new DataLoader(new datasets.Spiral(), 30, { seed });
  return { model, opt, loader };
}

await withGpu(import.meta.url, () => {
  describe("webgpu training", () => {
    it("the spiral MLP trains on the GPU to the host's accuracy, with the same losses", async () => {
      const host = setup(3);
      const dev = setup(3);
      dev.model.toGpu();
      dev.loader.toGpu();
      const epochs = 30;
      for (let e = 0; e < epochs; e++) {
        const [lh, ld] = [
          await epoch(host.model, host.opt, host.loader),
          await epoch(dev.model, dev.opt, dev.loader),
        ];
        if (e < 3) assertClose(ld, lh, { rtol: 1e-3, atol: 1e-4 });
      }
      const [ah, ad] = [await testAccuracy(host.model, false), await testAccuracy(dev.model, true)];
      assert.ok(ah > 0.6, `the host model learned (${ah})`);
      assert.ok(Math.abs(ad - ah) <= 0.02, `GPU accuracy ${ad} vs host ${ah}`);
    });

    it("GPU memory in use stays flat over training steps that await the loss", async () => {
      const { model, opt, loader } = setup(4);
      // NOTE: this model's live set is ~20 KB, below the default 1 MiB of slack: collect at 10 % of it
      gpu.setMemoryPolicy({ minBytes: 0 });
      model.toGpu();
      loader.toGpu();
      await epoch(model, opt, loader); // warm up: every buffer size of a step is in the pool
      const samples: number[] = [];
      for (let e = 0; e < 8; e++) {
        await epoch(model, opt, loader);
        // at a read-back after the epoch (a step boundary: the last step's graph is dead by now)
        await model.layers[0].W.data.toCpu();
        samples.push(gpu.memory().inUse);
      }
      const base = samples[0];
      for (const s of samples) assert.ok(Math.abs(s - base) <= 0.1 * base, `inUse ${samples.join(", ")}`);
    });

    it("model.toGpu / toCpu move parameters and Adam's state; a GPU model saves its weights", async () => {
      const { model, loader } = setup(5);
      const opt = new optimizers.Adam().setup(model);
      const ref = setup(5);
      const refOpt = new optimizers.Adam().setup(ref.model);
      await epoch(ref.model, refOpt, ref.loader);
      model.toGpu();
      loader.toGpu();
      await epoch(model, opt, loader);
      assert.equal(model.layers[0].W.device, "gpu");
      const dir = mkdtempSync(join(tmpdir(), "dezero-gpu-"));
      try {
        const path = await model.saveWeights(join(dir, "w"));
        const loaded = new MLP([10, 3]);
        loaded.call(array([[0, 0]]));
        await loaded.loadWeights(path);
        await model.toCpu();
        assert.equal(model.layers[0].W.device, "cpu");
        for (const [a, b] of [
          [loaded.layers[0].W, model.layers[0].W],
          [loaded.layers[1].b!, model.layers[1].b!],
        ])
          assert.deepEqual(Array.from(a.data.data), Array.from(b.data.data));
        assertClose(model.layers[0].W, ref.model.layers[0].W, { rtol: 1e-3, atol: 1e-5 });
        // the state came back: one more host step matches the reference's
        loader.toCpu();
        await epoch(model, opt, loader);
        await epoch(ref.model, refOpt, ref.loader);
        assertClose(model.layers[1].W, ref.model.layers[1].W, { rtol: 1e-3, atol: 1e-5 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("webgpu CNN", () => {
    it("a conv + pool + linear model gives the host's loss and gradients, and trains a step alike", async () => {
      const make = () => {
        const model = new Sequential(
          new L.Conv2d(4, 3, { pad: 1 }),
          F.relu,
          (v: Variable) => F.pooling(v, 2, { stride: 2 }),
          (v: Variable) => F.reshape(v, [v.shape[0], -1]),
          new L.Linear(3),
        );
        return { model, opt: new optimizers.MomentumSGD({ lr: 0.1 }).setup(model) };
      };
      random.seed(7);
      const x = random.randn(2, 2, 6, 6).astype("float32");
      const t = array([0, 2], { dtype: "int32" });
      const host = make();
      const dev = make();
      const losses: number[] = [];
      for (const [side, onGpu] of [
        [host, false],
        [dev, true],
      ] as const) {
        if (onGpu) side.model.toGpu(); // before the first call: the lazy weights are drawn on the input's device
        random.seed(6); // the lazy weights are drawn at the first call: alike on both sides
        const loss = F.softmaxCrossEntropy(side.model.call(onGpu ? x.toGpu() : x), t);
        side.model.cleargrads();
        loss.backward();
        side.opt.update();
        losses.push(await loss.itemAsync());
      }
      assertClose(losses[1], losses[0], { rtol: 1e-5, atol: 1e-6 });
      await dev.model.toCpu();
      const [hp, dp] = [[...host.model.params()], [...dev.model.params()]];
      for (let i = 0; i < hp.length; i++) assertClose(dp[i], hp[i], { rtol: 1e-4, atol: 1e-5 });
    });
  });

  describe("webgpu arrays", () => {
    it("round trips keep values and dtypes: float32, int32, uint8, bool, 0-d, empty", async () => {
      for (const x of [
        array([
          [1.5, -2],
          [3, 4],
        ]),
        array([1, -7, 2 ** 30], { dtype: "int32" }),
        array([0, 200, 255], { dtype: "uint8" }),
        array([true, false, true]),
        array(3.25),
        array([], { dtype: "float32" }),
      ]) {
        const g = x.toGpu();
        assert.equal(g.device, "gpu");
        const back = await g.toCpu();
        assert.equal(back.dtype, x.dtype);
        assert.deepEqual(back.shape, x.shape);
        assert.deepEqual(Array.from(back.data), Array.from(x.data));
      }
      assert.equal(await array(2).toGpu().itemAsync(), 2);
      const v = new Variable(array([1, 2])).toGpu();
      assert.equal(v.device, "gpu");
      await v.toCpu();
      assert.deepEqual(v.data.toArray(), [1, 2]);
    });

    it("reading a GPU array synchronously is an error naming the awaitable way", () => {
      const g = array([1, 2]).toGpu();
      for (const read of [
        () => g.data,
        () => g.item(),
        () => g.toArray(),
        () => String(g),
        () => new Variable(g).item(),
      ])
        assert.throws(read, /lives on the gpu.*await x\.toCpu\(\)/);
    });

    it("mixing host and GPU operands is an error naming both; numbers are fine", async () => {
      const g = array([1, 2]).toGpu();
      assert.throws(
        () => F.add(g, array([1, 2])),
        /add: operand 1 lives on the gpu but operand 2 on the cpu/,
      );
      assert.throws(
        () => F.matmul(array([[1, 2]]), array([[1], [2]]).toGpu()),
        /operand 2 lives on the gpu but operand 1 on the cpu/,
      );
      assert.deepEqual(await F.add(g, 1).data.toArrayAsync(), [2, 3]);
      assert.deepEqual(await g.mul(3).toArrayAsync(), [3, 6]);
    });

    it("float64 cannot go to the GPU; batch norm wants device statistics", () => {
      assert.throws(() => array([1], { dtype: "float64" }).toGpu(), /float64 arrays cannot live on the GPU/);
      const x = array([
        [1, 2],
        [3, 4],
      ]).toGpu();
      const [gamma, beta] = [ones([2]).toGpu(), zeros([2]).toGpu()];
      // batch norm's running statistics must be device Variables
      assert.throws(
        () => F.batchNorm(x, gamma, beta, zeros([2]), ones([2])),
        /batchNorm: x lives on the gpu, so runningMean must be a Variable there/,
      );
    });
    it("train-mode batchNorm on the GPU (its fused kernels) equals batchNormSimple there (device ops)", async () => {
      random.seed(3);
      for (const shape of [
        [6, 3, 5, 4],
        [9, 5],
      ]) {
        const C = shape[1];
        const run = async (f: typeof F.batchNorm) => {
          const x = new Variable(random.randn(shape, { dtype: "float32" }).toGpu());
          const gamma = new Variable(random.randn([C], { dtype: "float32" }).toGpu());
          const beta = new Variable(random.randn([C], { dtype: "float32" }).toGpu());
          const [rm, rv] = [new Variable(zeros([C]).toGpu()), new Variable(ones([C]).toGpu())];
          const y = f(x, gamma, beta, rm, rv, { eps: 1e-5 });
          F.sum(F.mul(y, y)).backward();
          const reads = [y.data, x.grad!.data, gamma.grad!.data, beta.grad!.data, rm.data, rv.data];
          return Promise.all(reads.map((a) => a.toCpu()));
        };
        random.seed(4);
        const fused = await run(F.batchNorm);
        random.seed(4);
        const composed = await run(batchNormSimple);
        // y, gx, gγ, gβ, the running mean and variance
        for (let k = 0; k < fused.length; k++) assertClose(fused[k], composed[k], { rtol: 1e-4, atol: 1e-4 });
      }
    });
  });
});
