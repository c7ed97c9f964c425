import { SimpleCNN } from "../examples/mnist-cnn.js";
import { F, getBackend, optimizers, random } from "../src/index.js";
const b = getBackend() as any;
const names = ["conv2d","deconv2d","conv2dGradW","pool2d","maxPool2dGrad","maxPool2dGather","batchNorm","batchNormGrad","matmul","linear","activation","activationGrad","reduce","binary","unary","optimizerStep","cast","gather","scatterAdd","broadcastTo","transpose","argmax"];
const acc: Record<string, [number, number]> = {};
for (const n of names) { const f = b[n].bind(b); b[n] = (...a: unknown[]) => { const t = performance.now(); const r = f(...a); const e = performance.now() - t; (acc[n] ??= [0,0])[0] += e; acc[n][1]++; return r; }; }
random.seed(0);
const model = new SimpleCNN();
const opt = new optimizers.Adam().setup(model);
const batches = Array.from({ length: 20 }, () => [random.rand([100, 1, 28, 28]), random.randint(0, 10, [100])] as const);
const step = ([x, t]: readonly [any, any]) => { const loss = F.softmaxCrossEntropy(model.call(x), t); model.cleargrads(); loss.backward(); opt.update(); };
step(batches[0]); for (const k in acc) delete acc[k];
const t0 = performance.now(); for (const bt of batches) step(bt); const tot = performance.now() - t0;
console.log("20 steps", tot.toFixed(0), "ms; per 80-step epoch", (tot * 4 / 1000).toFixed(2), "s");
let sum = 0;
for (const [k, [ms, n]] of Object.entries(acc).sort((a, b) => b[1][0] - a[1][0])) { sum += ms; console.log(k.padEnd(16), ms.toFixed(0), "ms", n, "calls"); }
console.log("kernels", sum.toFixed(0), "other", (tot - sum).toFixed(0));
