/** @file Shared by the ONNX suites: run bytes in ONNX Runtime (wasm, offline), and validate files with Python's onnx.checker. */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { type Layer, type NDArray, noGrad, type Operand, testMode, type Variable } from "../src/index.js";

// one thread and no proxy worker: the wasm binary is read from node_modules, nothing is fetched
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;

const ORT_TYPE = {
  float32: "float32",
  float64: "float64",
  int32: "int32",
  uint8: "uint8",
  bool: "bool",
} as const;

/** An NDArray as an ONNX Runtime tensor. */
export function toTensor(a: NDArray): ort.Tensor {
  return new ort.Tensor(ORT_TYPE[a.dtype], a.data as Float32Array, [...a.shape]);
}

/** Runs ONNX bytes on `inputs` (bound to the graph inputs in order) and returns the first output's values and dims. */
export async function ortRun(
  bytes: Uint8Array,
  inputs: NDArray[],
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  session.inputNames.forEach((name, i) => {
    feeds[name] = toTensor(inputs[i]);
  });
  const out = (await session.run(feeds))[session.outputNames[0]];
  await session.release();
  return { data: out.data as Float32Array, dims: [...out.dims] };
}

/** dezero-ts's own output of `model` on `inputs`, in test mode without a graph. */
export function dezeroRun(model: Layer, inputs: Operand[]): Variable {
  return noGrad(() => testMode(() => model.call(...inputs)));
}

/** Bytes of every file exported by a suite, checked together by `checkAll` (one Python start). */
const exported: [string, Uint8Array][] = [];

/** Remembers `bytes` under `label` for `checkAll`. */
export function remember(label: string, bytes: Uint8Array): Uint8Array {
  exported.push([label, bytes]);
  return bytes;
}

/** Whether Debian's python3-onnx is importable. */
export function hasPythonOnnx(): boolean {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import onnx"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates every remembered file with `onnx.checker.check_model` (full_check: shape inference too);
 * returns the labels that failed with their messages. Skips (returns null) without python3-onnx.
 */
export function checkAll(): string[] | null {
  if (exported.length === 0 || !hasPythonOnnx()) return null;
  const dir = mkdtempSync(join(tmpdir(), "dezero-onnx-"));
  try {
    const files = exported.map(([label, bytes], i) => {
      const path = join(dir, `${i}.onnx`);
      writeFileSync(path, bytes);
      return [label, path];
    });
    const script = [
      "import json, sys, onnx",
      "bad = []",
      "for label, path in json.loads(sys.argv[1]):",
      "    try: onnx.checker.check_model(onnx.load(path), full_check=True)",
      "    except Exception as e: bad.append(label + ': ' + str(e).splitlines()[0])",
      "print(json.dumps(bad))",
    ].join("\n");
    const out = execFileSync("/usr/bin/python3", ["-c", script, JSON.stringify(files)], { encoding: "utf8" });
    console.log(`# onnx.checker (python3-onnx) validated ${files.length} exported files`);
    return JSON.parse(out.trim().split("\n").pop() as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Max |a − b| over two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
