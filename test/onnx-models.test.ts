/**
 * @file Whole models exported to ONNX and run by ONNX Runtime against dezero-ts on the same inputs: the MLP,
 * the MNIST CNN of examples/mnist-cnn.ts, an unrolled LSTM, and VGG16 and ResNet50 on the smallest inputs
 * their architectures take (32×32; full size is too slow for the suite). Parameter names come from the
 * layers, the batch axis is dynamic, and every file passes onnx.checker where python3-onnx is installed.
 */

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { SimpleCNN } from "../examples/mnist-cnn.js";
import {
  F,
  L,
  type Layer,
  MLP,
  Model,
  type NDArray,
  onnx,
  RandomState,
  ResNet50,
  random,
  slice,
  type Variable,
  VGG16,
} from "../src/index.js";
import { checkAll, dezeroRun, maxDiff, ortRun, remember } from "./onnx-helpers.js";

/**
 * A sequence classifier: an LSTM over T steps of (N, T, D), then a linear layer on the last hidden state.
 * It does not reset the LSTM's state itself: the exporter resets every layer's state around the trace.
 */
class SeqLSTM extends Model {
  lstm = new L.LSTM(8);
  fc = new L.Linear(3);
  forward(xs: Variable): Variable {
    let h: Variable | null = null;
    for (let t = 0; t < xs.shape[1]; t++) h = this.lstm.call(F.getItem(xs, [slice(), t]));
    return this.fc.call(h as Variable);
  }
}

/** Exports `model` on `sample`, runs ORT on `input` and asserts it matches dezero-ts within `tol`. */
async function roundTrip(label: string, model: Layer, sample: NDArray, input: NDArray, tol: number) {
  const bytes = remember(label, await onnx.exportModel(model, sample, { bytes: true }));
  const expected = dezeroRun(model, [input]);
  const got = await ortRun(bytes, [input]);
  assert.deepEqual(got.dims, expected.shape);
  const diff = maxDiff(got.data, expected.data.data);
  assert.ok(diff <= tol, `${label}: ONNX Runtime differs from dezero-ts by ${diff} (tolerance ${tol})`);
  return bytes;
}

describe("ONNX export of whole models, checked by ONNX Runtime", () => {
  after(() => {
    const bad = checkAll();
    if (bad === null) console.log("# python3-onnx is not installed: onnx.checker skipped");
    else assert.deepEqual(bad, [], "onnx.checker rejected exported files");
  });
  const rng = new RandomState(0);
  const x = (shape: number[]) => rng.randn(shape, { dtype: "float32" });

  it("MLP: Gemm/Relu nodes, initializers named by parameter path, any batch size", async () => {
    random.seed(0);
    const model = new MLP([16, 8, 3], { activation: F.relu });
    const bytes = await roundTrip("MLP", model, x([2, 5]), x([7, 5]), 1e-5);
    const { buildModelProto } = await import("../src/onnx/export.js");
    const proto = buildModelProto(model, x([2, 5]));
    const graph = proto.graph!;
    assert.deepEqual(
      graph.node!.map((n) => n.opType),
      ["Gemm", "Relu", "Gemm", "Relu", "Gemm"],
    );
    assert.deepEqual(
      (graph.initializer ?? []).map((t) => t.name).sort(),
      Object.keys(model.namedParams()).sort(),
    );
    assert.equal(graph.input![0].type!.tensorType!.shape!.dim![0].dimParam, "batch");
    assert.equal(proto.opsetImport![0].version, 17);
    assert.ok(bytes.length > 4 * (5 * 16 + 16 * 8 + 8 * 3));
  });

  it("the MNIST CNN (conv → batch norm → relu → max-pool, twice, → linear) in test mode", async () => {
    random.seed(1);
    const model = new SimpleCNN();
    // a training step fills the running statistics so the export uses real ones
    F.softmaxCrossEntropy(model.call(x([4, 1, 28, 28])), [0, 1, 2, 3]).backward();
    await roundTrip("MNIST CNN", model, x([2, 1, 28, 28]), x([3, 1, 28, 28]), 1e-4);
  });

  it("an LSTM unrolled over 5 steps, then a linear layer; state left by an earlier call is reset", async () => {
    random.seed(2);
    const model = new SeqLSTM();
    model.call(x([2, 5, 4]));
    await roundTrip("LSTM", model, x([2, 5, 4]), x([3, 5, 4]), 1e-5);
  });

  it("VGG16 on 32×32 images (dropout dropped in test mode)", async () => {
    random.seed(3);
    await roundTrip("VGG16", new VGG16(), x([2, 3, 32, 32]), x([1, 3, 32, 32]), 1e-3);
  });

  it("ResNet50 on 32×32 images", async () => {
    random.seed(4);
    await roundTrip("ResNet50", new ResNet50(), x([2, 3, 32, 32]), x([1, 3, 32, 32]), 1e-3);
  });

  it("rejects a model that is not a Layer and a bad target, naming them", async () => {
    await assert.rejects(onnx.exportModel({} as Layer, x([1, 2]), { bytes: true }), /model must be a Layer/);
    await assert.rejects(
      onnx.exportModel(new MLP([2]), x([1, 2]), 42 as unknown as string),
      /target must be a file path or \{ bytes: true \}, got 42/,
    );
  });
});
