/** @file Node-only file helpers (node:fs is imported lazily, so browsers can load this module): atomic writes and reads. */

/** What `writeFileAtomic` writes: bytes, or chunks produced (possibly asynchronously) while writing. */
export type ByteSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** The temporary files of `writeFileAtomic`: `.<name>.<pid>.<random>.tmp` beside the target. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/;

/**
 * Writes `data` to `path` all-or-nothing: a temporary file in the same directory is written, flushed
 * to disk and renamed over `path`. If anything fails, including the data source throwing mid-way, the
 * temporary file is removed, the previous file at `path` is left intact, and the error is rethrown.
 * A symlink at `path` stays a link: its target is replaced. An existing file keeps its permission bits.
 * Temporary files left by an earlier save to the same path that was killed (its process is gone) are removed.
 * `options.beforeRename` may check the complete temporary file; if it throws, nothing replaces `path`.
 */
export async function writeFileAtomic(
  path: string,
  data: ByteSource,
  options: { beforeRename?: (tmp: string) => void | Promise<void> } = {},
): Promise<void> {
  const fs = await import("node:fs/promises");
  const { basename, dirname, join } = await import("node:path");
  const target = await resolveLink(path);
  const previous = await fs.stat(target).catch(() => undefined);
  await removeStaleTemps(target);
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(tmp, "wx", previous?.isFile() ? previous.mode & 0o7777 : 0o666);
    // the umask applies to open's mode; chmod sets the old file's bits exactly (0600 stays 0600)
    if (previous?.isFile()) await handle.chmod(previous.mode & 0o7777);
    for await (const chunk of data instanceof Uint8Array ? [data] : data) {
      for (let offset = 0; offset < chunk.length; ) {
        const { bytesWritten } = await handle.write(chunk, offset);
        offset += bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await options.beforeRename?.(tmp);
    await fs.rename(tmp, target);
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** The file a chain of symlinks at `path` ends at (which may not exist yet), or `path` itself. */
async function resolveLink(path: string): Promise<string> {
  const fs = await import("node:fs/promises");
  const { dirname, resolve } = await import("node:path");
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const stat = await fs.lstat(current).catch(() => undefined);
    if (!stat?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await fs.readlink(current));
  }
  throw new Error(`writeFileAtomic: too many levels of symbolic links at ${path}`);
}

/** Removes `path`'s temporary files whose writing process no longer runs (a save killed mid-way). */
async function removeStaleTemps(path: string): Promise<void> {
  const fs = await import("node:fs/promises");
  const { basename, dirname, join } = await import("node:path");
  const names = await fs.readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || match[1] !== basename(path) || isRunning(Number(match[2]))) continue;
    await fs.rm(join(dirname(path), name), { force: true }).catch(() => {});
  }
}

/** True when a process with this id exists (signal 0 checks without signalling). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true; // a concurrent save in this process
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
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

/** The default most bytes `readFileBytes` reads: 2 GiB (VGG16's weights are 528 MB). */
export const MAX_READ_BYTES = 2 ** 31;

/**
 * The bytes of a regular file (a path or a `file:` URL), as a plain Uint8Array. Anything else (a FIFO,
 * a device such as /dev/zero, a directory) and files over `maxBytes` are refused with a clear error
 * before a byte is read. NOTE: opened non-blocking and checked with fstat, so a FIFO cannot hang the open
 * and nothing can be swapped in between the check and the read.
 */
export async function readFileBytes(
  path: string | URL,
  options: { maxBytes?: number } = {},
): Promise<Uint8Array> {
  const fs = await import("node:fs/promises");
  const { constants } = await import("node:fs");
  const maxBytes = options.maxBytes ?? MAX_READ_BYTES;
  const shown = String(path);
  const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`readFile: ${shown} is not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) {
      throw new Error(`readFile: ${shown} holds ${stat.size} bytes, more than the limit of ${maxBytes}`);
    }
    const bytes = new Uint8Array(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) throw new Error(`readFile: ${shown} shrank while being read`);
      filled += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** What kind of file system object `stat` describes, in words. */
function kindOf(stat: import("node:fs").Stats): string {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isDirectory()) return "a directory";
  if (stat.isSocket()) return "a socket";
  return "not a plain file";
}
