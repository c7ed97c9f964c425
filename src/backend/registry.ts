/**
 * @file Which backend runs the kernels: `setBackend`, `getBackend`, `backendInfo`, `setThreads`.
 * The default is `wasm` where WebAssembly SIMD validates, else `cpu`; DEZERO_TS_BACKEND overrides it.
 */

import type { Backend } from "./backend.js";
import { cpuBackend } from "./cpu/index.js";
import { defaultThreads, threadsUnavailable, WasmBackend } from "./wasm/index.js";
import { instantiate, instantiateAsync, simdSupported } from "./wasm/instance.js";

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
let wasmError: string | null = simdSupported() ? null : "WebAssembly SIMD is not supported here";
let current: Backend = cpuBackend;
let chosenByUser = false;

/** The wasm backend, created on first use (its threads started with the default count). */
function wasmBackend(): WasmBackend {
  if (wasm) return wasm;
  if (wasmError) throw new Error(`setBackend: the wasm backend is unavailable: ${wasmError}`);
  try {
    wasm = new WasmBackend(instantiate());
  } catch (e) {
    throw new Error(
      `setBackend: the wasm backend could not start synchronously (${(e as Error).message}); await dz.ready() first`,
    );
  }
  startThreads(wasm);
  return wasm;
}

function startThreads(b: WasmBackend): void {
  const n = defaultThreads();
  if (n > 1 && threadsUnavailable(b.state) === null) b.setThreads(n);
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
  const make = backends[name];
  if (!make)
    throw new Error(`setBackend: unknown backend '${name}' (available: ${Object.keys(backends).join(", ")})`);
  current = make();
  chosenByUser = true;
}

/** The backend ops run on now.
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
  return current;
}

/** Names of the backends that can be selected here.
 * @example
 * ```ts
 * import { availableBackends } from "dezero-ts";
 * // "wasm" is listed where WebAssembly SIMD validates.
 * console.log(availableBackends()[0]); // cpu
 * ```
 */
export function availableBackends(): BackendName[] {
  return wasmError ? ["cpu"] : ["cpu", "wasm"];
}

/** Sets the number of threads of the wasm backend (the calling thread included; 1 = no workers).
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
  wasmBackend().setThreads(n);
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
}

/** The current backend, SIMD and thread status (e.g. to show in a page or a log).
 * @example
 * ```ts
 * import { backendInfo, getBackend } from "dezero-ts";
 * const info = backendInfo();
 * console.log(info.backend === getBackend().name, typeof info.simd); // true boolean
 * ```
 */
export function backendInfo(): BackendInfo {
  return {
    backend: current.name,
    available: availableBackends(),
    simd: wasmError === null,
    relaxedSimd: wasm?.state.relaxedSimd ?? false,
    threads: wasm !== null && current === (wasm as Backend) ? wasm.threads : 1,
    reason: wasmError ?? (wasm ? threadsUnavailable(wasm.state) : null),
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
export async function ready(): Promise<BackendInfo> {
  if (!wasm && !wasmError) {
    try {
      wasm = new WasmBackend(await instantiateAsync());
      startThreads(wasm);
      if (!chosenByUser) current = wasm;
    } catch (e) {
      wasmError = (e as Error).message;
    }
  }
  return backendInfo();
}

function chooseDefault(): void {
  const env = typeof process === "object" ? process.env?.DEZERO_TS_BACKEND : undefined;
  if (env) {
    current = backends[env as BackendName]?.() ?? cpuBackend;
    if (!backends[env as BackendName]) throw new Error(`DEZERO_TS_BACKEND: unknown backend '${env}'`);
    return;
  }
  if (wasmError) return;
  try {
    current = wasmBackend();
  } catch {
    // A browser's main thread: stay on cpu until ready() compiles the kernels asynchronously.
    void ready();
  }
}

chooseDefault();
