/**
 * @file A CNN on the MNIST digits shipped in the repo (8,000 train / 2,000 held-out): conv 5×5 (16) → batch norm →
 * relu → max-pool 2 → conv 5×5 (32) → batch norm → relu → max-pool 2 → linear 10; Adam (α 0.003 falling
 * linearly to a tenth), batch 100, random ±2-pixel shifts, 6 epochs. Smaller than DeZero's VGG-style nets so
 * an epoch takes about 4 s on this 2-core machine (wasm backend; several times that on cpu); it reaches ≈ 97.5 %
 * held-out accuracy. Run: `npx tsx examples/mnist-cnn.ts [--epochs N] [--min-accuracy A] [--gpu]` (exit status 1
 * when the final held-out accuracy is below A; CI uses 0.97; `--gpu` trains on WebGPU with `toGpu()` and `fitAsync`).
 */

import { parseArgs } from "node:util";
import {
  DataLoader,
  datasets,
  evaluate,
  evaluateAsync,
  F,
  type FitOptions,
  fit,
  fitAsync,
  getBackend,
  gpu,
  L,
  Model,
  optimizers,
  random,
  transforms,
  type Variable,
} from "../src/index.js";

/** conv-pool-conv-pool-linear on (N, 1, 28, 28) images, each conv followed by batch norm and relu. */
export class SimpleCNN extends Model {
  conv1: L.Conv2d;
  bn1 = new L.BatchNorm();
  conv2: L.Conv2d;
  bn2 = new L.BatchNorm();
  fc: L.Linear;

  constructor({ channels = [16, 32], classes = 10 } = {}) {
    super();
    this.conv1 = new L.Conv2d(channels[0], 5);
    this.conv2 = new L.Conv2d(channels[1], 5);
    this.fc = new L.Linear(classes);
  }

  forward(x: Variable): Variable {
    x = F.pooling(F.relu(this.bn1.call(this.conv1.call(x))), 2, { stride: 2 });
    x = F.pooling(F.relu(this.bn2.call(this.conv2.call(x))), 2, { stride: 2 });
    return this.fc.call(F.flatten(x));
  }
}

/** Images as (1, 28, 28) float32 in [0, 1]: the MNIST default without its flattening. */
export const imageTransform = transforms.Compose([transforms.ToFloat(), transforms.Normalize(0, 255)]);

/** Options of `mnistCnn`. */
export interface MnistCnnOptions {
  epochs?: number;
  seed?: number;
  /** Channels of the two convolutions. */
  channels?: number[];
  /** Initial Adam step size. */
  alpha?: number;
  log?: (line: string) => void;
  /** Train on WebGPU: the model and loaders `toGpu()`, then `fitAsync` (default false). */
  gpu?: boolean;
}

/** Trains SimpleCNN and returns its epoch history, its final held-out loss and accuracy, and the model. */
export async function mnistCnn({
  epochs = 6,
  seed = 0,
  channels = [16, 32],
  alpha = 0.003,
  log = console.log,
  gpu: onGpu = false,
}: MnistCnnOptions = {}) {
  random.seed(seed);
  const augment = transforms.Compose([transforms.RandomShift(2, { seed }), imageTransform]);
  const train = await datasets.MNIST.load({ train: true, transform: augment });
  const test = await datasets.MNIST.load({ train: false, transform: imageTransform });
  const trainLoader = new DataLoader(train, 100, { seed: seed + 1 });
  const testLoader = new DataLoader(test, 500, { shuffle: false });
  const model = new SimpleCNN({ channels });
  const optimizer = new optimizers.Adam({ alpha }).setup(model);
  const device = onGpu ? `webgpu (${(await gpu.init()).adapter})` : getBackend().name;
  log(`MNIST CNN on ${train.length} / ${test.length} digits (${train.source}), backend ${device}`);
  if (onGpu) {
    model.toGpu();
    trainLoader.toGpu();
    testLoader.toGpu();
  }
  const options: FitOptions = {
    epochs,
    test: testLoader,
    onProgress: (e) => {
      if (e.phase !== "epoch") return;
      // the step size falls linearly to a tenth over the run, so the last epochs settle
      optimizer.alpha = alpha * (1 - (0.9 * e.epoch) / epochs);
      log(
        `epoch ${e.epoch}: train loss ${e.loss.toFixed(4)}, accuracy ${e.accuracy!.toFixed(4)}; ` +
          `held-out loss ${e.testLoss!.toFixed(4)}, accuracy ${e.testAccuracy!.toFixed(4)} (${e.seconds.toFixed(1)} s)`,
      );
    },
  };
  // on the GPU each batch's loss is read by awaiting it (fitAsync); on the host fit reads it at once
  const history = onGpu
    ? await fitAsync(model, optimizer, trainLoader, options)
    : fit(model, optimizer, trainLoader, options);
  return {
    history,
    test: onGpu ? await evaluateAsync(model, testLoader) : evaluate(model, testLoader),
    model,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      epochs: { type: "string", default: "6" },
      "min-accuracy": { type: "string", default: "0" },
      gpu: { type: "boolean", default: false },
    },
  });
  const { test } = await mnistCnn({ epochs: Number(values.epochs), gpu: values.gpu });
  console.log(`held-out accuracy ${(test.accuracy! * 100).toFixed(2)}%`);
  if (test.accuracy! < Number(values["min-accuracy"])) {
    console.error(`held-out accuracy ${test.accuracy} is below the required ${values["min-accuracy"]}`);
    process.exit(1);
  }
}
