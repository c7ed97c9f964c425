/** @file Finding a WebGPU adapter (the browser's `navigator.gpu`, or the `webgpu` package in Node) and holding its device. */

import type { GpuRuntime } from "./runtime.js";

/** What `dz.gpu.init()` found: the adapter's names and whether it is a software fallback.
 * @example
 * ```ts
 * import { type GpuInfo, gpu } from "dezero-ts";
 * const info: GpuInfo | null = gpu.info(); // null until gpu.init() has found an adapter
 * console.log(info === null || typeof info.adapter === "string"); // true
 * ```
 */
export interface GpuInfo {
  /** "vendor architecture device description" as the adapter reports them. */
  adapter: string;
  /** True for a software adapter (SwiftShader, or one the browser flags as a fallback). */
  fallback: boolean;
  /** Where WebGPU came from: "navigator.gpu" or "the webgpu package (Dawn)". */
  source: string;
}

let runtime: GpuRuntime | null = null;
let info: GpuInfo | null = null;
let starting: Promise<GpuInfo> | null = null;

/** The GPU of `init()`, or an error telling the caller to await it. */
export function gpuRuntime(op: string): GpuRuntime {
  if (runtime === null) throw new Error(`${op}: the GPU is not initialised: await dz.gpu.init() first`);
  return runtime;
}

/** The runtime when one is initialised, else null. */
export function currentRuntime(): GpuRuntime | null {
  return runtime;
}

/** What the initialised adapter is, or null before `init()`. */
export function gpuInfo(): GpuInfo | null {
  return info;
}

/** The hint for Linux machines without a GPU driver: Dawn on SwiftShader, which ships with Chromium. */
const SWIFTSHADER_HINT =
  "on Linux without a GPU, SwiftShader (Debian's chromium-common) gives a software adapter: start node with " +
  "LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json and XDG_RUNTIME_DIR set";

/** `navigator.gpu` in a browser, else the `webgpu` package's GPU (imported only now). */
async function findGpu(): Promise<{ gpu: GPU; source: string }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, source: "navigator.gpu" };
  let mod: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    const name = "webgpu"; // NOTE: a variable, so bundlers leave the optional package out
    mod = await import(/* @vite-ignore */ name);
  } catch (e) {
    throw new Error(
      `gpu.init: no WebGPU here: this runtime has no navigator.gpu and the optional package 'webgpu' could not be loaded (${(e as Error).message}); in Node: npm install webgpu`,
    );
  }
  // Dawn's classes (GPUBufferUsage, ...) as globals, as a browser has them
  for (const [k, v] of Object.entries(mod.globals))
    if (!(k in globalThis)) Object.assign(globalThis, { [k]: v });
  return { gpu: mod.create([]), source: "the webgpu package (Dawn)" };
}

/** Node's full garbage collection (exposed on demand through V8's flags), or null elsewhere. */
async function nodeCollector(): Promise<(() => void) | null> {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === "function") return g;
  try {
    const [v8name, vmname] = ["node:v8", "node:vm"]; // NOTE: variables, so bundlers for browsers skip them
    const v8 = (await import(/* @vite-ignore */ v8name)) as { setFlagsFromString(f: string): void };
    const vm = (await import(/* @vite-ignore */ vmname)) as { runInNewContext(code: string): unknown };
    v8.setFlagsFromString("--expose-gc");
    const collect = vm.runInNewContext("gc");
    return typeof collect === "function" ? (collect as () => void) : null;
  } catch {
    return null;
  }
}

async function start(): Promise<GpuInfo> {
  const { gpu, source } = await findGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (adapter === null) throw new Error(`gpu.init: WebGPU (${source}) found no adapter; ${SWIFTSHADER_HINT}`);
  const device = await adapter.requestDevice();
  const a = adapter.info;
  const name = [a.vendor, a.architecture, a.device, a.description].filter((s) => s !== "").join(" ");
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const fallback =
    (a as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    legacy === true ||
    /swiftshader|llvmpipe|software/i.test(name);
  // NOTE: the kernels load with the first init (a chunk of their own where the bundler splits, as the playground's)
  const [{ GpuRuntime }, { WebGpuBackend }] = await Promise.all([
    import("./runtime.js"),
    import("./index.js"),
  ]);
  runtime = new GpuRuntime(device, [gpu, adapter]);
  if (fallback) runtime.matmulKernel = "blocked";
  if (source !== "navigator.gpu") runtime.pool.collect = await nodeCollector();
  runtime.backend = new WebGpuBackend(runtime);
  info = { adapter: name, fallback, source };
  return info;
}

/**
 * Requests a WebGPU adapter and device (once; later calls share the first). Rejects with the reason when
 * there is none, and a hint for Linux without a GPU.
 */
export function initGpu(): Promise<GpuInfo> {
  starting ??= start().catch((e: unknown) => {
    starting = null;
    throw e;
  });
  return starting;
}
