/**
 * @file The F case table on WebGPU: every row's inputs moved to the GPU, the function and the gradient of its
 * sum computed there, read back and compared with the float64 host result at float32 tolerance. The host
 * result is the one test/functions-table.test.ts gradient-checks, so this is the gradient check on the GPU.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, Variable } from "../src/index.js";
import type { Case } from "./case.js";
import { CASES } from "./function-cases.js";
import { assertClose } from "./helpers.js";
import { withGpu } from "./webgpu-env.js";

/** y and the gradients of Σ y on the host, float64. */
function host(c: Case): number[][] {
  const xs = c.inputs.map((x) => new Variable(array(x, { dtype: "float64" })));
  const y = c.f(...xs);
  if (c.grad !== false) F.sum(y).backward();
  return [Array.from(y.data.data), ...(c.grad === false ? [] : xs.map((x) => Array.from(x.grad!.data.data)))];
}

/** The same on the GPU, float32 inputs moved with toGpu(), results read back by awaiting. */
async function device(c: Case): Promise<number[][]> {
  const xs = c.inputs.map((x) => new Variable(array(x, { dtype: "float32" })).toGpu());
  const y = c.f(...xs);
  if (c.grad !== false) F.sum(y).backward();
  const out = [Array.from((await y.data.toCpu()).data)];
  if (c.grad !== false) for (const x of xs) out.push(Array.from((await x.grad!.data.toCpu()).data));
  return out;
}

/**
 * Rows whose function closes over a host array (a target, a constant input of a kernel, batch norm's running
 * statistics). With GPU inputs that is the device-mixing error, which these rows check instead (their kernels
 * have GPU tests of their own: test/webgpu-kernels.test.ts, test/webgpu-layers.test.ts).
 */
const HOST_CONSTANTS = new Set([
  "sigmoidCrossEntropy: targets (2,3)",
  "binaryCrossEntropy: probabilities",
  "relu: fused gradient pass (activationGrad relu)",
  "leakyRelu: fused gradient pass (activationGrad leakyRelu)",
  "pooling: gradient kernel (poolingGrad)",
  "batchNorm: (N, C) train mode",
  "batchNorm: (N, C, H, W) test mode",
  "pooling: the gradient's adjoint (poolingWithIndexes)",
]);

await withGpu(import.meta.url, () => {
  describe("F case table on WebGPU (float32)", () => {
    for (const c of CASES) {
      it(`${c.fn}: ${c.label}`, async () => {
        if (HOST_CONSTANTS.has(`${c.fn}: ${c.label}`)) {
          await assert.rejects(
            device(c),
            /lives on the gpu but operand \d on the cpu: move one of them|x lives on the gpu, so running\w+ must be a Variable there/,
          );
          return;
        }
        const want = host(c);
        const got = await device(c);
        assert.equal(got.length, want.length);
        // NOTE: float32 tolerance, as the wasm run of the table
        const tol = { rtol: Math.max(c.rtol ?? 0, 2e-4), atol: Math.max(c.atol ?? 0, 2e-4) };
        got.forEach((g, i) => {
          assertClose(g, want[i], tol);
        });
      });
    }
  });
});
