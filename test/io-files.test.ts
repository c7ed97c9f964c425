/** @file writeFileAtomic: all-or-nothing writes that never destroy the previous file; readFileBytes. */

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { readFileBytes, writeFileAtomic } from "../src/io/files.js";

const root = mkdtempSync(join(tmpdir(), "dezero-files-"));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const freshDir = () => mkdtempSync(join(root, `d${count++}-`));

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("writeFileAtomic", () => {
  const SOURCES: [string, () => Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>][] = [
    ["a Uint8Array", () => bytes(1, 2, 3, 4)],
    ["an array of chunks", () => [bytes(1, 2), bytes(), bytes(3, 4)]],
    [
      "an async generator",
      async function* () {
        yield bytes(1);
        await new Promise((r) => setTimeout(r, 1));
        yield bytes(2, 3, 4);
      },
    ],
  ];
  for (const [what, source] of SOURCES) {
    it(`writes ${what} and replaces an existing file`, async () => {
      const path = join(freshDir(), "w.npz");
      writeFileSync(path, "old");
      await writeFileAtomic(path, source());
      assert.deepEqual(new Uint8Array(readFileSync(path)), bytes(1, 2, 3, 4));
      assert.deepEqual(readdirSync(join(path, "..")), ["w.npz"]);
    });
  }

  it("leaves the previous file intact and no temporary file when the data source throws mid-way", async () => {
    const dir = freshDir();
    const path = join(dir, "model.npz");
    writeFileSync(path, "previous weights");
    async function* failing() {
      yield new Uint8Array(100_000).fill(7);
      throw new Error("disk full (simulated)");
    }
    await assert.rejects(writeFileAtomic(path, failing()), /disk full \(simulated\)/);
    assert.equal(readFileSync(path, "utf8"), "previous weights");
    assert.deepEqual(readdirSync(dir), ["model.npz"]);
  });

  it("creates no file when the first write fails and there was none before", async () => {
    const dir = freshDir();
    const path = join(dir, "new.bin");
    const failing: Iterable<Uint8Array> = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw new Error("source broke");
        },
      }),
    };
    await assert.rejects(writeFileAtomic(path, failing), /source broke/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it("a save through a symlink writes the target and the link stays a link", async () => {
    const dir = freshDir();
    const target = join(dir, "real.npz");
    writeFileSync(target, "old");
    symlinkSync("real.npz", join(dir, "link.npz"));
    await writeFileAtomic(join(dir, "link.npz"), bytes(5, 6));
    assert.ok(lstatSync(join(dir, "link.npz")).isSymbolicLink());
    assert.deepEqual(new Uint8Array(readFileSync(target)), bytes(5, 6));
    assert.deepEqual(readdirSync(dir).sort(), ["link.npz", "real.npz"]);
  });

  it("an existing file's permissions are kept (0600 stays 0600, 0640 stays 0640)", async (t) => {
    if (process.platform === "win32") return t.skip("no POSIX modes on Windows");
    for (const mode of [0o600, 0o640]) {
      const path = join(freshDir(), "secret.npz");
      writeFileSync(path, "old");
      chmodSync(path, mode);
      await writeFileAtomic(path, bytes(1));
      assert.equal(statSync(path).mode & 0o777, mode);
    }
  });

  it("stale temporary files of a save killed with SIGKILL are removed by the next save to that path", async (t) => {
    if (process.platform === "win32") return t.skip("no SIGKILL on Windows");
    const dir = freshDir();
    const path = join(dir, "w.npz");
    writeFileSync(join(dir, ".other.npz.1.keep.tmp"), "another file's temp"); // not ours: kept
    const script = `import { writeFileAtomic } from ${JSON.stringify(new URL("../src/io/files.ts", import.meta.url).href)};
      await writeFileAtomic(${JSON.stringify(path)}, (async function* () { yield new Uint8Array(1e6); await new Promise(() => setInterval(() => {}, 1e3)); })());`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: "ignore",
    });
    const stale = () => readdirSync(dir).filter((n) => n.startsWith(".w.npz."));
    for (let i = 0; i < 200 && stale().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    assert.equal(stale().length, 1, "the killed save left its temporary file");
    await writeFileAtomic(path, bytes(1, 2));
    assert.deepEqual(readdirSync(dir).sort(), [".other.npz.1.keep.tmp", "w.npz"]);
  });

  it("rejects when the directory does not exist", async () => {
    await assert.rejects(writeFileAtomic(join(root, "missing-dir", "x.bin"), bytes(1)), /ENOENT/);
  });
});

describe("readFileBytes", () => {
  it("reads a path or a file: URL as a plain Uint8Array", async () => {
    const path = join(freshDir(), "r.bin");
    writeFileSync(path, bytes(9, 8, 7));
    for (const where of [path, pathToFileURL(path)]) {
      const read = await readFileBytes(where);
      assert.equal(read.constructor, Uint8Array);
      assert.deepEqual(read, bytes(9, 8, 7));
    }
  });
});
