// Content-addressed blob storage: the one place artifact bytes are written, read, listed and
// deleted. Everything else (uploads, downloads, serving, permutation importance, retirement's
// file release, backup and restore) goes through the BlobStore interface below, so a second
// backend (an S3-compatible bucket) is one more implementation of it, not a hunt through the app.
//
// The local store keeps blobs at <root>/<aa>/<bb>/<sha256>. A write goes to a temp file first and
// is renamed into place only when complete, so a crash leaves no half blob.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { blobDir } from "@/lib/config";
import { DomainError, storageError } from "@/lib/errors";
import { formatBytes } from "./format-bytes";

export type StagedBlob = {
  sha256: string;
  size: number;
  /** The temp file holding the bytes until commit: for upload checks to read, never to keep. */
  file: string;
  /** Moves the blob into place (a no-op when the same content is stored already). */
  commit(): Promise<void>;
  discard(): Promise<void>;
};

export type BlobStore = {
  /** Streams a body to a temp place while hashing it; refuses (413) past maxBytes without buffering. */
  stage(source: Readable, maxBytes: number): Promise<StagedBlob>;
  /** Streams a blob back, failing at its end if the bytes no longer hash to `sha256` (410 when
   *  missing, 409 when its size is wrong, both before a byte is sent). */
  open(sha256: string, expectedSize: number): Readable;
  /** A blob's whole bytes, checked against `sha256` (410 when missing, 409 when they differ). */
  read(sha256: string, label?: string): Promise<Buffer>;
  /** Its stored size, or null when there is no such blob. */
  stat(sha256: string): Promise<{ size: number } | null>;
  /** Deletes a blob (nothing when it is absent). */
  remove(sha256: string): Promise<void>;
  /** The SHA-256 of every stored blob. */
  list(): AsyncIterable<string>;
  /** Removes the temp files of uploads that a crash cut off (see removeStaleUploads). */
  removeStaleUploads(
    now?: number,
    alive?: (pid: number) => boolean,
  ): Promise<number>;
};

/** The data folder's blob store. */
export function blobStore(): BlobStore {
  return localBlobStore(blobDir());
}

/** A blob store in a folder of the local disk (the data folder's, or a backup's). */
export function localBlobStore(root: string): BlobStore {
  return {
    stage: (source, maxBytes) => stageIn(root, source, maxBytes),
    open: (sha256, expectedSize) => openIn(root, sha256, expectedSize),
    read: (sha256, label) => readIn(root, sha256, label),
    async stat(sha256) {
      const st = await fs.promises.stat(fileIn(root, sha256)).catch(() => null);
      return st ? { size: st.size } : null;
    },
    async remove(sha256) {
      await fs.promises.rm(fileIn(root, sha256), { force: true });
    },
    list: () => listIn(root),
    removeStaleUploads: (now, alive) => removeStaleIn(root, now, alive),
  };
}

/**
 * Where the local store keeps a blob of the data folder. Only for tests that fabricate or damage
 * stored bytes on purpose; the app goes through blobStore() (eslint refuses this import elsewhere).
 */
export function blobPath(sha256: string): string {
  return fileIn(blobDir(), sha256);
}

function fileIn(root: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

async function* listIn(root: string): AsyncIterable<string> {
  const dirs = await fs.promises.readdir(root).catch(() => [] as string[]);
  for (const a of dirs) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of await fs.promises
      .readdir(path.join(root, a))
      .catch(() => [] as string[]))
      for (const name of await fs.promises
        .readdir(path.join(root, a, b))
        .catch(() => [] as string[]))
        if (/^[0-9a-f]{64}$/.test(name)) yield name;
  }
}

async function readIn(
  root: string,
  sha256: string,
  label = `sha256 ${sha256.slice(0, 12)}`,
): Promise<Buffer> {
  const bytes = await fs.promises
    .readFile(fileIn(root, sha256))
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT")
        throw new DomainError("gone", `The stored file ${label} is missing`);
      throw storageError(error) ?? error;
    });
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) {
    console.error(`[stageline] blob ${sha256} is corrupted`);
    throw new DomainError(
      "conflict",
      `The stored file ${label} is corrupted; it will not be used`,
    );
  }
  return bytes;
}

async function stageIn(
  root: string,
  source: Readable,
  maxBytes: number,
): Promise<StagedBlob> {
  const tmpDir = path.join(root, "tmp");
  await fs.promises
    .mkdir(tmpDir, { recursive: true })
    .catch((error: unknown) => {
      throw storageError(error) ?? error;
    });
  // The writer's pid in the name lets a later start tell a crashed upload from a live one.
  const tmp = path.join(tmpDir, `${process.pid}.${randomUUID()}.part`);
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(
          new DomainError(
            "too_large",
            `The file is larger than the limit of ${formatBytes(maxBytes)}`,
            { fields: { body: ["Too large"] }, limit: maxBytes },
          ),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, fs.createWriteStream(tmp, { flags: "wx" }));
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw storageError(error) ?? error;
  }
  const sha256 = hash.digest("hex");
  return {
    sha256,
    size,
    file: tmp,
    async commit() {
      const target = fileIn(root, sha256);
      try {
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
      } catch (error) {
        throw storageError(error) ?? error;
      }
      if (fs.existsSync(target)) await fs.promises.rm(tmp, { force: true });
      else await fs.promises.rename(tmp, target);
    },
    async discard() {
      await fs.promises.rm(tmp, { force: true });
    },
  };
}

/** An upload's temp file untouched this long is dead whoever wrote it (a live one is written every few ms). */
const STALE_UPLOAD_MS = 60 * 60_000;

/**
 * At start, before traffic: removes the temp files of uploads that a crash cut off. Several processes
 * may share the data folder (workers, the CLI), so a file goes only when the process that wrote it
 * (its pid is in the name) is gone, or when nothing has written to it for an hour. Returns how many.
 */
async function removeStaleIn(
  root: string,
  now = Date.now(),
  alive: (pid: number) => boolean = processAlive,
): Promise<number> {
  const tmpDir = path.join(root, "tmp");
  const names = await fs.promises.readdir(tmpDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(".part")) continue;
    const file = path.join(tmpDir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat) continue;
    const pid = Number(/^(\d+)\./.exec(name)?.[1]);
    const writerGone =
      Number.isInteger(pid) && pid !== process.pid && !alive(pid);
    if (writerGone || now - stat.mtimeMs > STALE_UPLOAD_MS) {
      await fs.promises.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Reads a blob back, hashing it as it streams; if the bytes on disk no longer match their
 * SHA-256 the stream fails at the end instead of completing, so the client sees a broken download.
 */
function openIn(root: string, sha256: string, expectedSize: number): Readable {
  const file = fileIn(root, sha256);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat)
    throw new DomainError(
      "gone",
      `The stored file for this artifact is missing (sha256 ${sha256})`,
    );
  if (stat.size !== expectedSize) {
    console.error(
      `[stageline] blob ${sha256} is corrupted: ${stat.size} bytes on disk, ${expectedSize} expected`,
    );
    throw new DomainError(
      "conflict",
      `The stored file for this artifact is corrupted (size ${stat.size}, expected ${expectedSize}); it will not be served`,
    );
  }
  const hash = createHash("sha256");
  const verify = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest("hex");
      if (actual !== sha256) {
        console.error(
          `[stageline] blob ${sha256} is corrupted: content hashes to ${actual}`,
        );
        done(
          new Error(
            `artifact corrupted: sha256 ${actual} does not match ${sha256}`,
          ),
        );
      } else done();
    },
  });
  const read = fs.createReadStream(file);
  read.on("error", (error) => verify.destroy(error));
  // A reader that stops early (a preview's head, an aborted download) closes the file too.
  verify.on("close", () => read.destroy());
  return read.pipe(verify);
}
