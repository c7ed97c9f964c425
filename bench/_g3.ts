import { getBackend, random, setThreads, backendInfo } from "../src/index.js";
const b = getBackend();
setThreads(1);
function t(m: number, k: number, n: number, ta = false, tb = false) {
  const A = ta ? random.randn([k, m]) : random.randn([m, k]), B = tb ? random.randn([n, k]) : random.randn([k, n]);
  const reps = Math.max(2, Math.round(3e8 / (m * n * k)));
  for (let i = 0; i < 2; i++) b.matmul(A, B, ta, tb);
  const best: number[] = [];
  for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < reps; i++) b.matmul(A, B, ta, tb); best.push((performance.now() - t0) / reps); }
  return (2 * m * n * k / Math.min(...best) / 1e6).toFixed(1);
}
console.log(process.argv[2], backendInfo().relaxedSimd, "N1024", t(1024,1024,1024), "fwd 100x784x1000", t(100,784,1000), "gW 784x100x1000 tA", t(784,100,1000,true,false), "gX 100x1000x784 tB", t(100,1000,784,false,true), "conv 64x27x1024", t(64,27,1024));
