/** @file The Mersenne Twister MT19937 bit generator, seeded and drawn exactly as NumPy's legacy `np.random`. */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** The largest seed NumPy accepts (2**32 − 1). */
const MAX_SEED = 0xffffffff;

/** Throws naming `op` unless `seed` is an integer in [0, 2**32) (NumPy's rule for `np.random.seed`). */
export function checkSeed(seed: unknown, op: string): number {
  if (typeof seed !== "number" && typeof seed !== "bigint") {
    throw new Error(`${op}: seed must be an integer in [0, 2**32), got ${describe(seed)}`);
  }
  const n = Number(seed);
  if (!Number.isInteger(n)) {
    throw new Error(`${op}: seed must be an integer in [0, 2**32), got ${String(seed)}`);
  }
  if (n < 0 || n > MAX_SEED) {
    throw new Error(`${op}: seed must be between 0 and 2**32 - 1, got ${String(seed)}`);
  }
  return n;
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string '${v}'`;
  if (Array.isArray(v)) return "an array";
  return v === null ? "null" : typeof v;
}

/** (a · b) mod 2**32 for 32-bit unsigned a and b. */
function mulU32(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/** MT19937: 624 words of state, 32-bit outputs (Matsumoto and Nishimura, 1998). */
export class MT19937 {
  private readonly key = new Uint32Array(N);
  private pos = N;

  /** NumPy's `mt19937_seed` (an integer seed): the reference `init_genrand`. */
  seed(seed: number): void {
    const key = this.key;
    key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1];
      key[i] = (mulU32(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
    this.pos = N;
  }

  /** NumPy's `mt19937_init_by_array` (a seed given as an array of 32-bit words, or OS entropy). */
  seedByArray(words: ArrayLike<number>): void {
    const key = this.key;
    this.seed(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, words.length); k > 0; k--) {
      const prev = key[i - 1];
      key[i] = ((key[i] ^ mulU32((prev ^ (prev >>> 30)) >>> 0, 1664525)) + (words[j] >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
      if (j >= words.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = key[i - 1];
      key[i] = ((key[i] ^ mulU32((prev ^ (prev >>> 30)) >>> 0, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
    }
    key[0] = 0x80000000;
    this.pos = N;
  }

  /** Regenerates the 624 words (the twist). */
  private twist(): void {
    const key = this.key;
    for (let i = 0; i < N; i++) {
      const y = (key[i] & UPPER) | (key[(i + 1) % N] & LOWER);
      key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.pos = 0;
  }

  /** The next 32-bit unsigned output (tempered). */
  nextU32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A float in [0, 1) from two outputs, 27 + 26 bits (NumPy's `random_sample`). */
  nextDouble(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * An integer uniform in [0, max] by masked rejection, as NumPy's legacy bounded integers and
   * `random_interval` draw it: 32-bit outputs while max < 2**32, else 64-bit ones (high word first).
   * NOTE: max is limited to 2**53 − 1 so that every value is an exact JS number.
   */
  bounded(max: number): number {
    if (max === 0) return 0;
    if (max <= MAX_SEED) {
      if (max === MAX_SEED) return this.nextU32();
      const mask = maskOf(max);
      let v: number;
      do v = (this.nextU32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    const maskHigh = maskOf(Math.floor(max / 2 ** 32));
    let v: number;
    do {
      const high = (this.nextU32() & maskHigh) >>> 0;
      v = high * 2 ** 32 + this.nextU32();
    } while (v > max);
    return v;
  }

  /** A copy of the state (the 624 words and the position), for save/restore. */
  getState(): { key: Uint32Array; pos: number } {
    return { key: this.key.slice(), pos: this.pos };
  }

  /** Restores a state from `getState()`. */
  setState(state: { key: ArrayLike<number>; pos: number }): void {
    if (state.key.length !== N || !Number.isInteger(state.pos) || state.pos < 0 || state.pos > N) {
      throw new Error(`MT19937.setState: expected ${N} key words and a position in [0, ${N}]`);
    }
    this.key.set(state.key);
    this.pos = state.pos;
  }
}

/** The smallest all-ones bit mask ≥ max (max < 2**32). */
function maskOf(max: number): number {
  let mask = max >>> 0;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}
