/**
 * @file Runs every steps/stepNN.ts (the book's steps) in this process and compares what it prints with
 * steps/golden/stepNN.txt, the output of the Python original (scripts/make-step-goldens.sh), token by token.
 */

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { random } from "../src/index.js";
import { firstDifference, sameNumber, tokens } from "./steps-compare.js";

/** How a step is checked where the default (its whole output) does not fit. */
interface StepCase {
  /** It draws random numbers: it matches only with NumPy's generator (MT19937) behind `dz.random`. */
  rng?: boolean;
  /** Compare only the first `lines` lines (the step trains for minutes; the rest is the same loop). */
  lines?: number;
  /** Text that differs on every run (timings), replaced on both sides before comparing. */
  volatile?: RegExp;
  /** Why the step cannot run here (it is still type-checked and linted). */
  skip?: string;
}

// Steps that train for long are compared over their first lines: the rest is the same loop.
const CASES: Record<string, StepCase> = {
  step43: { lines: 3 },
  step44: { lines: 3 },
  step45: { lines: 3 },
  step46: { lines: 3 },
  step48: { lines: 20 },
  step49: { lines: 20 },
  step50: { lines: 30 },
  step51: { lines: 3 },
  step52: { lines: 1, volatile: /time: [\d.]+/g },
  step53: { lines: 1 },
  step58: { skip: "downloads a photo and VGG16's 528 MB of weights: no network here" },
  step59: { lines: 5 },
  step60: { lines: 5 },
};

const root = new URL("../steps/", import.meta.url);
const stepFiles = readdirSync(root)
  .filter((f) => /^step\d\d\.ts$/.test(f))
  .sort();

/**
 * An argument of console.log as Python's print shows it: its own `toString` for arrays and Variables (NumPy's
 * str), strings as they are, anything else as console.log would.
 */
function pyStr(a: unknown): string {
  if (typeof a === "string") return a;
  const hasOwnToString =
    typeof a === "object" && a !== null && !Array.isArray(a) && a.toString !== Object.prototype.toString;
  return hasOwnToString ? String(a) : inspect(a);
}

/** Thrown from console.log once a step has printed all the lines that are compared. */
class EnoughLines extends Error {}

/** Imports (runs) a step, returning what it printed: console.log lines, then `! Type: message` if it threw. */
async function runStep(file: string, maxLines: number): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    lines.push(args.map(pyStr).join(" "));
    if (lines.length >= maxLines) throw new EnoughLines();
  };
  try {
    await import(pathToFileURL(join(root.pathname, file)).href);
  } catch (e) {
    if (!(e instanceof EnoughLines)) lines.push(`! ${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

describe("the comparison of outputs", () => {
  it("reads numbers as NumPy and JavaScript write them", () => {
    assert.deepEqual(tokens("variable([2. -1.5e-05 nan])"), [
      ..."variable[[".split(""),
      "2.",
      "-1.5e-05",
      "nan",
      "]",
      "]",
    ]);
    assert.ok(sameNumber("2.", "2"));
    assert.ok(sameNumber("0.3333333333333333", "0.33333333"));
    assert.ok(!sameNumber("0.3333", "0.33333333"));
    assert.ok(!sameNumber("3", "4"));
  });

  it("finds the first differing token and ignores white space", () => {
    assert.equal(firstDifference("variable([1. 2.])", "variable([1.0  2.0])"), undefined);
    assert.match(firstDifference("(2, 3)", "(2, 4)") ?? "", /got 3, expected 4/);
    assert.match(firstDifference("a", "a b") ?? "", /got <end>, expected b/);
  });
});

describe("the book's steps reproduce the Python original's output", () => {
  const numpyRandom = (() => {
    random.seed(0);
    return random.rand([1]).data[0] === 0.5488135039273248;
  })();
  const cwd = process.cwd();
  let dir = "";
  // Steps write pictures and weight files next to themselves, as DeZero's do: run them in an empty folder.
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "dezero-steps-"));
    process.chdir(dir);
  });
  after(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const file of stepFiles) {
    const name = file.replace(/\.ts$/, "");
    const c = CASES[name] ?? {};
    const todo = c.rng && !numpyRandom ? "needs NumPy's random generator behind dz.random" : undefined;
    it(name, { todo, skip: c.skip }, async () => {
      const golden = readFileSync(new URL(`golden/${name}.txt`, root), "utf8").trimEnd();
      const expected = c.lines ? golden.split("\n").slice(0, c.lines).join("\n") : golden;
      let actual = await runStep(file, c.lines ?? Number.POSITIVE_INFINITY);
      let want = expected;
      // An error is compared by its type: the messages are each language's own.
      [actual, want] = [actual, want].map((s) => s.replace(/^! (\w+):.*$/gm, "! $1"));
      want = want
        .replace(/\bNone\b/g, "null") // Python's None is JavaScript's null
        .replace(/<class '__main__\.(\w+)'>/g, "$1"); // type(x) prints the class's name
      if (c.volatile) [actual, want] = [actual.replace(c.volatile, "<t>"), want.replace(c.volatile, "<t>")];
      const diff = firstDifference(actual, want);
      assert.equal(diff, undefined, `${name} printed\n${actual}\n\n${diff}`);
    });
  }
});
