/** @file The small NumPy the book applies to `.data`: arithmetic, math, comparison, reduction and layout methods on NDArray. */

import { type Axis, describe, num } from "../args.js";
import * as F from "../functions/index.js";
import { astype } from "../ndarray/create.js";
import { type DType, floatOf, promote } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { broadcastShapes, normalizeAxis } from "../shape.js";
import { asVariables, backendFor, backendOf } from "./function.js";

/** An operand of an NDArray method: another array or a number (broadcast like NumPy). */
type Other = NDArray | number;

declare module "../ndarray/ndarray.js" {
  interface NDArray {
    /** this + other, broadcasting. */
    add(other: Other): NDArray;
    /** this − other. */
    sub(other: Other): NDArray;
    /** this · other (elementwise). */
    mul(other: Other): NDArray;
    /** this / other. */
    div(other: Other): NDArray;
    /** −this. */
    neg(): NDArray;
    /** thisᶜ, c a number or an array. */
    pow(c: Other): NDArray;
    exp(): NDArray;
    log(): NDArray;
    sin(): NDArray;
    cos(): NDArray;
    tanh(): NDArray;
    sqrt(): NDArray;
    abs(): NDArray;
    /** Elementwise larger of this and other (NumPy's `np.maximum`). */
    maximum(other: Other): NDArray;
    /** Elementwise smaller of this and other. */
    minimum(other: Other): NDArray;
    /** 1 where this > other, else 0 (a mask in the float dtype, as `F.gt`). */
    gt(other: Other): NDArray;
    ge(other: Other): NDArray;
    lt(other: Other): NDArray;
    le(other: Other): NDArray;
    eq(other: Other): NDArray;
    /** Sum over `axis` (default all): `x.sum()`, `x.sum(0)`, `x.sum([0, 1], true)`, `x.sum({ axis })`. */
    sum(axis?: Axis | F.ReduceOptions, keepdims?: boolean): NDArray;
    mean(axis?: Axis | F.ReduceOptions, keepdims?: boolean): NDArray;
    max(axis?: Axis | F.ReduceOptions, keepdims?: boolean): NDArray;
    min(axis?: Axis | F.ReduceOptions, keepdims?: boolean): NDArray;
    /** Index of the largest element along `axis` (int32); over the flattened array when omitted. */
    argmax(axis?: number | null): NDArray;
    /** Axes reversed (`transpose()`) or permuted (`transpose(1, 0, 2)` or `transpose([1, 0, 2])`). */
    transpose(...axes: number[] | [readonly number[]]): NDArray;
    /** The transpose (axes reversed). */
    readonly T: NDArray;
    /** NumPy indexing, as `F.getItem`: `x.get(1)`, `x.get(1, 2)`, `x.get(slice(1, 3))`. */
    get(...index: [F.Index] | F.IndexItem[]): NDArray;
    /** A copy converted to `dtype` (NumPy's `astype`, which copies). */
    astype(dtype: DType): NDArray;
  }
}

/** A binary elementwise kernel with NumPy broadcasting and dtype promotion (numbers adopt the array's dtype). */
function binary(op: "pow" | "maximum" | "minimum", a: NDArray, b: Other): NDArray {
  checkOther(op, b);
  const [x0, x1] = asVariables([a, b]).map((v) => v.data);
  const shape = broadcastShapes(x0.shape, x1.shape, op);
  return backendFor(op, [a, b], [x0, x1]).binary(op, x0, x1, shape, promote(x0.dtype, x1.dtype));
}

function checkOther(op: string, b: unknown): void {
  if (!(b instanceof NDArray) && typeof b !== "number") {
    throw new Error(`NDArray.${op}: other must be an NDArray or a number, got ${describe(b)}`);
  }
}

type Binary = (a: NDArray, b: NDArray | number) => { data: NDArray };
type Unary = (a: NDArray) => { data: NDArray };

/** A method running F's op on arrays: the inputs are constants, so no graph is recorded. */
function viaF(name: string, f: Binary): (this: NDArray, other: Other) => NDArray {
  return function (this: NDArray, other: Other) {
    checkOther(name, other);
    return f(this, other).data;
  };
}

function viaF1(f: Unary): (this: NDArray) => NDArray {
  return function (this: NDArray) {
    return f(this).data;
  };
}

function unaryKernel(op: "sqrt" | "abs", float: boolean): (this: NDArray) => NDArray {
  return function (this: NDArray) {
    return backendOf(this).unary(op, this, float ? floatOf(this.dtype) : this.dtype);
  };
}

type Reduce = (x: NDArray, axis?: Axis | F.ReduceOptions, keepdims?: boolean) => { data: NDArray };

function reduction(f: Reduce) {
  return function (this: NDArray, axis?: Axis | F.ReduceOptions, keepdims?: boolean) {
    return f(this, axis, keepdims).data;
  };
}

const methods = {
  add: viaF("add", F.add),
  sub: viaF("sub", F.sub),
  mul: viaF("mul", F.mul),
  div: viaF("div", F.div),
  neg: viaF1(F.neg),
  pow(this: NDArray, c: Other) {
    return binary("pow", this, c);
  },
  exp: viaF1(F.exp),
  log: viaF1(F.log),
  sin: viaF1(F.sin),
  cos: viaF1(F.cos),
  tanh: viaF1(F.tanh),
  sqrt: unaryKernel("sqrt", true),
  abs: unaryKernel("abs", false),
  maximum(this: NDArray, other: Other) {
    return binary("maximum", this, other);
  },
  minimum(this: NDArray, other: Other) {
    return binary("minimum", this, other);
  },
  gt: viaF("gt", F.gt),
  ge: viaF("ge", F.ge),
  lt: viaF("lt", F.lt),
  le: viaF("le", F.le),
  eq: viaF("eq", F.eq),
  sum: reduction(F.sum),
  mean: reduction(F.mean),
  max: reduction(F.max),
  min: reduction(F.min),
  argmax(this: NDArray, axis: number | null = null) {
    if (axis === null)
      return backendOf(this)
        .argmax(this.reshape([this.size]), 0)
        .reshape([]);
    const a = normalizeAxis(
      num("NDArray.argmax", "axis", axis, { integer: true }),
      this.ndim,
      "NDArray.argmax",
    );
    const out = backendOf(this).argmax(this, a);
    return out.reshape(this.shape.filter((_, i) => i !== a));
  },
  transpose(this: NDArray, ...axes: number[] | [readonly number[]]) {
    const perm = axes.length === 0 ? undefined : Array.isArray(axes[0]) ? [...axes[0]] : (axes as number[]);
    return F.transpose(this, perm).data;
  },
  get(this: NDArray, ...index: [F.Index] | F.IndexItem[]) {
    return F.getItem(this, ...index).data;
  },
  astype(this: NDArray, dtype: DType) {
    return astype(this, dtype, true);
  },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(NDArray.prototype, name, { value: fn, writable: true, configurable: true });
}
Object.defineProperty(NDArray.prototype, "T", {
  get(this: NDArray) {
    return F.transpose(this).data;
  },
  configurable: true,
});
