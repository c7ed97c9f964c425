/**
 * @file Every exported callable of the public API, one row each: a valid call (DeZero's positional form
 * where there is one) works, and a wrong-typed argument or an unknown option key throws an Error naming
 * the function and the parameter. The test fails when an export has no row.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as dz from "../src/index.js";

const { F, L, array, Variable } = dz;

/** A row: the valid call, the bad call, and what the bad call's message must contain. */
interface Row {
  ok: () => unknown;
  bad: () => unknown;
  error: RegExp;
}

const x23 = () =>
  new Variable(
    array([
      [0.5, -1.2, 2.0],
      [1.5, 0.3, -0.7],
    ]),
  );
const img = () => new Variable(dz.random.randn([1, 2, 4, 4]));
const W4 = () => new Variable(dz.random.randn([3, 2, 3, 3]));
const bad = "nope" as never;

class Tiny extends dz.datasets.Dataset {
  protected override prepare(): void {
    this.data = array([[1], [2], [3]]);
    this.label = array([0, 1, 0], { dtype: "int32" });
  }
}

class Sq extends dz.Function {
  forward(x: dz.NDArray) {
    return x.mul(x);
  }
  backward(gy: dz.Variable) {
    return gy.mul(this.inputs[0]).mul(2);
  }
}

/** Rows for functions of one operand x that reject a string x naming `name` and its input. */
function unary(name: string, f: (x: never) => unknown): Row {
  return {
    ok: () => f(x23() as never),
    bad: () => f(bad),
    error: new RegExp(`${name}: (x|operand 1) must be`),
  };
}

function binary(name: string, f: (a: never, b: never) => unknown): Row {
  return {
    ok: () => f(x23() as never, 2 as never),
    bad: () => f(x23() as never, bad),
    error: new RegExp(`${name}: (x1|operand 2) must be`),
  };
}

const ROWS: Record<string, Row> = {
  // ---- F: arithmetic, math, comparisons (primitives: the engine names the op and the input)
  "F.add": binary("add", F.add),
  "F.sub": binary("sub", F.sub),
  "F.mul": binary("mul", F.mul),
  "F.div": binary("div", F.div),
  "F.matmul": {
    ok: () => F.matmul(x23(), x23().T),
    bad: () => F.matmul(x23(), x23(), { transb: true } as never),
    error: /matmul: unknown option 'transb'/,
  },
  "F.gt": binary("gt", F.gt),
  "F.ge": binary("ge", F.ge),
  "F.lt": binary("lt", F.lt),
  "F.le": binary("le", F.le),
  "F.eq": binary("eq", F.eq),
  "F.neg": unary("neg", F.neg),
  "F.exp": unary("exp", F.exp),
  "F.log": unary("log", F.log),
  "F.sin": unary("sin", F.sin),
  "F.cos": unary("cos", F.cos),
  "F.tanh": unary("tanh", F.tanh),
  "F.sigmoid": unary("sigmoid", F.sigmoid),
  "F.relu": unary("relu", F.relu),
  "F.pow": {
    ok: () => F.pow(x23(), 3),
    bad: () => F.pow(x23(), bad),
    error: /pow: c must be a finite number/,
  },
  "F.clip": { ok: () => F.clip(x23(), -1, 1), bad: () => F.clip(x23(), bad, 1), error: /clip: lo must be/ },
  "F.leakyRelu": {
    ok: () => F.leakyRelu(x23(), 0.2),
    bad: () => F.leakyRelu(x23(), bad),
    error: /leakyRelu: slope must be/,
  },
  "F.softmax": {
    ok: () => F.softmax(x23(), 1),
    bad: () => F.softmax(x23(), bad),
    error: /softmax: axis must be/,
  },
  "F.logSoftmax": {
    ok: () => F.logSoftmax(x23(), 1),
    bad: () => F.logSoftmax(x23(), bad),
    error: /logSoftmax: axis must be/,
  },
  "F.softmaxSimple": {
    ok: () => F.softmaxSimple(x23(), 1),
    bad: () => F.softmaxSimple(x23(), bad),
    error: /softmaxSimple: axis must be/,
  },
  "F.sigmoidSimple": unary("sigmoidSimple", F.sigmoidSimple),
  "F.dropout": {
    ok: () => F.dropout(x23(), 0.5),
    bad: () => F.dropout(x23(), 2),
    error: /dropout: ratio must be/,
  },
  // ---- F: shapes and reductions
  "F.reshape": {
    ok: () => F.reshape(x23(), [3, 2]),
    bad: () => F.reshape(x23(), bad),
    error: /reshape: shape must be/,
  },
  "F.transpose": {
    ok: () => F.transpose(x23(), 1, 0),
    bad: () => F.transpose(x23(), bad),
    error: /transpose: axes must be/,
  },
  "F.broadcastTo": {
    ok: () => F.broadcastTo(x23(), [2, 2, 3]),
    bad: () => F.broadcastTo(x23(), bad),
    error: /broadcastTo: shape must be/,
  },
  "F.sumTo": {
    ok: () => F.sumTo(x23(), [1, 3]),
    bad: () => F.sumTo(x23(), bad),
    error: /sumTo: shape must be/,
  },
  "F.expandDims": {
    ok: () => F.expandDims(x23(), 0),
    bad: () => F.expandDims(x23(), bad),
    error: /expandDims: axis must be/,
  },
  "F.flatten": unary("flatten", F.flatten),
  "F.sum": { ok: () => F.sum(x23(), 0), bad: () => F.sum(x23(), bad), error: /sum: axis must be/ },
  "F.mean": {
    ok: () => F.mean(x23(), [0, 1], true),
    bad: () => F.mean(x23(), { axes: 0 } as never),
    error: /mean: unknown option 'axes'/,
  },
  "F.average": {
    ok: () => F.average(x23(), 1),
    bad: () => F.average(x23(), 0, bad),
    error: /average: keepdims must be/,
  },
  "F.max": { ok: () => F.max(x23(), 1, true), bad: () => F.max(x23(), bad), error: /max: axis must be/ },
  "F.min": { ok: () => F.min(x23(), 0), bad: () => F.min(x23(), bad), error: /min: axis must be/ },
  "F.getItem": {
    ok: () => F.getItem(x23(), 1),
    bad: () => F.getItem(x23(), bad),
    error: /getItem: expected integers for the index/,
  },
  "F.gather": {
    ok: () => F.gather(x23(), { index: new Int32Array([0, 5]), shape: [2], from: [2, 3] }),
    bad: () => F.gather(x23(), { index: bad, shape: [2], from: [2, 3] }),
    error: /gather: index must be/,
  },
  "F.scatterAdd": {
    ok: () =>
      F.scatterAdd(new Variable(array([1, 2])), { index: new Int32Array([0, 0]), shape: [1], from: [2] }),
    bad: () => F.scatterAdd(new Variable(array([1, 2])), { index: bad, shape: [1], from: [2] }),
    error: /scatterAdd: index must be/,
  },
  "F.slice": { ok: () => F.slice(0, 2), bad: () => F.slice(bad), error: /slice: start must be/ },
  "F.Slice": { ok: () => new F.Slice(0, 2), bad: () => new F.Slice(0, bad), error: /slice: stop must be/ },
  // ---- F: linear algebra and losses
  "F.linear": {
    ok: () => F.linear(x23(), x23().T, null),
    bad: () => F.linear(x23(), x23().T, bad),
    error: /linear: b must be/,
  },
  "F.linearSimple": {
    ok: () => F.linearSimple(x23(), x23().T),
    bad: () => F.linearSimple(x23(), bad),
    error: /linearSimple: W must be/,
  },
  "F.dot": { ok: () => F.dot(x23(), x23().T), bad: () => F.dot(x23(), bad), error: /dot: b must be/ },
  "F.meanSquaredError": {
    ok: () => F.meanSquaredError(x23(), x23()),
    bad: () => F.meanSquaredError(x23(), bad),
    error: /meanSquaredError: x1 must be/,
  },
  "F.softmaxCrossEntropy": {
    ok: () => F.softmaxCrossEntropy(x23(), [0, 2]),
    bad: () => F.softmaxCrossEntropy(x23(), bad),
    error: /softmaxCrossEntropy: expected integers for the label/,
  },
  "F.softmaxCrossEntropySimple": {
    ok: () => F.softmaxCrossEntropySimple(x23(), [0, 2]),
    bad: () => F.softmaxCrossEntropySimple(x23(), bad),
    error: /softmaxCrossEntropySimple: expected integers for the label/,
  },
  "F.sigmoidCrossEntropy": {
    ok: () =>
      F.sigmoidCrossEntropy(
        x23(),
        array([
          [0, 1, 0],
          [1, 1, 0],
        ]),
      ),
    bad: () => F.sigmoidCrossEntropy(x23(), bad),
    error: /sigmoidCrossEntropy: t must be/,
  },
  "F.binaryCrossEntropy": {
    ok: () =>
      F.binaryCrossEntropy(
        F.sigmoid(x23()),
        array([
          [0, 1, 0],
          [1, 1, 0],
        ]),
      ),
    bad: () => F.binaryCrossEntropy(bad, 1),
    error: /binaryCrossEntropy: p must be/,
  },
  "F.accuracy": {
    ok: () => F.accuracy(x23(), [2, 0]),
    bad: () => F.accuracy(x23(), bad),
    error: /accuracy: expected integers for the label/,
  },
  "F.embedId": {
    ok: () => F.embedId([0, 2], x23().T),
    bad: () => F.embedId(bad, x23().T),
    error: /embedId: expected integers for the id/,
  },
  // ---- F: CNN functions (DeZero's positional stride, pad)
  "F.conv2d": {
    ok: () => F.conv2d(img(), W4(), null, 1, 1),
    bad: () => F.conv2d(img(), W4(), null, { strid: 1 } as never),
    error: /conv2d: unknown option 'strid'/,
  },
  "F.deconv2d": {
    ok: () => F.deconv2d(img(), new Variable(dz.random.randn([2, 3, 3, 3])), null, 2, 1),
    bad: () => F.deconv2d(img(), W4(), bad),
    error: /deconv2d: b must be/,
  },
  "F.conv2dSimple": {
    ok: () => F.conv2dSimple(img(), W4(), null, 1, 1),
    bad: () => F.conv2dSimple(img(), W4(), null, { strid: 1 } as never),
    error: /conv2dSimple: unknown option 'strid'/,
  },
  "F.poolingSimple": {
    ok: () => F.poolingSimple(img(), 2, 2),
    bad: () => F.poolingSimple(img(), 2, bad),
    error: /poolingSimple: stride must be/,
  },
  "F.pooling": {
    ok: () => F.pooling(img(), 2, 2),
    bad: () => F.pooling(img(), 2, bad),
    error: /pooling: stride must be/,
  },
  "F.averagePooling": {
    ok: () => F.averagePooling(img(), 2, 2, 0),
    bad: () => F.averagePooling(img(), 2, { stide: 2 } as never),
    error: /averagePooling: unknown option 'stide'/,
  },
  "F.im2col": { ok: () => F.im2col(img(), 3, 1, 1), bad: () => F.im2col(bad, 3), error: /im2col: x must be/ },
  "F.col2im": {
    ok: () => F.col2im(F.im2col(img(), 3, 1, 1), [1, 2, 4, 4], 3, 1, 1),
    bad: () => F.col2im(img(), bad, 3),
    error: /col2im: inputShape must be/,
  },
  "F.batchNorm": {
    ok: () => F.batchNorm(x23(), array([1, 1, 1]), array([0, 0, 0]), array([0, 0, 0]), array([1, 1, 1])),
    bad: () =>
      F.batchNorm(x23(), array([1, 1, 1]), array([0, 0, 0]), array([0, 0, 0]), array([1, 1, 1]), {
        decy: 0.9,
      } as never),
    error: /batchNorm: unknown option 'decy'/,
  },
  // ---- arrays and shapes
  array: {
    ok: () => array([[1, 2]], { dtype: "float64" }),
    bad: () => array([1], { dtpye: "float64" } as never),
    error: /array: unknown option 'dtpye'/,
  },
  zeros: { ok: () => dz.zeros([2, 3]), bad: () => dz.zeros(bad), error: /zeros: shape must be/ },
  ones: {
    ok: () => dz.ones([2], { dtype: "int32" }),
    bad: () => dz.ones([2], { dtype: "int64" as never }),
    error: /ones: unknown dtype 'int64'/,
  },
  full: { ok: () => dz.full([2], 7), bad: () => dz.full([2], bad), error: /full: value must be/ },
  zerosLike: {
    ok: () => dz.zerosLike(array([1, 2])),
    bad: () => dz.zerosLike(bad),
    error: /zerosLike: x must be an NDArray/,
  },
  onesLike: {
    ok: () => dz.onesLike(array([1, 2])),
    bad: () => dz.onesLike(bad),
    error: /onesLike: x must be an NDArray/,
  },
  arange: { ok: () => dz.arange(0, 5, 2), bad: () => dz.arange(bad), error: /arange: stop must be/ },
  linspace: {
    ok: () => dz.linspace(0, 1, 5),
    bad: () => dz.linspace(0, 1, bad),
    error: /linspace: num must be/,
  },
  eye: { ok: () => dz.eye(3), bad: () => dz.eye(bad), error: /eye: n must be/ },
  astype: {
    ok: () => dz.astype(array([1.5]), "int32"),
    bad: () => dz.astype(array([1]), bad),
    error: /astype: unknown dtype 'nope'/,
  },
  promote: {
    ok: () => dz.promote("int32", "float32"),
    bad: () => dz.promote("int32", bad),
    error: /promote: unknown dtype 'nope'/,
  },
  broadcastShapes: {
    ok: () => dz.broadcastShapes([2, 1], [3]),
    bad: () => dz.broadcastShapes([2], bad),
    error: /broadcastShapes: b must be a shape/,
  },
  getConvOutSize: {
    ok: () => dz.getConvOutSize(5, 3, 1, 1),
    bad: () => dz.getConvOutSize(5, 3, bad, 0),
    error: /getConvOutSize: stride must be/,
  },
  getDeconvOutSize: {
    ok: () => dz.getDeconvOutSize(3, 3, 2, 1),
    bad: () => dz.getDeconvOutSize(3, 3, 2, bad),
    error: /getDeconvOutSize: pad must be/,
  },
  NDArray: {
    ok: () => new dz.NDArray(new Float32Array(2), [2], "float32"),
    bad: () => new dz.NDArray(new Float32Array(2), [2], bad),
    error: /NDArray: unknown dtype 'nope'/,
  },
  // ---- the graph
  Variable: {
    ok: () => new Variable(array([1])),
    bad: () => new Variable(array([1]), 3 as never),
    error: /Variable: name must be a string or null/,
  },
  "Variable.backward": {
    ok: () => F.sum(F.exp(x23())).backward(true, false),
    bad: () => F.sum(F.exp(x23())).backward({ retain_grad: true } as never),
    error: /backward: unknown option 'retain_grad' in options; known options: retainGrad, createGraph/,
  },
  Parameter: {
    ok: () => new dz.Parameter(array([1]), "W"),
    bad: () => new dz.Parameter(bad),
    error: /Parameter: data must be/,
  },
  Function: {
    ok: () => new Sq().call(x23()),
    bad: () => new Sq().call(bad),
    error: /Sq.call: input 0 is "nope"/,
  },
  asFunction: {
    ok: () => dz.asFunction(Sq)(x23()),
    bad: () => dz.asFunction(bad),
    error: /asFunction: cls must be/,
  },
  asVariable: { ok: () => dz.asVariable(2), bad: () => dz.asVariable(bad), error: /asVariable: obj must be/ },
  asArray: { ok: () => dz.asArray(2), bad: () => dz.asArray(bad), error: /asArray: x must be/ },
  apply: {
    ok: () => dz.apply(dz.OPS.exp, [x23()], undefined),
    bad: () => dz.apply(dz.OPS.exp, [bad], undefined),
    error: /exp: operand 1 must be/,
  },
  defineOp: {
    ok: () => dz.defineOp(dz.OPS.exp),
    bad: () => dz.defineOp(bad),
    error: /defineOp: def must be an op definition/,
  },
  FunctionNode: {
    ok: () => new dz.FunctionNode(dz.OPS.exp, undefined, [x23()], [x23()], 0),
    bad: () => new dz.FunctionNode(dz.OPS.exp, undefined, bad, [], 0),
    error: /FunctionNode: inputs must be an array of Variables/,
  },
  noGrad: {
    ok: () => dz.noGrad(() => F.exp(x23())),
    bad: () => dz.noGrad(bad),
    error: /noGrad: fn must be a function/,
  },
  testMode: {
    ok: () => dz.testMode(() => 1),
    bad: () => dz.testMode(bad),
    error: /testMode: fn must be a function/,
  },
  usingConfig: {
    ok: () => dz.usingConfig("train", false, () => 1),
    bad: () => dz.usingConfig(bad, true, () => 1),
    error: /usingConfig: name must be one of/,
  },
  slice: { ok: () => dz.slice(1), bad: () => dz.slice(0, 1, bad), error: /slice: step must be/ },
  // ---- backends
  setBackend: {
    ok: () => dz.setBackend(dz.getBackend().name as dz.BackendName),
    bad: () => dz.setBackend(bad),
    error: /setBackend: name must be/,
  },
  availableBackends: {
    ok: () => dz.availableBackends(),
    bad: () => (dz.availableBackends as (a: unknown) => unknown)(1),
    error: /availableBackends: takes no arguments/,
  },
  backendInfo: {
    ok: () => dz.backendInfo(),
    bad: () => (dz.backendInfo as (a: unknown) => unknown)(1),
    error: /backendInfo: takes no arguments/,
  },
  ready: {
    ok: () => dz.ready(),
    bad: () => (dz.ready as (a: unknown) => unknown)(1),
    error: /ready: takes no arguments/,
  },
  setThreads: {
    ok: () => dz.setThreads(dz.backendInfo().threads),
    bad: () => dz.setThreads(bad),
    error: /setThreads: expected a positive integer/,
  },
  // ---- layers and models (DeZero's positional forms)
  "L.Linear": {
    ok: () => new L.Linear(10, false, "float32", 5),
    bad: () => new L.Linear(10, { insize: 5 } as never),
    error: /Linear: unknown option 'insize'/,
  },
  "L.Conv2d": {
    ok: () => new L.Conv2d(4, 3, 1, 1),
    bad: () => new L.Conv2d(4, 3, bad),
    error: /Conv2d: stride must be/,
  },
  "L.Deconv2d": {
    ok: () => new L.Deconv2d(4, 3, 2, 1),
    bad: () => new L.Deconv2d(4, 3, { strides: 2 } as never),
    error: /Deconv2d: unknown option 'strides'/,
  },
  "L.EmbedID": {
    ok: () => new L.EmbedID(5, 3),
    bad: () => new L.EmbedID(5, bad),
    error: /EmbedID: outSize must be/,
  },
  "L.RNN": {
    ok: () => new L.RNN(4, 2),
    bad: () => new L.RNN(4, { insize: 2 } as never),
    error: /RNN: unknown option 'insize'/,
  },
  "L.LSTM": { ok: () => new L.LSTM(4), bad: () => new L.LSTM(bad), error: /LSTM: hiddenSize must be/ },
  "L.GRU": {
    ok: () => new L.GRU(4, { inSize: 2 }),
    bad: () => new L.GRU(4, bad),
    error: /GRU: inSize must be/,
  },
  "L.BatchNorm": {
    ok: () => new L.BatchNorm({ decay: 0.9 }),
    bad: () => new L.BatchNorm({ decy: 0.9 } as never),
    error: /BatchNorm: unknown option 'decy'/,
  },
  "L.Layer": {
    ok: () => new L.Linear(2).call(x23()),
    bad: () => new L.Linear(2).call(bad),
    error: /Linear: operand 1 must be/,
  },
  Model: {
    ok: () => new dz.MLP([3, 2]).call(x23()),
    bad: () => new dz.MLP([3, 2]).call(bad),
    error: /MLP: operand 1 must be/,
  },
  Sequential: {
    ok: () => new dz.Sequential(new L.Linear(2), F.relu).call(x23()),
    bad: () => new dz.Sequential(bad),
    error: /Sequential: steps\[0\] must be a Layer or a function/,
  },
  MLP: {
    ok: () => new dz.MLP([10, 3], { activation: F.relu }),
    bad: () => new dz.MLP([10, 3], { activaton: F.relu } as never),
    error: /MLP: unknown option 'activaton'/,
  },
  BottleneckA: {
    ok: () => new dz.BottleneckA(2, 4, 1),
    bad: () => new dz.BottleneckA(2, 4, bad),
    error: /BottleneckA: stride must be/,
  },
  BottleneckB: {
    ok: () => new dz.BottleneckB(4, 2),
    bad: () => new dz.BottleneckB(bad, 2),
    error: /BottleneckB: inChannels must be/,
  },
  BuildingBlock: {
    ok: () => new dz.BuildingBlock(2, 2, 4, 1),
    bad: () => new dz.BuildingBlock(bad, 2, 4, 1),
    error: /BuildingBlock: nLayers must be/,
  },
  ResNet: {
    ok: () => new dz.ResNet(50),
    bad: () => new dz.ResNet(bad),
    error: /ResNet: depth must be 50, 101 or 152/,
  },
  ResNet50: {
    ok: () => new dz.ResNet50(),
    bad: () => new (dz.ResNet50 as unknown as new (a: unknown) => unknown)(true),
    error: /ResNet50: .*create\(\{ pretrained/,
  },
  ResNet101: {
    ok: () => new dz.ResNet101(),
    bad: () => new (dz.ResNet101 as unknown as new (a: unknown) => unknown)(true),
    error: /ResNet101: .*create\(\{ pretrained/,
  },
  ResNet152: {
    ok: () => new dz.ResNet152(),
    bad: () => new (dz.ResNet152 as unknown as new (a: unknown) => unknown)(true),
    error: /ResNet152: .*create\(\{ pretrained/,
  },
  VGG16: {
    ok: () => new dz.VGG16(),
    bad: () => new (dz.VGG16 as unknown as new (a: unknown) => unknown)(true),
    error: /VGG16: .*create\(\{ pretrained/,
  },
  resizeBilinear: {
    ok: () => dz.resizeBilinear(dz.zeros([3, 4, 4]), [2, 2]),
    bad: () => dz.resizeBilinear(dz.zeros([3, 4, 4]), bad),
    error: /resizeBilinear: the size must be/,
  },
  // ---- optimizers (DeZero's positional forms)
  "optimizers.SGD": {
    ok: () => new dz.optimizers.SGD(0.5),
    bad: () => new dz.optimizers.SGD({ lr: 0.1, momentum: 0.9 } as never),
    error: /SGD: unknown option 'momentum'/,
  },
  "optimizers.MomentumSGD": {
    ok: () => new dz.optimizers.MomentumSGD(0.1, 0.8),
    bad: () => new dz.optimizers.MomentumSGD(0.1, bad),
    error: /MomentumSGD: momentum must be/,
  },
  "optimizers.AdaGrad": {
    ok: () => new dz.optimizers.AdaGrad(0.01),
    bad: () => new dz.optimizers.AdaGrad(bad),
    error: /AdaGrad: lr must be/,
  },
  "optimizers.AdaDelta": {
    ok: () => new dz.optimizers.AdaDelta(0.9, 1e-6),
    bad: () => new dz.optimizers.AdaDelta({ rh: 0.9 } as never),
    error: /AdaDelta: unknown option 'rh'/,
  },
  "optimizers.Adam": {
    ok: () => new dz.optimizers.Adam(0.001, 0.9, 0.999, 1e-8),
    bad: () => new dz.optimizers.Adam({ lr: 0.1 } as never),
    error: /Adam: unknown option 'lr' in options; known options: alpha, beta1, beta2, eps/,
  },
  "optimizers.AdamW": {
    ok: () => new dz.optimizers.AdamW({ weightDecay: 0.1 }),
    bad: () => new dz.optimizers.AdamW(0.001, 0.9, 0.999, 1e-8, bad),
    error: /AdamW: weightDecay must be/,
  },
  "optimizers.Optimizer": {
    ok: () => new dz.optimizers.SGD().setup(new L.Linear(2)),
    bad: () => new dz.optimizers.SGD().setup(bad),
    error: /SGD.setup: target must be a Layer/,
  },
  "optimizers.WeightDecay": {
    ok: () => dz.optimizers.WeightDecay(1e-4),
    bad: () => dz.optimizers.WeightDecay(bad),
    error: /WeightDecay: rate must be/,
  },
  "optimizers.ClipGrad": {
    ok: () => dz.optimizers.ClipGrad(1),
    bad: () => dz.optimizers.ClipGrad(bad),
    error: /ClipGrad: maxNorm must be/,
  },
  "optimizers.FreezeParam": {
    ok: () => dz.optimizers.FreezeParam(new L.Linear(2)),
    bad: () => dz.optimizers.FreezeParam(bad),
    error: /FreezeParam: layers\[0\] must be a Layer/,
  },
  // ---- data
  DataLoader: {
    ok: () => new dz.DataLoader(new Tiny(), 2, false),
    bad: () => new dz.DataLoader(new Tiny(), 2, { suffle: true } as never),
    error: /DataLoader: unknown option 'suffle'/,
  },
  SeqDataLoader: {
    ok: () => new dz.SeqDataLoader(new Tiny(), 2),
    bad: () => new dz.SeqDataLoader(new Tiny(), bad),
    error: /SeqDataLoader: batchSize must be/,
  },
  "datasets.Dataset": {
    ok: () => new Tiny(false),
    bad: () => new Tiny({ trian: false } as never),
    error: /Tiny: unknown option 'trian'/,
  },
  "datasets.Spiral": {
    ok: () => new dz.datasets.Spiral(false),
    bad: () => new dz.datasets.Spiral({ train: bad }),
    error: /Spiral: train must be true or false/,
  },
  "datasets.SinCurve": {
    ok: () => new dz.datasets.SinCurve({ train: false }),
    bad: () => new dz.datasets.SinCurve({ transform: bad }),
    error: /SinCurve: transform must be a function or null/,
  },
  "datasets.getSpiral": {
    ok: () => dz.datasets.getSpiral(false),
    bad: () => dz.datasets.getSpiral(bad),
    error: /getSpiral: train must be a boolean/,
  },
  "datasets.MNIST": {
    ok: () => dz.datasets.MNIST.load({ source: "embedded", train: false }),
    bad: () => dz.datasets.MNIST.load({ sorce: "embedded" } as never),
    error: /MNIST: unknown option 'sorce'/,
  },
  "datasets.FashionMNIST": {
    // a valid load needs the files (served locally in test/data-fashion-mnist.test.ts)
    ok: () => dz.datasets.FashionMNIST.optionKeys.includes("cacheDir") || assert.fail("no cacheDir"),
    bad: () => dz.datasets.FashionMNIST.load({ cachedir: "/tmp" } as never),
    error: /FashionMNIST: unknown option 'cachedir'/,
  },
  "datasets.CIFAR10": {
    // a valid load downloads 170 MB: test/data-downloads.test.ts runs it when asked to
    ok: () => dz.datasets.CIFAR10.optionKeys.includes("baseUrl") || assert.fail("no baseUrl"),
    bad: () => dz.datasets.CIFAR10.load({ baseURL: "x" } as never),
    error: /CIFAR10: unknown option 'baseURL'/,
  },
  "datasets.Shakespeare": {
    ok: () => dz.datasets.Shakespeare.optionKeys.includes("onProgress") || assert.fail("no onProgress"),
    bad: () => dz.datasets.Shakespeare.load({ train: bad }),
    error: /Shakespeare: train must be true or false/,
  },
  "transforms.Compose": {
    ok: () => dz.transforms.Compose([dz.transforms.Flatten()])(dz.zeros([2, 2])),
    bad: () => dz.transforms.Compose(bad),
    error: /Compose: transforms must be an array of functions/,
  },
  "transforms.Normalize": {
    ok: () => dz.transforms.Normalize(0.5, 2)(dz.zeros([2])),
    bad: () => dz.transforms.Normalize(bad),
    error: /Normalize: mean must be/,
  },
  "transforms.Flatten": {
    ok: () => dz.transforms.Flatten()(dz.zeros([2, 2])),
    bad: () => (dz.transforms.Flatten as (a: unknown) => unknown)(1),
    error: /Flatten: takes no arguments/,
  },
  "transforms.AsType": {
    ok: () => dz.transforms.AsType("float64")(dz.zeros([2])),
    bad: () => dz.transforms.AsType(bad),
    error: /AsType: unknown dtype 'nope'/,
  },
  "transforms.ToFloat": {
    ok: () => dz.transforms.ToFloat()(dz.zeros([2], { dtype: "uint8" })),
    bad: () => dz.transforms.ToFloat("int32"),
    error: /ToFloat: 'int32' is not a float dtype/,
  },
  "transforms.ToInt": {
    ok: () => dz.transforms.ToInt()(dz.zeros([2])),
    bad: () => dz.transforms.ToInt("float32"),
    error: /ToInt: 'float32' is not an integer dtype/,
  },
  "transforms.RandomShift": {
    ok: () => dz.transforms.RandomShift(1)(dz.zeros([1, 4, 4])),
    bad: () => dz.transforms.RandomShift(1, { sed: 1 } as never),
    error: /RandomShift: unknown option 'sed'/,
  },
  // ---- training
  fit: {
    ok: () =>
      dz.fit(
        new dz.MLP([4, 2]),
        new dz.optimizers.SGD(0.1).setup(new dz.MLP([4, 2])),
        new dz.DataLoader(new Tiny(), 3, false),
        { epochs: 1 },
      ),
    bad: () =>
      dz.fit(new dz.MLP([4, 2]), new dz.optimizers.SGD(), new dz.DataLoader(new Tiny(), 3), {
        epoch: 1,
      } as never),
    error: /fit: unknown option 'epoch'/,
  },
  evaluate: {
    ok: () => dz.evaluate(new dz.MLP([4, 2]), new dz.DataLoader(new Tiny(), 3, false)),
    bad: () =>
      dz.evaluate(new dz.MLP([4, 2]), new dz.DataLoader(new Tiny(), 3), { los: F.meanSquaredError } as never),
    error: /evaluate: unknown option 'los'/,
  },
  fitAsync: {
    ok: () =>
      dz.fitAsync(
        new dz.MLP([4, 2]),
        new dz.optimizers.SGD(0.1).setup(new dz.MLP([4, 2])),
        new dz.DataLoader(new Tiny(), 3, false),
        { epochs: 1 },
      ),
    bad: () =>
      dz.fitAsync(new dz.MLP([4, 2]), new dz.optimizers.SGD(), new dz.DataLoader(new Tiny(), 3), {
        epoch: 1,
      } as never),
    error: /fitAsync: unknown option 'epoch'/,
  },
  evaluateAsync: {
    ok: () => dz.evaluateAsync(new dz.MLP([4, 2]), new dz.DataLoader(new Tiny(), 3, false)),
    bad: () => dz.evaluateAsync(new dz.MLP([4, 2]), new dz.DataLoader(new Tiny(), 3), { los: 1 } as never),
    error: /evaluateAsync: unknown option 'los'/,
  },
  "gpu.init": {
    ok: () => dz.gpu.init().catch((e: Error) => assert.match(e.message, /gpu/i)),
    bad: () => (dz.gpu.init as (a: unknown) => unknown)(1),
    error: /gpu.init: takes no arguments/,
  },
  "gpu.available": {
    ok: async () => assert.equal(typeof (await dz.gpu.available()), "boolean"),
    bad: () => (dz.gpu.available as (a: unknown) => unknown)(1),
    error: /gpu.available: takes no arguments/,
  },
  "gpu.info": {
    ok: () => dz.gpu.info(),
    bad: () => (dz.gpu.info as (a: unknown) => unknown)(1),
    error: /gpu.info: takes no arguments/,
  },
  "gpu.memory": {
    ok: () => assert.equal(typeof dz.gpu.memory().inUse, "number"),
    bad: () => (dz.gpu.memory as (a: unknown) => unknown)(1),
    error: /gpu.memory: takes no arguments/,
  },
  "gpu.setMemoryPolicy": {
    ok: async () => {
      if (await dz.gpu.available()) dz.gpu.setMemoryPolicy({ slack: 0.1 });
    },
    bad: () => dz.gpu.setMemoryPolicy({ slak: 0.1 } as never),
    error: /gpu.setMemoryPolicy: unknown option 'slak'/,
  },
  consoleProgress: {
    ok: () => dz.consoleProgress({ every: 2 }),
    bad: () => dz.consoleProgress({ evry: 2 } as never),
    error: /consoleProgress: unknown option 'evry'/,
  },
  formatProgress: {
    ok: () =>
      dz.formatProgress({ phase: "epoch", epoch: 1, epochs: 2, loss: 0.5, seconds: 1 } as dz.ProgressEvent),
    bad: () => dz.formatProgress(bad),
    error: /formatProgress: e must be a progress event/,
  },
  // ---- io
  "io.encodeNpy": {
    ok: () => dz.io.encodeNpy(array([1, 2])),
    bad: () => dz.io.encodeNpy(bad),
    error: /encodeNpy: nd must be an NDArray/,
  },
  "io.decodeNpy": {
    ok: () => dz.io.decodeNpy(dz.io.encodeNpy(array([1, 2]))),
    bad: () => dz.io.decodeNpy(bad),
    error: /decodeNpy: bytes must be a Uint8Array/,
  },
  "io.encodeNpz": {
    ok: () => dz.io.encodeNpz({ a: array([1]) }),
    bad: () => dz.io.encodeNpz({ a: array([1]) }, { compres: true } as never),
    error: /encodeNpz: unknown option 'compres'/,
  },
  "io.decodeNpz": {
    ok: () => dz.io.decodeNpz(dz.io.encodeNpz({ a: array([1]) })),
    bad: () => dz.io.decodeNpz(bad),
    error: /decodeNpz: bytes must be a Uint8Array/,
  },
  "io.encodeSafetensors": {
    ok: () => dz.io.encodeSafetensors({ a: array([1]) }),
    bad: () => dz.io.encodeSafetensors(bad),
    error: /encodeSafetensors: tensors must be/,
  },
  "io.decodeSafetensors": {
    ok: () => dz.io.decodeSafetensors(dz.io.encodeSafetensors({ a: array([1]) })),
    bad: () => dz.io.decodeSafetensors(bad),
    error: /decodeSafetensors: bytes must be a Uint8Array/,
  },
  "io.encodeIdx": {
    ok: () => dz.io.encodeIdx(array([1, 2], { dtype: "uint8" })),
    bad: () => dz.io.encodeIdx(bad),
    error: /encodeIdx: nd must be an NDArray/,
  },
  "io.decodeIdx": {
    ok: () => dz.io.decodeIdx(dz.io.encodeIdx(array([1, 2], { dtype: "uint8" }))),
    bad: () => dz.io.decodeIdx(bad),
    error: /decodeIdx: bytes must be a Uint8Array/,
  },
  "io.decodeCifar10": {
    // the options pass the check and decoding starts (a real archive is decoded in test/io-idx.test.ts)
    ok: () =>
      assert.throws(
        () => dz.io.decodeCifar10(new Uint8Array(0), { train: false }),
        /archive lacks test_batch/,
      ),
    bad: () => dz.io.decodeCifar10(new Uint8Array(0), { trian: false } as never),
    error: /decodeCifar10: unknown option 'trian'/,
  },
  // ---- utils and pictures
  "utils.gradientCheck": {
    ok: () => dz.utils.gradientCheck(F.sin, array([0.5])),
    bad: () => dz.utils.gradientCheck(F.sin, array([0.5]), { tol: 1 } as never),
    error: /gradientCheck: unknown option 'tol'/,
  },
  "utils.numericalGrad": {
    ok: () => dz.utils.numericalGrad(F.sin, [x23()]),
    bad: () => dz.utils.numericalGrad(F.sin, [bad]),
    error: /numericalGrad: xs\[0\] must be a Variable/,
  },
  "utils.arrayEqual": {
    ok: () => dz.utils.arrayEqual(x23(), x23()),
    bad: () => dz.utils.arrayEqual(x23(), bad),
    error: /arrayEqual: b must be/,
  },
  "utils.arrayAllclose": {
    ok: () => dz.utils.arrayAllclose(x23(), x23(), 1e-3),
    bad: () => dz.utils.arrayAllclose(x23(), x23(), bad),
    error: /arrayAllclose: rtol must be/,
  },
  "utils.getFile": {
    ok: () => dz.utils.getFile(import.meta.url, { cacheDir: `${process.env.TMPDIR ?? "/tmp"}/dz-args-test` }),
    bad: () => dz.utils.getFile(import.meta.url, { cache: "/tmp" } as never),
    error: /getFile: unknown option 'cache'/,
  },
  "utils.getDotGraph": {
    ok: () => dz.utils.getDotGraph(F.exp(x23())),
    bad: () => dz.utils.getDotGraph(F.exp(x23()), { verbos: true } as never),
    error: /getDotGraph: unknown option 'verbos'/,
  },
  "utils.plotDotGraph": {
    ok: () =>
      dz.utils.plotDotGraph(F.exp(x23()), { toFile: `${process.env.TMPDIR ?? "/tmp"}/dz-args-graph.dot` }),
    bad: () => dz.utils.plotDotGraph(F.exp(x23()), { tofile: "g.png" } as never),
    error: /plotDotGraph: unknown option 'tofile'/,
  },
  "viz.trainingCurveSvg": {
    ok: () => dz.viz.trainingCurveSvg([{ epoch: 1, loss: 1 }]),
    bad: () => dz.viz.trainingCurveSvg([{ epoch: 1, loss: 1 }], { titel: "x" } as never),
    error: /trainingCurveSvg: unknown option 'titel'/,
  },
  "viz.decisionBoundarySvg": {
    ok: () =>
      dz.viz.decisionBoundarySvg(new dz.MLP([3]), dz.zeros([2, 2]), array([0, 1], { dtype: "int32" }), {
        resolution: 4,
      }),
    bad: () =>
      dz.viz.decisionBoundarySvg((x: dz.NDArray) => x, dz.zeros([2, 2]), array([0, 1], { dtype: "int32" }), {
        resolutoin: 4,
      } as never),
    error: /decisionBoundarySvg: unknown option 'resolutoin'/,
  },
  "viz.dotToSvg": {
    ok: () => "needs the optional @viz-js/viz (test/viz-render.test.ts)",
    bad: () => dz.viz.dotToSvg("digraph {}", { engin: "dot" } as never),
    error: /dotToSvg: unknown option 'engin'/,
  },
  "viz.svgToPng": {
    ok: () => "needs the optional @resvg/resvg-js (test/viz-render.test.ts)",
    bad: () => dz.viz.svgToPng("<svg/>", { scal: 2 } as never),
    error: /svgToPng: unknown option 'scal'/,
  },
  "viz.saveSvg": {
    ok: () => dz.viz.saveSvg("<svg/>", `${process.env.TMPDIR ?? "/tmp"}/dz-args.svg`),
    bad: () => dz.viz.saveSvg("<svg/>", 42 as never),
    error: /saveSvg: path must be/,
  },
  "datasets.ImageNet": {
    ok: () => new dz.datasets.ImageNet(),
    bad: () => dz.datasets.ImageNet.labels(bad),
    error: /ImageNet.labels: options must be/,
  },
  "datasets.transforms.CenterCrop": {
    ok: () => dz.transforms.CenterCrop(2),
    bad: () => dz.transforms.CenterCrop(bad),
    error: /CenterCrop: size must be/,
  },
  "datasets.transforms.Convert": {
    ok: () => dz.transforms.Convert("BGR"),
    bad: () => dz.transforms.Convert(bad),
    error: /Convert: mode must be/,
  },
  "datasets.transforms.Resize": {
    ok: () => dz.transforms.Resize([4, 2]),
    bad: () => dz.transforms.Resize(bad),
    error: /Resize: size must be/,
  },
  "datasets.transforms.ToArray": {
    ok: () => dz.transforms.ToArray("float64"),
    bad: () => dz.transforms.ToArray(bad),
    error: /ToArray: unknown dtype 'nope'/,
  },
  getDefaultDtype: {
    ok: () => dz.getDefaultDtype(),
    bad: () => (dz.getDefaultDtype as (a: unknown) => unknown)(1),
    error: /getDefaultDtype: takes no arguments/,
  },
  setDefaultDtype: {
    ok: () => dz.setDefaultDtype(dz.getDefaultDtype()),
    bad: () => dz.setDefaultDtype(bad),
    error: /setDefaultDtype: dtype must be/,
  },
  "io.decodeImage": {
    ok: async () =>
      dz.io.decodeImage(await dz.io.encodePng(new dz.NDArray(Uint8Array.of(1, 2), [1, 2], "uint8"))),
    bad: () => dz.io.decodeImage(bad),
    error: /decodeImage: bytes must be/,
  },
  "io.encodePng": {
    ok: () => dz.io.encodePng(new dz.NDArray(Uint8Array.of(1, 2), [1, 2], "uint8")),
    bad: () => dz.io.encodePng(bad),
    error: /encodePng: image must be/,
  },
  "io.imageFormatOf": {
    ok: () => dz.io.imageFormatOf(Uint8Array.of(0xff, 0xd8, 0xff)),
    bad: () => dz.io.imageFormatOf(bad),
    error: /imageFormatOf: bytes must be/,
  },
  "io.loadImage": {
    ok: () => undefined,
    bad: () => dz.io.loadImage(5 as never),
    error: /loadImage: path must be/,
  },
  "io.saveImage": {
    ok: () => undefined,
    bad: () => dz.io.saveImage(bad, "x.png"),
    error: /saveImage: image must be|encodePng: image must be/,
  },
  "onnx.OnnxModel": {
    ok: async () =>
      dz.onnx.importModel(await dz.onnx.exportModel(new dz.MLP([2]), [dz.zeros([1, 3])], { bytes: true })),
    bad: () => new dz.onnx.OnnxModel(bad),
    error: /OnnxModel: proto must be/,
  },
  "onnx.exportModel": {
    ok: () => dz.onnx.exportModel(new dz.MLP([2]), [dz.zeros([1, 3])], { bytes: true }),
    bad: () => dz.onnx.exportModel(bad, [], { bytes: true }),
    error: /exportModel: model must be/,
  },
  "onnx.importModel": {
    ok: () => undefined,
    bad: () => dz.onnx.importModel(5 as never),
    error: /importModel: expected a Uint8Array or a file path/,
  },
  RandomState: {
    ok: () => new dz.RandomState(0).rand(2),
    bad: () => new dz.RandomState(bad),
    error: /seed: seed must be an integer/,
  },
  "random.seed": { ok: () => dz.random.seed(0), bad: () => dz.random.seed(bad), error: /seed: seed must be/ },
  "random.rand": {
    ok: () => dz.random.rand(2, 3),
    bad: () => dz.random.rand(bad),
    error: /rand: the shape must be/,
  },
  "random.randn": {
    ok: () => dz.random.randn([2, 3]),
    bad: () => dz.random.randn(bad),
    error: /randn: the shape must be/,
  },
  "random.randint": {
    ok: () => dz.random.randint(0, 5, [3]),
    bad: () => dz.random.randint(bad),
    error: /randint: high must be/,
  },
  "random.uniform": {
    ok: () => dz.random.uniform(0, 1, [2]),
    bad: () => dz.random.uniform(bad),
    error: /uniform: low must be/,
  },
  "random.normal": {
    ok: () => dz.random.normal(0, 1, [2]),
    bad: () => dz.random.normal(bad),
    error: /normal: loc must be/,
  },
  "random.permutation": {
    ok: () => dz.random.permutation(5),
    bad: () => dz.random.permutation(bad),
    error: /permutation: expected an integer/,
  },
  "random.shuffle": {
    ok: () => dz.random.shuffle(dz.arange(4)),
    bad: () => dz.random.shuffle(bad),
    error: /shuffle: expected an NDArray/,
  },
  "random.choice": {
    ok: () => dz.random.choice(5, 2),
    bad: () => dz.random.choice(bad),
    error: /choice: expected an integer/,
  },
  "random.random": {
    ok: () => [dz.random.random(), dz.random.random([2, 3])],
    bad: () => dz.random.random(bad),
    error: /rand: the shape must be/,
  },
  "viz.plotSvg": {
    ok: () => dz.viz.plotSvg([{ x: [0, 1], y: [1, 2] }]),
    bad: () => dz.viz.plotSvg(bad),
    error: /plotSvg: series must be/,
  },
};

/** Exports left out of the table, and why. */
const NOT_ROWS: Record<string, string> = {
  getBackend: "called by every op: it takes no arguments and nothing a stray one could change",
};

/** Every exported callable, by path, with the first path of each (namespaces re-export some). */
function callables(): Map<unknown, string> {
  const seen = new Map<unknown, string>();
  const walk = (obj: object, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix + k;
      if (typeof v === "function") {
        if (!seen.has(v)) seen.set(v, path);
      } else if (
        v &&
        typeof v === "object" &&
        depth < 3 &&
        (v as Record<symbol, unknown>)[Symbol.toStringTag] === "Module"
      ) {
        walk(v, `${path}.`, depth + 1);
      } else if ((path === "random" || path === "gpu") && depth === 0)
        walk(v as object, `${path}.`, depth + 1);
    }
  };
  walk(dz, "", 0);
  return seen;
}

describe("every exported callable checks its arguments", () => {
  for (const [path, row] of Object.entries(ROWS)) {
    it(`${path}: a valid call works; a wrong one names the function and the parameter`, async () => {
      await row.ok();
      await assert.rejects(
        async () => row.bad(),
        (e: unknown) => {
          assert.ok(e instanceof Error, `${path}: threw ${String(e)}`);
          assert.match(e.message, row.error);
          return true;
        },
      );
    });
  }

  it("has a row for every exported callable", () => {
    const paths = new Set(Object.keys(ROWS));
    const missing = [...callables()].filter(([v, path]) => {
      if (paths.has(path) || path in NOT_ROWS) return false;
      // the same function under another namespace path (datasets.DataLoader is DataLoader)
      return ![...paths].some(
        (p) => p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], dz) === v,
      );
    });
    assert.deepEqual(
      missing.map(([, p]) => p),
      [],
    );
  });
});
