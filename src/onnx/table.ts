/**
 * @file The ONNX mapping table: one row per dezero-ts op or composite, saying how it exports and how the
 * ONNX op it becomes imports back. Adding an op name to `OpName` or `CompositeName` makes the compiler ask
 * for its row here.
 */

import type { CompositeName } from "../core/trace.js";
import { Variable } from "../core/variable.js";
import { Slice } from "../functions/get-item.js";
import * as F from "../functions/index.js";
import type { OpName } from "../ops/registry.js";
import { broadcastShapes, fmtShape, getDeconvOutSize, type Shape } from "../shape.js";
import {
  batchTarget,
  constInts,
  constScalar,
  type ExportNode,
  type ExportRule,
  fail,
  type ImportNode,
  type ImportRule,
  input,
  type MappingRow,
  onnxType,
  type Value,
  windowAttrs,
  windowExport,
} from "./rules.js";
import { exportGetItem, importSlice } from "./slice-rules.js";

/** Every name the exporter meets: the primitives and the composites that record themselves. */
export type ExportName = OpName | CompositeName;

/** An export that writes one ONNX op of the same inputs. */
const same =
  (opType: string): ExportRule =>
  (g, n) => {
    g.node(opType, n.inputs, n.out);
  };

/** A row for an ONNX op with the same inputs both ways. */
function direct(onnx: string, fn: (...xs: Value[]) => Value): MappingRow {
  return { onnx, export: same(onnx), import: (n) => fn(...n.inputs.map((_, i) => input(n, i))) };
}

/** A row for a dezero-ts op that cannot be exported, with the reason in the error. */
function unsupported(name: string, why: string): MappingRow {
  return {
    onnx: "",
    export: () => {
      throw new Error(`onnx.exportModel: op '${name}' has no ONNX mapping: ${why}`);
    },
  };
}

/** Comparisons give float masks in dezero-ts and bools in ONNX: the export casts, the import compares. */
function compare(onnx: string, fn: (a: Value, b: Value) => Variable): MappingRow {
  return {
    onnx,
    export: (g, n) => {
      g.node("Cast", [g.node(onnx, n.inputs)], n.out, { to: onnxType(n.outDtype) });
    },
    import: (n) => fn(input(n, 0), input(n, 1)),
  };
}

/** A single operand that must be a Variable-or-constant. */
const x0 = (n: ImportNode): Value => input(n, 0);

/** Axes of a reduction: the `axes` input (opset ≥ 13/18) or attribute (earlier), null for all. */
function reduceAxes(n: ImportNode): number[] | null {
  const axes = n.inputs.length > 1 ? constInts(n, 1) : n.attrs.ints("axes");
  if (axes !== null && axes.length === 0 && n.attrs.int("noop_with_empty_axes", 0) === 1) return [];
  return axes !== null && axes.length === 0 ? null : axes;
}

/** ReduceMax/ReduceMin both ways (opset 17: axes as an attribute). */
function extremum(onnx: string, fn: typeof F.max): MappingRow {
  return {
    onnx,
    export: (g, n) => {
      g.node(onnx, n.inputs, n.out, {
        axes: { ints: n.attrs.axes },
        keepdims: { i: n.attrs.keepdims ? 1 : 0 },
      });
    },
    import: (n) => fn(x0(n), { axis: reduceAxes(n), keepdims: n.attrs.int("keepdims", 1) === 1 }),
  };
}

/** Softmax/LogSoftmax: one op along an axis (ONNX's default −1, the last). */
function alongAxis(onnx: string, fn: typeof F.softmax): MappingRow {
  return {
    onnx,
    export: (g, n) => {
      g.node(onnx, n.inputs, n.out, { axis: { i: n.attrs.axis } });
    },
    import: (n) => fn(x0(n), normAxis(n, n.attrs.int("axis", -1))),
  };
}

/** A node with a window (Conv, ConvTranspose, pooling) exported from its `window` attrs. */
function windowed(
  onnx: string,
  extra: (n: ExportNode) => Record<string, { i: number } | { ints: number[] }> = () => ({}),
): ExportRule {
  return (g, n) => {
    g.node(onnx, n.inputs, n.out, { ...windowExport(n.attrs.window), ...extra(n) });
  };
}

/** The kernel of an imported window node: its `kernel_shape`, or the weight's last two axes. */
function kernelOf(n: ImportNode, W?: Value): number[] {
  return n.attrs.ints("kernel_shape") ?? (W ? W.shape.slice(2) : fail(n, "kernel_shape is missing"));
}

/** Gemm: y = α·op(A)·op(B) + β·C. */
const importGemm: ImportRule = (n) => {
  const [transA, transB] = [n.attrs.int("transA", 0) === 1, n.attrs.int("transB", 0) === 1];
  let y = F.matmul(input(n, 0), input(n, 1), { transA, transB });
  const [alpha, beta] = [n.attrs.float("alpha", 1), n.attrs.float("beta", 1)];
  if (alpha !== 1) y = F.mul(y, alpha);
  const c = n.inputs[2];
  return c ? F.add(y, beta === 1 ? c : F.mul(c, beta)) : y;
};

/** MatMul of a 2-D or batched-rows operand by a matrix (the rows are flattened, multiplied, reshaped back). */
const importMatMul: ImportRule = (n) => {
  const [a, b] = [input(n, 0), input(n, 1)];
  if (b.shape.length !== 2 || a.shape.length < 2)
    fail(n, `only (..., K) @ (K, M) is supported, got ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  if (a.shape.length === 2) return F.matmul(a, b);
  const lead = a.shape.slice(0, -1);
  return F.reshape(F.matmul(F.reshape(a, [-1, a.shape[a.shape.length - 1]]), b), [...lead, b.shape[1]]);
};

/** Reshape with ONNX's 0 ("copy this axis of the input") resolved against the input's shape. */
const importReshape: ImportRule = (n) => {
  const x = x0(n);
  const target = constInts(n, 1) ?? fail(n, "the shape input is missing");
  const allowZero = n.attrs.int("allowzero", 0) === 1;
  return F.reshape(
    x,
    target.map((d, i) => (d === 0 && !allowZero ? x.shape[i] : d)),
  );
};

/** ConvTranspose, whose output size comes from output_shape or output_padding. */
const importConvTranspose: ImportRule = (n) => {
  const [x, W] = [input(n, 0), input(n, 1)];
  if (n.attrs.int("group", 1) !== 1) fail(n, "grouped transposed convolutions are not supported");
  const kernel = kernelOf(n, W);
  const { stride, pad } = windowAttrs(n, kernel);
  const extra = n.attrs.ints("output_padding", [0, 0]) ?? [0, 0];
  const given = n.attrs.ints("output_shape");
  const outSize = (given?.slice(-2) ??
    [0, 1].map((a) => getDeconvOutSize(x.shape[2 + a], kernel[a], stride[a], pad[a]) + extra[a])) as [
    number,
    number,
  ];
  return F.deconv2d(x, W, n.inputs[2] ?? null, { stride, pad, outSize });
};

/** MaxPool/AveragePool with dezero-ts's window rules checked. */
function importPool(fn: typeof F.pooling, avg: boolean): ImportRule {
  return (n) => {
    const kernel = kernelOf(n);
    const opts = windowAttrs(n, kernel);
    if (n.attrs.int("ceil_mode", 0) !== 0) fail(n, "ceil_mode 1 is not supported");
    if (avg && n.attrs.int("count_include_pad", 0) === 0 && (opts.pad[0] > 0 || opts.pad[1] > 0)) {
      fail(n, "count_include_pad 0 with padding is not supported (dezero-ts counts the padding in the mean)");
    }
    return fn(x0(n), kernel as [number, number], opts);
  };
}

/** The mapping, both ways, of every name the exporter meets. */
export const MAPPING = {
  add: direct("Add", F.add),
  sub: direct("Sub", F.sub),
  mul: direct("Mul", F.mul),
  div: direct("Div", F.div),
  neg: direct("Neg", F.neg),
  pow: {
    onnx: "Pow",
    export: (g, n) => {
      g.node("Pow", [n.inputs[0], g.scalar(n.attrs.c, n.outDtype)], n.out);
    },
    import: (n) => F.pow(x0(n), constScalar(n, 1)),
  },
  exp: direct("Exp", F.exp),
  log: direct("Log", F.log),
  sin: direct("Sin", F.sin),
  cos: direct("Cos", F.cos),
  tanh: direct("Tanh", F.tanh),
  sigmoid: direct("Sigmoid", F.sigmoid),
  clip: {
    onnx: "Clip",
    export: (g, n) => {
      g.node(
        "Clip",
        [n.inputs[0], g.scalar(n.attrs.lo, n.outDtype), g.scalar(n.attrs.hi, n.outDtype)],
        n.out,
      );
    },
    import: (n) =>
      F.clip(
        x0(n),
        n.inputs[1] ? constScalar(n, 1) : n.attrs.float("min", Number.NEGATIVE_INFINITY),
        n.inputs[2] ? constScalar(n, 2) : n.attrs.float("max", Number.POSITIVE_INFINITY),
      ),
  },
  gt: compare("Greater", F.gt),
  ge: compare("GreaterOrEqual", F.ge),
  lt: compare("Less", F.lt),
  le: compare("LessOrEqual", F.le),
  eq: compare("Equal", F.eq),
  reshape: {
    onnx: "Reshape",
    export: (g, n) => {
      const target = batchTarget(n.shapes[0] as Shape, n.attrs.shape, n.batch);
      g.node("Reshape", [n.inputs[0], g.int64s(target, "shape")], n.out);
    },
    import: importReshape,
  },
  transpose: {
    onnx: "Transpose",
    export: (g, n) => {
      g.node("Transpose", n.inputs, n.out, { perm: { ints: n.attrs.perm } });
    },
    import: (n) => F.transpose(x0(n), n.attrs.ints("perm") ?? undefined),
  },
  broadcastTo: {
    onnx: "Expand",
    export: (g, n) => {
      // Expand broadcasts both ways: 1 keeps an axis the input already has at full size (the batch included)
      const s = n.shapes[0] as Shape;
      const lead = n.outShape.length - s.length;
      const target = n.outShape.map((d, i) => (i >= lead && s[i - lead] === d ? 1 : d));
      g.node("Expand", [n.inputs[0], g.int64s(target, "shape")], n.out);
    },
    import: (n) => {
      const x = x0(n);
      return F.broadcastTo(x, broadcastShapes(x.shape, constInts(n, 1) ?? [], "Expand"));
    },
  },
  sum: {
    onnx: "ReduceSum",
    export: (g, n) => {
      if (n.attrs.axes.length === 0) g.node("Identity", n.inputs, n.out);
      else
        g.node("ReduceSum", [n.inputs[0], g.int64s(n.attrs.axes, "axes")], n.out, {
          keepdims: { i: n.attrs.keepdims ? 1 : 0 },
        });
    },
    import: (n) => F.sum(x0(n), { axis: reduceAxes(n), keepdims: n.attrs.int("keepdims", 1) === 1 }),
  },
  max: extremum("ReduceMax", F.max),
  min: extremum("ReduceMin", F.min),
  matmul: {
    onnx: "MatMul",
    export: (g, n) => {
      const { transA, transB } = n.attrs;
      if (!transA && !transB) g.node("MatMul", n.inputs, n.out);
      else g.node("Gemm", n.inputs, n.out, { transA: { i: transA ? 1 : 0 }, transB: { i: transB ? 1 : 0 } });
    },
    import: importMatMul,
  },
  gather: {
    onnx: "Gather",
    // NOTE: a bare gather reads flat offsets computed for the traced shape: its file only runs at that shape
    // (getItem and embedId, which record themselves, export shape-independent Slice/Gather nodes instead)
    export: (g, n) => {
      const flat = g.node("Reshape", [n.inputs[0], g.int64s([-1], "shape")]);
      const idx = g.int64s(Array.from(n.attrs.index as Int32Array), "index");
      const picked = g.node("Gather", [flat, idx], undefined, { axis: { i: 0 } });
      g.node("Reshape", [picked, g.int64s(n.outShape, "shape")], n.out);
    },
  },
  scatterAdd: unsupported("scatterAdd", "it only appears in gradients; export a forward pass"),
  im2col: unsupported("im2col", "call F.conv2d or F.pooling, which export as Conv and MaxPool"),
  col2im: unsupported("col2im", "call F.deconv2d, which exports as ConvTranspose"),
  softmaxCrossEntropy: unsupported("softmaxCrossEntropy", "a loss needs labels; export the model's logits"),
  conv2dGradW: unsupported("conv2dGradW", "it only appears in gradients; export a forward pass"),
  poolingGrad: unsupported("poolingGrad", "it only appears in gradients; export a forward pass"),
  poolingWithIndexes: unsupported(
    "poolingWithIndexes",
    "it only appears in gradients; export a forward pass",
  ),
  averagePoolingGrad: unsupported(
    "averagePoolingGrad",
    "it only appears in gradients; export a forward pass",
  ),
  activationGrad: unsupported("activationGrad", "it only appears in gradients; export a forward pass"),
  linear: { onnx: "Gemm", export: same("Gemm"), import: importGemm },
  relu: direct("Relu", (x) => F.relu(x)),
  leakyRelu: {
    onnx: "LeakyRelu",
    export: (g, n) => {
      g.node("LeakyRelu", n.inputs, n.out, { alpha: { f: n.attrs.slope } });
    },
    import: (n) => F.leakyRelu(x0(n), n.attrs.float("alpha", 0.01)),
  },
  softmax: alongAxis("Softmax", F.softmax),
  logSoftmax: alongAxis("LogSoftmax", F.logSoftmax),
  conv2d: {
    onnx: "Conv",
    export: windowed("Conv"),
    import: (n) => {
      const W = input(n, 1);
      if (n.attrs.int("group", 1) !== 1) fail(n, "grouped convolutions are not supported");
      return F.conv2d(x0(n), W, n.inputs[2] ?? null, windowAttrs(n, kernelOf(n, W)));
    },
  },
  deconv2d: {
    onnx: "ConvTranspose",
    export: windowed("ConvTranspose", (n) => {
      const [, , H, W] = n.shapes[0] as Shape;
      const w = n.attrs.window;
      const [OH, OW] = n.attrs.outSize;
      return {
        output_padding: {
          ints: [OH - getDeconvOutSize(H, w.kh, w.sh, w.ph), OW - getDeconvOutSize(W, w.kw, w.sw, w.pw)],
        },
      };
    }),
    import: importConvTranspose,
  },
  pooling: { onnx: "MaxPool", export: windowed("MaxPool"), import: importPool(F.pooling, false) },
  averagePooling: {
    onnx: "AveragePool",
    export: windowed("AveragePool", () => ({ count_include_pad: { i: 1 } })),
    import: importPool(F.averagePooling, true),
  },
  batchNorm: {
    onnx: "BatchNormalization",
    export: (g, n) => {
      g.node("BatchNormalization", n.inputs, n.out, { epsilon: { f: n.attrs.eps } });
    },
    import: (n) => {
      if (n.attrs.int("training_mode", 0) !== 0)
        fail(n, "training_mode 1 is not supported (export in eval mode)");
      const [rm, rv] = [input(n, 3), input(n, 4)];
      return F.batchNorm(x0(n), input(n, 1), input(n, 2), rm, rv, {
        eps: n.attrs.float("epsilon", 1e-5),
        decay: n.attrs.float("momentum", 0.9),
      });
    },
  },
  embedId: {
    onnx: "Gather",
    export: (g, n) => {
      g.node("Gather", [n.inputs[1], n.inputs[0]], n.out, { axis: { i: 0 } });
    },
    import: (n) => {
      const [x, idx] = [x0(n), input(n, 1)];
      const ids = idx instanceof Variable ? idx.data : idx;
      const axis = normAxis(n, n.attrs.int("axis", 0), x.shape.length);
      const item = ids.shape.length === 0 ? (ids.data[0] as number) : ids;
      return F.getItem(x, [...Array.from({ length: axis }, () => new Slice()), item]);
    },
  },
  getItem: { onnx: "Slice", export: exportGetItem, import: importSlice },
  flatten: {
    onnx: "Flatten",
    export: (g, n) => {
      g.node("Flatten", n.inputs, n.out, { axis: { i: 1 } });
    },
    import: (n) => {
      const x = x0(n);
      const axis = normAxis(n, n.attrs.int("axis", 1), x.shape.length + 1);
      return F.reshape(x, [x.shape.slice(0, axis).reduce((a, b) => a * b, 1), -1]);
    },
  },
} satisfies Record<ExportName, MappingRow>;

/** An ONNX axis (negative counts from the end) as a non-negative one, for a node whose input has `ndim` axes. */
function normAxis(n: ImportNode, axis: number, ndim = input(n, 0).shape.length): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim) fail(n, `axis ${axis} is out of range for ${ndim} axes`);
  return a;
}
