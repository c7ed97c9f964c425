/**
 * @file ONNX import of files exported by PyTorch (test/fixtures/onnx, made by scripts/make-onnx-fixtures.py):
 * the imported models predict like ONNX Runtime on the same inputs, their initializers are Parameters that
 * train (backward through every imported op, the loss falls), and unknown op types are named in the error.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { F, onnx, optimizers, Parameter, RandomState, Variable } from "../src/index.js";
import { decodeModel, encodeModel } from "../src/onnx/proto.js";
import { dezeroRun, maxDiff, ortRun } from "./onnx-helpers.js";

const FIXTURES = new URL("./fixtures/onnx/", import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const rng = new RandomState(0);

describe("ONNX import of PyTorch-exported models", () => {
  it("an MLP (Gemm, Relu) predicts like ONNX Runtime, its weights named as in PyTorch", async () => {
    const bytes = fixture("torch-mlp.onnx");
    const model = await onnx.importModel(bytes);
    assert.deepEqual(Object.keys(model.namedParams()).sort(), ["0.bias", "0.weight", "2.bias", "2.weight"]);
    const x = rng.randn([5, 6], { dtype: "float32" });
    const got = dezeroRun(model, [x]);
    const expected = await ortRun(bytes, [x]);
    assert.deepEqual(got.shape, expected.dims);
    assert.ok(
      maxDiff(got.data.data, expected.data) < 1e-5,
      `differs by ${maxDiff(got.data.data, expected.data)}`,
    );
  });

  it("a CNN (Conv, BatchNormalization, Relu, MaxPool, AveragePool, Flatten, Gemm, Softmax) predicts like ONNX Runtime", async () => {
    const path = new URL("torch-cnn.onnx", FIXTURES).pathname;
    const model = await onnx.importModel(path);
    for (const name of ["1.running_mean", "1.running_var"]) {
      assert.equal(model.namedParams()[name].requiresGrad, false, `${name} takes no gradient`);
    }
    const x = rng.randn([4, 1, 12, 12], { dtype: "float32" });
    const got = dezeroRun(model, [x]);
    const expected = await ortRun(fixture("torch-cnn.onnx"), [x]);
    assert.deepEqual(got.shape, expected.dims);
    assert.ok(
      maxDiff(got.data.data, expected.data) < 1e-5,
      `differs by ${maxDiff(got.data.data, expected.data)}`,
    );
  });

  it("the imported CNN fine-tunes: every trainable initializer gets a gradient and the loss falls", async () => {
    const model = await onnx.importModel(fixture("torch-cnn.onnx"));
    const x = new Variable(rng.randn([16, 1, 12, 12], { dtype: "float32" }));
    const t = Int32Array.from({ length: 16 }, (_, i) => i % 5);
    const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      // the model ends in Softmax: the loss is the mean negative log-probability of the labels
      const y = model.call(x);
      const loss = F.neg(
        F.mean(F.log(F.getItem(y, [Array.from({ length: 16 }, (_, i) => i), Array.from(t)]))),
      );
      model.cleargrads();
      loss.backward();
      if (step === 0) {
        for (const [name, p] of Object.entries(model.namedParams())) {
          if (p.requiresGrad)
            assert.ok(p.grad !== null && p.grad.shape.join() === p.shape.join(), `${name} has a gradient`);
        }
      }
      optimizer.update();
      losses.push(loss.item());
    }
    assert.ok(
      losses.every((l, i) => i === 0 || l < losses[i - 1]) && losses[7] < 0.9 * losses[0],
      `loss did not fall: ${losses.map((l) => l.toFixed(3)).join(", ")}`,
    );
    assert.ok(Object.values(model.namedParams()).every((p) => p instanceof Parameter));
  });

  it("an unknown op type is an error naming the node and the op type", async () => {
    const proto = await decodeModel(fixture("torch-mlp.onnx"), "torch-mlp.onnx");
    const node = proto.graph!.node![1];
    node.opType = "FancyRelu";
    await assert.rejects(
      onnx.importModel(await encodeModel(proto)),
      new RegExp(
        `onnx.importModel: node '${node.name}' has op type 'FancyRelu', which dezero-ts does not import`,
      ),
    );
  });

  it("rejects bytes that are not ONNX, and the wrong number of inputs", async () => {
    await assert.rejects(
      onnx.importModel(Uint8Array.of(0xff, 0xff, 0xff)),
      /onnx.importModel: <bytes> is not a valid ONNX file/,
    );
    await assert.rejects(
      onnx.importModel(42 as unknown as string),
      /expected a Uint8Array or a file path, got number/,
    );
    const model = await onnx.importModel(fixture("torch-mlp.onnx"));
    assert.throws(() => model.call(), /OnnxModel: expected 1 inputs \(x\), got 0/);
  });
});
