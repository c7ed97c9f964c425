/** @file WebGPU layout kernels: strided copies (transpose, broadcastTo), gather and scatter-add. */

import type { NDArray } from "../../ndarray/ndarray.js";
import { broadcastStrides, type Shape, sizeOf, stridesOf } from "../../shape.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, main1d } from "./wgsl.js";

/** `out[i] = x[Σ coord_d(i)·strides[d]]` over `shape`: the copy behind transpose and broadcastTo. */
function strided(rt: GpuRuntime, x: NDArray, shape: Shape, strides: readonly number[]): NDArray {
  const out = rt.empty(shape, x.dtype);
  const t = wgslType(x.dtype);
  const r = shape.length;
  const code =
    buf(0, "x", t) +
    buf(1, "o", t, true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }
  var rem = i; var off = 0u;
  for (var d = ${r}i - 1; d >= 0; d--) {
    let k = u32(d); let n = mt[1u + k]; off += (rem % n) * mt[${1 + r}u + k]; rem = rem / n;
  }
  o[i] = x[off];\n}\n`;
  const n = sizeOf(shape);
  rt.launch(code, [rt.buf(x), rt.buf(out)], [n, ...shape, ...strides], rt.groups1d(n));
  return out;
}

/** Axes permuted by `perm`, materialised row-major. */
export function transpose(rt: GpuRuntime, x: NDArray, perm: readonly number[]): NDArray {
  const own = stridesOf(x.shape);
  return strided(
    rt,
    x,
    perm.map((p) => x.shape[p]),
    perm.map((p) => own[p]),
  );
}

/** `x` repeated along its broadcast axes to `shape`. */
export function broadcastTo(rt: GpuRuntime, x: NDArray, shape: Shape): NDArray {
  return strided(rt, x, shape, broadcastStrides(x.shape, shape));
}

/** `out.flat[i] = x.flat[index[i]]`, shaped `shape` (the index list is uploaded). */
export function gather(rt: GpuRuntime, x: NDArray, index: Int32Array, shape: Shape): NDArray {
  const out = rt.empty(shape, x.dtype);
  const t = wgslType(x.dtype);
  const idx = rt.uploadIndex(index);
  const code =
    buf(0, "x", t) +
    buf(1, "ix", "i32") +
    buf(2, "o", t, true) +
    main1d(3) +
    `  if (i >= mt[0]) { return; }\n  o[i] = x[u32(ix[i])];\n}\n`;
  rt.launch(code, [rt.buf(x), idx, rt.buf(out)], [index.length], rt.groups1d(index.length));
  return out;
}

/**
 * Zeros of `shape` with `out.flat[index[i]] += g.flat[i]`. NOTE: repeated indices accumulate through
 * atomics (a compare-and-swap loop on the f32 bits), so the order of the additions, and the last bits of a
 * sum of more than two terms, may vary from run to run.
 */
export function scatterAdd(rt: GpuRuntime, g: NDArray, index: Int32Array, shape: Shape): NDArray {
  const out = rt.empty(shape, g.dtype);
  rt.clear(out);
  const t = wgslType(g.dtype);
  const idx = rt.uploadIndex(index);
  const add =
    t === "f32"
      ? `  var old = atomicLoad(&o[k]);
  loop {
    let r = atomicCompareExchangeWeak(&o[k], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`
      : "  atomicAdd(&o[k], bitcast<u32>(i32(v)));";
  const code =
    buf(0, "gv", t) +
    buf(1, "ix", "i32") +
    buf(2, "o", "atomic<u32>", true) +
    main1d(3) +
    `  if (i >= mt[0]) { return; }\n  let k = u32(ix[i]); let v = gv[i];\n${add}\n}\n`;
  rt.launch(code, [rt.buf(g), idx, rt.buf(out)], [index.length], rt.groups1d(index.length));
  return out;
}
