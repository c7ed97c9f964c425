/** @file Import arrows point one way: the backend and NDArray never import the autograd core. */

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";

const SRC = new URL("../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/from "(\.[^"]+)"/g)].map((m) => join(file, "..", m[1]));
}

/** Folders each layer may not import from. */
const FORBIDDEN: Record<string, string[]> = {
  "backend/": ["core/", "ops/", "functions/", "layers/", "models/", "optimizers/"],
  "ndarray/": ["core/", "ops/", "functions/", "backend/"],
  "shape.ts": ["core/", "ops/", "functions/", "backend/", "ndarray/"],
};

describe("architecture", () => {
  for (const [layer, banned] of Object.entries(FORBIDDEN)) {
    it(`${layer} imports nothing from ${banned.join(", ")}`, () => {
      const offenders = files(SRC)
        .filter((f) => relative(SRC, f).startsWith(layer))
        .flatMap((f) => imports(f).map((i) => [relative(SRC, f), relative(SRC, i)]))
        .filter(([, target]) => banned.some((b) => target.startsWith(b)));
      assert.deepEqual(offenders, []);
    });
  }

  it("every source file opens with a one-sentence @file comment", () => {
    const missing = files(SRC).filter((f) => !/^\/\*\*(\s*\n \*)? @file /.test(readFileSync(f, "utf8")));
    assert.deepEqual(
      missing.map((f) => relative(SRC, f)),
      [],
    );
  });
});
