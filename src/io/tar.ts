/** @file A small reader for ustar/GNU tar archives: regular files by path, as views of the archive bytes. */

const BLOCK = 512;

/**
 * The regular files of a tar archive by path (views into `bytes`, no copies). GNU long names are
 * followed; other entry types (directories, links, pax records) are skipped. Checksums are verified
 * and a truncated archive throws naming `label` and the entry.
 */
export function readTar(bytes: Uint8Array, label: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return files; // end-of-archive marker
    checkChecksum(header, offset, label);
    const name = longName ?? entryName(header);
    longName = undefined;
    const size = readNumber(header, 124, 12, `${label}: entry '${name}'`);
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new Error(
        `${label}: entry '${name}' truncated: expected ${size} bytes, found ${bytes.length - start}`,
      );
    }
    const data = bytes.subarray(start, start + size);
    const type = String.fromCharCode(header[156]);
    if (type === "0" || type === "\0") files.set(name, data);
    else if (type === "L") longName = text(data, 0, data.length);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (offset !== bytes.length) throw new Error(`${label}: truncated tar header at byte ${offset}`);
  return files;
}

/** The path of an entry: the POSIX ustar prefix (if any) joined to the name. */
function entryName(header: Uint8Array): string {
  const name = text(header, 0, 100);
  // POSIX writes "ustar\0" and has a prefix field; GNU writes "ustar " and keeps other data there
  const posix = text(header, 257, 6) === "ustar";
  const prefix = posix ? text(header, 345, 155) : "";
  return prefix ? `${prefix}/${name}` : name;
}

/** The header checksum: the byte sum with the checksum field itself counted as spaces. */
function checkChecksum(header: Uint8Array, offset: number, label: string): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  const stored = readNumber(header, 148, 8, `${label}: header at byte ${offset}`);
  if (stored !== sum) throw new Error(`${label}: corrupt tar header at byte ${offset} (checksum mismatch)`);
}

/** An octal field, or GNU's base-256 form (high bit set) for large sizes. */
function readNumber(header: Uint8Array, start: number, length: number, where: string): number {
  if (header[start] & 0x80) {
    let value = header[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + header[i];
    return value;
  }
  const digits = text(header, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new Error(`${where}: bad octal field '${digits}'`);
  return digits ? Number.parseInt(digits, 8) : 0;
}

/** A NUL-terminated field as text. */
function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}
