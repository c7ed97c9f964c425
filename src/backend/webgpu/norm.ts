/**
 * @file WebGPU train-mode batch normalisation: the per-channel sums by (sliced) reductions, then one pass each
 * for the squares around the mean and for y, and backward for gy·x̂, the per-channel coefficients and gx — about
 * 6 launches each way, against about 12 and 20 for the composite of device ops.
 */

import type { NDArray } from "../../ndarray/ndarray.js";
import type { ChannelStats } from "../backend.js";
import { scalar } from "./nn.js";
import { reduce } from "./reduce.js";
import type { GpuRuntime } from "./runtime.js";
import { buf, f32Bits, main1d, metaF32 } from "./wgsl.js";

/** The reduced axes of x (N, C) or (N, C, H, W): every axis but the channel's. */
function axesOf(x: NDArray): number[] {
  return x.ndim === 4 ? [0, 2, 3] : [0];
}

/**
 * One pass over x's elements: the `bound` arrays (x-sized or per-channel) are bound by name, `expr` writes
 * o[i], with `c` the element's channel and `eps`, `m` (values per channel) in scope.
 */
function channelPass(
  rt: GpuRuntime,
  bound: Record<string, NDArray>,
  expr: string,
  x: NDArray,
  eps: number,
): NDArray {
  const out = rt.empty(x.shape, "float32");
  const names = Object.keys(bound);
  const arrays = Object.values(bound);
  const k = names.length;
  const code =
    names.map((name, i) => buf(i, name, "f32")).join("") +
    buf(k, "o", "f32", true) +
    main1d(k + 1) +
    `  if (i >= mt[0]) { return; }
  let c = (i / mt[2]) % mt[1]; let eps = ${metaF32(3)}; let m = ${metaF32(4)};
  o[i] = ${expr};\n}\n`;
  const inner = x.ndim === 4 ? x.shape[2] * x.shape[3] : 1;
  const m = x.size / x.shape[1];
  rt.launch(
    code,
    [...arrays.map((a) => rt.buf(a)), rt.buf(out)],
    [x.size, x.shape[1], inner, f32Bits(eps), f32Bits(m)],
    rt.groups1d(x.size),
  );
  return out;
}

/** Σ over every axis but the channel's of `a`, as a (C) array. */
function channelSum(rt: GpuRuntime, a: NDArray): NDArray {
  return rt.reshape(reduce(rt, "sum", a, axesOf(a)), [a.shape[1]]);
}

/** y = (x − μ)·γ/√(σ² + eps) + β with the batch's μ and biased σ² (or the given ones); float32. */
export function batchNorm(
  rt: GpuRuntime,
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  eps: number,
  stats: ChannelStats | null,
): ChannelStats & { y: NDArray } {
  const m = x.size / x.shape[1];
  let mean: NDArray;
  let variance: NDArray;
  if (stats !== null) ({ mean, variance } = stats);
  else {
    // NOTE: two passes (the mean, then the squares around it), not E[x²] − μ², which cancels in float32
    mean = rt.backend.binary("mul", channelSum(rt, x), scalar(1 / m), [x.shape[1]], "float32");
    const sq = channelPass(rt, { x, mean }, "(x[i] - mean[c]) * (x[i] - mean[c]) / m", x, eps);
    variance = channelSum(rt, sq);
  }
  const y = channelPass(
    rt,
    { x, mean, variance, gamma, beta },
    "(x[i] - mean[c]) * gamma[c] / sqrt(variance[c] + eps) + beta[c]",
    x,
    eps,
  );
  return { y, mean, variance };
}

/**
 * gβ = Σ gy, gγ = Σ gy·x̂, gx = γ·s·(gy − (gβ + x̂·gγ)/m), with x̂ = (x − μ)·s and s = (σ² + eps)^(−½). NOTE:
 * gx = a·gy + b + d·(x − μ) per channel, a = γ·s, b = −a·gβ/m, d = −a·s·gγ/m: one small pass packs (a, b, d, μ)
 * so that the full-size pass binds 5 buffers (WebGPU guarantees 8 per kernel, and the plain formula needs 9).
 */
export function batchNormGrad(
  rt: GpuRuntime,
  x: NDArray,
  gy: NDArray,
  gamma: NDArray,
  { mean, variance }: ChannelStats,
  eps: number,
): { gx: NDArray; ggamma: NDArray; gbeta: NDArray } {
  const gbeta = channelSum(rt, gy);
  const hat = "(x[i] - mean[c]) / sqrt(variance[c] + eps)";
  const ggamma = channelSum(rt, channelPass(rt, { x, gy, mean, variance }, `gy[i] * ${hat}`, x, eps));
  const C = x.shape[1];
  const m = x.size / C;
  const k = rt.empty([4, C], "float32");
  const code =
    buf(0, "mean", "f32") +
    buf(1, "variance", "f32") +
    buf(2, "gamma", "f32") +
    buf(3, "gbeta", "f32") +
    buf(4, "ggamma", "f32") +
    buf(5, "k", "f32", true) +
    main1d(6) +
    `  let C = mt[0]; if (i >= C) { return; }
  let s = 1.0 / sqrt(variance[i] + ${metaF32(1)}); let a = gamma[i] * s; let m = ${metaF32(2)};
  k[i] = a; k[C + i] = -a * gbeta[i] / m; k[2u * C + i] = -a * s * ggamma[i] / m; k[3u * C + i] = mean[i];\n}\n`;
  const inputs = [mean, variance, gamma, gbeta, ggamma].map((a) => rt.buf(a));
  rt.launch(code, [...inputs, rt.buf(k)], [C, f32Bits(eps), f32Bits(m)], rt.groups1d(C));
  const gx = channelPass(
    rt,
    { x, gy, k },
    "k[c] * gy[i] + k[mt[1] + c] + k[2u * mt[1] + c] * (x[i] - k[3u * mt[1] + c])",
    x,
    eps,
  );
  return { gx, ggamma, gbeta };
}
