/** @file Layers and models: parameter discovery, lazy sizes, cleargrads, Sequential, MLP, graphs. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  array,
  F,
  L,
  Layer,
  MLP,
  Model,
  Parameter,
  random,
  Sequential,
  Variable,
  zeros,
} from "../src/index.js";

class TwoLayer extends Model {
  l1 = new L.Linear(4);
  l2 = new L.Linear(2);
  forward(x: Variable) {
    return this.l2.call(F.sigmoid(this.l1.call(x)));
  }
}

class Nested extends Model {
  a = new TwoLayer();
  scale = new Parameter(array([2]), "scale");
  forward(x: Variable) {
    return F.mul(this.a.call(x), this.scale);
  }
}

describe("layers", () => {
  it("discovers parameters through nested layers, in declaration order, named by field path", () => {
    const m = new Nested();
    m.call(zeros([3, 5]));
    assert.deepEqual(Object.keys(m.namedParams()), ["a/l1/W", "a/l1/b", "a/l2/W", "a/l2/b", "scale"]);
    assert.equal([...m.params()].length, 5);
  });

  it("a layer referenced twice yields its parameters once", () => {
    class Shared extends Model {
      l = new L.Linear(3, { inSize: 3 });
      again = this.l;
      forward(x: Variable) {
        return this.again.call(this.l.call(x));
      }
    }
    assert.equal([...new Shared().params()].length, 2);
  });

  it("Linear learns its input size from the first input, with DeZero's init scale", () => {
    random.seed(0);
    const l = new L.Linear(200);
    assert.equal(l.W.data.size, 0);
    const y = l.call(zeros([2, 300]));
    assert.deepEqual(y.shape, [2, 200]);
    assert.deepEqual(l.W.shape, [300, 200]);
    const w = Array.from(l.W.data.data);
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    assert.ok(Math.abs(std - Math.sqrt(1 / 300)) < 0.002, `std ${std}`);
    assert.deepEqual(l.b!.data.toArray(), new Array(200).fill(0));
  });

  it("nobias and explicit inSize", () => {
    const l = new L.Linear(3, { inSize: 2, nobias: true, dtype: "float64" });
    assert.equal(l.b, null);
    assert.deepEqual([l.W.shape, l.W.dtype], [[2, 3], "float64"]);
    assert.equal([...l.params()].length, 1);
  });

  it("cleargrads clears every parameter's gradient", () => {
    const m = new TwoLayer();
    F.sum(m.call(array([[1, 2, 3]]))).backward();
    assert.ok([...m.params()].every((p) => p.grad !== null));
    m.cleargrads();
    assert.ok([...m.params()].every((p) => p.grad === null));
  });

  it("call keeps the last inputs and outputs", () => {
    const l = new L.Linear(2, { inSize: 2 });
    const x = new Variable(array([[1, 2]]));
    const y = l.call(x);
    assert.equal(l.inputs[0], x);
    assert.equal(l.outputs[0], y);
  });

  it("MLP names its layers l0, l1 like DeZero and applies the activation between them", () => {
    const m = new MLP([10, 3]);
    const y = m.call(zeros([5, 2]));
    assert.deepEqual(y.shape, [5, 3]);
    assert.deepEqual(Object.keys(m.namedParams()), ["l0/W", "l0/b", "l1/W", "l1/b"]);
    const relu = new MLP([4, 1], { activation: F.relu });
    assert.match(relu.dot(zeros([1, 2])), /label="ReLU"/);
  });

  it("Sequential mixes layers and functions", () => {
    const s = new Sequential(new L.Linear(4), F.relu, new L.Linear(1));
    assert.deepEqual(s.call(zeros([2, 3])).shape, [2, 1]);
    assert.deepEqual(Object.keys(s.namedParams()), ["l0/W", "l0/b", "l2/W", "l2/b"]);
  });

  it("Model.plot writes the DOT of its forward graph", async () => {
    const { mkdtemp, readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join((await import("node:os")).tmpdir(), "dz-"));
    const file = join(dir, "m.dot");
    await new TwoLayer().plot(zeros([1, 3]), { toFile: file });
    assert.match(await readFile(file, "utf8"), /digraph g \{[\s\S]*Linear/);
  });

  it("a custom Layer subclass works with plain Parameters", () => {
    class Affine extends Layer {
      a = new Parameter(array([3], { dtype: "float64" }));
      forward(x: Variable) {
        return F.mul(x, this.a);
      }
    }
    const l = new Affine();
    F.sum(l.call(array([1, 2], { dtype: "float64" }))).backward();
    assert.equal(l.a.grad!.item(), 3);
  });
});
