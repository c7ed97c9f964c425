/** @file Recurrent layers: RNN, LSTM (as DeZero) and GRU, each keeping its hidden state between calls. */

import { trailing } from "../args.js";
import type { Variable } from "../core/variable.js";
import { checkDType, type DType } from "../ndarray/dtype.js";
import { add, mul, sub } from "../ops/arith.js";
import { sigmoid, tanh } from "../ops/math.js";
import { checkSize, Layer } from "./layer.js";
import { Linear } from "./linear.js";

/** Options of the recurrent layers.
 * @example
 * ```ts
 * import { array, L } from "dezero-ts";
 * const options: L.RecurrentOptions = { inSize: 1, dtype: "float64" };
 * console.log(new L.RNN(4, options).call(array([[0.5]])).dtype); // float64
 * ```
 */
export interface RecurrentOptions {
  /** Input size; when omitted it is taken from the first input. */
  inSize?: number;
  /** Dtype of the weights (default float32). */
  dtype?: DType;
}

/** The options of a recurrent layer from DeZero's positional `(inSize)` or an options object, checked. */
function recurrentArgs(name: string, hiddenSize: number, rest: readonly unknown[]): RecurrentOptions {
  checkSize(hiddenSize, "hiddenSize", name);
  const o = trailing<RecurrentOptions>(name, rest, ["inSize", "dtype"]);
  if (o.inSize !== undefined) checkSize(o.inSize, "inSize", name);
  if (o.dtype !== undefined) checkDType(o.dtype, name);
  return o;
}

/** x2h(x) + h2h(h), or x2h(x) alone on the first step (h = null stands for h₀ = 0). */
function affine(x2h: Linear, h2h: Linear, x: Variable, h: Variable | null): Variable {
  return h === null ? x2h.call(x) : add(x2h.call(x), h2h.call(h));
}

/** A recurrent layer: one step per `call`, the state carried to the next until `resetState()`. */
abstract class Recurrent extends Layer {
  /** The hidden state after the last step (null before the first). */
  h: Variable | null = null;

  /** Forgets the state: the next call starts a new sequence. */
  resetState(): void {
    this.h = null;
  }
}

/**
 * Elman RNN (DeZero's): h' = tanh(x·Wx + bx + h·Wh). NOTE: h2h takes `hiddenSize` inputs whatever `inSize`
 * is (DeZero gives it `in_size`, so an explicit in_size ≠ hidden_size fails on the second step);
 * tested by "RNN with an explicit inSize ≠ hiddenSize runs many steps" in test/rnn-layers.test.ts.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * // One time step per call; the hidden state carries over until resetState().
 * const rnn = new L.RNN(8);
 * const h1 = rnn.call(random.randn([2, 1]));
 * const h2 = rnn.call(random.randn([2, 1]));
 * console.log(h1.shape, h2.creator !== null, rnn.h === h2); // [2, 8] true true
 * rnn.resetState();
 * console.log(rnn.h); // null
 * ```
 */
export class RNN extends Recurrent {
  x2h: Linear;
  h2h: Linear;

  /** `(hiddenSize, inSize?)` as DeZero's, or `(hiddenSize, { inSize, dtype })`. */
  constructor(hiddenSize: number, ...rest: [options?: RecurrentOptions] | [inSize?: number, dtype?: DType]) {
    super();
    const { inSize, dtype } = recurrentArgs(new.target.name, hiddenSize, rest);
    this.x2h = new Linear(hiddenSize, { inSize, dtype });
    // NOTE: without inSize, h2h is drawn at the second step (its first use), after x2h, as DeZero draws it.
    const hIn = inSize === undefined ? undefined : hiddenSize;
    this.h2h = new Linear(hiddenSize, { inSize: hIn, nobias: true, dtype });
  }

  forward(x: Variable): Variable {
    this.h = tanh(affine(this.x2h, this.h2h, x, this.h));
    return this.h;
  }
}

/**
 * LSTM (DeZero's, with its weight names): gates f, i, o = σ(x·Wx + b + h·Wh), candidate u = tanh(…),
 * c' = f·c + i·u, h' = o·tanh(c'). The state is (h, c).
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * const lstm = new L.LSTM(16);
 * const h = lstm.call(random.randn([4, 3]));
 * console.log(h.shape, lstm.c!.shape); // [4, 16] [4, 16]
 * ```
 */
export class LSTM extends Recurrent {
  x2f: Linear;
  x2i: Linear;
  x2o: Linear;
  x2u: Linear;
  h2f: Linear;
  h2i: Linear;
  h2o: Linear;
  h2u: Linear;
  /** The cell state after the last step (null before the first). */
  c: Variable | null = null;

  /** `(hiddenSize, inSize?)` as DeZero's, or `(hiddenSize, { inSize, dtype })`. */
  constructor(hiddenSize: number, ...rest: [options?: RecurrentOptions] | [inSize?: number, dtype?: DType]) {
    super();
    const { inSize, dtype } = recurrentArgs(new.target.name, hiddenSize, rest);
    const [H, I] = [hiddenSize, inSize];
    this.x2f = new Linear(H, { inSize: I, dtype });
    this.x2i = new Linear(H, { inSize: I, dtype });
    this.x2o = new Linear(H, { inSize: I, dtype });
    this.x2u = new Linear(H, { inSize: I, dtype });
    this.h2f = new Linear(H, { inSize: H, nobias: true, dtype });
    this.h2i = new Linear(H, { inSize: H, nobias: true, dtype });
    this.h2o = new Linear(H, { inSize: H, nobias: true, dtype });
    this.h2u = new Linear(H, { inSize: H, nobias: true, dtype });
  }

  override resetState(): void {
    super.resetState();
    this.c = null;
  }

  forward(x: Variable): Variable {
    const h = this.h;
    const f = sigmoid(affine(this.x2f, this.h2f, x, h));
    const i = sigmoid(affine(this.x2i, this.h2i, x, h));
    const o = sigmoid(affine(this.x2o, this.h2o, x, h));
    const u = tanh(affine(this.x2u, this.h2u, x, h));
    // c' = f·c + i·u (c₀ = 0), h' = o·tanh(c')
    this.c = this.c === null ? mul(i, u) : add(mul(f, this.c), mul(i, u));
    this.h = mul(o, tanh(this.c));
    return this.h;
  }
}

/**
 * GRU (Cho et al. 2014, PyTorch's form): z = σ(x·Wz + bz + h·Uz), r = σ(x·Wr + br + h·Ur),
 * n = tanh(x·Wn + bn + r·(h·Un)), h' = (1 − z)·n + z·h, with h₀ = 0.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * const gru = new L.GRU(6, { inSize: 2 });
 * console.log(gru.call(random.randn([5, 2])).shape); // [5, 6]
 * ```
 */
export class GRU extends Recurrent {
  x2z: Linear;
  x2r: Linear;
  x2n: Linear;
  h2z: Linear;
  h2r: Linear;
  h2n: Linear;

  /** `(hiddenSize, inSize?)` as DeZero's, or `(hiddenSize, { inSize, dtype })`. */
  constructor(hiddenSize: number, ...rest: [options?: RecurrentOptions] | [inSize?: number, dtype?: DType]) {
    super();
    const { inSize, dtype } = recurrentArgs(new.target.name, hiddenSize, rest);
    const [H, I] = [hiddenSize, inSize];
    this.x2z = new Linear(H, { inSize: I, dtype });
    this.x2r = new Linear(H, { inSize: I, dtype });
    this.x2n = new Linear(H, { inSize: I, dtype });
    this.h2z = new Linear(H, { inSize: H, nobias: true, dtype });
    this.h2r = new Linear(H, { inSize: H, nobias: true, dtype });
    this.h2n = new Linear(H, { inSize: H, nobias: true, dtype });
  }

  forward(x: Variable): Variable {
    const h = this.h;
    const z = sigmoid(affine(this.x2z, this.h2z, x, h));
    const r = sigmoid(affine(this.x2r, this.h2r, x, h));
    // n = tanh(x·Wn + bn + r·(h·Un)); with h₀ = 0 the last term vanishes (r is still computed, so the
    // first call creates every weight)
    const n = tanh(h === null ? this.x2n.call(x) : add(this.x2n.call(x), mul(r, this.h2n.call(h))));
    // h' = (1 − z)·n + z·h = n + z·(h − n)
    this.h = h === null ? mul(sub(1, z), n) : add(n, mul(z, sub(h, n)));
    return this.h;
  }
}
