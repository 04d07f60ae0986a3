// Reading request bodies under a limit, for every way a body comes in: web Requests (route
// handlers, the MLflow layer, better-auth's endpoints) and Node's IncomingMessage (the direct
// machine endpoints, the server's own early refusals). A Content-Length only announces a size; a
// chunked body announces nothing, so the limit is counted on the bytes as they arrive and reading
// stops at the first byte past it: nothing beyond the limit is ever held in memory.
import type http from "node:http";
import type { Readable } from "node:stream";
import { DomainError } from "@/lib/errors";

/** Unauthenticated bodies (sign-in and better-auth's endpoints): a few KB is more than any form needs. */
export const UNAUTHENTICATED_MAX_BYTES = 8 * 1024;

/** How deep JSON objects and arrays may nest. No route takes more than a few levels; deep nesting is only
 *  a way to make recursive code (validators, error messages) overflow the stack. */
export const MAX_JSON_DEPTH = 64;

export function bodyTooLarge(maxBytes: number): DomainError {
  return new DomainError(
    "too_large",
    `The request body is larger than ${maxBytes} bytes`,
    {
      fields: { body: ["Too large"] },
      limit: maxBytes,
    },
  );
}

/** A declared Content-Length over the limit is refused before a byte is read. */
export function refuseDeclaredSize(
  contentLength: string | null | undefined,
  maxBytes: number,
): void {
  const declared = Number(contentLength ?? "0");
  if (declared > maxBytes)
    throw new DomainError(
      "too_large",
      `The request body is ${declared} bytes; at most ${maxBytes} are accepted here`,
      {
        fields: { body: ["Too large"] },
        limit: maxBytes,
      },
    );
}

/** A web Request's body as bytes, refused (413) at the first chunk past `maxBytes`; the rest is never read. */
export async function readRequestBody(
  request: Pick<Request, "headers" | "body">,
  maxBytes: number,
): Promise<Buffer> {
  refuseDeclaredSize(request.headers.get("content-length"), maxBytes);
  return readStreamLimited(request.body, maxBytes);
}

export async function readStreamLimited(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Cancelling tells the source (Node's request stream) to stop; it is not drained into memory.
        await reader.cancel().catch(() => {});
        throw bodyTooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

/** The same request with its body read (under `maxBytes`) into memory, for handlers that read the body
 *  themselves without a limit (better-auth's) and may read it twice (clone()). */
export async function bufferedRequest(
  request: Request,
  maxBytes: number,
): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readRequestBody(request, maxBytes);
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: new Uint8Array(body),
    signal: request.signal,
  });
}

/** A Node stream's bytes, refused (413) once past `maxBytes`, without holding more. The caller decides what happens
 *  to the rest of the stream (answer and close the connection). */
export function readNodeLimited(
  req: Readable,
  maxBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** How long a connection whose body was cut off stays open after the answer, so that the client reads
 *  the answer instead of a reset (closing at once resets the connection under unread bytes). */
const LINGER_MS = 2_000;

/**
 * Whether the request still has body bytes to come. A request without a body is not `complete` yet
 * in the tick its 'request' event fires (Node marks it so a tick later), so `complete` alone would
 * take every synchronous answer to a GET for a cut-off body.
 */
export function bodyPending(req: http.IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers["content-length"];
  return (
    req.headers["transfer-encoding"] !== undefined ||
    (length !== undefined && length.trim() !== "0")
  );
}

/** A body left unread up to this size is read to its end and dropped, so the connection stays
 *  usable for the client's next request (keep-alive); a bigger one is not worth the bandwidth. */
const DRAIN_MAX_BYTES = 64 * 1024;

/**
 * After answering a request whose body was not read to its end: a small rest is read and dropped
 * (the keep-alive connection carries the client's next request as usual); a big one, or one that
 * does not arrive within the linger time, is read no further and the connection is closed once the
 * client has had time to read the answer (closing at once would reset it under unread bytes).
 */
export function closeUnreadBody(req: http.IncomingMessage): void {
  if (!bodyPending(req)) return;
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > DRAIN_MAX_BYTES) {
    req.pause();
    return;
  }
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) req.pause();
  });
  req.once("end", () => clearTimeout(timer));
  req.resume();
}

/**
 * How deeply the JSON text nests objects and arrays, counted in one pass without recursion (so a
 * 10,000-deep document is measured, not overflowed). Stops counting once past `stopAt`.
 */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Parses a JSON object of named fields: malformed, too deep, or not an object gives a 400 naming `body`. */
export function parseJsonObject(
  text: string,
  maxBytes: number,
): Record<string, unknown> {
  if (Buffer.byteLength(text) > maxBytes) throw bodyTooLarge(maxBytes);
  if (text.trim() === "") return {};
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw tooDeep();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("invalid", "The request body is not valid JSON", {
      fields: { body: ["Malformed JSON"] },
    });
  }
  // Every route takes an object of named fields; null, numbers, strings and lists are refused here.
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new DomainError(
      "invalid",
      "The request body must be a JSON object of named fields",
      { fields: { body: ["Not a JSON object"] } },
    );
  return body as Record<string, unknown>;
}

export function tooDeep(): DomainError {
  return new DomainError(
    "invalid",
    `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
    {
      fields: { body: ["Nested too deeply"] },
      limit: MAX_JSON_DEPTH,
    },
  );
}
