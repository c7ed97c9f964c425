/** @file The playground page: spiral training controls, live plots from the worker, the model's graph, and the digits panel. */

import { availableBackends, type EpochRecord, getBackend, viz } from "../src/index.js";
import { setupDigits } from "./digits.js";
import type { FromWorker, RunInfo, TrainConfig } from "./protocol.js";
import { describeRun, runInfo } from "./run-info.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: the page has no #${id}`);
  return el as T;
};

/** The controls' values as a training configuration; throws a message naming a bad field. */
function readConfig(): TrainConfig {
  const hidden = $<HTMLInputElement>("hidden")
    .value.split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (hidden.length === 0 || hidden.some((n) => !Number.isInteger(n) || n < 1 || n > 512)) {
    throw new Error("Hidden sizes: whole numbers from 1 to 512, separated by commas (e.g. 10 or 30, 30).");
  }
  const lr = Number($<HTMLInputElement>("lr").value);
  if (!(lr > 0 && lr <= 10)) throw new Error("Learning rate: a number above 0 and at most 10.");
  const epochs = Number($<HTMLInputElement>("epochs").value);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 5000) throw new Error("Epochs: 1 to 5000.");
  const batchSize = Number($<HTMLInputElement>("batch").value);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 300)
    throw new Error("Batch size: 1 to 300.");
  return {
    hidden,
    activation: $<HTMLSelectElement>("activation").value as TrainConfig["activation"],
    optimizer: $<HTMLSelectElement>("optimizer").value as TrainConfig["optimizer"],
    lr,
    epochs,
    batchSize,
    backend: $<HTMLSelectElement>("backend").value,
    epochDelayMs: Number($<HTMLSelectElement>("pace").value),
  };
}

/** The backend line (hover: the whole `backendInfo()`). */
function showRun(run: RunInfo): void {
  const el = $("backend-info");
  el.textContent = describeRun(run);
  el.dataset.backend = run.info.backend;
  el.dataset.threads = String(run.info.threads);
  el.title = `backendInfo(): ${JSON.stringify(run.info)}`;
}

let worker: Worker | null = null;

function stop(): void {
  worker?.terminate();
  worker = null;
  $<HTMLButtonElement>("stop").disabled = true;
}

function start(): void {
  const status = $("status");
  let config: TrainConfig;
  try {
    config = readConfig();
  } catch (error) {
    status.textContent = (error as Error).message;
    status.dataset.state = "error";
    return;
  }
  stop();
  const history: EpochRecord[] = [];
  $("graph").textContent = "laying out…";
  status.dataset.state = "training";
  const w = new Worker(new URL("./train-worker.js", import.meta.url), { type: "module" });
  worker = w;
  w.onmessage = async (e: MessageEvent<FromWorker>) => {
    // A message from a run that was stopped or restarted meanwhile is dropped.
    if (worker !== w) return;
    const m = e.data;
    if (m.type === "ready") showRun(m.run);
    else if (m.type === "graph") {
      try {
        $("graph").innerHTML = await viz.dotToSvg(m.dot);
      } catch (error) {
        $("graph").textContent = (error as Error).message;
      }
    } else if (m.type === "epoch") {
      history.push(m.record);
      const r = m.record;
      status.textContent =
        `epoch ${r.epoch}/${config.epochs} · loss ${r.loss.toFixed(4)} · train acc ${r.accuracy!.toFixed(3)} · ` +
        `test acc ${r.testAccuracy!.toFixed(3)} · ${m.seconds.toFixed(1)} s`;
      const acc = $("test-accuracy");
      acc.dataset.value = String(r.testAccuracy);
      acc.dataset.epoch = String(r.epoch);
      $("curve").innerHTML = viz.trainingCurveSvg(history, { width: 640, height: 260 });
      if (m.boundary) $("boundary").innerHTML = m.boundary;
    } else if (m.type === "done") {
      status.dataset.state = "done";
      status.textContent += " · done";
      stop();
    } else {
      status.textContent = `Training failed: ${m.message}`;
      status.dataset.state = "error";
      stop();
    }
  };
  w.onerror = (e) => {
    status.textContent = `The worker failed: ${e.message}`;
    status.dataset.state = "error";
    stop();
  };
  w.postMessage({ type: "train", config });
  $<HTMLButtonElement>("stop").disabled = false;
}

const run = await runInfo();
showRun(run);
const backends = $<HTMLSelectElement>("backend");
for (const name of availableBackends())
  backends.add(new Option(name, name, false, name === getBackend().name));
// WebGPU where the browser has it: the worker moves the model and data with toGpu() (an adapter is
// requested there; its absence is reported as a training error naming the reason).
if ("gpu" in navigator) backends.add(new Option("webgpu (GPU)", "webgpu"));
$("train").addEventListener("click", start);
$("stop").addEventListener("click", () => {
  stop();
  $("status").dataset.state = "stopped";
});
start();
await setupDigits($("digit-canvas"), $("digit-clear"), $("digit-result"), $("digit-message"));
