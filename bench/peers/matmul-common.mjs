/**
 * @file Timing protocol shared by the JS peers of bench/matmul.ts and bench/mlp.ts (as shared/bench/README.md
 * describes and bench/matmul.ts does): warm up for `warm` ms (at least one call), then time calls for at least
 * `min` ms and `minRuns` calls; the median in ms (the upper middle for an even count, as bench/matmul.ts takes it).
 * Also loads shared/bench's jax-js worker shim for the jax-js peers.
 */

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `run` may return a promise (awaited). Returns `{ median, runs }` in ms. */
export async function timeItAsync(run, { warm = 1000, min = 1500, minRuns = 3, onRun } = {}) {
  const w0 = performance.now();
  do await run();
  while (performance.now() - w0 < warm);
  const times = [];
  for (const t0 = performance.now(); performance.now() - t0 < min || times.length < minRuns; ) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
    onRun?.(times.at(-1));
  }
  return { median: median(times), runs: times.length, times };
}

/** Synchronous version of timeItAsync. */
export function timeIt(run, { warm = 1000, min = 1500, minRuns = 3 } = {}) {
  const w0 = performance.now();
  do run();
  while (performance.now() - w0 < warm);
  const times = [];
  for (const t0 = performance.now(); performance.now() - t0 < min || times.length < minRuns; ) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return { median: median(times), runs: times.length, times };
}

/**
 * Loads shared/bench/jax-worker-shim.mjs (path overridable with JAX_SHIM), which gives jax-js a `Worker` and so
 * its wasm thread pool under Node 20; call it before the first import of `@jax-js/jax`. Returns the thread count
 * jax-js will use (JAX_THREADS, default 2).
 */
export async function loadJaxShim() {
  const shim =
    process.env.JAX_SHIM ??
    fileURLToPath(new URL("../../../shared/bench/jax-worker-shim.mjs", import.meta.url));
  if (!existsSync(shim)) throw new Error(`jax-js worker shim not found at ${shim} (set JAX_SHIM)`);
  await import(shim);
  return Number(process.env.JAX_THREADS || 2);
}

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function rng(seed = 0) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` standard normal floats (Box–Muller) into a new `Arr` (Float32Array by default). */
export function randn(n, rand = Math.random, Arr = Float32Array) {
  const out = new Arr(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return out;
}

/**
 * The MLP workload of bench/mlp.ts as plain arrays: layer sizes 784-1000-1000-10, weights randn·√(1/in) and zero
 * biases (DeZero's Linear), and 60 batches of 100 random inputs in [0, 1) with integer labels in [0, 10).
 */
export const MLP = { sizes: [784, 1000, 1000, 10], batch: 100, steps: 60, lr: 0.01 };
export function mlpData(seed = 0) {
  const rand = rng(seed);
  const layers = [];
  for (let i = 0; i + 1 < MLP.sizes.length; i++) {
    const [fanIn, fanOut] = [MLP.sizes[i], MLP.sizes[i + 1]];
    const w = randn(fanIn * fanOut, rand).map((v) => v * Math.sqrt(1 / fanIn));
    layers.push({ w, shape: [fanIn, fanOut], b: new Float32Array(fanOut) });
  }
  const batches = Array.from({ length: MLP.steps }, () => ({
    x: Float32Array.from({ length: MLP.batch * MLP.sizes[0] }, rand),
    t: Int32Array.from({ length: MLP.batch }, () => Math.floor(rand() * 10)),
  }));
  return { layers, batches };
}

/** Times epochs as bench/mlp.ts does (warm-up ≥ 2 s, then ≥ 5 s and ≥ 3 epochs); `epoch` may be async. */
export async function timeEpochs(epoch) {
  const r = await timeItAsync(epoch, { warm: 2000, min: 5000, minRuns: 3 });
  return {
    epochS: r.median / 1000,
    runs: r.runs,
    epochsS: r.times.map((t) => Number((t / 1000).toFixed(3))),
  };
}

/** Peak resident set size seen by `sampleRss()` calls (call it once per training step), in MiB. */
let peakRss = 0;
export function sampleRss() {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
export const peakRssMb = () => Math.round(peakRss / 2 ** 20);

/**
 * For the table scripts: the rows of a result file, i.e. the last line that parses as JSON (peers may print
 * banners before it; an object counts as one row), or one row `{ error }` with the last line of the `.err` file
 * beside it. Each row is named by its `peer` field, or `dezero-ts <backend>` for bench/*.ts output.
 */
export function readRows(file) {
  const text = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  for (const line of text.split("\n").reverse()) {
    if (!/^[[{]/.test(line)) continue;
    try {
      const json = JSON.parse(line);
      return (Array.isArray(json) ? json : [json]).map((r) => ({
        ...r,
        name: r.peer ?? `dezero-ts ${typeof r.backend === "string" ? r.backend : r.backend?.backend}`,
      }));
    } catch {}
  }
  const errFile = file.replace(/\.json$/, ".err");
  const err = existsSync(errFile) ? readFileSync(errFile, "utf8").trim().split("\n").pop().slice(0, 140) : "";
  return [{ error: `no results${err ? `: ${err}` : ""}` }];
}
