/** @file CPU reference kernels of batch normalisation: per-channel statistics, normalisation and its gradient in two passes each. */

import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import type { ChannelStats } from "../backend.js";

/** N, C and the pixels per channel S of x (N, C) or (N, C, H, W). */
function dims(x: NDArray): [number, number, number] {
  const [N, C] = x.shape;
  return [N, C, N * C === 0 ? 0 : x.size / (N * C)];
}

/** Calls f(c, i) for every flat index i of channel c. */
function forChannel(N: number, C: number, S: number, c: number, f: (i: number) => void): void {
  for (let n = 0; n < N; n++) for (let i = (n * C + c) * S, end = i + S; i < end; i++) f(i);
}

const perChannel = (v: number[], like: NDArray) => {
  const out = allocate(like.dtype, v.length);
  out.set(v);
  return new NDArray(out, [v.length], like.dtype);
};

/** Batch normalisation; the statistics are computed (two passes: mean, then centred squares) unless given. */
export function batchNorm(
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  eps: number,
  stats: ChannelStats | null,
): ChannelStats & { y: NDArray } {
  const [N, C, S] = dims(x);
  const m = N * S;
  const xd = x.data;
  const mean: number[] = [];
  const variance: number[] = [];
  for (let c = 0; c < C; c++) {
    if (stats) {
      mean.push(stats.mean.data[c]);
      variance.push(stats.variance.data[c]);
      continue;
    }
    let s = 0;
    forChannel(N, C, S, c, (i) => {
      s += xd[i];
    });
    const mu = s / m;
    let q = 0;
    forChannel(N, C, S, c, (i) => {
      q += (xd[i] - mu) ** 2;
    });
    mean.push(mu);
    variance.push(q / m);
  }
  const y = allocate(x.dtype, x.size);
  for (let c = 0; c < C; c++) {
    const scale = gamma.data[c] / Math.sqrt(variance[c] + eps);
    forChannel(N, C, S, c, (i) => {
      y[i] = (xd[i] - mean[c]) * scale + beta.data[c];
    });
  }
  return {
    y: new NDArray(y, x.shape, x.dtype),
    mean: perChannel(mean, x),
    variance: perChannel(variance, x),
  };
}

/** The train-mode gradient: one pass for Σ gy and Σ gy·x̂ per channel, one for gx. */
export function batchNormGrad(
  x: NDArray,
  gy: NDArray,
  gamma: NDArray,
  stats: ChannelStats,
  eps: number,
): { gx: NDArray; ggamma: NDArray; gbeta: NDArray } {
  const [N, C, S] = dims(x);
  const m = N * S;
  const [xd, gd] = [x.data, gy.data];
  const gx = allocate(gy.dtype, gy.size);
  const [gg, gb]: number[][] = [[], []];
  for (let c = 0; c < C; c++) {
    const mu = stats.mean.data[c];
    const inv = 1 / Math.sqrt(stats.variance.data[c] + eps);
    let sb = 0;
    let sg = 0;
    forChannel(N, C, S, c, (i) => {
      sb += gd[i];
      sg += gd[i] * (xd[i] - mu) * inv;
    });
    gb.push(sb);
    gg.push(sg);
    const k = gamma.data[c] * inv;
    forChannel(N, C, S, c, (i) => {
      gx[i] = k * (gd[i] - (sb + (xd[i] - mu) * inv * sg) / m);
    });
  }
  return { gx: new NDArray(gx, gy.shape, gy.dtype), ggamma: perChannel(gg, gy), gbeta: perChannel(gb, gy) };
}
