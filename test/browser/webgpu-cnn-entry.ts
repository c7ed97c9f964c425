/**
 * @file What the browser CNN test runs in a Web Worker of Chromium: the MNIST CNN example's network (conv 5×5 →
 * batch norm → relu → max-pool, twice, then linear; fewer channels) trained with `model.toGpu()`,
 * `loader.toGpu()` and `fitAsync` on MNIST-shaped images (1×28×28, 10 classes: a bright square whose place
 * is the class, under noise), and the same training on the host from the same seed; it posts both histories.
 */

import * as dz from "../../src/index.js";

const { DataLoader, F, L, Model, optimizers, random } = dz;

/** The worker's report: no adapter (and why), or the adapter and the mean loss of each epoch on each device. */
export type WebGpuCnnReport =
  | { skip: string }
  | { info: dz.GpuInfo; gpuLosses: number[]; hostLosses: number[]; device: string; seconds: number };

/** examples/mnist-cnn.ts's SimpleCNN with 4 and 8 channels (the example imports Node-only modules). */
class SmallCNN extends Model {
  conv1 = new L.Conv2d(4, 5);
  bn1 = new L.BatchNorm();
  conv2 = new L.Conv2d(8, 5);
  bn2 = new L.BatchNorm();
  fc = new L.Linear(10);

  forward(x: dz.Variable): dz.Variable {
    x = F.pooling(F.relu(this.bn1.call(this.conv1.call(x))), 2, { stride: 2 });
    x = F.pooling(F.relu(this.bn2.call(this.conv2.call(x))), 2, { stride: 2 });
    return this.fc.call(F.flatten(x));
  }
}

/** `n` seeded images of shape (1, 28, 28): noise, plus a bright 6×6 square at one of 10 places (the label). */
class Squares extends dz.datasets.Dataset {
  protected override prepare(): void {
    const n = 200;
    const images = random.rand([n, 1, 28, 28], { dtype: "float32" }).data as Float32Array;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % 10;
      labels[i] = k;
      const [top, left] = [2 + 12 * Math.floor(k / 5), 1 + 5 * (k % 5)];
      for (let y = top; y < top + 6; y++)
        for (let x = left; x < left + 6; x++) images[i * 784 + y * 28 + x] += 2;
    }
    this.data = new dz.NDArray(images, [n, 1, 28, 28], "float32");
    this.label = new dz.NDArray(labels, [n], "int32");
  }
}

/** Three epochs of the CNN (Adam, batch 50) from seed 0, on the GPU or the host; the mean loss of each epoch. */
async function train(onGpu: boolean): Promise<{ losses: number[]; device: string }> {
  random.seed(0);
  const data = new Squares();
  const model = new SmallCNN();
  model.call(dz.zeros([1, 1, 28, 28], { dtype: "float32" })); // the weights drawn now, before any move
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  const loader = new DataLoader(data, 50, { seed: 0 });
  if (onGpu) {
    model.toGpu();
    loader.toGpu();
  }
  const history = await dz.fitAsync(model, optimizer, loader, { epochs: 3 });
  return { losses: history.map((r) => r.loss), device: model.conv1.W!.data.device };
}

/** Initialises the GPU and trains on both devices, or says why there is no adapter. */
export async function runCnn(): Promise<WebGpuCnnReport> {
  const start = performance.now();
  const info = await dz.gpu.init().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  if (info instanceof Error) return { skip: info.message };
  const gpu = await train(true);
  const host = await train(false);
  return {
    info,
    gpuLosses: gpu.losses,
    hostLosses: host.losses,
    device: gpu.device,
    seconds: (performance.now() - start) / 1000,
  };
}

if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  const post = (m: unknown) => (globalThis as unknown as Worker).postMessage(m);
  runCnn().then(post, (e: unknown) =>
    post({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }),
  );
}
