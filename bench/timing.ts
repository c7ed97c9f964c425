/** @file The timing protocol every dezero-ts benchmark shares (shared/bench/README.md): warm up, then medians. */

import { availableBackends, type BackendName } from "../src/index.js";

/**
 * The backends to measure: every available one, or those named by `--backends wasm,cpu` (the cpu rows of the
 * training benchmarks take minutes).
 */
export function benchBackends(): BackendName[] {
  const i = process.argv.indexOf("--backends");
  if (i < 0) return availableBackends();
  const names = (process.argv[i + 1] ?? "").split(",") as BackendName[];
  const bad = names.filter((n) => !availableBackends().includes(n));
  if (bad.length > 0)
    throw new Error(`--backends: ${bad.join(", ")} not available here (${availableBackends().join(", ")})`);
  return names;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Warm up for `warm` ms (at least one run), then time `run` for at least `min` ms and `runs` runs; median ms.
 * A warm-up run over 60 s is the only run (reported with runs: 1), as in bench/peers/*_cnn.*.
 */
export function time(
  run: () => void,
  { warm = 1000, min = 1500, runs = 5 } = {},
): { ms: number; runs: number } {
  for (const t0 = performance.now(); ; ) {
    const t = performance.now();
    run();
    const once = performance.now() - t;
    if (once > 60_000) return { ms: once, runs: 1 };
    if (performance.now() - t0 >= warm) break;
  }
  const times: number[] = [];
  for (const t0 = performance.now(); performance.now() - t0 < min || times.length < runs; ) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: times.length };
}
