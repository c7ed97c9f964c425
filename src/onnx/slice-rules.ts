/** @file getItem as ONNX Slice/Squeeze/Gather and back, and the ONNX ops that import with no dezero-ts row of their own. */

import { Variable } from "../core/variable.js";
import { type IndexItem, Slice, sliceRange } from "../functions/get-item.js";
import * as F from "../functions/index.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, type Shape } from "../shape.js";
import type { GraphBuilder } from "./builder.js";
import { constInts, type ExportNode, fail, type ImportRule, input, type Value } from "./rules.js";

/** Whether an index entry is an integer array (NumPy's advanced indexing). */
const isArray = (item: IndexItem): boolean => typeof item !== "number" && !(item instanceof Slice);

/** Whether a slice keeps its whole axis. */
const isFull = (item: IndexItem): boolean =>
  item instanceof Slice && item.start === null && item.stop === null && (item.step ?? 1) === 1;

/** An integer array index as an int32 NDArray of its shape. */
function indexArray(item: IndexItem): NDArray {
  if (item instanceof NDArray)
    return item.dtype === "int32"
      ? item
      : new NDArray(Int32Array.from(item.data as ArrayLike<number>), item.shape, "int32");
  if (typeof item === "number") return new NDArray(Int32Array.of(item), [], "int32");
  return new NDArray(
    Int32Array.from(item as readonly number[]),
    [(item as readonly number[]).length],
    "int32",
  );
}

/**
 * getItem: ints and slices become one Slice (whole axes left out, so the batch axis stays dynamic) and a
 * Squeeze of the int axes; one integer array with whole slices elsewhere becomes a Gather on its axis.
 */
export function exportGetItem(g: GraphBuilder, n: ExportNode): void {
  const shape = n.shapes[0] as Shape;
  const items = n.attrs.items as IndexItem[];
  if (items.some(isArray)) {
    const at = items.findIndex((it) => !isFull(it));
    if (items.some((it, i) => i !== at && !isFull(it))) {
      throw new Error(
        `onnx.exportModel: getItem with an integer array and other non-whole entries (shape ${fmtShape(shape)}) has no ONNX mapping`,
      );
    }
    g.node("Gather", [n.inputs[0], g.constant(indexArray(items[at]), "index")], n.out, { axis: { i: at } });
    return;
  }
  const [starts, ends, axes, steps, squeeze] = [[], [], [], [], []] as number[][];
  items.forEach((item, axis) => {
    if (isFull(item)) return;
    const size = shape[axis];
    const [start, step, len] =
      typeof item === "number" ? [item < 0 ? item + size : item, 1, 1] : sliceRange(item as Slice, size);
    if (typeof item === "number") squeeze.push(axis);
    // NOTE: a stop before index 0 (a negative step running to the start) is written as −(2⁶³ − 1)… clamped
    // to −2⁵³, which ONNX clamps to "before the first element", as Python's slice does.
    const stop = start + len * step;
    starts.push(start);
    ends.push(stop < 0 ? Number.MIN_SAFE_INTEGER : stop);
    axes.push(axis);
    steps.push(step);
  });
  if (axes.length === 0) {
    g.node("Identity", n.inputs, n.out);
    return;
  }
  const sliced = g.node(
    "Slice",
    [
      n.inputs[0],
      g.int64s(starts, "starts"),
      g.int64s(ends, "ends"),
      g.int64s(axes, "axes"),
      g.int64s(steps, "steps"),
    ],
    squeeze.length === 0 ? n.out : undefined,
  );
  if (squeeze.length > 0) g.node("Squeeze", [sliced, g.int64s(squeeze, "axes")], n.out);
}

/** Slice with constant starts/ends/axes/steps, as getItem with one slice per axis. */
export const importSlice: ImportRule = (n) => {
  const x = input(n, 0);
  const [starts, ends] = [constInts(n, 1), constInts(n, 2)];
  if (starts === null || ends === null) fail(n, "starts and ends are required");
  const axes = constInts(n, 3) ?? starts.map((_, i) => i);
  const steps = constInts(n, 4) ?? starts.map(() => 1);
  const items: IndexItem[] = x.shape.map(() => new Slice());
  axes.forEach((a, i) => {
    const axis = a < 0 ? a + x.shape.length : a;
    if (axis < 0 || axis >= x.shape.length)
      fail(n, `axis ${a} is out of range for shape ${fmtShape(x.shape)}`);
    items[axis] = new Slice(starts[i], ends[i], steps[i]);
  });
  return F.getItem(x, items);
};

/** Squeeze/Unsqueeze as reshapes, with the axes from the input (opset ≥ 13) or the attribute. */
function squeezeRule(unsqueeze: boolean): ImportRule {
  return (n) => {
    const x = input(n, 0);
    const axes = constInts(n, 1) ?? n.attrs.ints("axes");
    if (unsqueeze) {
      if (axes === null) fail(n, "axes are required");
      const ndim = x.shape.length + axes.length;
      const norm = new Set(axes.map((a) => (a < 0 ? a + ndim : a)));
      const shape: number[] = [];
      let k = 0;
      for (let i = 0; i < ndim; i++) shape.push(norm.has(i) ? 1 : x.shape[k++]);
      return F.reshape(x, shape);
    }
    const drop = new Set(
      (axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => (a < 0 ? a + x.shape.length : a)),
    );
    return F.reshape(
      x,
      x.shape.filter((_, i) => !drop.has(i)),
    );
  };
}

/** Cast between float types of a Variable is not supported; a float-to-float or a constant cast is. */
const importCast: ImportRule = (n) => {
  const x = input(n, 0);
  const to = n.attrs.int("to", 0);
  const FLOAT = 1;
  if (x instanceof Variable && to === FLOAT && x.dtype === "float32") return x;
  if (!(x instanceof Variable)) {
    const data =
      to === FLOAT
        ? Float32Array.from(x.data as ArrayLike<number>)
        : Int32Array.from(x.data as ArrayLike<number>);
    return new NDArray(data, x.shape, to === FLOAT ? "float32" : "int32");
  }
  return fail(n, `casting ${x.dtype} to ONNX type ${to} is not supported`);
};

/** A Constant node's value, from whichever attribute holds it. */
const importConstant: ImportRule = (n) => {
  const t = n.attrs.tensor("value");
  if (t !== null) return t;
  const ints = n.attrs.ints("value_ints");
  if (ints !== null) return new NDArray(Int32Array.from(ints), [ints.length], "int32");
  const f = n.attrs.float("value_float", Number.NaN);
  if (!Number.isNaN(f)) return new NDArray(Float32Array.of(f), [], "float32");
  const i = n.attrs.int("value_int", Number.NaN);
  if (!Number.isNaN(i)) return new NDArray(Int32Array.of(i), [], "int32");
  return fail(n, "a Constant needs value, value_ints, value_float or value_int");
};

const identity: ImportRule = (n) => input(n, 0);

/** ONNX ops that import with no dezero-ts row: they are identities, constants or other spellings of a row. */
export const IMPORT_ONLY: Record<string, ImportRule> = {
  Identity: identity,
  // NOTE: Dropout imports as the identity (ONNX inference semantics); its mask output is not supported.
  Dropout: identity,
  Constant: importConstant,
  Cast: importCast,
  Squeeze: squeezeRule(false),
  Unsqueeze: squeezeRule(true),
  GlobalAveragePool: (n) => F.mean(input(n, 0), { axis: [2, 3], keepdims: true }),
  ReduceMean: (n) => {
    const axes = constInts(n, 1) ?? n.attrs.ints("axes");
    return F.mean(input(n, 0), { axis: axes, keepdims: n.attrs.int("keepdims", 1) === 1 });
  },
  // NOTE: only the all-zero Pad that PyTorch writes before AveragePool imports (dezero-ts has no pad op)
  Pad: (n) => {
    const pads = constInts(n, 1) ?? n.attrs.ints("pads") ?? [];
    if (pads.some((p) => p !== 0)) fail(n, `only zero pads are supported, got [${pads}]`);
    return input(n, 0);
  },
  Shape: (n) => {
    const x: Value = input(n, 0);
    return new NDArray(Int32Array.from(x.shape), [x.shape.length], "int32");
  },
};
