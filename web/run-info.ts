/** @file Where the playground trains: the backend, its SIMD and threads as `backendInfo()` reports them, and the browser's figures. */

import * as dz from "../src/index.js";
import type { RunInfo } from "./protocol.js";

/**
 * The backend of this page or worker, once its default is final (`ready()` compiles the wasm kernels);
 * `onGpu`: training runs on the adapter of `gpu.init()`.
 */
export async function runInfo(onGpu = false): Promise<RunInfo> {
  await dz.ready();
  return {
    info: dz.backendInfo(),
    onGpu,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

/**
 * One line for people: `backend wasm (SIMD) · 2 threads · cross-origin isolated`, or on the GPU
 * `backend webgpu: google swiftshader (software fallback) · host wasm (SIMD) · …`.
 */
export function describeRun({ info, onGpu, hardwareConcurrency, crossOriginIsolated }: RunInfo): string {
  const simd = info.backend === "wasm" ? (info.relaxedSimd ? " (relaxed SIMD)" : " (SIMD)") : "";
  const threads = `${info.threads} thread${info.threads === 1 ? "" : "s"} of ${hardwareConcurrency} cores`;
  const isolated = crossOriginIsolated ? "cross-origin isolated" : "not cross-origin isolated";
  const why = info.reason ? ` · ${info.reason}` : "";
  const gpu =
    onGpu && info.gpu
      ? `webgpu: ${info.gpu.adapter}${info.gpu.fallback ? " (software fallback)" : ""} · host `
      : "";
  return `backend ${gpu}${info.backend}${simd} · ${threads} · ${isolated}${why}`;
}
