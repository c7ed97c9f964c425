/** @file The backward pass: generation-ordered by a heap, accumulating grads, unbroadcasting once for all ops. */

import { onesLike, zerosLike } from "../ndarray/create.js";
import { add } from "../ops/arith.js";
import { sumTo } from "../ops/reduce.js";
import { fmtShape, sameShape } from "../shape.js";
import { usingConfig } from "./config.js";
import type { FunctionNode } from "./function.js";
import { Variable } from "./variable.js";

/** Options of `backward`.
 * @example
 * ```ts
 * import { type BackwardOptions, Variable } from "dezero-ts";
 * // Second derivative of x⁴ at x = 2: 12x² = 48 (createGraph records the backward pass itself).
 * const x = new Variable(2);
 * const options: BackwardOptions = { createGraph: true };
 * x.pow(4).backward(options);
 * const gx = x.grad!;
 * x.cleargrad();
 * gx.backward();
 * console.log(gx.item(), x.grad!.item()); // 32 48
 * ```
 */
export interface BackwardOptions {
  /** Keep the gradients of intermediate variables (default: only inputs keep theirs). */
  retainGrad?: boolean;
  /** Record the backward computation itself, for higher-order derivatives. */
  createGraph?: boolean;
}

/** A max-heap of nodes by generation: the deepest node is processed first. */
class NodeHeap {
  private items: FunctionNode[] = [];

  get size(): number {
    return this.items.length;
  }

  push(node: FunctionNode): void {
    const a = this.items;
    a.push(node);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].generation >= node.generation) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = node;
  }

  pop(): FunctionNode {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r].generation > a[l].generation ? r : l;
        if (a[c].generation <= last.generation) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

let pass = 0;

/** Runs backpropagation from `y`: after it, every input that `y` depends on holds `dy/dx` in `grad`. */
export function backward(
  y: Variable,
  { retainGrad = false, createGraph = false }: BackwardOptions = {},
): void {
  if (y.grad === null) y.grad = new Variable(onesLike(y.data));
  if (y.creator === null) return;
  const mark = ++pass;
  const heap = new NodeHeap();
  y.creator.mark = mark;
  heap.push(y.creator);
  usingConfig("enableBackprop", createGraph, () => {
    while (heap.size > 0) {
      const f = heap.pop();
      const gys = outputGrads(f);
      if (gys === null) continue;
      const gxs = f.gradients(gys);
      for (let i = 0; i < f.inputs.length; i++) {
        const gx = gxs[i];
        const x = f.inputs[i];
        if (gx === null || gx === undefined || !x.requiresGrad) continue;
        const g = fitGrad(f, gx, x);
        x.grad = x.grad === null ? g : add(x.grad, g);
        const c = x.creator;
        if (c !== null && c.mark !== mark) {
          c.mark = mark;
          heap.push(c);
        }
      }
      if (!retainGrad) for (const o of f.outputs) o.grad = null;
    }
  });
}

/**
 * The gradients of a node's outputs, or null when none has one. An output nobody used gets zeros
 * (only multi-output user Functions can have one).
 */
function outputGrads(f: FunctionNode): Variable[] | null {
  const outs = f.outputs;
  if (outs.length === 1) return outs[0].grad === null ? null : [outs[0].grad];
  if (outs.every((o) => o.grad === null)) return null;
  return outs.map((o) => o.grad ?? new Variable(zerosLike(o.data)));
}

/**
 * Sums a broadcast gradient back to the input's shape (the one place broadcasting is undone),
 * then checks the shape, naming the op whose backward is wrong.
 */
function fitGrad(f: FunctionNode, gx: Variable, x: Variable): Variable {
  if (sameShape(gx.data.shape, x.data.shape)) return gx;
  const fitted = gx.data.shape.length >= x.data.shape.length ? trySumTo(gx, x) : null;
  if (fitted === null) {
    throw new Error(
      `${f.name} backward: gradient shape ${fmtShape(gx.data.shape)} does not match input shape ${fmtShape(x.data.shape)}`,
    );
  }
  return fitted;
}

function trySumTo(gx: Variable, x: Variable): Variable | null {
  try {
    return sumTo(gx, x.data.shape);
  } catch {
    return null;
  }
}

/** Clears `creator` on every variable behind `y`, so the graph behind it can be freed. */
export function unchainBackward(y: Variable): void {
  if (y.creator === null) return;
  const mark = ++pass;
  const stack = [y.creator];
  y.creator.mark = mark;
  while (stack.length > 0) {
    const f = stack.pop()!;
    for (const x of f.inputs) {
      const c = x.creator;
      if (c === null) continue;
      if (c.mark !== mark) {
        c.mark = mark;
        stack.push(c);
      }
      x.unchain();
    }
  }
}
