// Sequential readers for the pickle scanner: over bytes in memory, or over a range of a file read
// through a small window, so a 2 GB upload is walked without ever being held in memory. Large
// payloads (array data, long strings) are skipped by moving the position, never read.
import fs from "node:fs";

export interface ByteReader {
  /** Bytes consumed so far, from the start of the range. */
  readonly position: number;
  /** Bytes left in the range. */
  readonly remaining: number;
  /** Exactly n bytes, or null when the range ends first. */
  read(n: number): Uint8Array | null;
  /** Moves past n bytes; false when the range ends first. */
  skip(n: number): boolean;
  /** The bytes up to (not including) the next "\n", consuming it; null past maxLength or at the end. */
  readLine(maxLength: number): Uint8Array | null;
  /** A second reader at the same position, moving on its own. */
  clone(): ByteReader;
}

export class BufferReader implements ByteReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  clone(): ByteReader {
    const c = new BufferReader(this.bytes);
    c.pos = this.pos;
    return c;
  }
  get position(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  read(n: number): Uint8Array | null {
    if (n > this.remaining) return null;
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(n: number): boolean {
    if (n > this.remaining) return false;
    this.pos += n;
    return true;
  }
  readLine(maxLength: number): Uint8Array | null {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0 || end - this.pos > maxLength) return null;
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return out;
  }
}

const WINDOW = 1 << 20;

/** Reads [start, end) of an open file through a 1 MiB window (synchronous: the scan is bounded). */
export class FileRangeReader implements ByteReader {
  private pos: number;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly fd: number,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  clone(): ByteReader {
    const c = new FileRangeReader(this.fd, this.start, this.end);
    c.pos = this.pos;
    return c;
  }
  get position(): number {
    return this.pos - this.start;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  read(n: number): Uint8Array | null {
    if (n > this.remaining) return null;
    if (n > WINDOW) {
      const out = Buffer.alloc(n);
      fs.readSync(this.fd, out, 0, n, this.pos);
      this.pos += n;
      return out;
    }
    this.fill(n);
    const offset = this.pos - this.windowStart;
    this.pos += n;
    return this.window.subarray(offset, offset + n);
  }
  skip(n: number): boolean {
    if (n > this.remaining) return false;
    this.pos += n;
    return true;
  }
  readLine(maxLength: number): Uint8Array | null {
    const want = Math.min(maxLength + 1, this.remaining);
    this.fill(want);
    const offset = this.pos - this.windowStart;
    const end = this.window.indexOf(0x0a, offset);
    if (end < 0 || end - offset > maxLength || end >= offset + want)
      return null;
    const out = this.window.subarray(offset, end);
    this.pos += end - offset + 1;
    return out;
  }

  /** Makes sure the window holds [pos, pos + n). */
  private fill(n: number): void {
    const offset = this.pos - this.windowStart;
    if (offset >= 0 && offset + n <= this.window.length) return;
    const size = Math.min(Math.max(WINDOW, n), this.end - this.pos);
    const buf = Buffer.alloc(size);
    const got = fs.readSync(this.fd, buf, 0, size, this.pos);
    this.window = buf.subarray(0, got);
    this.windowStart = this.pos;
  }
}
