/**
 * @file VGG16 and ResNet: DeZero's layer names, a forward pass on a 32×32 image, weights round-tripped through
 * .npz and through `create({ pretrained: true })` (getFile on a local file: URL), and VGG16.preprocess.
 */

import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import {
  array,
  type Model,
  noGrad,
  ResNet50,
  ResNet101,
  ResNet152,
  random,
  resizeBilinear,
  testMode,
  VGG16,
} from "../src/index.js";
import { assertClose } from "./helpers.js";

/** The model's logits for `x`, in test mode (dropout off, batch norm on running statistics). */
const infer = (model: Model, x: ReturnType<typeof random.randn>) =>
  noGrad(() => testMode(() => model.call(x)));

/** Saves `model` to a temporary .npz and loads it back through `create({ pretrained: true, weightsUrl })`. */
async function viaPretrained<M extends Model>(
  model: M,
  name: string,
  create: (o: { pretrained: boolean; weightsUrl: string; cacheDir: string }) => Promise<M>,
): Promise<M> {
  const dir = await mkdtemp(join(tmpdir(), "dz-models-"));
  const file = join(dir, name);
  await model.saveWeights(file);
  return create({ pretrained: true, weightsUrl: pathToFileURL(file).href, cacheDir: join(dir, "cache") });
}

describe("VGG16", () => {
  it("has DeZero's layer names, classifies a 32×32 image, and round-trips its weights through .npz", async () => {
    random.seed(1);
    const vgg = new VGG16();
    const x = random.randn([1, 3, 32, 32]);
    const y = infer(vgg, x);
    assert.deepEqual(y.shape, [1, 1000]);
    const names = Object.keys(vgg.namedParams());
    assert.equal(names.length, 32);
    assert.deepEqual(names.slice(0, 4), ["conv1_1/W", "conv1_1/b", "conv1_2/W", "conv1_2/b"]);
    assert.deepEqual(names.slice(-6), ["fc6/W", "fc6/b", "fc7/W", "fc7/b", "fc8/W", "fc8/b"]);
    assert.deepEqual(vgg.conv5_3.W.shape, [512, 512, 3, 3]);
    assert.equal(
      VGG16.WEIGHTS_URL,
      "https://github.com/koki0702/dezero-models/releases/download/v0.1/vgg16.npz",
    );
    const loaded = await viaPretrained(vgg, "vgg16.npz", (o) => VGG16.create(o));
    assertClose(infer(loaded, x).data, y.data, { rtol: 0, atol: 0 });
  });

  it("preprocess: RGB 0..255 → bilinear resize → BGR minus DeZero's means, as (1, 3, h, w)", () => {
    const rgb = array(
      [
        [
          [10, 20, 30],
          [50, 60, 70],
        ],
      ],
      { dtype: "uint8" },
    );
    const x = VGG16.preprocess(rgb, { size: null });
    assert.deepEqual(x.shape, [1, 3, 1, 2]);
    assertClose(x, [30 - 103.939, 70 - 103.939, 20 - 116.779, 60 - 116.779, 10 - 123.68, 50 - 123.68], {
      rtol: 1e-6,
    });
    assert.deepEqual(VGG16.preprocess(rgb).shape, [1, 3, 224, 224]);
    assert.throws(
      () => VGG16.preprocess(array([[1, 2]])),
      /VGG16.preprocess: expected an RGB image \(H, W, 3\)/,
    );
  });

  it("resizeBilinear keeps a linear ramp linear inside and clamps at the borders", () => {
    // a 1×4 ramp 0, 10, 20, 30 (one channel repeated 3×) stretched to 1×8: centres at (i + ½)/2 − ½
    const ramp = array([[0, 10, 20, 30].map((v) => [v, v, v])]);
    const out = resizeBilinear(ramp, [1, 8]);
    assertClose(
      Array.from({ length: 8 }, (_, i) => out.data[i * 3]),
      [0, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 30],
    );
  });
});

describe("ResNet", () => {
  it("ResNet50 has DeZero's names, classifies a 32×32 image, and round-trips its weights through .npz", async () => {
    random.seed(2);
    const resnet = new ResNet50();
    const x = random.randn([1, 3, 32, 32]);
    const y = infer(resnet, x);
    assert.deepEqual(y.shape, [1, 1000]);
    const names = Object.keys(resnet.namedParams());
    for (const key of [
      "conv1/W",
      "bn1/avg_mean",
      "res2/a/conv4/W",
      "res2/a/bn4/avg_var",
      "res3/b3/bn3/beta",
      "res5/b2/conv3/W",
      "fc6/b",
    ]) {
      assert.ok(names.includes(key), key);
    }
    assert.ok(!names.includes("res3/b4/conv1/W"));
    assert.deepEqual(resnet.res5.namedParams()["b2/conv3/W"].shape, [2048, 512, 1, 1]);
    const loaded = await viaPretrained(resnet, "resnet50.npz", (o) => ResNet50.create(o));
    assert.ok(loaded instanceof ResNet50);
    assertClose(infer(loaded, x).data, y.data, { rtol: 0, atol: 0 });
  });

  it("ResNet101 and ResNet152 stack 23 and 36 bottlenecks in res4", () => {
    const count = (m: ResNet101 | ResNet152) =>
      new Set(Object.keys(m.res4.namedParams()).map((k) => k.split("/")[0])).size;
    assert.equal(count(new ResNet101()), 23);
    assert.equal(count(new ResNet152()), 36);
  });
});
