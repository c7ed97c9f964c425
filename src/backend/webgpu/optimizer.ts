/** @file WebGPU optimizer updates: one pass over a parameter, its gradient and its state, all on the device, in place. */

import type { NDArray } from "../../ndarray/ndarray.js";
import type { UpdateRule } from "../backend.js";
import type { GpuRuntime } from "./runtime.js";
import { buf, f32Bits, main1d, metaF32 } from "./wgsl.js";

/** Each rule's update of p[i] given g = g[i], state s0, s1 and hyperparameters h(k) (see Backend.optimizerStep). */
const RULES: Record<UpdateRule, { states: number; body: string }> = {
  sgd: { states: 0, body: "p[i] -= h0 * g;" },
  momentum: { states: 1, body: "s0[i] = h1 * s0[i] - h0 * g; p[i] += s0[i];" },
  adagrad: { states: 1, body: "s0[i] += g * g; p[i] -= (h0 * g) / (sqrt(s0[i]) + h1);" },
  adadelta: {
    states: 2,
    body: `s0[i] = h0 * s0[i] + (1.0 - h0) * g * g;
  let dx = sqrt((s1[i] + h1) / (s0[i] + h1)) * g;
  s1[i] = h0 * s1[i] + (1.0 - h0) * dx * dx;
  p[i] -= dx;`,
  },
  adam: {
    states: 2,
    body: `s0[i] += (1.0 - h1) * (g - s0[i]);
  s1[i] += (1.0 - h2) * (g * g - s1[i]);
  p[i] -= (h0 * s0[i]) / (sqrt(s1[i]) + h3);`,
  },
  adamw: {
    states: 2,
    body: `p[i] *= h4;
  s0[i] += (1.0 - h1) * (g - s0[i]);
  s1[i] += (1.0 - h2) * (g * g - s1[i]);
  p[i] -= (h0 * s0[i]) / (sqrt(s1[i]) + h3);`,
  },
};

/**
 * One update of float32 parameter `p` in place on the device, with its float32 `state` arrays there too.
 * NOTE: float32 arithmetic and state (the host kernels use float64): the parameters agree with the cpu
 * backend to float32 rounding per step.
 */
export function optimizerStep(
  rt: GpuRuntime,
  rule: UpdateRule,
  p: NDArray,
  g: NDArray,
  state: readonly NDArray[],
  hyper: readonly number[],
): void {
  const { states, body } = RULES[rule];
  if (state.length !== states) {
    throw new Error(`optimizerStep: rule ${rule} takes ${states} state arrays, got ${state.length}`);
  }
  if (p.dtype !== "float32")
    throw new Error(`optimizerStep: a GPU parameter must be float32, got ${p.dtype}`);
  const hs = hyper.map((_, k) => `let h${k} = ${metaF32(1 + k)};`).join(" ");
  const code =
    buf(0, "p", "f32", true) +
    buf(1, "gr", "f32") +
    state.map((_, k) => buf(2 + k, `s${k}`, "f32", true)).join("") +
    main1d(2 + states) +
    `  if (i >= mt[0]) { return; }\n  let g = gr[i]; ${hs}\n  ${body}\n}\n`;
  const buffers = [rt.buf(p), rt.buf(g), ...state.map((s) => rt.buf(s))];
  rt.launch(code, buffers, [p.size, ...hyper.map(f32Bits)], rt.groups1d(p.size));
}
