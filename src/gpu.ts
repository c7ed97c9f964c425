/**
 * @file The GPU as DeZero's `cuda` module offers it: `gpu.init()`, `toGpu()` / `toCpu()` on arrays, variables,
 * layers and loaders, and the asynchronous reads a GPU array needs.
 */

import { noArgs, num, options as optionsOf } from "./args.js";
import { currentRuntime, type GpuInfo, gpuInfo, gpuRuntime, initGpu } from "./backend/webgpu/context.js";
import { Variable } from "./core/variable.js";
import { Layer } from "./layers/layer.js";
import { deviceName } from "./ndarray/device.js";
import { NDArray, type Nested } from "./ndarray/ndarray.js";
import { deviceStatesToHost } from "./optimizers/optimizer.js";

export type { GpuInfo } from "./backend/webgpu/context.js";

declare module "./ndarray/ndarray.js" {
  interface NDArray {
    /** Where the data lives: "cpu" (host memory) or "gpu". */
    readonly device: "cpu" | "gpu";
    /** A copy on the GPU (this array when it is already there); `await gpu.init()` first. float64: an error. */
    toGpu(): NDArray;
    /** A host copy, once the GPU has computed it (this array when it is on the host already). */
    toCpu(): Promise<NDArray>;
    /** The single element, read back from wherever it lives. */
    itemAsync(): Promise<number>;
    /** Nested JS arrays, read back from wherever the data lives. */
    toArrayAsync(): Promise<Nested>;
  }
}

declare module "./core/variable.js" {
  interface Variable {
    /** Where the data lives: "cpu" or "gpu". */
    readonly device: "cpu" | "gpu";
    /** Moves the data (and the gradient, if any) to the GPU, in place; returns this variable. */
    toGpu(): this;
    /** Moves the data (and the gradient) back to the host, in place; resolves to this variable. */
    toCpu(): Promise<this>;
    /** The single element of the data, read back from wherever it lives. */
    itemAsync(): Promise<number>;
  }
}

declare module "./layers/layer.js" {
  interface Layer {
    /** Moves every parameter (and the optimizer state kept for it) to the GPU, in place; returns this layer. */
    toGpu(): this;
    /** Moves every parameter (and its optimizer state) back to the host, in place. */
    toCpu(): Promise<this>;
  }
}

const arrayMethods = {
  toGpu(this: NDArray): NDArray {
    return this.storage !== undefined ? this : gpuRuntime("toGpu").upload(this);
  },
  toCpu(this: NDArray): Promise<NDArray> {
    return this.storage === undefined ? Promise.resolve(this) : this.storage.device.download(this);
  },
  async itemAsync(this: NDArray): Promise<number> {
    return (await this.toCpu()).item();
  },
  async toArrayAsync(this: NDArray): Promise<Nested> {
    return (await this.toCpu()).toArray();
  },
};

const variableMethods = {
  toGpu<V extends Variable>(this: V): V {
    this.data = this.data.toGpu();
    if (this.grad !== null) this.grad.toGpu();
    return this;
  },
  async toCpu<V extends Variable>(this: V): Promise<V> {
    this.data = await this.data.toCpu();
    if (this.grad !== null) await this.grad.toCpu();
    return this;
  },
  itemAsync(this: Variable): Promise<number> {
    return this.data.itemAsync();
  },
};

const layerMethods = {
  toGpu<L extends Layer>(this: L): L {
    for (const p of this.params()) p.toGpu();
    return this;
  },
  async toCpu<L extends Layer>(this: L): Promise<L> {
    for (const p of this.params()) {
      await deviceStatesToHost(p);
      await p.toCpu();
    }
    return this;
  },
};

function attach(proto: object, methods: object): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  }
}
attach(NDArray.prototype, arrayMethods);
attach(Variable.prototype, variableMethods);
attach(Layer.prototype, layerMethods);
Object.defineProperty(NDArray.prototype, "device", {
  get(this: NDArray) {
    return deviceName(this);
  },
  configurable: true,
});
Object.defineProperty(Variable.prototype, "device", {
  get(this: Variable) {
    return deviceName(this.data);
  },
  configurable: true,
});

/** Bytes of GPU memory: held by live arrays (`inUse`) and kept idle in the pool for reuse (`pooled`).
 * @example
 * ```ts
 * import { type GpuMemory, gpu } from "dezero-ts";
 * const m: GpuMemory = gpu.memory(); // zeros before gpu.init()
 * console.log(m.inUse >= 0, m.pooled >= 0); // true true
 * ```
 */
export interface GpuMemory {
  inUse: number;
  pooled: number;
}

/**
 * The GPU, as DeZero's `cuda` module: find an adapter with `await gpu.init()`, then move arrays, variables,
 * models and loaders there with `toGpu()`.
 * @example
 * ```ts
 * import { array, gpu } from "dezero-ts";
 * // On the GPU where there is one (DeZero's gpu_enable), else on the host: the same code either way.
 * const x = (await gpu.available()) ? array([1, 2, 3]).toGpu() : array([1, 2, 3]);
 * console.log(await x.mul(2).toArrayAsync()); // [2, 4, 6]
 * ```
 */
export const gpu = {
  /** Requests the adapter and device (once); rejects with the reason when there is none. */
  init(...extra: never[]): Promise<GpuInfo> {
    noArgs("gpu.init", extra);
    return initGpu();
  },
  /** Whether a GPU can be used here (DeZero's `gpu_enable`): tries `init()` and says whether it worked. */
  async available(...extra: never[]): Promise<boolean> {
    noArgs("gpu.available", extra);
    try {
      await initGpu();
      return true;
    } catch {
      return false;
    }
  },
  /** The adapter `init()` found (its name, whether it is a software fallback), or null before it. */
  info(...extra: never[]): GpuInfo | null {
    noArgs("gpu.info", extra);
    return gpuInfo();
  },
  /**
   * How eagerly GPU memory is reclaimed in Node: a garbage collection runs once the bytes handed out since
   * the last one exceed `slack` × the live bytes and `minBytes` (defaults 0.1 and 64 MiB: a collection costs
   * milliseconds). Smaller values keep memory flatter and cost more collections. Browsers rely on their
   * collector's own timing.
   */
  setMemoryPolicy(policy: { slack?: number; minBytes?: number }): void {
    const { slack, minBytes } = optionsOf<{ slack?: number; minBytes?: number }>(
      "gpu.setMemoryPolicy",
      "policy",
      policy,
      ["slack", "minBytes"],
    );
    const pool = gpuRuntime("gpu.setMemoryPolicy").pool;
    if (slack !== undefined) pool.slack = num("gpu.setMemoryPolicy", "slack", slack, { min: 0 });
    if (minBytes !== undefined) pool.minBytes = num("gpu.setMemoryPolicy", "minBytes", minBytes, { min: 0 });
  },
  /** GPU bytes held by arrays and idle in the pool (zeros before `init()`). */
  memory(...extra: never[]): GpuMemory {
    noArgs("gpu.memory", extra);
    const rt = currentRuntime();
    return rt === null ? { inUse: 0, pooled: 0 } : { inUse: rt.pool.inUse, pooled: rt.pool.pooled };
  },
};
