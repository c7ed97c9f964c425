/**
 * @file TensorFlow.js 4.x (pure-JS `cpu` backend, float32) on the 0-d chain of bench/overhead.ts:
 * `tf.grad` of a function that builds it, forced with `dataSync()`.
 * Run: `node bench/peers/overhead-tfjs.mjs [--json]`.
 */

import * as tf from "@tensorflow/tfjs";
import { checkGrad, main } from "./overhead-common.mjs";

await tf.setBackend("cpu");
await tf.ready();

// Constants made once, as tf.scalar (passing plain numbers makes a new tensor per op, which is slower).
const a = tf.scalar(1.0001);
const b = tf.scalar(0.0001);

function chain(ops) {
  const t0 = performance.now();
  const gx = tf.tidy(() => {
    const f = (x) => {
      let y = x;
      for (let i = 0; i < ops / 2; i++) y = tf.add(tf.mul(y, a), b);
      return y;
    };
    return tf.grad(f)(tf.scalar(1));
  });
  const g = gx.dataSync()[0];
  gx.dispose();
  checkGrad(g, ops, Math.fround(1.0001));
  return (performance.now() - t0) / 1000;
}

await main("TF.js cpu", chain);
