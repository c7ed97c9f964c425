/** @file The op contract (`OpDef`) and `apply`: unwrap inputs, check shapes, run forward, link the graph. */

import type { Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { full } from "../ndarray/create.js";
import { type DType, isFloat, promote } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import type { OpName } from "../ops/registry.js";
import { fmtShape, type Shape, sameShape } from "../shape.js";
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

/**
 * What a node needs from a user-defined `Function` (core/user-function.ts): its name and the inputs'
 * gradients from the outputs' gradients.
 */
export interface NodeRule {
  readonly name: string;
  gradients(gys: Variable[]): (Variable | null)[];
}

/**
 * A node of the graph: one application of an op — a library primitive (`OpDef`) or a user's
 * `Function` — linking its inputs to its outputs. The one node type the backward loop knows.
 */
export class FunctionNode<A = unknown> {
  /** Set by the backward loop to the pass that last queued this node. */
  mark = 0;

  constructor(
    readonly op: OpDef<A> | NodeRule,
    readonly attrs: A,
    readonly inputs: Variable[],
    readonly outputs: Variable[],
    readonly generation: number,
  ) {}

  /** The first (for primitives, the only) output. */
  get output(): Variable {
    return this.outputs[0];
  }

  /** The op's name, as graphs print it. */
  get name(): string {
    return this.op.name;
  }

  /** The inputs' gradients (null where none flows) given one gradient per output. */
  gradients(gys: Variable[]): (Variable | null)[] {
    const op = this.op;
    return "gradients" in op
      ? op.gradients(gys)
      : op.backward(gys[0], this.inputs, this.outputs[0], this.attrs);
  }
}

/** The dtype plain numbers take next to the other operands (like NumPy's weak scalars). */
function scalarDType(operands: readonly Operand[]): DType {
  for (const x of operands) {
    if (typeof x === "number") continue;
    const d = x instanceof NDArray ? x.dtype : x.data.dtype;
    return isFloat(d) || operands.every((v) => typeof v !== "number" || Number.isInteger(v)) ? d : "float32";
  }
  return "float32";
}

/**
 * Wraps each operand as a Variable; numbers become 0-d arrays of the dtype of their neighbours.
 * Wrapped numbers and NDArrays are constants: they need no gradient.
 */
export function asVariables(operands: readonly Operand[]): Variable[] {
  let dtype: DType | null = null;
  return operands.map((x) => {
    if (x instanceof Variable) return x;
    dtype ??= scalarDType(operands);
    const c = new Variable(x instanceof NDArray ? x : scalarArray(x, dtype));
    c.requiresGrad = false;
    return c;
  });
}

/** Cache of the 0-d arrays that wrap numbers, per dtype (cleared when large). */
const constants = new Map<string, Map<number, NDArray>>();

/**
 * A shared 0-d array holding `value`. NOTE: sharing is safe because ops never write their inputs;
 * it saves a typed array per `x.mul(2)`, which dominates the cost of long scalar chains.
 */
function scalarArray(value: number, dtype: DType): NDArray {
  const kind = dtype === "float64" || dtype === "float32" ? dtype : "int32";
  let cache = constants.get(kind);
  if (cache === undefined) {
    cache = new Map();
    constants.set(kind, cache);
  }
  let a = cache.get(value);
  if (a === undefined) {
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
  const xs = asVariables(operands);
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
    y.creator = new FunctionNode(op, attrs, xs, [y], generation) as FunctionNode;
    y.generation = generation + 1;
  }
  return y;
}
