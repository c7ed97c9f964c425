/** @file The digits panel: draw with the mouse, and the MLP trained by `npm start` (weights from mnist-mlp.npz) names the digit. */

import * as dz from "../src/index.js";
import { toMnistInput } from "./mnist-input.js";

/** The network `npm start` trains (examples/train-mnist.ts): 784-256-10, relu. */
function mnistModel(): dz.MLP {
  return new dz.MLP([256, 10], { activation: dz.F.relu });
}

/** Where the server serves the weights `npm start` saved. */
export const WEIGHTS_URL = "/mnist-mlp.npz";

/** Loads the weights; returns the model, or throws a message meant for the page. */
async function loadModel(): Promise<dz.MLP> {
  const response = await fetch(WEIGHTS_URL);
  if (response.status === 404) {
    throw new Error(
      "No trained weights yet: run `npm start` (it trains the MNIST MLP and saves mnist-mlp.npz), then reload this page.",
    );
  }
  if (!response.ok) throw new Error(`Could not load ${WEIGHTS_URL}: HTTP ${response.status}`);
  const model = mnistModel();
  model.loadWeightBytes(new Uint8Array(await response.arrayBuffer()), "npz", "mnist-mlp.npz");
  return model;
}

/** Probabilities of the ten digits for a 784-value input. */
function classify(model: dz.MLP, input: Float32Array): number[] {
  return dz.noGrad(() =>
    Array.from(dz.F.softmax(model.call(new dz.NDArray(input, [1, 784], "float32"))).data.data),
  );
}

/** Ten bars, the most probable highlighted, as SVG. */
function barsSvg(p: number[]): string {
  const best = p.indexOf(Math.max(...p));
  const bars = p.map((v, d) => {
    const h = Math.round(v * 100);
    const color = d === best ? "#d62728" : "#1f77b4";
    return (
      `<rect x="${d * 26 + 4}" y="${112 - h}" width="20" height="${h}" fill="${color}"/>` +
      `<text x="${d * 26 + 14}" y="128" text-anchor="middle">${d}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="264" height="134" font-size="12" font-family="sans-serif">${bars.join("")}</svg>`;
}

/** Sets up drawing on `canvas` and the prediction shown in `result` (messages go to `message`). */
export async function setupDigits(
  canvas: HTMLCanvasElement,
  clear: HTMLButtonElement,
  result: HTMLElement,
  message: HTMLElement,
): Promise<void> {
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  const wipe = () => {
    ctx.fillStyle = "black";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    result.textContent = "";
    result.removeAttribute("data-digit");
  };
  wipe();
  let model: dz.MLP;
  try {
    model = await loadModel();
    message.textContent = "Weights loaded from mnist-mlp.npz: draw a digit (0–9) in the box.";
    message.dataset.state = "ready";
  } catch (error) {
    message.textContent = (error as Error).message;
    message.dataset.state = "error";
    return;
  }

  const predict = () => {
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const gray = new Float32Array(canvas.width * canvas.height);
    for (let i = 0; i < gray.length; i++) gray[i] = data[4 * i] / 255;
    const input = toMnistInput(gray, canvas.width, canvas.height);
    if (!input) return;
    const p = classify(model, input);
    const digit = p.indexOf(Math.max(...p));
    result.dataset.digit = String(digit);
    result.innerHTML = `<div class="digit">${digit}</div><div>${(p[digit] * 100).toFixed(1)} % sure</div>${barsSvg(p)}`;
  };

  let drawing = false;
  let last: [number, number] = [0, 0];
  const at = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [
      ((e.clientX - r.left) * canvas.width) / r.width,
      ((e.clientY - r.top) * canvas.height) / r.height,
    ];
  };
  canvas.addEventListener("pointerdown", (e) => {
    drawing = true;
    last = at(e);
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const p = at(e);
    ctx.strokeStyle = "white";
    ctx.lineWidth = canvas.width / 14;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(...last);
    ctx.lineTo(...p);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    predict();
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  clear.addEventListener("click", wipe);
}
