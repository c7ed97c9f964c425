/**
 * @file The seed's unit tests (DeZero steps 1–18), ported one to one.
 *
 * Not ported: `test_something` asserts `True == False`, a placeholder that fails on purpose;
 * `test_add` calls a function with a list of inputs, an API from an earlier step that the seed's own
 * `Function.__call__(*inputs)` no longer accepts (it fails in the seed too).
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, Variable } from "../src/index.js";

const add = F.add;
const square = (x: Variable) => F.pow(x, 2);

describe("seed: Variable, Function, generation-ordered backward", () => {
  it("test_add02: a function of two inputs", () => {
    const y = F.add(new Variable(array(2)), new Variable(array(3)));
    assert.equal(y.item(), 5);
  });

  it("test_add03: add() helper", () => {
    const y = add(new Variable(array(2)), new Variable(array(3)));
    assert.equal(y.item(), 5);
  });

  it("test_add04: add(square(x0), square(x1)) backward", () => {
    const x0 = new Variable(array(2));
    const x1 = new Variable(array(3));
    const y = add(square(x0), square(x1));
    y.backward();
    assert.equal(x0.grad?.item(), 4);
    assert.equal(x1.grad?.item(), 6);
    assert.equal(y.item(), 13);
  });

  it("test_add05: reusing a variable accumulates its gradient", () => {
    const x0 = new Variable(array(2));
    const y = add(add(x0, x0), x0);
    y.backward();
    assert.equal(y.item(), 6);
    assert.equal(x0.grad?.item(), 3);
  });

  it("test_add06: cleargrad before a new computation", () => {
    const x0 = new Variable(array(2));
    const y1 = add(add(x0, x0), x0);
    y1.backward();
    assert.equal(y1.item(), 6);
    assert.equal(x0.grad?.item(), 3);
    x0.cleargrad();
    const y2 = add(x0, x0);
    y2.backward();
    assert.equal(y2.item(), 4);
    assert.equal(x0.grad?.item(), 2);
  });

  it("test_add08: generations order a diamond-shaped graph", () => {
    const x = new Variable(array(2));
    const a = square(x);
    const y = add(square(a), square(a));
    y.backward();
    assert.equal(y.item(), 32);
    assert.equal(x.grad?.item(), 64);
  });
});
