/**
 * @file Which backend runs the kernels: `setBackend`, `getBackend`, `backendInfo`, `setThreads`.
 * The default is `wasm` where WebAssembly SIMD validates, else `cpu`; DEZERO_TS_BACKEND overrides it.
 * Nothing happens at import: the choice is made, the kernels compiled and the threads started on first use.
 */

import { noArgs } from "../args.js";
import type { Backend } from "./backend.js";
import { cpuBackend } from "./cpu/index.js";
import { defaultThreads, envSetting, type ThreadChoice } from "./threads.js";
import { threadsUnavailable, WasmBackend } from "./wasm/index.js";
import { instantiate, instantiateAsync, simdSupported } from "./wasm/instance.js";
import { type GpuInfo, gpuInfo } from "./webgpu/context.js";

/** Names of the backends this build knows.
 * @example
 * ```ts
 * import { availableBackends, type BackendName } from "dezero-ts";
 * const names: BackendName[] = availableBackends();
 * console.log(names.includes("cpu")); // true
 * ```
 */
export type BackendName = "cpu" | "wasm";

let wasm: WasmBackend | null = null;
/** Why the wasm backend is unavailable; undefined until first checked. */
let wasmError: string | null | undefined;
/**
 * Why "webgpu" is not a backend name. NOTE: the backend is the host's kernels; the GPU is a device that arrays
 * live on (DeZero's `to_gpu()`), and ops run where their inputs live — one way to put work on the GPU.
 */
const GPU_HINT =
  ": the GPU is a device, not a host backend: after `await dz.gpu.init()`, move data there with x.toGpu(), " +
  "model.toGpu() and loader.toGpu(), and ops run on the GPU";

/** The backend in use; null until the first op (or setBackend, ready, backendInfo) decides it. */
let current: Backend | null = null;
let chosenByUser = false;
const why = { backend: "", threads: "1 thread: the wasm backend is not in use" };

/** Why the wasm backend cannot run here (checked once, on first use), or null. */
function wasmUnavailable(): string | null {
  wasmError ??= simdSupported() ? null : "WebAssembly SIMD is not supported here";
  return wasmError;
}

/** The wasm backend, created on first use (its threads started with the default count). */
function wasmBackend(): WasmBackend {
  if (wasm) return wasm;
  const error = wasmUnavailable();
  if (error) throw new Error(`setBackend: the wasm backend is unavailable: ${error}`);
  // A bad DEZERO_TS_THREADS is reported before anything is compiled or started.
  const threads = defaultThreads();
  try {
    wasm = new WasmBackend(instantiate());
  } catch (e) {
    throw new Error(
      `setBackend: the wasm backend could not start synchronously (${(e as Error).message}); await dz.ready() first`,
    );
  }
  startThreads(wasm, threads);
  return wasm;
}

function startThreads(b: WasmBackend, choice: ThreadChoice): void {
  const reason = threadsUnavailable(b.state);
  if (choice.n > 1 && reason === null) {
    b.setThreads(choice.n);
    why.threads = choice.why;
  } else why.threads = reason && choice.n > 1 ? `1 thread: ${reason}` : choice.why;
}

const backends: Record<BackendName, () => Backend> = {
  cpu: () => cpuBackend,
  wasm: wasmBackend,
};

/** Switches every later op to the named backend.
 * @example
 * ```ts
 * import { array, F, getBackend, setBackend } from "dezero-ts";
 * const before = getBackend().name as "cpu" | "wasm";
 * setBackend("cpu"); // the plain-TypeScript reference kernels
 * const y = F.sum(array([1, 2, 3]));
 * setBackend(before);
 * console.log(y.item()); // 6
 * ```
 */
export function setBackend(name: BackendName): void {
  const make = Object.hasOwn(backends, name) ? backends[name] : undefined;
  if (!make)
    throw new Error(
      `setBackend: name must be one of ${Object.keys(backends).join(", ")}, got '${name}'${(name as string) === "webgpu" ? GPU_HINT : ""}`,
    );
  current = make();
  chosenByUser = true;
  why.backend = `setBackend('${name}')`;
}

/** The backend ops run on now (decided on the first call).
 * @example
 * ```ts
 * import { getBackend, setBackend } from "dezero-ts";
 * const before = getBackend().name;
 * setBackend("cpu");
 * console.log(getBackend().name); // cpu
 * setBackend(before as "cpu" | "wasm");
 * ```
 */
export function getBackend(): Backend {
  if (current === null) return chooseDefault();
  // between two ops: give back wasm memory that a past huge op grew (see KEEP_BYTES)
  if (current === wasm && wasm.oversized) wasm.maintain();
  return current;
}

/**
 * Runs `fn` with ops on the given backend instance, then restores the previous one (not public: tests and
 * fuzzers use it to compare a wasm instance that runs even tiny arrays through its kernels with cpu).
 */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const before = getBackend();
  current = backend;
  try {
    return fn();
  } finally {
    current = before;
  }
}

/** Names of the backends that can be selected here.
 * @example
 * ```ts
 * import { availableBackends } from "dezero-ts";
 * // "wasm" is listed where WebAssembly SIMD validates.
 * console.log(availableBackends()[0]); // cpu
 * ```
 */
export function availableBackends(...extra: never[]): BackendName[] {
  noArgs("availableBackends", extra);
  return wasmUnavailable() ? ["cpu"] : ["cpu", "wasm"];
}

/**
 * Sets the number of threads of the wasm backend (the calling thread included; 1 = no workers).
 * Not a positive integer: an error. More than the machine's cores (at most 64): capped, with a warning.
 * @example
 * ```ts
 * import { backendInfo, getBackend, setThreads } from "dezero-ts";
 * const before = backendInfo().threads;
 * if (getBackend().name === "wasm") setThreads(1); // run the wasm kernels on the calling thread only
 * console.log(backendInfo().threads); // 1
 * if (getBackend().name === "wasm") setThreads(before);
 * ```
 */
export function setThreads(n: number): void {
  why.threads = wasmBackend().setThreads(n).why;
}

/** What runs the kernels here, and why a faster option is off.
 * @example
 * ```ts
 * import { type BackendInfo, backendInfo } from "dezero-ts";
 * const info: BackendInfo = backendInfo();
 * console.log(info.available.includes(info.backend as "cpu" | "wasm"), info.threads >= 1); // true true
 * ```
 */
export interface BackendInfo {
  backend: string;
  available: BackendName[];
  simd: boolean;
  relaxedSimd: boolean;
  threads: number;
  /** Why the wasm backend or its threads are unavailable, when they are. */
  reason: string | null;
  /** Where the backend and the thread count came from (a setting, a call, or the default and why). */
  why: { backend: string; threads: string };
  /**
   * The GPU adapter after `await gpu.init()` (its name, and `fallback: true` for a software one such as
   * SwiftShader), else null. GPU arrays run on it whatever `backend` says.
   */
  gpu: GpuInfo | null;
}

/** The current backend, SIMD and thread status (e.g. to show in a page or a log).
 * @example
 * ```ts
 * import { backendInfo, getBackend } from "dezero-ts";
 * const info = backendInfo();
 * console.log(info.backend === getBackend().name, typeof info.simd); // true boolean
 * ```
 */
export function backendInfo(...extra: never[]): BackendInfo {
  noArgs("backendInfo", extra);
  const backend = getBackend();
  return {
    backend: backend.name,
    available: availableBackends(),
    simd: wasmUnavailable() === null,
    relaxedSimd: wasm?.state.relaxedSimd ?? false,
    threads: wasm !== null && backend === (wasm as Backend) ? wasm.threads : 1,
    reason: wasmUnavailable() ?? (wasm ? threadsUnavailable(wasm.state) : null),
    why: {
      backend: why.backend,
      threads: backend === (wasm as Backend | null) ? why.threads : "1 thread: cpu backend",
    },
    gpu: gpuInfo(),
  };
}

/**
 * Resolves when the default backend is final. In Node it already is; on a browser's main thread the
 * kernels compile asynchronously, and the wasm backend takes over from cpu here (unless you chose one).
 * @example
 * ```ts
 * import { ready } from "dezero-ts";
 * // In Node the backend is final at once; in a browser's main thread, await this before heavy work.
 * const info = await ready();
 * console.log(info.threads >= 1); // true
 * ```
 */
export async function ready(...extra: never[]): Promise<BackendInfo> {
  noArgs("ready", extra);
  getBackend();
  if (!wasm && !wasmUnavailable()) {
    compiling ??= compileAsync();
    await compiling;
  }
  return backendInfo();
}

/** The one asynchronous compilation (several ready() calls share it). */
let compiling: Promise<void> | null = null;

async function compileAsync(): Promise<void> {
  try {
    const threads = defaultThreads();
    const b = new WasmBackend(await instantiateAsync());
    if (!wasm) {
      wasm = b;
      startThreads(wasm, threads);
    }
    if (!chosenByUser) {
      current = wasm;
      why.backend = "default: WebAssembly SIMD validates (compiled asynchronously by ready())";
    }
  } catch (e) {
    wasmError = (e as Error).message;
  }
}

/** Picks the backend on first use: DEZERO_TS_BACKEND when set, else wasm where SIMD validates, else cpu. */
function chooseDefault(): Backend {
  const env = envSetting("DEZERO_TS_BACKEND");
  if (env !== undefined && env.trim() !== "") {
    const name = env.trim() as BackendName;
    if (!Object.hasOwn(backends, name)) {
      throw new Error(
        `DEZERO_TS_BACKEND: unknown backend '${env}' (expected ${Object.keys(backends).join(" or ")}, or unset for the default)${env === "webgpu" ? GPU_HINT : ""}`,
      );
    }
    current = backends[name]();
    why.backend = `DEZERO_TS_BACKEND=${name}`;
    return current;
  }
  const error = wasmUnavailable();
  if (error) {
    why.backend = `default: cpu, because ${error}`;
    current = cpuBackend;
    return current;
  }
  defaultThreads(); // a bad DEZERO_TS_THREADS is an error here, never a silent switch to cpu
  try {
    current = wasmBackend();
    why.backend = "default: WebAssembly SIMD validates";
  } catch {
    // A browser's main thread: stay on cpu until ready() compiles the kernels asynchronously.
    current = cpuBackend;
    why.backend = "default: cpu until await dz.ready() compiles the wasm kernels";
    void ready();
  }
  return current;
}
