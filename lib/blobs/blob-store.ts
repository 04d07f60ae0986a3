// Content-addressed blob storage on the local disk: blobs/<aa>/<bb>/<sha256>. A write goes to a
// temp file first and is renamed into place only when complete, so a crash leaves no half blob.
// The interface is small so an S3-compatible store can sit beside this one.
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

export function blobPath(sha256: string): string {
  return path.join(blobDir(), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Streams a body to a temp file while hashing it; refuses (413) past maxBytes without buffering. */
export async function stageBlob(
  source: Readable,
  maxBytes: number,
): Promise<StagedBlob> {
  const tmpDir = path.join(blobDir(), "tmp");
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
      const target = blobPath(sha256);
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
export async function removeStaleUploads(
  now = Date.now(),
  alive: (pid: number) => boolean = processAlive,
): Promise<number> {
  const tmpDir = path.join(blobDir(), "tmp");
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
export function openVerified(sha256: string, expectedSize: number): Readable {
  const file = blobPath(sha256);
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
  return read.pipe(verify);
}
