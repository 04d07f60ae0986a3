// safetensors needs no scan (it is a JSON header and raw tensor bytes, no code), but a broken one
// is refused at upload: the 8-byte little-endian header length, a bounded JSON header, and every
// tensor's offsets inside the data that follows, matching its dtype and shape.
import fs from "node:fs";
import { DomainError } from "@/lib/errors";

// The format's own limit on the header.
const MAX_HEADER = 100 * 1024 * 1024;
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
  C64: 8,
};

/** Throws DomainError "invalid" naming the artifact when the file is not valid safetensors. */
export function checkSafetensors(artifactPath: string, file: string): void {
  const bad = (why: string) =>
    new DomainError(
      "invalid",
      `Artifact '${artifactPath}' is not a valid safetensors file: ${why}`,
      { fields: { path: [why] } },
    );
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 8) throw bad("it is shorter than its 8-byte header length");
    const prefix = Buffer.alloc(8);
    fs.readSync(fd, prefix, 0, 8, 0);
    const length = prefix.readBigUInt64LE(0);
    if (length > BigInt(MAX_HEADER))
      throw bad(
        `the header is ${length} bytes, over the format's limit of ${MAX_HEADER}`,
      );
    if (Number(length) + 8 > size)
      throw bad("the header runs past the end of the file");
    const headerBytes = Buffer.alloc(Number(length));
    fs.readSync(fd, headerBytes, 0, headerBytes.length, 8);
    let header: unknown;
    try {
      header = JSON.parse(
        new TextDecoder("utf-8", { fatal: true }).decode(headerBytes),
      );
    } catch {
      throw bad("the header is not UTF-8 JSON");
    }
    if (!header || typeof header !== "object" || Array.isArray(header))
      throw bad("the header is not a JSON object");
    const dataSize = size - 8 - Number(length);
    for (const [name, value] of Object.entries(header)) {
      if (name === "__metadata__") {
        if (
          !value ||
          typeof value !== "object" ||
          Object.values(value).some((v) => typeof v !== "string")
        )
          throw bad("__metadata__ must map strings to strings");
        continue;
      }
      checkTensor(name, value, dataSize, bad);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function checkTensor(
  name: string,
  value: unknown,
  dataSize: number,
  bad: (why: string) => DomainError,
): void {
  const t = value as {
    dtype?: unknown;
    shape?: unknown;
    data_offsets?: unknown;
  } | null;
  if (
    !t ||
    typeof t !== "object" ||
    typeof t.dtype !== "string" ||
    !Array.isArray(t.shape) ||
    !Array.isArray(t.data_offsets)
  ) {
    throw bad(`tensor '${name}' needs dtype, shape and data_offsets`);
  }
  const [begin, end] = t.data_offsets as unknown[];
  if (
    t.data_offsets.length !== 2 ||
    !Number.isSafeInteger(begin) ||
    !Number.isSafeInteger(end)
  )
    throw bad(`tensor '${name}' has bad data_offsets`);
  const b = begin as number;
  const e = end as number;
  if (b < 0 || e < b || e > dataSize)
    throw bad(
      `tensor '${name}' has offsets [${b}, ${e}] outside the ${dataSize} bytes of data`,
    );
  if (!t.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
    throw bad(`tensor '${name}' has a bad shape`);
  const width = DTYPE_BYTES[t.dtype];
  if (width !== undefined) {
    const count = (t.shape as number[]).reduce((n, d) => n * d, 1);
    if (count * width !== e - b)
      throw bad(
        `tensor '${name}' is ${e - b} bytes, but ${t.dtype} ${JSON.stringify(t.shape)} needs ${count * width}`,
      );
  }
}
