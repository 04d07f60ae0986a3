// Which uploads are pickles and how to reach their opcodes: `.pkl`/`.pickle`/`.joblib` files
// (joblib's zlib and gzip compression undone into a temp file), PyTorch zip checkpoints (every
// `*.pkl` entry, stored or deflated), and any file that starts like a pickle. Reading is bounded:
// a file, entry or decompressed stream past its limit is "too large to scan", which is unsafe.
import fs from "node:fs";
import { createGunzip, createInflate, inflateRawSync } from "node:zlib";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import path from "node:path";
import type { ArtifactScan } from "@/lib/registry/scan";
import { BufferReader, FileRangeReader, type ByteReader } from "./byte-reader";
import { scanPickle, type PickleScanOptions } from "./pickle";
import { ZipError, entryDataStart, isZip, readZipEntries } from "./zip";

export type PickleFileOptions = PickleScanOptions & {
  /** Largest decompressed joblib stream, written to a temp file beside the upload (default 2 GiB). */
  maxInflatedBytes?: number;
  /** Largest pickle entry of a zip, compressed or not, read into memory when deflated (default 64 MiB). */
  maxEntryBytes?: number;
};

const PICKLE_EXTENSIONS = new Set([".pkl", ".pickle", ".joblib"]);
const TORCH_EXTENSIONS = new Set([".pt", ".pth", ".bin", ".ckpt"]);
// Formats with their own checks, never taken for a pickle by their first bytes.
const NOT_PICKLES = new Set([".onnx", ".safetensors"]);

/** The scan of a pickle-bearing file, or null when the file is not one. */
export async function scanPickleFile(
  artifactPath: string,
  file: string,
  opts: PickleFileOptions = {},
): Promise<ArtifactScan | null> {
  const ext = path.extname(artifactPath).toLowerCase();
  if (NOT_PICKLES.has(ext)) return null;
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(8, size));
    fs.readSync(fd, head, 0, head.length, 0);
    if (PICKLE_EXTENSIONS.has(ext)) {
      const compression = compressionOf(head);
      if (compression === "zlib" || compression === "gzip")
        return await scanInflated(file, compression, opts);
      if (compression)
        return unsafe(
          `cannot scan: the file is ${compression}-compressed; upload it uncompressed or zlib/gzip-compressed`,
        );
      return result(
        scanPickle(new FileRangeReader(fd, 0, size), opts).findings,
      );
    }
    if (isZip(head)) return scanZip(fd, size, ext, opts);
    if (isPickleStart(head))
      return result(
        scanPickle(new FileRangeReader(fd, 0, size), opts).findings,
      );
    if (TORCH_EXTENSIONS.has(ext) && ext !== ".bin")
      return unsafe(
        "cannot scan: not a PyTorch zip checkpoint or a pickle, so what torch.load would do with it is unknown",
      );
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Pickle protocols 2-5 start with PROTO and the protocol number. */
function isPickleStart(head: Uint8Array): boolean {
  return head[0] === 0x80 && (head[1] ?? 0) >= 2 && (head[1] ?? 0) <= 5;
}

function compressionOf(
  head: Uint8Array,
): "zlib" | "gzip" | "lz4" | "xz" | "bz2" | "lzma" | null {
  const [a = -1, b = -1, c = -1, d = -1] = head;
  if (a === 0x78 && (a * 256 + b) % 31 === 0) return "zlib";
  if (a === 0x1f && b === 0x8b) return "gzip";
  if (a === 0x04 && b === 0x22 && c === 0x4d && d === 0x18) return "lz4";
  if (a === 0xfd && b === 0x37 && c === 0x7a && d === 0x58) return "xz";
  if (a === 0x42 && b === 0x5a && c === 0x68) return "bz2";
  // A valid pickle never has a 0 byte after EMPTY_LIST (']'), so this is lzma's header.
  if (a === 0x5d && b === 0x00 && c === 0x00) return "lzma";
  return null;
}

async function scanInflated(
  file: string,
  compression: "zlib" | "gzip",
  opts: PickleFileOptions,
): Promise<ArtifactScan> {
  const limit = opts.maxInflatedBytes ?? 2 * 1024 ** 3;
  // Beside the upload, with the same suffix, so a crash leaves it where upload leftovers are swept.
  const out = `${file}.inflated.part`;
  let written = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      done(
        written > limit ? new RangeError("inflated past the limit") : null,
        chunk,
      );
    },
  });
  try {
    try {
      await pipeline(
        fs.createReadStream(file),
        compression === "zlib" ? createInflate() : createGunzip(),
        cap,
        fs.createWriteStream(out, { flags: "wx", mode: 0o600 }),
      );
    } catch (error) {
      if (error instanceof RangeError)
        return unsafe(
          `too large to scan: it decompresses to more than ${limit} bytes`,
        );
      return unsafe(
        `not a valid pickle (the ${compression} stream is broken); a file the scanner cannot read is not accepted as safe`,
      );
    }
    const fd = fs.openSync(out, "r");
    try {
      return result(
        scanPickle(new FileRangeReader(fd, 0, fs.fstatSync(fd).size), opts)
          .findings,
      );
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    await fs.promises.rm(out, { force: true });
  }
}

/** A zip: every pickle entry is scanned (torch.load reads `<archive>/data.pkl`; TorchScript also `constants.pkl`). */
function scanZip(
  fd: number,
  size: number,
  ext: string,
  opts: PickleFileOptions,
): ArtifactScan | null {
  const maxEntry = opts.maxEntryBytes ?? 64 * 1024 * 1024;
  let entries;
  try {
    entries = readZipEntries(fd, size);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    return TORCH_EXTENSIONS.has(ext)
      ? unsafe(`cannot scan: a broken zip (${error.message})`)
      : null;
  }
  const pickles = entries.filter((e) => /\.(pkl|pickle)$/i.test(e.name));
  if (pickles.length === 0)
    return TORCH_EXTENSIONS.has(ext) && ext !== ".bin"
      ? unsafe(
          "cannot scan: a zip without data.pkl is not a PyTorch checkpoint",
        )
      : null;
  const findings: string[] = [];
  for (const entry of pickles) {
    const reader = entryReader(fd, size, entry, maxEntry);
    const found =
      typeof reader === "string"
        ? [reader]
        : scanPickle(reader, { ...opts, persistentIds: true }).findings;
    findings.push(
      ...found.map((f) => (pickles.length > 1 ? `${entry.name}: ${f}` : f)),
    );
  }
  return result(findings);
}

function entryReader(
  fd: number,
  size: number,
  entry: ReturnType<typeof readZipEntries>[number],
  maxEntry: number,
): ByteReader | string {
  if (entry.encrypted) return "cannot scan: the entry is encrypted";
  if (entry.method !== 0 && entry.method !== 8)
    return `cannot scan: the entry uses zip compression method ${entry.method}`;
  let start;
  try {
    start = entryDataStart(fd, size, entry);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    return `cannot scan: ${error.message}`;
  }
  if (entry.method === 0)
    return new FileRangeReader(fd, start, start + entry.compressedSize);
  if (entry.compressedSize > maxEntry)
    return `too large to scan: the entry is over ${maxEntry} bytes compressed`;
  const compressed = Buffer.alloc(entry.compressedSize);
  fs.readSync(fd, compressed, 0, compressed.length, start);
  try {
    return new BufferReader(
      inflateRawSync(compressed, { maxOutputLength: maxEntry }),
    );
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
    )
      return `too large to scan: the entry inflates to more than ${maxEntry} bytes`;
    return "not a valid pickle (the deflated entry is broken); a file the scanner cannot read is not accepted as safe";
  }
}

function result(findings: string[]): ArtifactScan {
  return {
    kind: "pickle",
    status: findings.length ? "unsafe" : "ok",
    findings,
  };
}

function unsafe(reason: string): ArtifactScan {
  return result([reason]);
}
