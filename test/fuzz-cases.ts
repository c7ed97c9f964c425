/**
 * @file Property-based fuzzing of every F function and layer (issue 12): random shapes, dtypes, axes,
 * indices and hostile values either give a clear error (a plain Error whose message starts with the op's
 * name) on both backends alike, or a result (and gradients) equal to the cpu reference on a wasm backend
 * that sends even 0-d arrays through its kernels. Shared by test/fuzz-ops.test.ts and scripts/fuzz-ops.ts.
 */

import fc from "fast-check";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { withBackend } from "../src/backend/registry.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { astype, F, L, NDArray, RandomState, random, slice, Variable } from "../src/index.js";
import {
  type ArraySpec,
  axes,
  axis,
  axisOf,
  batchNormArgs,
  cohere,
  col2imArgs,
  convArgs,
  convOptions,
  dim,
  dotArgs,
  embedArgs,
  floatArray,
  hostile,
  hostileNumber,
  indexed,
  indexItem,
  intsArg,
  labelArgs,
  linearArgs,
  matmulArgs,
  mostly,
  nd,
  operand,
  pairArg,
  poolArgs,
  reshapeArgs,
  sameShapes,
  shapeArg,
  size,
  smallInt,
} from "./fuzz-arbitraries.js";

/** One fuzzed function: its name (errors must start with it or one of `also`), arguments and call. */
export interface FuzzCase {
  name: string;
  also?: string[];
  args: fc.Arbitrary<unknown[]>;
  call: (...args: never[]) => unknown;
}

const args = (...parts: fc.Arbitrary<unknown>[]) => fc.tuple(...parts) as fc.Arbitrary<unknown[]>;
const unary = (name: string, f: (x: never) => unknown): FuzzCase => ({ name, args: args(operand), call: f });
const binary = (name: string, f: (a: never, b: never) => unknown): FuzzCase => ({
  name,
  args: args(operand, operand),
  call: f,
});
const reduceCase = (name: string, f: (x: never, o: never) => unknown): FuzzCase => ({
  name,
  args: args(
    operand,
    fc.oneof(fc.record({ axis: axes, keepdims: fc.boolean() }, { requiredKeys: [] }), hostile),
  ),
  call: f,
});
const image = floatArray(nd(4));
/** Batches (N, D) mostly, anything sometimes. */
const batch = fc.oneof({ arbitrary: floatArray(nd(2)), weight: 3 }, { arbitrary: operand, weight: 1 });
const layer = (name: string, make: (n: never) => { call(x: Variable): Variable }, x = batch): FuzzCase => ({
  name,
  args: args(
    fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 4 },
      { arbitrary: hostileNumber, weight: 1 },
    ),
    x,
  ),
  call: (n, xv) => make(n).call(xv),
});

/** Every F function and layer, with arguments drawn to hit both valid and hostile inputs. */
export const FUZZ_CASES: FuzzCase[] = [
  ...(["exp", "log", "sin", "cos", "tanh", "sigmoid", "neg", "relu", "flatten"] as const).map((n) =>
    unary(n, F[n] as (x: never) => unknown),
  ),
  ...(["add", "sub", "mul", "div", "eq", "ge", "gt", "le", "lt", "meanSquaredError"] as const).map((n) => ({
    ...binary(n, F[n] as (a: never, b: never) => unknown),
    args: mostly(sameShapes, args(operand, operand)),
  })),
  { name: "dot", args: mostly(dotArgs, args(operand, operand)), call: F.dot },
  {
    name: "leakyRelu",
    args: args(operand, fc.oneof(fc.double({ noNaN: true }), hostile)),
    call: F.leakyRelu,
  },
  { name: "pow", args: args(operand, fc.oneof(fc.integer({ min: -3, max: 3 }), hostile)), call: F.pow },
  {
    name: "clip",
    args: args(operand, fc.oneof(smallInt, hostile), fc.oneof(smallInt, hostile)),
    call: F.clip,
  },
  {
    name: "matmul",
    args: mostly(
      matmulArgs,
      args(
        floatArray(fc.array(dim, { minLength: 1, maxLength: 3 })),
        operand,
        fc.record({ transA: fc.boolean(), transB: fc.boolean() }),
      ),
    ),
    call: F.matmul,
  },
  ...(["sum", "mean", "max", "min"] as const).map((n) =>
    reduceCase(n, F[n] as (x: never, o: never) => unknown),
  ),
  { name: "softmax", args: mostly(axisOf, args(operand, axis)), call: F.softmax },
  { name: "logSoftmax", args: mostly(axisOf, args(operand, axis)), call: F.logSoftmax },
  { name: "reshape", args: mostly(reshapeArgs, args(operand, shapeArg)), call: F.reshape },
  { name: "broadcastTo", args: args(operand, shapeArg), call: F.broadcastTo },
  { name: "sumTo", args: args(operand, shapeArg), call: F.sumTo },
  {
    name: "transpose",
    args: args(operand, fc.oneof(fc.constant(undefined), fc.array(smallInt, { maxLength: 4 }), hostile)),
    call: F.transpose,
  },
  { name: "expandDims", args: mostly(axisOf, args(operand, axis)), call: F.expandDims },
  {
    name: "getItem",
    also: ["slice"],
    args: fc.tuple(operand, fc.array(indexItem, { maxLength: 3 })).map(([x, items]) => [x, ...items]),
    call: (x, ...items) => F.getItem(x, ...(items as never[])),
  },
  {
    name: "gather",
    args: mostly(
      indexed(false),
      args(
        operand,
        fc.record({
          index: fc.oneof(
            intsArg,
            fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 6 }).map((a) => Int32Array.from(a)),
          ),
          shape: shapeArg,
          from: shapeArg,
        }),
      ),
    ),
    call: F.gather,
  },
  {
    name: "scatterAdd",
    args: mostly(
      indexed(true),
      args(
        operand,
        fc.record({
          index: fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 6 }).map((a) => Int32Array.from(a)),
          shape: shapeArg,
          from: shapeArg,
        }),
      ),
    ),
    call: F.scatterAdd,
  },
  {
    name: "linear",
    args: mostly(linearArgs, args(operand, operand, fc.oneof(fc.constant(null), operand))),
    call: F.linear,
  },
  {
    name: "conv2d",
    args: mostly(convArgs(false), args(image, image, fc.oneof(fc.constant(null), operand), convOptions)),
    call: F.conv2d,
  },
  {
    name: "deconv2d",
    args: mostly(convArgs(true), args(image, image, fc.oneof(fc.constant(null), operand), convOptions)),
    call: F.deconv2d,
  },
  { name: "im2col", args: args(image, pairArg, convOptions), call: F.im2col },
  {
    name: "col2im",
    args: mostly(col2imArgs, args(operand, fc.oneof(nd(4), shapeArg), pairArg, convOptions)),
    call: F.col2im,
  },
  { name: "pooling", args: mostly(poolArgs, args(image, pairArg, convOptions)), call: F.pooling },
  {
    name: "averagePooling",
    args: mostly(poolArgs, args(image, pairArg, convOptions)),
    call: F.averagePooling,
  },
  {
    name: "batchNorm",
    args: mostly(batchNormArgs, args(operand, operand, operand, floatArray(nd(1)), floatArray(nd(1)))),
    call: F.batchNorm,
  },
  {
    name: "dropout",
    args: args(operand, fc.oneof(fc.double({ min: 0, max: 0.99 }), hostile)),
    call: F.dropout,
  },
  { name: "embedId", args: mostly(embedArgs, args(intsArg, operand)), call: F.embedId },
  {
    name: "softmaxCrossEntropy",
    args: mostly(labelArgs, args(floatArray(nd(2)), intsArg)),
    call: F.softmaxCrossEntropy,
  },
  { name: "accuracy", args: mostly(labelArgs, args(floatArray(nd(2)), intsArg)), call: F.accuracy },
  {
    name: "sigmoidCrossEntropy",
    args: mostly(sameShapes, args(operand, operand)),
    call: F.sigmoidCrossEntropy,
  },
  {
    name: "binaryCrossEntropy",
    args: mostly(sameShapes, args(operand, operand)),
    call: F.binaryCrossEntropy,
  },
  layer("Linear", (n) => new L.Linear(n)),
  layer("Conv2d", (n) => new L.Conv2d(n, 3, { pad: 1 }), image),
  layer("Deconv2d", (n) => new L.Deconv2d(n, 3, { pad: 1 }), image),
  {
    name: "EmbedID",
    args: mostly(
      cohere(
        size.chain((v) =>
          fc.tuple(
            fc.constant(v),
            fc
              .array(fc.integer({ min: 0, max: v - 1 }), { maxLength: 4 })
              .map((ids) => new NDArray(Int32Array.from(ids), [ids.length], "int32")),
          ),
        ),
      ),
      args(fc.oneof(size, hostileNumber), intsArg),
    ),
    call: (n, ids) => new L.EmbedID(n, 3).call(ids),
  },
  layer("RNN", (n) => new L.RNN(n)),
  layer("LSTM", (n) => new L.LSTM(n)),
  layer("GRU", (n) => new L.GRU(n)),
  { name: "BatchNorm", args: args(batch), call: (x) => new L.BatchNorm().call(x) },
];

/** Builds the concrete arguments: arrays as Variables (float) or NDArrays, slices as Slice objects. */
function build(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(build);
  if (typeof value !== "object" || value === null) return value;
  const spec = value as { kind?: string };
  if (spec.kind === "slice") return slice(...((value as { bounds: (number | null)[] }).bounds as []));
  if (spec.kind !== "array") return value;
  const { shape, dtype, seed } = value as ArraySpec;
  const base = new RandomState(seed).randn(shape, { dtype: "float64" });
  const scaled = new NDArray(
    base.data.map((v) => v * 3),
    shape,
    "float64",
  );
  const a = astype(scaled, dtype);
  return dtype === "float32" || dtype === "float64" ? new Variable(a) : a;
}

/** What one backend did: a thrown error, or the output and the input gradients. */
type Outcome = { error: Error } | { out: unknown; grads: (NDArray | null)[] };

function runOn(backend: typeof cpuBackend, c: FuzzCase, raw: unknown[]): Outcome {
  random.seed(7);
  try {
    const built = raw.map(build);
    return withBackend(backend, () => {
      const out = (c.call as (...a: unknown[]) => unknown)(...built);
      const grads: (NDArray | null)[] = [];
      if (
        out instanceof Variable &&
        out.creator !== null &&
        (out.dtype === "float32" || out.dtype === "float64")
      ) {
        F.sum(out).backward();
        for (const v of built) if (v instanceof Variable) grads.push(v.grad?.data ?? null);
      }
      return { out: out instanceof Variable ? out.data : out, grads };
    });
  } catch (e) {
    return { error: e as Error };
  }
}

/** Equal within float32 tolerances, NaN where NaN, same shape and dtype. */
function sameArray(a: NDArray, b: NDArray, what: string): void {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) {
    throw new Error(`${what}: wasm gave ${b.dtype}[${b.shape}], cpu ${a.dtype}[${a.shape}]`);
  }
  for (let i = 0; i < a.size; i++) {
    const [p, q] = [a.data[i], b.data[i]];
    if (Number.isNaN(p) && Number.isNaN(q)) continue;
    if (p === q) continue;
    if (!(Math.abs(p - q) <= 1e-3 + 1e-3 * Math.abs(p)))
      throw new Error(`${what}: element ${i} is ${q} on wasm, ${p} on cpu`);
  }
}

/** Checks that an error is clear: a plain Error whose message starts with the op's name (or an alias). */
export function clearError(e: unknown, c: FuzzCase): string | null {
  if (!(e instanceof Error)) return `threw a non-Error: ${String(e)}`;
  if (e.constructor !== Error) return `raw ${e.constructor.name}: ${e.message}`;
  const named = /^([\w.]+): /.exec(e.message)?.[1];
  const allowed = [c.name, ...(c.also ?? [])];
  if (!named || !allowed.includes(named)) return `message does not name ${c.name}: ${e.message}`;
  return null;
}

/** The property of one case: clear errors alike on both backends, or equal results and gradients. */
export function checkCase(c: FuzzCase, wasm: WasmBackend, raw: unknown[]): void {
  const cpu = runOn(cpuBackend, c, raw);
  const got = runOn(wasm, c, raw);
  if ("error" in cpu || "error" in got) {
    const e = "error" in cpu ? cpu.error : (got as { error: Error }).error;
    const problem = clearError(e, c);
    if (problem) throw new Error(`${c.name}: ${problem}`);
    if (!("error" in cpu) || !("error" in got) || cpu.error.message !== got.error.message) {
      const show = (o: Outcome) => ("error" in o ? o.error.message : "a result");
      throw new Error(`${c.name}: cpu gave ${show(cpu)}, wasm gave ${show(got)}`);
    }
    return;
  }
  if (cpu.out instanceof NDArray && got.out instanceof NDArray)
    sameArray(cpu.out, got.out, `${c.name} output`);
  cpu.grads.forEach((g, i) => {
    const h = got.grads[i];
    if (g && h) sameArray(g, h, `${c.name} gradient ${i}`);
    else if (g !== h) throw new Error(`${c.name}: gradient ${i} exists on one backend only`);
  });
}

/** A wasm backend that runs every array through its kernels (no small-array cpu fallback). */
export function kernelBackend(): WasmBackend {
  return new WasmBackend(undefined, 0);
}

/** Runs every case (or those named) for `numRuns` runs from `seed`; throws the first counterexample. */
export function fuzzAll(options: { seed: number; numRuns: number; only?: string[] }): void {
  const wasm = kernelBackend();
  for (const c of FUZZ_CASES) {
    if (options.only && !options.only.includes(c.name)) continue;
    fc.assert(
      fc.property(c.args, (raw) => checkCase(c, wasm, raw)),
      { seed: options.seed, numRuns: options.numRuns },
    );
  }
}
