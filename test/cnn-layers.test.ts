/** @file CNN layers: Conv2d/Deconv2d lazy channels and init, BatchNorm running statistics in weights and optimizers, EmbedID. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  array,
  F,
  L,
  Model,
  optimizers,
  random,
  Sequential,
  testMode,
  type Variable,
  zeros,
} from "../src/index.js";
import { assertClose } from "./helpers.js";

function std(data: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < data.length; i++) {
    s += data[i];
    s2 += data[i] * data[i];
  }
  return Math.sqrt(s2 / data.length - (s / data.length) ** 2);
}

describe("Conv2d and Deconv2d", () => {
  it("Conv2d takes its input channels from the first input, with DeZero's init N(0, 1/(C·KH·KW))", () => {
    random.seed(1);
    const conv = new L.Conv2d(64, 3, { pad: 1 });
    assert.equal(conv.W.data.size, 0);
    const y = conv.call(zeros([2, 16, 5, 5]));
    assert.deepEqual(y.shape, [2, 64, 5, 5]);
    assert.deepEqual(conv.W.shape, [64, 16, 3, 3]);
    assert.equal(conv.W.dtype, "float32");
    assert.ok(Math.abs(std(conv.W.data.data) / Math.sqrt(1 / (16 * 9)) - 1) < 0.05);
    assert.deepEqual([...conv.b!.data.data], new Array(64).fill(0));
  });

  it("Conv2d with inChannels creates W at once; nobias drops b; the output equals F.conv2d", () => {
    random.seed(2);
    const conv = new L.Conv2d(3, [3, 2], {
      stride: 2,
      pad: [1, 0],
      inChannels: 2,
      nobias: true,
      dtype: "float64",
    });
    assert.deepEqual(conv.W.shape, [3, 2, 3, 2]);
    assert.equal(conv.b, null);
    assert.deepEqual(Object.keys(conv.namedParams()), ["W"]);
    const x = random.randn([1, 2, 6, 5], { dtype: "float64" });
    assertClose(conv.call(x).data, F.conv2d(x, conv.W, { stride: 2, pad: [1, 0] }).data, {
      rtol: 0,
      atol: 0,
    });
  });

  it("Deconv2d has W (C, OC, KH, KW) and doubles the size with kernel 4, stride 2, pad 1", () => {
    random.seed(3);
    const deconv = new L.Deconv2d(8, 4, { stride: 2, pad: 1 });
    const y = deconv.call(zeros([2, 5, 7, 7]));
    assert.deepEqual(deconv.W.shape, [5, 8, 4, 4]);
    assert.deepEqual(y.shape, [2, 8, 14, 14]);
    assert.ok(Math.abs(std(deconv.W.data.data) / Math.sqrt(1 / (5 * 16)) - 1) < 0.1);
    const fixed = new L.Deconv2d(1, 3, { stride: 2, outSize: 10, inChannels: 2 });
    assert.deepEqual(fixed.call(zeros([1, 2, 4, 4])).shape, [1, 1, 10, 10]);
  });

  it("convolution layers name themselves in bad input", () => {
    assert.throws(
      () => new L.Conv2d(4, 3).call(zeros([3, 5, 5])),
      /Conv2d: expected an image batch \(N, C, H, W\), got shape \[3,5,5\]/,
    );
    assert.throws(() => new L.Conv2d(0, 3), /Conv2d: outChannels must be a positive integer, got 0/);
    assert.throws(
      () => new L.Deconv2d(2, [3, 3, 3] as never),
      /Deconv2d: kernelSize must be a number or a pair/,
    );
    assert.throws(
      () => new L.Conv2d(2, 3, { inChannels: 3 }).call(zeros([1, 4, 5, 5])),
      /conv2d: x \[1,4,5,5\] has 4 channels but W \[2,3,3,3\] expects 3/,
    );
  });
});

class Net extends Model {
  conv = new L.Conv2d(4, 3, { pad: 1 });
  bn = new L.BatchNorm();
  fc = new L.Linear(3);
  forward(x: Variable) {
    return this.fc.call(F.flatten(F.relu(this.bn.call(this.conv.call(x)))));
  }
}

describe("BatchNorm layer", () => {
  it("keeps avg_mean / avg_var beside gamma / beta, named as DeZero's weight files", () => {
    const net = new Net();
    net.call(zeros([2, 1, 4, 4]));
    assert.deepEqual(Object.keys(net.namedParams()), [
      "conv/W",
      "conv/b",
      "bn/avg_mean",
      "bn/avg_var",
      "bn/gamma",
      "bn/beta",
      "fc/W",
      "fc/b",
    ]);
    assert.equal(net.bn.runningMean, net.bn.avg_mean);
    assert.deepEqual([...net.bn.gamma.data.data], [1, 1, 1, 1]);
  });

  it("optimizers (with weight decay) update gamma and beta but never the running statistics", () => {
    random.seed(4);
    const net = new Net();
    const opt = new optimizers.Adam({ alpha: 0.01 }).setup(net).addHook(optimizers.WeightDecay(0.1));
    const x = random.randn([8, 1, 4, 4]);
    const loss = F.softmaxCrossEntropy(net.call(x), [0, 1, 2, 0, 1, 2, 0, 1]);
    const stats = [...net.bn.avg_mean.data.data, ...net.bn.avg_var.data.data];
    const gamma = [...net.bn.gamma.data.data];
    net.cleargrads();
    loss.backward();
    assert.equal(net.bn.avg_mean.grad, null);
    assert.equal(net.bn.avg_var.grad, null);
    opt.update();
    assert.deepEqual([...net.bn.avg_mean.data.data, ...net.bn.avg_var.data.data], stats);
    assert.notDeepEqual([...net.bn.gamma.data.data], gamma);
  });

  it("the running statistics round-trip through .npz and drive test mode", () => {
    random.seed(5);
    const a = new Sequential(new L.BatchNorm());
    for (let i = 0; i < 60; i++) a.call(F.add(F.mul(random.randn([16, 3]), 2), 5));
    const bn = a.namedParams();
    assert.ok(Math.abs(bn["l0/avg_mean"].data.data[0] - 5) < 0.5, `${bn["l0/avg_mean"].data}`);
    assert.ok(Math.abs(bn["l0/avg_var"].data.data[0] - 4) < 1.5, `${bn["l0/avg_var"].data}`);
    const b = new Sequential(new L.BatchNorm());
    b.loadWeightBytes(a.weightBytes("npz"));
    const x = array([[5, 5, 5]]);
    const ya = testMode(() => a.call(x));
    const yb = testMode(() => b.call(x));
    assertClose(yb.data, ya.data, { rtol: 0, atol: 0 });
    assertClose(ya.data, [0, 0, 0], { atol: 0.3 });
  });
});

describe("EmbedID layer", () => {
  it("looks up rows of W ~ N(0, 1) and accumulates gradients of repeated ids", () => {
    random.seed(6);
    const embed = new L.EmbedID(10, 4);
    assert.deepEqual(embed.W.shape, [10, 4]);
    const y = embed.call(array([[1, 2, 1]], { dtype: "int32" }));
    assert.deepEqual(y.shape, [1, 3, 4]);
    F.sum(y).backward();
    assert.deepEqual(Array.from(embed.W.grad!.data.data.slice(4, 12)), [2, 2, 2, 2, 1, 1, 1, 1]);
    assert.throws(() => new L.EmbedID(0, 3), /EmbedID: inSize must be a positive integer, got 0/);
  });
});
