// A small reader of a zip file's central directory (PyTorch checkpoints are zips), enough to find
// its entries and where their bytes are: stored and deflated entries, zip64 sizes and offsets.
// It reads only the directory and the local headers it is asked about, and is bounded throughout.
import fs from "node:fs";

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated; anything else the scanner does not read. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
};

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 200_000;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = fs.readSync(fd, buf, 0, length, position);
  if (got !== length) throw new ZipError("the zip ends early");
  return buf;
}

function u64(buf: Buffer, offset: number): number {
  const v = buf.readBigUInt64LE(offset);
  if (v > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ZipError("a zip64 size larger than any file");
  return Number(v);
}

/** The entries listed in the central directory, in its order (duplicates kept). */
export function readZipEntries(fd: number, fileSize: number): ZipEntry[] {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = readAt(fd, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError("no end of central directory record");
  const eocdPosition = fileSize - tailLength + at;
  let count = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0)
    throw new ZipError("a multi-disk zip");
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    if (eocdPosition < 20)
      throw new ZipError("a zip64 archive without its locator");
    const locator = readAt(fd, eocdPosition - 20, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR)
      throw new ZipError("a zip64 archive without its locator");
    const recordOffset = u64(locator, 8);
    if (recordOffset + 56 > fileSize)
      throw new ZipError("a zip64 record outside the file");
    const record = readAt(fd, recordOffset, 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD)
      throw new ZipError("a bad zip64 end record");
    count = u64(record, 32);
    dirSize = u64(record, 40);
    dirOffset = u64(record, 48);
  }
  if (count > MAX_ENTRIES)
    throw new ZipError(`more than ${MAX_ENTRIES} entries`);
  if (dirSize > MAX_DIRECTORY_BYTES)
    throw new ZipError("a central directory larger than 64 MiB");
  if (dirOffset + dirSize > fileSize)
    throw new ZipError("a central directory outside the file");
  const dir = readAt(fd, dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
      throw new ZipError("a broken central directory");
    const flags = dir.readUInt16LE(p + 8);
    const method = dir.readUInt16LE(p + 10);
    let compressedSize = dir.readUInt32LE(p + 20);
    let size = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    let localHeaderOffset = dir.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > dir.length) throw new ZipError("a broken central directory");
    const name = dir.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    // zip64: the extra field holds the 8-byte values whose 4-byte fields are all ones, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = dir.readUInt16LE(e);
      const length = dir.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          if (q + 8 > e + 4 + length)
            throw new ZipError("a short zip64 extra field");
          const v = u64(dir, q);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      e += 4 + length;
    }
    entries.push({
      name,
      method,
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localHeaderOffset,
    });
    p = end;
  }
  return entries;
}

/** Where an entry's (compressed) bytes are: after its local header, name and extra field. */
export function entryDataStart(
  fd: number,
  fileSize: number,
  entry: ZipEntry,
): number {
  if (entry.localHeaderOffset + 30 > fileSize)
    throw new ZipError(`entry '${entry.name}' points outside the file`);
  const header = readAt(fd, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL)
    throw new ZipError(`entry '${entry.name}' has no local header`);
  const start =
    entry.localHeaderOffset +
    30 +
    header.readUInt16LE(26) +
    header.readUInt16LE(28);
  if (start + entry.compressedSize > fileSize)
    throw new ZipError(`entry '${entry.name}' runs past the end of the file`);
  return start;
}

export function isZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
  );
}
