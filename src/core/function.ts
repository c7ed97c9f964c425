/** @file The op contract (`OpDef`) and `apply`: unwrap inputs, check shapes, run forward, link the graph. */

import type { Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { full } from "../ndarray/create.js";
import { deviceName } from "../ndarray/device.js";
import { type DType, isFloat, promote } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import type { OpName } from "../ops/registry.js";
import { fmtShape, type Shape, sameShape, showValue } from "../shape.js";
import { Config } from "./config.js";
import { Variable } from "./variable.js";

/** What an op may take as an input: a Variable, an NDArray, or a plain number.
 * @example
 * ```ts
 * import { array, F, type Operand, Variable } from "dezero-ts";
 * const operands: Operand[] = [new Variable(2), array(2), 2];
 * console.log(operands.map((a) => F.mul(a, 3).item())); // [6, 6, 6]
 * ```
 */
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
 * @example
 * ```ts
 * import { apply, type OpDef, OPS, Variable } from "dezero-ts";
 * const square: OpDef = {
 *   name: "pow",
 *   shape: ([s]) => s,
 *   forward: ([x], _attrs, out, backend) => backend.binary("mul", x, x, out.shape, out.dtype),
 *   backward: (gy, [x]) => [gy.mul(x).mul(2)],
 * };
 * const x = new Variable(3);
 * apply(square, [x], undefined).backward();
 * console.log(x.grad!.item(), Object.keys(OPS).includes(square.name)); // 6 true
 * ```
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

/** Identity that fixes the attrs type of an op definition.
 * @example
 * ```ts
 * import { apply, defineOp, F, Variable } from "dezero-ts";
 * // An op of your own: eˣ with its backward written in F (d eˣ = eˣ dx).
 * const myExp = defineOp({
 *   name: "exp",
 *   shape: ([s]) => s,
 *   forward: ([x], _attrs, out, backend) => backend.unary("exp", x, out.dtype),
 *   backward: (gy, _xs, y) => [F.mul(gy, y)],
 * });
 * const x = new Variable(1);
 * const y = apply(myExp, [x], undefined);
 * y.backward();
 * console.log(y.item().toFixed(4), x.grad!.item().toFixed(4)); // 2.7183 2.7183
 * ```
 */
export function defineOp<A = undefined>(def: OpDef<A>): OpDef<A> {
  const ok = typeof def === "object" && def !== null && typeof def.name === "string";
  if (
    !ok ||
    !["shape", "forward", "backward"].every(
      (k) => typeof (def as unknown as Record<string, unknown>)[k] === "function",
    )
  ) {
    throw new Error(
      `defineOp: def must be an op definition { name, shape, forward, backward }, got ${describe(def)}`,
    );
  }
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

/** Whether `vs` is an array of Variables. */
function allVariables(vs: unknown): boolean {
  if (!Array.isArray(vs)) return false;
  for (let i = 0; i < vs.length; i++) if (!(vs[i] instanceof Variable)) return false;
  return true;
}

/**
 * A node of the graph: one application of an op — a library primitive (`OpDef`) or a user's
 * `Function` — linking its inputs to its outputs. The one node type the backward loop knows.
 * @example
 * ```ts
 * import { F, FunctionNode, Variable } from "dezero-ts";
 * const x = new Variable(0.5);
 * const y = F.sin(x);
 * const node = y.creator!;
 * console.log(node instanceof FunctionNode, node.name, node.inputs[0] === x, node.output === y); // true sin true true
 * ```
 */
export class FunctionNode<A = unknown> {
  /** Set by the backward loop to the pass that last queued this node. */
  mark = 0;
  /**
   * The only output (every primitive's), or the outputs of a user Function. NOTE: a node lives until
   * backward; holding a one-element array for every primitive cost 56 bytes of heap per op.
   */
  private readonly outs: Variable | Variable[];

  constructor(
    readonly op: OpDef<A> | NodeRule,
    readonly attrs: A,
    readonly inputs: Variable[],
    outputs: Variable[],
    readonly generation: number,
  ) {
    // NOTE: built for every op: plain loops, no arrays or closures.
    if (!allVariables(inputs))
      throw new Error(`FunctionNode: inputs must be an array of Variables, got ${describe(inputs)}`);
    if (!allVariables(outputs) || outputs.length === 0) {
      throw new Error(
        `FunctionNode: outputs must be a non-empty array of Variables, got ${describe(outputs)}`,
      );
    }
    this.outs = outputs.length === 1 ? outputs[0] : outputs;
  }

  /** The outputs (for a primitive, a new one-element array each time). */
  get outputs(): Variable[] {
    const o = this.outs;
    return o instanceof Variable ? [o] : o;
  }

  /** The first (for primitives, the only) output. */
  get output(): Variable {
    const o = this.outs;
    return o instanceof Variable ? o : o[0];
  }

  /** The op's name, as graphs print it. */
  get name(): string {
    return this.op.name;
  }

  /** The inputs' gradients (null where none flows) given one gradient per output. */
  gradients(gys: Variable[]): (Variable | null)[] {
    const op = this.op;
    return "gradients" in op ? op.gradients(gys) : op.backward(gys[0], this.inputs, this.output, this.attrs);
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
  // NOTE: sized up front: graph nodes keep this array, and one grown by push holds 17 slots.
  const out = new Array<Variable>(operands.length);
  for (let i = 0; i < operands.length; i++) {
    const x = operands[i];
    if (x instanceof Variable) {
      out[i] = x;
      continue;
    }
    checkOperand(x, i, op);
    if (x instanceof NDArray) out[i] = constant(x);
    else {
      dtype ??= scalarDType(operands);
      out[i] = scalarConstant(x, dtype, op);
    }
  }
  return out;
}

function constant(x: NDArray): Variable {
  const c = new Variable(x);
  c.requiresGrad = false;
  return c;
}

/** Cache of the constant Variables that wrap numbers, per dtype (cleared when large). */
const constants = new Map<string, Map<number, Variable>>();

/** Integer ranges a plain number must fit next to an integer array (NumPy 2 raises OverflowError). */
const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255],
  int32: [-(2 ** 31), 2 ** 31 - 1],
};

/**
 * A shared constant Variable holding `value` as a 0-d array in `dtype` (bool arrays take numbers as int32, as
 * NumPy's bool + 1). NOTE: sharing is safe because ops never write their inputs and backward never gives a
 * constant a gradient; it saves a Variable and a typed array per `x.mul(2)`, which dominate the memory and
 * time of long scalar chains (each graph node holds its inputs until backward).
 */
function scalarConstant(value: number, dtype: DType, op: string): Variable {
  const kind = dtype === "bool" ? "int32" : dtype;
  let cache = constants.get(kind);
  if (cache === undefined) {
    cache = new Map();
    constants.set(kind, cache);
  }
  let c = cache.get(value);
  if (c === undefined) {
    const range = INT_RANGE[kind];
    if (range && !(value >= range[0] && value <= range[1])) {
      throw new Error(
        `${op}: the number ${value} is out of range for ${kind} [${range[0]}, ${range[1]}] (cast the array first)`,
      );
    }
    if (cache.size >= 4096) cache.clear();
    c = constant(full([], value, { dtype: kind }));
    cache.set(value, c);
  }
  return c;
}

/** One argument `param` of the public function `fn` as a Variable (as `asVariables`), after checking its type. */
export function operand(fn: string, param: string, x: unknown): Variable {
  if (!(typeof x === "number" || x instanceof Variable || x instanceof NDArray))
    throw new Error(`${fn}: ${param} must be a Variable, an NDArray or a number, got ${describe(x)}`);
  return asVariables([x as Operand], fn)[0];
}

/**
 * The backend of the device the operands live on: the GPU's when an array lives there, else `getBackend()`.
 * Host and GPU arrays together are an error naming both (plain numbers, and 0-d host arrays, go anywhere).
 */
export function backendFor(op: string, operands: readonly unknown[], datas: readonly NDArray[]): Backend {
  let device: NDArray | undefined;
  for (let i = 0; i < datas.length; i++) {
    if (datas[i].storage !== undefined) {
      device = datas[i];
      break;
    }
  }
  if (device === undefined) return getBackend();
  for (let i = 0; i < datas.length; i++) {
    // a 0-d host array is a number in disguise (a number operand saved for backward is one)
    if (datas[i].storage === undefined && typeof operands[i] !== "number" && datas[i].ndim !== 0) {
      const j = datas.indexOf(device);
      throw new Error(
        `${op}: operand ${j + 1} lives on the ${deviceName(device)} but operand ${i + 1} on the cpu: ` +
          "move one of them (x.toGpu(), or await x.toCpu())",
      );
    }
  }
  return backendOf(device);
}

/** The backend of the device `x` lives on: the GPU's for a GPU array, else `getBackend()`. */
export function backendOf(x: NDArray): Backend {
  return (x.storage?.device.backend as Backend | undefined) ?? getBackend();
}

/**
 * Applies `op` to `operands`: checks shapes first, runs forward, and links the graph when recording
 * and some input requires a gradient.
 * @example
 * ```ts
 * import { apply, OPS, Variable } from "dezero-ts";
 * // F.mul(x, 3) is apply(OPS.mul, [x, 3], undefined).
 * const x = new Variable(2);
 * const y = apply(OPS.mul, [x, 3], undefined);
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 6 3
 * ```
 */
export function apply<A>(op: OpDef<A>, operands: readonly Operand[], attrs: A): Variable {
  const xs = asVariables(operands, op.name);
  // NOTE: one pass over the inputs and no closures: this runs for every op, and on small arrays it
  // costs as much as the arithmetic.
  const datas: NDArray[] = [];
  const shapes: Shape[] = [];
  const dtypes: DType[] = [];
  let requiresGrad = false;
  let generation = 0;
  for (const x of xs) {
    datas.push(x.data);
    shapes.push(x.data.shape);
    dtypes.push(x.data.dtype);
    if (x.requiresGrad) requiresGrad = true;
    if (x.generation > generation) generation = x.generation;
  }
  const shape = op.shape(shapes, attrs);
  const dtype = op.dtype ? op.dtype(dtypes, attrs) : dtypes.reduce(promote);
  const out = op.forward(datas, attrs, { shape, dtype }, backendFor(op.name, operands, datas));
  if (!sameShape(out.shape, shape) || out.dtype !== dtype) {
    throw new Error(
      `${op.name}: forward gave ${out.dtype}${fmtShape(out.shape)}, expected ${dtype}${fmtShape(shape)}`,
    );
  }
  const y = new Variable(out);
  y.requiresGrad = Config.enableBackprop && requiresGrad;
  if (y.requiresGrad) {
    y.creator = new FunctionNode(op, attrs, xs, [y], generation) as FunctionNode;
    y.generation = generation + 1;
  }
  return y;
}
