/** @file Node-only file helpers (node:fs is imported lazily, so browsers can load this module): atomic writes and reads. */

/** What `writeFileAtomic` writes: bytes, or chunks produced (possibly asynchronously) while writing. */
export type ByteSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Writes `data` to `path` all-or-nothing: a temporary file in the same directory is written, flushed
 * to disk and renamed over `path`. If anything fails, including the data source throwing mid-way, the
 * temporary file is removed, the previous file at `path` is left intact, and the error is rethrown.
 */
export async function writeFileAtomic(path: string, data: ByteSource): Promise<void> {
  const fs = await import("node:fs/promises");
  const { basename, dirname, join } = await import("node:path");
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(tmp, "wx");
    for await (const chunk of data instanceof Uint8Array ? [data] : data) {
      for (let offset = 0; offset < chunk.length; ) {
        const { bytesWritten } = await handle.write(chunk, offset);
        offset += bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Flushes a directory entry so a completed rename survives a crash. */
async function syncDirectory(dir: string): Promise<void> {
  const fs = await import("node:fs/promises");
  // NOTE: best effort: some platforms (Windows) cannot open a directory; the rename itself already happened.
  const handle = await fs.open(dir, "r").catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => {});
  await handle.close();
}

/** The bytes of a file (a path or a `file:` URL), as a plain Uint8Array. */
export async function readFileBytes(path: string | URL): Promise<Uint8Array> {
  const fs = await import("node:fs/promises");
  const buffer = await fs.readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
