// Previews of a version's files on its page: text, pretty-printed JSON, the first rows of a CSV
// file, and raster images. Artifacts are untrusted, so every preview reads through openArtifact (the
// path is one of the version's files, its signature holds, and a file read to its end is checked
// against its SHA-256), reads a bounded head of the file, and never hands markup to the browser as
// markup: HTML and SVG come back as their source text; an image is served only as one of four
// raster types, and only when its first bytes say it is one.
import "server-only";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import { CsvError, parseCsv } from "@/lib/csv";
import { DomainError } from "@/lib/errors";
import { openArtifact, type ArtifactDto } from "./artifacts";

/** How much of a text file a preview reads. */
export const PREVIEW_TEXT_BYTES = 64 * 1024;
/** The largest image shown inline. */
export const PREVIEW_IMAGE_BYTES = 5 * 1024 * 1024;
/** Rows of a CSV file shown. */
export const PREVIEW_CSV_ROWS = 50;

export type ArtifactPreview = { path: string; size: number } & (
  | { kind: "text"; text: string; truncated: boolean; note: string | null }
  | { kind: "json"; text: string; truncated: boolean }
  | {
      kind: "csv";
      header: string[];
      rows: string[][];
      truncated: boolean;
    }
  | { kind: "image"; media_type: ImageType }
  | { kind: "none"; reason: string }
);

type ImageType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

const IMAGES: Record<string, ImageType> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};
const MARKUP = new Set([".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml"]);

/** The preview of one file of a version (as JSON for the page; images by reference, see previewImage). */
export async function previewArtifact(
  actor: Actor,
  modelName: string,
  version: string,
  rawPath: unknown,
): Promise<ArtifactPreview> {
  const { artifact, stream } = openArtifact(actor, modelName, version, rawPath);
  const base = { path: artifact.path, size: artifact.size };
  const ext = path.extname(artifact.path).toLowerCase();
  const image = IMAGES[ext];
  if (image) {
    stream.destroy();
    if (artifact.size > PREVIEW_IMAGE_BYTES)
      return {
        ...base,
        kind: "none",
        reason: `image larger than ${PREVIEW_IMAGE_BYTES / 1024 / 1024} MiB`,
      };
    return { ...base, kind: "image", media_type: image };
  }
  const { bytes, complete } = await readHead(stream, PREVIEW_TEXT_BYTES);
  const text = asText(bytes, complete);
  if (text === null) return { ...base, kind: "none", reason: "binary" };
  const truncated = !complete;
  if (ext === ".json" && complete) {
    try {
      return {
        ...base,
        kind: "json",
        text: JSON.stringify(JSON.parse(text), null, 2),
        truncated,
      };
    } catch {
      return { ...base, kind: "text", text, truncated, note: "not valid JSON" };
    }
  }
  if (ext === ".csv" || ext === ".tsv") {
    try {
      const table = parseCsv(text, {
        delimiter: ext === ".tsv" ? "\t" : ",",
        maxRows: PREVIEW_CSV_ROWS,
        overflow: "truncate",
        partial: truncated,
      });
      return {
        ...base,
        kind: "csv",
        header: table.header,
        rows: table.rows,
        truncated: truncated || table.truncated,
      };
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      return { ...base, kind: "text", text, truncated, note: error.message };
    }
  }
  return {
    ...base,
    kind: "text",
    text,
    truncated,
    note: MARKUP.has(ext)
      ? "markup shown as source; it is never rendered"
      : ext === ".json"
        ? "only the start of the file is shown"
        : null,
  };
}

/** An image artifact's bytes for an <img> on the version page, with the one type its bytes prove. */
export async function previewImage(
  actor: Actor,
  modelName: string,
  version: string,
  rawPath: unknown,
): Promise<{ artifact: ArtifactDto; bytes: Buffer; mediaType: ImageType }> {
  const { artifact, stream } = openArtifact(actor, modelName, version, rawPath);
  const declared = IMAGES[path.extname(artifact.path).toLowerCase()];
  if (!declared) {
    stream.destroy();
    throw new DomainError(
      "unprocessable",
      `'${artifact.path}' is not a PNG, JPEG, GIF or WebP image`,
      { fields: { path: ["Not a previewable image"] } },
    );
  }
  if (artifact.size > PREVIEW_IMAGE_BYTES) {
    stream.destroy();
    throw new DomainError(
      "too_large",
      `'${artifact.path}' is ${artifact.size} bytes; images up to ${PREVIEW_IMAGE_BYTES} bytes are previewed`,
      { fields: { path: ["Too large to preview"] } },
    );
  }
  // Read to the end, so the blob store checks the bytes against the file's SHA-256.
  const { bytes } = await readHead(stream, PREVIEW_IMAGE_BYTES);
  if (sniffImage(bytes) !== declared)
    throw new DomainError(
      "unprocessable",
      `'${artifact.path}' is named as ${declared.slice(6).toUpperCase()} but its bytes are not`,
      { fields: { path: ["Content does not match its name"] } },
    );
  return { artifact, bytes, mediaType: declared };
}

/** The raster type the bytes start with, or null (SVG, HTML and everything else). */
export function sniffImage(b: Uint8Array): ImageType | null {
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return "image/webp";
  return null;
}

/**
 * Text when the bytes are UTF-8 without NUL (a cut-off last character of a partial read is
 * dropped), else null: a binary file gets no preview.
 */
export function asText(bytes: Uint8Array, complete: boolean): string | null {
  if (bytes.includes(0)) return null;
  let end = bytes.length;
  if (!complete) {
    // Back off to the start of the last (possibly incomplete) UTF-8 sequence.
    let k = end - 1;
    while (k > 0 && k > end - 4 && ((bytes[k] as number) & 0xc0) === 0x80) k--;
    const lead = bytes[k] ?? 0;
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (k + length > end) end = k;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(0, end),
    );
  } catch {
    return null;
  }
}

/** The first `max` bytes of the stream; `complete` when it ended within them (and so passed its
 *  SHA-256 check). The rest of the file is never read. */
async function readHead(
  stream: Readable,
  max: number,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > max)
        return {
          bytes: Buffer.concat(chunks).subarray(0, max),
          complete: false,
        };
    }
  } catch (error) {
    throw new DomainError(
      "conflict",
      `The stored file is corrupted; it will not be shown (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    stream.destroy();
  }
  return { bytes: Buffer.concat(chunks), complete: true };
}
