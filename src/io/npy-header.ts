/** @file A strict parser for the Python dict literal in a .npy header: strings, booleans, integers, tuples. */

/** A value of the literal: a string, a boolean, None, an integer, or a tuple/list of values. */
export type PyValue = string | boolean | null | number | PyValue[];

/** The parsed header dictionary of a .npy file. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** Characters that may follow a backslash in a Python string, and what they mean. */
const ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
};

/**
 * Reads a Python literal token by token (NOTE: a real tokenizer, not regexes, so that a key or value
 * hidden inside another string, `{'x': "'descr': '<f8'", ...}`, is never mistaken for the real one).
 */
class LiteralReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly label: string,
  ) {}

  /** The whole text as one dict; anything after its closing brace other than spaces is an error. */
  dict(): Map<string, PyValue> {
    this.expect("{");
    const out = new Map<string, PyValue>();
    while (!this.accept("}")) {
      const key = this.value();
      if (typeof key !== "string") this.fail(`dict keys must be strings, got ${String(key)}`);
      if (out.has(key)) this.fail(`key '${key}' appears twice`);
      this.expect(":");
      out.set(key, this.value());
      if (!this.accept(",")) {
        this.expect("}");
        break;
      }
    }
    this.skipSpace();
    if (this.at !== this.text.length) this.fail("unexpected text after the closing '}'");
    return out;
  }

  private value(): PyValue {
    this.skipSpace();
    const c = this.text[this.at];
    if (c === "'" || c === '"') return this.string(c);
    if (c === "(" || c === "[") return this.sequence(c === "(" ? ")" : "]");
    const word = /^(True|False|None|-?\d+L?)/.exec(this.text.slice(this.at, this.at + 32));
    if (!word) this.fail(`unexpected ${c === undefined ? "end of header" : `'${c}'`}`);
    this.at += word[0].length;
    if (word[0] === "True" || word[0] === "False") return word[0] === "True";
    if (word[0] === "None") return null;
    const n = Number.parseInt(word[0], 10);
    if (!Number.isSafeInteger(n)) this.fail(`integer ${word[0]} is too large`);
    return n;
  }

  private string(quote: string): string {
    let out = "";
    for (this.at++; this.at < this.text.length; this.at++) {
      const c = this.text[this.at];
      if (c === quote) {
        this.at++;
        return out;
      }
      if (c === "\\") {
        const escaped = ESCAPES[this.text[++this.at]];
        if (escaped === undefined) this.fail("unsupported escape in a string");
        out += escaped;
      } else if (c === "\n") this.fail("newline inside a string");
      else out += c;
    }
    return this.fail("unterminated string");
  }

  private sequence(close: string): PyValue[] {
    this.at++;
    const out: PyValue[] = [];
    while (!this.accept(close)) {
      out.push(this.value());
      if (!this.accept(",")) {
        this.expect(close);
        break;
      }
    }
    return out;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && " \t\n\r".includes(this.text[this.at])) this.at++;
  }

  private accept(c: string): boolean {
    this.skipSpace();
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  private expect(c: string): void {
    if (!this.accept(c)) this.fail(`expected '${c}'`);
  }

  private fail(problem: string): never {
    throw new Error(`${this.label}: malformed header at character ${this.at}: ${problem}`);
  }
}

/**
 * The descr, fortran_order and shape of a .npy header. Exactly these three keys must be present
 * (as NumPy requires); `descr` must be a string (structured dtypes are refused by name).
 */
export function parseNpyHeader(header: string, label: string): NpyHeader {
  const dict = new LiteralReader(header, label).dict();
  const keys = [...dict.keys()].sort().join(", ");
  if (keys !== "descr, fortran_order, shape") {
    throw new Error(`${label}: header keys must be descr, fortran_order and shape, got ${keys || "none"}`);
  }
  const descr = dict.get("descr");
  if (Array.isArray(descr)) throw new Error(`${label}: structured dtypes are not supported`);
  if (typeof descr !== "string") throw new Error(`${label}: 'descr' must be a string`);
  const fortranOrder = dict.get("fortran_order");
  if (typeof fortranOrder !== "boolean") throw new Error(`${label}: 'fortran_order' must be True or False`);
  const shape = dict.get("shape");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && d >= 0)) {
    throw new Error(
      `${label}: 'shape' must be a tuple of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  return { descr, fortranOrder, shape: shape as number[] };
}
