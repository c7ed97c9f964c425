/**
 * @file Which backend runs the kernels: `setBackend`, `getBackend`, `backendInfo`, `setThreads`.
 * The default is `wasm` where WebAssembly SIMD validates, else `cpu`; DEZERO_TS_BACKEND overrides it.
 */

import type { Backend } from "./backend.js";
import { cpuBackend } from "./cpu/index.js";
import { defaultThreads, threadsUnavailable, WasmBackend } from "./wasm/index.js";
import { instantiate, instantiateAsync, simdSupported } from "./wasm/instance.js";

/** Names of the backends this build knows. */
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

/** Switches every later op to the named backend. */
export function setBackend(name: BackendName): void {
  const make = backends[name];
  if (!make)
    throw new Error(`setBackend: unknown backend '${name}' (available: ${Object.keys(backends).join(", ")})`);
  current = make();
  chosenByUser = true;
}

/** The backend ops run on now. */
export function getBackend(): Backend {
  return current;
}

/** Names of the backends that can be selected here. */
export function availableBackends(): BackendName[] {
  return wasmError ? ["cpu"] : ["cpu", "wasm"];
}

/** Sets the number of threads of the wasm backend (the calling thread included; 1 = no workers). */
export function setThreads(n: number): void {
  wasmBackend().setThreads(n);
}

/** What runs the kernels here, and why a faster option is off. */
export interface BackendInfo {
  backend: string;
  available: BackendName[];
  simd: boolean;
  relaxedSimd: boolean;
  threads: number;
  /** Why the wasm backend or its threads are unavailable, when they are. */
  reason: string | null;
}

/** The current backend, SIMD and thread status (e.g. to show in a page or a log). */
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
