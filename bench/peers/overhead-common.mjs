/**
 * @file Shared timing protocol for the JS peers of bench/overhead.ts: warm up ≥ 1 s, time runs for ≥ 1.5 s
 * (at least 5, or at least 3 when one run takes over 5 s), report the median µs/op.
 * A peer whose warm-up run takes over 60 s is skipped at that size; a peer that throws is recorded with its error.
 */

export const SIZES = [10_000, 1_000_000];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Times `chain(ops)` (which returns seconds, or throws) with the protocol above. */
export async function measure(chain, ops, { maxRunSeconds = 60 } = {}) {
  let first;
  try {
    const w0 = performance.now();
    first = await chain(ops);
    while (performance.now() - w0 < 1000) await chain(ops);
  } catch (e) {
    return { ops, error: `${e?.name ?? "Error"}: ${String(e?.message ?? e).split("\n")[0].slice(0, 160)}` };
  }
  if (first > maxRunSeconds) return { ops, skipped: `one run took ${first.toFixed(0)} s`, seconds: first };
  const minRuns = first > 5 ? 3 : 5;
  const times = [];
  for (const t0 = performance.now(); performance.now() - t0 < 1500 || times.length < minRuns; )
    times.push(await chain(ops));
  return { ops, usPerOp: (median(times) / ops) * 1e6, runs: times.length };
}

/** Runs every size, then prints JSON (with `--json`) or one line per size. */
export async function main(peer, chain, options) {
  const sizes = process.argv.includes("--small") ? [1_000] : SIZES;
  const results = [];
  for (const ops of sizes) results.push({ peer, ...(await measure(chain, ops, options)) });
  if (process.argv.includes("--json")) console.log(JSON.stringify(results));
  else
    for (const r of results)
      console.log(
        `${peer}: ${r.ops} ops  ` +
          (r.error ?? r.skipped ?? `${r.usPerOp.toFixed(2)} µs/op  (median of ${r.runs})`),
      );
}

/** Throws unless the gradient of the chain matches a^(ops/2) within 1e-2 (relative). */
export function checkGrad(grad, ops, a = 1.0001) {
  const expected = a ** (ops / 2);
  if (!(Math.abs(grad / expected - 1) <= 1e-2)) throw new Error(`bad gradient ${grad} != ${expected}`);
}
