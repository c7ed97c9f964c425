/** @file After dz.random.seed, layers, datasets, shuffles and dropout start from DeZero's exact numbers. */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  datasets,
  F,
  L,
  MLP,
  ones,
  optimizers,
  RandomState,
  random,
  usingConfig,
  type Variable,
  zeros,
} from "../src/index.js";

const goldens = JSON.parse(readFileSync(new URL("./fixtures/random-goldens.json", import.meta.url), "utf8"));
const dz = goldens.dezero;
const skip = dz === null ? "DeZero was not importable when the goldens were made" : false;
const f32 = (values: number[]) => Array.from(Float32Array.from(values));
const flat = (v: Variable) => Array.from(v.data.data);

describe("initial weights and data equal DeZero's after the same seed", { skip }, () => {
  it("step 45: seed 0, two rand(100, 1), MLP([10, 1]) drawn at the first call", () => {
    random.seed(0);
    const x = random.rand([100, 1], { dtype: "float64" });
    random.rand([100, 1], { dtype: "float64" });
    const model = new MLP([10, 1]);
    model.call(x);
    assert.equal(model.layers[0].W.dtype, dz.mlp45.dtype);
    assert.deepEqual(flat(model.layers[0].W), f32(dz.mlp45.W0));
    assert.deepEqual(flat(model.layers[1].W), f32(dz.mlp45.W1));
  });

  it("step 48: getSpiral on the global generator, then permutation and weights, give DeZero's data and losses", () => {
    const { x, t } = datasets.getSpiral(true, random.state);
    assert.deepEqual(Array.from(x.data.subarray(0, 10)), f32(dz.spiral48.x));
    assert.deepEqual(Array.from(t.data.subarray(0, 10)), dz.spiral48.t);
    const model = new MLP([10, 3]);
    const optimizer = new optimizers.SGD({ lr: 1.0 }).setup(model);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      const index = Array.from(random.permutation(300).data);
      if (epoch === 0) assert.deepEqual(index.slice(0, 10), dz.spiral48.index);
      let total = 0;
      for (let i = 0; i < 10; i++) {
        const batch = index.slice(i * 30, (i + 1) * 30);
        const xb = F.getItem(x, [batch]).data;
        const tb = F.getItem(t, [batch]).data;
        const loss = F.softmaxCrossEntropy(model.call(xb), tb);
        if (epoch === 0 && i === 0) assert.deepEqual(flat(model.layers[0].W), f32(dz.spiral48.W0));
        model.cleargrads();
        loss.backward();
        optimizer.update();
        total += loss.item() * 30;
      }
      losses.push(total / 300);
    }
    // float32 sums in another order than NumPy's: equal to 1e-5 relative.
    for (const [i, l] of losses.entries()) {
      assert.ok(Math.abs(l - dz.spiral48.losses[i]) < 1e-5 * l, `epoch ${i + 1}: ${l}`);
    }
  });

  it("the private generator gives the same spiral without touching the global one", () => {
    random.seed(5);
    const expected = random.random();
    random.seed(5);
    const train = new datasets.Spiral();
    assert.deepEqual(Array.from(train.data.data.subarray(0, 10)), f32(dz.spiral48.x));
    assert.equal(random.random(), expected);
    const viaGlobal = new datasets.Spiral({ rng: random.state });
    assert.deepEqual(viaGlobal.data.data, train.data.data);
    assert.deepEqual(Array.from(random.permutation(300).data.subarray(0, 10)), dz.spiral48.index);
  });

  it("Conv2d and Deconv2d draw DeZero's W at the first call", () => {
    random.seed(3);
    const conv = new L.Conv2d(4, 3);
    conv.call(zeros([1, 2, 5, 5]));
    const deconv = new L.Deconv2d(2, 3);
    deconv.call(zeros([1, 3, 4, 4]));
    assert.deepEqual(flat(conv.W), f32(dz.conv.conv));
    assert.deepEqual(flat(deconv.W), f32(dz.conv.deconv));
  });

  it("RNN, LSTM and EmbedID draw in DeZero's order (RNN's h2h at its second step, LSTM's h2* at construction)", () => {
    random.seed(4);
    const rnn = new L.RNN(3);
    const x = ones([1, 2]);
    rnn.call(x);
    rnn.call(x);
    const lstm = new L.LSTM(2);
    lstm.call(x);
    const embed = new L.EmbedID(4, 3);
    const r = dz.recurrent;
    assert.deepEqual(flat(rnn.x2h.W), f32(r.x2h));
    assert.deepEqual(flat(rnn.h2h.W), f32(r.h2h));
    assert.deepEqual(flat(lstm.h2f.W), f32(r.lstm_h2f));
    assert.deepEqual(flat(lstm.h2u.W), f32(r.lstm_h2u));
    assert.deepEqual(flat(lstm.x2f.W), f32(r.lstm_x2f));
    assert.deepEqual(flat(lstm.x2u.W), f32(r.lstm_x2u));
    assert.deepEqual(flat(embed.W), f32(r.embed));
  });

  it("dropout draws DeZero's mask and scales as DeZero does", () => {
    random.seed(0);
    const y = usingConfig("train", true, () => F.dropout(ones([3, 4]), dz.dropout.ratio));
    assert.deepEqual(flat(y), f32(dz.dropout.values));
  });

  it("a RandomState of its own gives the same stream as the global generator", () => {
    random.seed(21);
    const a = Array.from(random.randn([5], { dtype: "float64" }).data);
    assert.deepEqual(Array.from(new RandomState(21).randn([5], { dtype: "float64" }).data), a);
  });
});
