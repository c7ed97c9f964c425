/** @file The op contract (`OpDef`) and `apply`: unwrap inputs, check shapes, run forward, link the graph. */

import type { Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { full } from "../ndarray/create.js";
import { type DType, isFloat, promote } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import type { OpName } from "../ops/registry.js";
import { fmtShape, type Shape, sameShape, showValue } from "../shape.js";
import { Config } from "./config.js";
import { Variable } from "./variable.js";

/** What an op may take as an input: a Variable, an NDArray, or a plain number. */
export type Operand = Variable | NDArray | number;

/** The output an op's forward must produce, decided before any kernel runs. */
export interface OutSpec {
  shape: Shape;
  dtype: DType;
}

/**
 * A primitive op: everything about it in one object, read top to bottom.
 * `backward` is written with `F`, so it records a graph itself when `createGraph` is on; it returns
 * one gradient per input (null where no gradient flows). It never handles broadcasting: the engine
 * sums each gradient back to its input's shape.
 */
export interface OpDef<A = undefined> {
  name: OpName;
  /** The output shape; throws naming the op and the shapes when the inputs do not fit. */
  shape(shapes: Shape[], attrs: A): Shape;
  /** The output dtype (default: the promotion of the input dtypes). */
  dtype?(dtypes: DType[], attrs: A): DType;
  /** Computes the output with backend kernels. */
  forward(xs: NDArray[], attrs: A, out: OutSpec, backend: Backend): NDArray;
  /** Gradients of the inputs given `gy`, the inputs `xs` and the output `y`. */
  backward(gy: Variable, xs: Variable[], y: Variable, attrs: A): (Variable | null)[];
}

/** Identity that fixes the attrs type of an op definition. */
export function defineOp<A = undefined>(def: OpDef<A>): OpDef<A> {
  return def;
}

/** A node of the graph: one application of an op, linking its inputs to its output. */
export class FunctionNode<A = unknown> {
  /** Set by the backward loop to the pass that last queued this node. */
  mark = 0;

  constructor(
    readonly op: OpDef<A>,
    readonly attrs: A,
    readonly inputs: Variable[],
    readonly output: Variable,
    readonly generation: number,
  ) {}

  /** The op's name, as graphs print it. */
  get name(): string {
    return this.op.name;
  }
}

/** The dtype plain numbers take next to the other operands (like NumPy's weak scalars). */
function scalarDType(operands: readonly Operand[]): DType {
  for (const x of operands) {
    if (!(x instanceof NDArray || x instanceof Variable)) continue; // numbers (and bad operands, named later)
    const d = x instanceof NDArray ? x.dtype : x.data.dtype;
    return isFloat(d) || operands.every((v) => typeof v !== "number" || Number.isInteger(v)) ? d : "float32";
  }
  return "float32";
}

/** How a bad operand prints in an error: its type and, for short values, the value. */
function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `a JS array (wrap it with dz.array(...))`;
  if (typeof x === "string") return `the string ${showValue(x)}`;
  if (typeof x === "object") return showValue(x);
  return `${typeof x} ${showValue(x)}`;
}

/** Throws naming `op` unless `x` is a Variable, an NDArray or a number. */
function checkOperand(x: unknown, i: number, op: string): void {
  if (typeof x === "number" || x instanceof Variable || x instanceof NDArray) return;
  throw new Error(`${op}: operand ${i + 1} must be a Variable, an NDArray or a number, got ${describe(x)}`);
}

/**
 * Wraps each operand as a Variable; numbers become 0-d arrays of the dtype of their neighbours.
 * Wrapped numbers and NDArrays are constants: they need no gradient. Anything else is an error naming `op`.
 */
export function asVariables(operands: readonly Operand[], op = "operand"): Variable[] {
  let dtype: DType | null = null;
  return operands.map((x, i) => {
    if (x instanceof Variable) return x;
    checkOperand(x, i, op);
    dtype ??= scalarDType(operands);
    const c = new Variable(x instanceof NDArray ? x : scalarArray(x, dtype, op));
    c.requiresGrad = false;
    return c;
  });
}

/** Cache of the 0-d arrays that wrap numbers, per dtype (cleared when large). */
const constants = new Map<string, Map<number, NDArray>>();

/** Integer ranges a plain number must fit next to an integer array (NumPy 2 raises OverflowError). */
const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255],
  int32: [-(2 ** 31), 2 ** 31 - 1],
};

/**
 * A shared 0-d array holding `value` in `dtype` (bool arrays take numbers as int32, as NumPy's bool + 1).
 * NOTE: sharing is safe because ops never write their inputs; it saves a typed array per `x.mul(2)`,
 * which dominates the cost of long scalar chains.
 */
function scalarArray(value: number, dtype: DType, op: string): NDArray {
  const kind = dtype === "bool" ? "int32" : dtype;
  let cache = constants.get(kind);
  if (cache === undefined) {
    cache = new Map();
    constants.set(kind, cache);
  }
  let a = cache.get(value);
  if (a === undefined) {
    const range = INT_RANGE[kind];
    if (range && !(value >= range[0] && value <= range[1])) {
      throw new Error(
        `${op}: the number ${value} is out of range for ${kind} [${range[0]}, ${range[1]}] (cast the array first)`,
      );
    }
    if (cache.size >= 4096) cache.clear();
    a = full([], value, { dtype: kind });
    cache.set(value, a);
  }
  return a;
}

/**
 * Applies `op` to `operands`: checks shapes first, runs forward, and links the graph when recording
 * and some input requires a gradient.
 */
export function apply<A>(op: OpDef<A>, operands: readonly Operand[], attrs: A): Variable {
  const xs = asVariables(operands, op.name);
  const shapes = xs.map((x) => x.data.shape);
  const shape = op.shape(shapes, attrs);
  const dtypes = xs.map((x) => x.data.dtype);
  const dtype = op.dtype ? op.dtype(dtypes, attrs) : dtypes.reduce(promote);
  const out = op.forward(
    xs.map((x) => x.data),
    attrs,
    { shape, dtype },
    getBackend(),
  );
  if (!sameShape(out.shape, shape) || out.dtype !== dtype) {
    throw new Error(
      `${op.name}: forward gave ${out.dtype}${fmtShape(out.shape)}, expected ${dtype}${fmtShape(shape)}`,
    );
  }
  const y = new Variable(out);
  y.requiresGrad = Config.enableBackprop && xs.some((x) => x.requiresGrad);
  if (y.requiresGrad) {
    let generation = 0;
    for (const x of xs) if (x.generation > generation) generation = x.generation;
    y.creator = new FunctionNode(op, attrs, xs, y, generation) as FunctionNode;
    y.generation = generation + 1;
  }
  return y;
}
