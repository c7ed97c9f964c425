/** @file DataLoader and SeqDataLoader: every sample once per epoch, seeded shuffles, reset, stacking, time-series order. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataLoader, Dataset, SeqDataLoader, SinCurve, Spiral } from "../src/data/index.js";
import { arange, array, type NDArray, random } from "../src/ndarray/index.js";

/** n samples: x_i = [i, −i] (float32), t_i = i (int32), so a batch shows which samples it holds. */
class Indexed extends Dataset {
  constructor(readonly n: number) {
    super();
    this.data = array(Array.from({ length: n }, (_, i) => [i, -i]));
    this.label = arange(n);
  }
}

/** The label values of every batch of one epoch. */
function epoch(loader: DataLoader): number[][] {
  const batches: number[][] = [];
  for (const [x, t] of loader) {
    const ids = Array.from(t.data);
    assert.deepEqual(
      Array.from(x.data),
      ids.flatMap((i) => [i, -i]),
      "x and t come from the same samples",
    );
    batches.push(ids);
  }
  return batches;
}

describe("DataLoader", () => {
  for (const batchSize of [1, 3, 4, 10, 11]) {
    it(`visits each of 10 samples exactly once per epoch with batch size ${batchSize}`, () => {
      const loader = new DataLoader(new Indexed(10), batchSize, { seed: 1 });
      const maxIter = Math.ceil(10 / batchSize);
      assert.equal(loader.length, maxIter);
      assert.equal(loader.maxIter, maxIter);
      for (let e = 0; e < 3; e++) {
        const batches = epoch(loader);
        assert.equal(batches.length, maxIter);
        assert.deepEqual(
          batches.map((b) => b.length),
          Array.from({ length: maxIter }, (_, k) => Math.min(batchSize, 10 - k * batchSize)),
        );
        assert.deepEqual(
          batches.flat().sort((a, b) => a - b),
          Array.from({ length: 10 }, (_, i) => i),
        );
      }
    });
  }

  it("stacks samples and labels along a new first axis with their dtypes", () => {
    const loader = new DataLoader(new Spiral(), 30);
    const [x, t] = loader.next();
    assert.deepEqual([x.dtype, x.shape], ["float32", [30, 2]]);
    assert.deepEqual([t.dtype, t.shape], ["int32", [30]]);
    const [sx, st] = new SeqDataLoader(new SinCurve(), 4).next();
    assert.deepEqual([sx.shape, st.shape, st.dtype], [[4, 1], [4, 1], "float64"]);
  });

  it("repeats its shuffles for the same seed, and differs for another seed and from epoch to epoch", () => {
    const run = (seed: number) => {
      const loader = new DataLoader(new Indexed(50), 50, { seed });
      return [epoch(loader)[0], epoch(loader)[0]];
    };
    const [a1, a2] = run(5);
    assert.deepEqual(run(5), [a1, a2]);
    assert.notDeepEqual(run(6)[0], a1);
    assert.notDeepEqual(a1, a2);
    assert.notDeepEqual(
      a1,
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it("draws each epoch's order from the global generator when given no seed, as DeZero's np.random.permutation", () => {
    random.seed(7);
    const loader = new DataLoader(new Indexed(40), 40);
    const orders = [epoch(loader)[0], epoch(loader)[0]];
    random.seed(7);
    const expected = [Array.from(random.permutation(40).data), Array.from(random.permutation(40).data)];
    assert.deepEqual(orders, expected);
  });

  it("keeps the dataset order without shuffle", () => {
    assert.deepEqual(epoch(new DataLoader(new Indexed(7), 3, { shuffle: false })), [
      [0, 1, 2],
      [3, 4, 5],
      [6],
    ]);
  });

  it("reset() starts the epoch over", () => {
    const loader = new DataLoader(new Indexed(10), 3, { shuffle: false });
    loader.next();
    loader.next();
    assert.equal(loader.iteration, 2);
    loader.reset();
    assert.equal(loader.iteration, 0);
    assert.deepEqual(epoch(loader), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  });

  it("resumes after a loop left with break, and resets itself at the end of an epoch", () => {
    const loader = new DataLoader(new Indexed(9), 3, { shuffle: false });
    for (const [, t] of loader) {
      assert.deepEqual(Array.from(t.data), [0, 1, 2]);
      break;
    }
    assert.deepEqual(epoch(loader), [
      [3, 4, 5],
      [6, 7, 8],
    ]);
    assert.equal(loader.iteration, 0);
    assert.deepEqual(epoch(loader).length, 3);
  });

  it("gives null labels for an unlabelled dataset", () => {
    class Unlabelled extends Dataset<null> {
      protected override prepare(): void {
        this.data = arange(5);
      }
    }
    const [x, t] = new DataLoader(new Unlabelled(), 5, { shuffle: false }).next();
    assert.deepEqual(Array.from(x.data), [0, 1, 2, 3, 4]);
    assert.equal(t, null);
  });

  it("rejects a bad batch size and samples that cannot be stacked", () => {
    assert.throws(
      () => new DataLoader(new Indexed(3), 0),
      /DataLoader: batchSize must be a positive integer, got 0/,
    );
    assert.throws(
      () => new SeqDataLoader(new Indexed(3), 1.5),
      /SeqDataLoader: batchSize must be a positive integer/,
    );
    class Ragged extends Dataset {
      protected override prepare(): void {
        this.data = arange(4);
        this.label = arange(4);
      }
    }
    const ragged = new Ragged({ transform: (x: NDArray) => arange(x.item() + 1) });
    assert.throws(
      () => new DataLoader(ragged, 2, { shuffle: false }).next(),
      /DataLoader: cannot stack x of a batch: item 1 is int32 \[2\], item 0 is int32 \[1\]/,
    );
  });
});

describe("SeqDataLoader", () => {
  it("reads position (b·jump + iteration) mod N of each of batchSize streams", () => {
    // N = 10, batchSize 3: jump = 3, ceil(10 / 3) = 4 batches
    const loader = new SeqDataLoader(new Indexed(10), 3);
    assert.equal(loader.length, 4);
    const expected = [
      [0, 3, 6],
      [1, 4, 7],
      [2, 5, 8],
      [3, 6, 9],
    ];
    assert.deepEqual(epoch(loader), expected);
    assert.deepEqual(epoch(loader), expected, "the next epoch starts over, unshuffled");
  });

  it("wraps around the end of the series", () => {
    // N = 5, batchSize 2: jump = 2, 3 batches; stream 1 starts at 2 and reaches 4
    assert.deepEqual(epoch(new SeqDataLoader(new Indexed(5), 2)), [
      [0, 2],
      [1, 3],
      [2, 4],
    ]);
    // N = 4, batchSize 3: jump = 1, 2 batches
    assert.deepEqual(epoch(new SeqDataLoader(new Indexed(4), 3)), [
      [0, 1, 2],
      [1, 2, 3],
    ]);
  });

  it("feeds a sine curve in time order to each stream", () => {
    const sin = new SinCurve({ train: false });
    const loader = new SeqDataLoader(sin, 3); // jump 333
    const [x0] = loader.next();
    const [x1, t1] = loader.next();
    assert.deepEqual(
      Array.from(x0.data),
      [0, 333, 666].map((i) => sin.data.data[i]),
    );
    assert.deepEqual(
      Array.from(x1.data),
      [1, 334, 667].map((i) => sin.data.data[i]),
    );
    assert.deepEqual(
      Array.from(t1.data),
      [1, 334, 667].map((i) => sin.label.data[i]),
    );
  });

  it("leaves the global random generator untouched", () => {
    random.seed(3);
    const expected = random.random();
    random.seed(3);
    new SeqDataLoader(new Indexed(10), 2);
    new DataLoader(new Indexed(10), 2, { shuffle: false });
    new DataLoader(new Indexed(10), 2, { seed: 1 });
    assert.equal(random.random(), expected);
  });

  it("gathers whole batches from a plain dataset; a transform or an overridden get goes sample by sample", () => {
    let calls = 0;
    class Counted extends Indexed {
      override get(index: number) {
        calls++;
        return super.get(index);
      }
    }
    const plain = new Indexed(23);
    const spiral = new Spiral();
    const fast = epoch(new DataLoader(plain, 5, { seed: 3 }));
    assert.deepEqual(epoch(new DataLoader(new Counted(23), 5, { seed: 3 })), fast);
    assert.equal(calls, 23, "an overridden get sees every sample");
    const viaGet = new DataLoader(new Spiral({ transform: (x) => x }), 30, { seed: 4 });
    const gathered = new DataLoader(spiral, 30, { seed: 4 });
    const a = Array.from(gathered);
    const b = Array.from(viaGet);
    assert.equal(a.length, 10);
    assert.equal(b.length, 10);
    a.forEach(([x1, t1], i) => {
      const [x2, t2] = b[i];
      assert.deepEqual(x1.shape, x2.shape);
      assert.equal(x1.dtype, x2.dtype);
      assert.deepEqual(Array.from(x1.data), Array.from(x2.data));
      assert.deepEqual(Array.from(t1.data), Array.from(t2.data));
    });
    assert.equal(plain.gatherBatch([0, 22])![0].shape.join(), "2,2");
    assert.throws(() => plain.gatherBatch([0, 23]), /Indexed\.get: index 23 is out of range for 23 samples/);
  });
});

describe("the book's forms (steps 49–50, 59)", () => {
  it("new DataLoader(ds, 3, false) keeps the order (positional shuffle, as DeZero's)", () => {
    assert.deepEqual(epoch(new DataLoader(new Indexed(5), 3, false)), [
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it("next() returns a batch, throws at the end of an epoch (DeZero's StopIteration) and starts the next", () => {
    const loader = new DataLoader(new Indexed(5), 3, false);
    assert.deepEqual(Array.from(loader.next()[1]!.data), [0, 1, 2]);
    assert.deepEqual(epoch(loader), [[3, 4]], "for...of continues from next()");
    assert.deepEqual(Array.from(loader.next()[1]!.data), [0, 1, 2]);
    loader.next();
    assert.throws(() => loader.next(), /DataLoader.next: the epoch is over \(2 batches\)/);
    assert.deepEqual(Array.from(loader.next()[1]!.data), [0, 1, 2]);
  });

  it("a dataset is iterable: for (const [x, t] of dataset)", () => {
    const seen: number[] = [];
    for (const [x, t] of new Indexed(4)) {
      assert.deepEqual(Array.from(x.data), [t.item(), -t.item()]);
      seen.push(t.item());
    }
    assert.deepEqual(seen, [0, 1, 2, 3]);
  });

  it("rejects wrong arguments naming the parameter", () => {
    assert.throws(
      () => new DataLoader(new Indexed(4), 0),
      /DataLoader: batchSize must be a positive integer, got 0/,
    );
    assert.throws(
      () => new DataLoader(new Indexed(4), 2, { shufle: false } as never),
      /DataLoader: unknown option 'shufle' in options; known options: shuffle, seed/,
    );
    assert.throws(
      () => new DataLoader(new Indexed(4), 2, "no" as never),
      /DataLoader: options must be an options object/,
    );
    assert.throws(
      () => new DataLoader([1, 2] as never, 2),
      /DataLoader: dataset must have a length and get\(i\)/,
    );
  });
});
