/** @file Optimizer: collects parameters with gradients, runs hooks, then updates each parameter in place. */

import { describe } from "../args.js";
import type { Backend, UpdateRule } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import type { Parameter } from "../core/variable.js";
import type { Layer } from "../layers/layer.js";
import { syncReadError } from "../ndarray/device.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, sameShape } from "../shape.js";

/** A hook sees the parameters about to be updated (after their gradients exist) and may change the gradients.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * // A hook sees the parameters that have gradients before each update.
 * const seen: number[] = [];
 * const countHook: optimizers.Hook = (params) => seen.push(params.length);
 * const layer = new L.Linear(2, { inSize: 2 });
 * const optimizer = new optimizers.SGD().setup(layer).addHook(countHook);
 * layer.call(array([[1, 2]])).backward();
 * optimizer.update();
 * console.log(seen); // [2]
 * ```
 */
export type Hook = (params: Parameter[]) => void;

/**
 * Base of all optimizers: `opt.setup(model)` then, after each backward, `opt.update()`.
 * Parameters without a gradient are skipped. Every gradient is checked before any parameter changes,
 * so a bad gradient leaves all parameters as they were.
 * @example
 * ```ts
 * import { array, L, optimizers, type Parameter } from "dezero-ts";
 * // An update rule of your own: subclass Optimizer and update each parameter's values in place.
 * class SignSGD extends optimizers.Optimizer {
 *   constructor(private readonly lr: number) {
 *     super();
 *   }
 *   protected updateOne(_param: Parameter, p: Float32Array | Float64Array | Int32Array | Uint8Array, g: ArrayLike<number>) {
 *     for (let i = 0; i < p.length; i++) p[i] -= this.lr * Math.sign(g[i]);
 *   }
 * }
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * layer.call(array([[5]])).backward();
 * new SignSGD(0.25).setup(layer).update();
 * console.log(layer.W.item()); // 0.75
 * ```
 */
export abstract class Optimizer {
  target: Layer | null = null;
  readonly hooks: Hook[] = [];

  /** Attaches the model whose parameters this optimizer updates; returns `this` for chaining. */
  setup(target: Layer): this {
    if (typeof (target as Partial<Layer>)?.params !== "function") {
      throw new Error(
        `${this.constructor.name}.setup: target must be a Layer (a model), got ${describe(target)}`,
      );
    }
    this.target = target;
    return this;
  }

  /** Adds a hook (WeightDecay, ClipGrad, FreezeParam, or your own). */
  addHook(hook: Hook): this {
    this.hooks.push(hook);
    return this;
  }

  /** One optimisation step over every parameter that has a gradient. */
  update(): void {
    if (this.target === null) throw new Error("update: call setup(model) first");
    let params = [...this.target.params()].filter((p) => p.grad !== null);
    for (const hook of this.hooks) hook(params);
    params = params.filter((p) => p.grad !== null);
    for (const p of params) {
      const g = p.grad!.data;
      if (!sameShape(g.shape, p.data.shape)) {
        throw new Error(
          `update: gradient of shape ${fmtShape(g.shape)} for parameter ${p.name ?? ""}${fmtShape(p.data.shape)}`,
        );
      }
    }
    this.beginStep();
    for (const p of params) {
      if (p.data.storage === undefined) this.updateOne(p, p.data.data, p.grad!.data.data);
      else this.updateOne(p, unreadable(p.data), unreadable(p.grad!.data));
    }
  }

  /** Called once per update before the parameters (Adam counts its steps here). */
  protected beginStep(): void {}

  /** Updates one parameter in place: `p` its values, `g` its gradient (same length). */
  protected abstract updateOne(
    param: Parameter,
    p: Float32Array | Float64Array | Int32Array | Uint8Array,
    g: ArrayLike<number>,
  ): void;
}

/** Stand-in values of a GPU array for `updateOne`: any read is the error naming the awaitable way. */
function unreadable(x: NDArray): Float32Array {
  const fail = (): never => {
    throw syncReadError(x);
  };
  return new Proxy(new Float32Array(0), { get: fail, set: fail });
}

/** Per-parameter state arrays (velocities, moments), created on first use with the parameter's length. */
export class SlotStore {
  private slots = new Map<Parameter, Float64Array[]>();
  /** The backend that made a parameter's state, when it may move it (see `Backend.currentState`). */
  private owners = new Map<Parameter, Backend>();

  constructor(private readonly count: number) {}

  /** The `count` state arrays of `param`, zero-filled the first time (where `backend`'s update reads them). */
  get(param: Parameter, backend: Backend = getBackend()): Float64Array[] {
    let s = this.slots.get(param);
    if (s === undefined || s[0].length !== param.data.size) {
      const n = param.data.size;
      const make = param.data.storage === undefined && backend.optimizerState !== undefined;
      s = Array.from({ length: this.count }, () => (make ? backend.optimizerState!(n) : new Float64Array(n)));
      this.slots.set(param, s);
      if (make && backend.currentState !== undefined) this.owners.set(param, backend);
      else this.owners.delete(param);
    }
    const owner = this.owners.get(param);
    if (owner !== undefined) for (let i = 0; i < s.length; i++) s[i] = owner.currentState!(s[i]);
    return s;
  }
}

/**
 * Updates `param` in place by `rule`, one backend pass over the parameter, its gradient and `state`
 * (the arrays and hyperparameters listed in `Backend.optimizerStep`).
 */
export function step(
  rule: UpdateRule,
  param: Parameter,
  state: readonly Float64Array[],
  hyper: readonly number[],
): void {
  const p = param.data;
  if (p.storage === undefined) getBackend().optimizerStep(rule, param.data, param.grad!.data, state, hyper);
  else deviceStep(rule, param, state, hyper);
}

/**
 * The device copies of GPU parameters' optimizer state, one per state array, with the host array they go back to
 * (the latest one the optimizer handed over: host state may move, see `Backend.currentState`).
 */
const deviceStates = new WeakMap<Parameter, { host: Float64Array; device: NDArray }[]>();

/** `step` for a GPU parameter: its state moves to the device on first use and is updated there. */
function deviceStep(
  rule: UpdateRule,
  param: Parameter,
  state: readonly Float64Array[],
  hyper: readonly number[],
) {
  const device = param.data.storage!.device;
  const backend = device.backend as Backend & { optimizerStepOnDevice?: DeviceStep };
  if (backend.optimizerStepOnDevice === undefined)
    throw new Error(`update: the ${device.name} backend cannot update parameters on the device`);
  let states = deviceStates.get(param);
  if (states === undefined) {
    states = [];
    deviceStates.set(param, states);
  }
  const onDevice = state.map((host, i) => {
    const entry = states[i];
    if (entry !== undefined) {
      entry.host = host; // the device copy stays the one updated
      return entry.device;
    }
    const onGpu = device.upload(new NDArray(Float32Array.from(host), param.data.shape, "float32"));
    states[i] = { host, device: onGpu };
    return onGpu;
  });
  backend.optimizerStepOnDevice(rule, param.data, param.grad!.data, onDevice, hyper);
}

type DeviceStep = (
  rule: UpdateRule,
  p: NDArray,
  g: NDArray,
  state: NDArray[],
  hyper: readonly number[],
) => void;

/** Copies the optimizer state a GPU parameter has on the device back into its host arrays (`model.toCpu()`). */
export async function deviceStatesToHost(param: Parameter): Promise<void> {
  const states = deviceStates.get(param);
  if (states === undefined) return;
  for (const { host, device } of states) {
    const values = (await device.toCpu()).data;
    (getBackend().currentState?.(host) ?? host).set(values);
  }
  deviceStates.delete(param);
}
