/**
 * @file The playground page in Chromium, served on 127.0.0.1 as `npm run web` serves it: the spiral MLP learns
 * in the page's worker (test accuracy ≥ 0.9), its graph and plots appear, a screenshot is not blank, and digits
 * drawn with the mouse are classified with weights loaded from the server (or a clear message without them).
 */

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { DataLoader, datasets, F, fit, MLP, optimizers, random, transforms } from "../src/index.js";
import { type Playground, startPlayground } from "../web/server.js";
import { chromiumSkip, launchChromium } from "./browser/chromium.js";

/** Weights like `npm start` saves, from a short run (3 epochs, about 93 % held-out accuracy). */
async function quickWeights(file: string): Promise<void> {
  random.seed(0);
  const flat = transforms.Compose([transforms.Flatten(), transforms.ToFloat(), transforms.Normalize(0, 255)]);
  const train = await datasets.MNIST.load({ train: true, transform: flat });
  const model = new MLP([256, 10], { activation: F.relu });
  fit(model, new optimizers.Adam().setup(model), new DataLoader(train, 100, { seed: 1 }), { epochs: 3 });
  await model.saveWeights(file);
}

/** Traces a 28 × 28 digit on the page's canvas with the mouse: one stroke per run of ink in each row. */
async function drawDigit(page: Page, pixels: Uint8Array): Promise<void> {
  await page.locator("#digit-canvas").scrollIntoViewIfNeeded();
  const box = (await page.locator("#digit-canvas").boundingBox())!;
  const cell = box.width / 28;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x] < 96 || (x > 0 && pixels[y * 28 + x - 1] >= 96)) continue;
      let end = x;
      while (end + 1 < 28 && pixels[y * 28 + end + 1] >= 96) end++;
      const py = box.y + (y + 0.5) * cell;
      await page.mouse.move(box.x + (x + 0.2) * cell, py);
      await page.mouse.down();
      await page.mouse.move(box.x + (end + 0.8) * cell, py);
      await page.mouse.up();
    }
  }
}

/** Sets the spiral panel to a 30-unit ReLU MLP with Adam for 40 epochs at full speed and starts training. */
async function trainSpiral(page: Page, backend?: string): Promise<void> {
  await page.fill("#hidden", "30");
  await page.selectOption("#activation", "relu");
  await page.selectOption("#optimizer", "Adam");
  await page.fill("#lr", "0.03");
  await page.fill("#epochs", "40");
  await page.selectOption("#pace", "0");
  if (backend !== undefined) await page.selectOption("#backend", backend);
  await page.click("#train");
}

/** Distinct colours and the share of non-white pixels of a PNG, decoded by the browser itself. */
async function pictureStats(page: Page, png: Buffer): Promise<{ colours: number; inked: number }> {
  return page.evaluate(async (base64) => {
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
    }
    return { colours: colours.size, inked: inked / (data.length / 4) };
  }, png.toString("base64"));
}

describe("the playground in Chromium", { skip: chromiumSkip }, () => {
  let dir = "";
  let playground: Playground;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dz-web-"));
    await quickWeights(join(dir, "mnist-mlp.npz"));
    playground = await startPlayground({ port: 0, weights: join(dir, "mnist-mlp.npz") });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await playground?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("trains the spiral MLP in a worker to ≥ 0.9 test accuracy, draws its graph and plots, and is not blank", async (t) => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(playground.url);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, "served with COOP/COEP");
    await trainSpiral(page);
    await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
    assert.match((await page.textContent("#status"))!, /^epoch 40\/40 /);
    const accuracy = Number(await page.getAttribute("#test-accuracy", "data-value"));
    assert.ok(accuracy >= 0.9, `test accuracy ${accuracy}`);

    await page.waitForSelector("#graph svg", { timeout: 30_000 });
    const graph = (await page.textContent("#graph svg"))!;
    for (const label of ["x: (30, 2) float32", "Linear", "SoftmaxCrossEntropy", "loss: () float32"]) {
      assert.ok(graph.includes(label), `graph shows ${label}`);
    }
    assert.equal((await page.locator("#boundary svg path").count()) >= 3, true, "three class regions");
    assert.equal(await page.locator("#curve svg polyline").count(), 4, "loss and accuracy, train and test");
    const backend = (await page.textContent("#backend-info"))!;
    assert.match(backend, /^backend (cpu|wasm)\b.* · \d+ threads? of \d+ cores · cross-origin isolated/);

    const shot = await page.screenshot({ fullPage: true });
    const file = join(tmpdir(), "dezero-ts-playground.png");
    writeFileSync(file, shot);
    t.diagnostic(`screenshot: ${file}`);
    const stats = await pictureStats(page, shot);
    assert.ok(stats.colours > 200 && stats.inked > 0.05, `screenshot: ${JSON.stringify(stats)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("offers webgpu and trains the spiral on the GPU to ≥ 0.9 test accuracy (when Chromium has an adapter)", async (t) => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(playground.url);
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as { gpu?: GPU }).gpu;
      if (!gpu) return "this Chromium has no navigator.gpu";
      return (await gpu.requestAdapter()) === null ? "navigator.gpu.requestAdapter() gave no adapter" : null;
    });
    if (adapter !== null) {
      t.skip(`no WebGPU in Chromium: ${adapter}`);
      return;
    }
    assert.equal(await page.locator('#backend option[value="webgpu"]').count(), 1, "a webgpu choice");
    const started = Date.now();
    await trainSpiral(page, "webgpu");
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', {
      timeout: 120_000,
    });
    const status = (await page.textContent("#status"))!;
    assert.match(status, /^epoch 40\/40 /);
    t.diagnostic(`webgpu: ${status} (${Date.now() - started} ms)`);
    const accuracy = Number(await page.getAttribute("#test-accuracy", "data-value"));
    assert.ok(accuracy >= 0.9, `test accuracy ${accuracy}`);
    const backend = (await page.textContent("#backend-info"))!;
    t.diagnostic(backend);
    assert.match(backend, /^backend webgpu: \S.* · host (cpu|wasm)\b.* · cross-origin isolated/);
    if (/swiftshader/i.test(backend)) assert.match(backend, /\(software fallback\)/);
    assert.equal((await page.locator("#boundary svg path").count()) >= 3, true, "three class regions");
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("classifies MNIST digits traced on the canvas with the mouse", async () => {
    const test = await datasets.MNIST.load({ train: false });
    const page = await browser.context.newPage();
    await page.goto(playground.url);
    await page.waitForSelector('#digit-message[data-state="ready"]', { timeout: 30_000 });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.click("#digit-clear");
      await drawDigit(page, test.data.data.subarray(i * 784, (i + 1) * 784) as Uint8Array);
      const got = await page.getAttribute("#digit-result", "data-digit");
      outcomes.push(`${test.label!.data[i]}→${got}`);
    }
    const right = outcomes.filter((o) => o[0] === o.at(-1)).length;
    assert.ok(right >= 5, `label→prediction: ${outcomes.join(", ")}`);
    await page.close();
  });

  it("says how to get weights when the server has none", async () => {
    const bare = await startPlayground({ port: 0, weights: join(dir, "absent.npz") });
    try {
      const page = await browser.context.newPage();
      await page.goto(bare.url);
      await page.waitForSelector('#digit-message[data-state="error"]', { timeout: 30_000 });
      assert.match((await page.textContent("#digit-message"))!, /No trained weights yet: run `npm start`/);
      await page.close();
    } finally {
      await bare.close();
    }
  });
});
