import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import {
  jsonDepth,
  MAX_JSON_DEPTH,
  parseJsonObject,
  readNodeLimited,
  readRequestBody,
} from "./body";
import { readJson } from "./route";

const MB = 1024 * 1024;

/** A chunked body of `total` bytes, made only as it is read; `pulled()` says how much was asked for. */
function lazyBody(total: number, chunk = 64 * 1024) {
  let made = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (made >= total) return controller.close();
      made += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x61));
    },
  });
  return { stream, pulled: () => made };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a refusal");
}

describe("request bodies", () => {
  it("a 256 MB chunked body (no Content-Length) is refused with 413 naming body after reading just past the limit", async () => {
    const body = lazyBody(256 * MB);
    const request = new Request("http://127.0.0.1/api/v1/x", {
      method: "POST",
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    const error = await refusal(readJson(request, MB));
    expect(error.code).toBe("too_large");
    expect(error.details?.fields).toEqual({ body: ["Too large"] });
    // At most one chunk past the limit was made, plus what the stream buffered ahead: never the 256 MB.
    expect(body.pulled()).toBeLessThan(2 * MB);
  });

  it("a declared Content-Length over the limit is refused before any byte is read", async () => {
    const body = lazyBody(16 * MB);
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: body.stream,
      headers: { "Content-Length": String(16 * MB) },
      duplex: "half",
    } as RequestInit);
    expect((await refusal(readRequestBody(request, 8 * 1024))).code).toBe(
      "too_large",
    );
    // (A web stream fills its one-chunk queue when it is made; nothing after that.)
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("a body within the limit is read whole, chunked or not", async () => {
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: lazyBody(3 * 64 * 1024).stream,
      duplex: "half",
    } as RequestInit);
    expect((await readRequestBody(request, MB)).length).toBe(3 * 64 * 1024);
    expect(
      await readJson(
        new Request("http://127.0.0.1/x", {
          method: "POST",
          body: '{"a":[1,{"b":2}]}',
        }),
      ),
    ).toEqual({ a: [1, { b: 2 }] });
  });

  it("a Node stream is read up to the limit and no further", async () => {
    let made = 0;
    const source = Readable.from(
      (function* () {
        while (made < 256 * MB) {
          made += 64 * 1024;
          yield Buffer.alloc(64 * 1024, 0x61);
        }
      })(),
    );
    expect((await refusal(readNodeLimited(source, MB))).code).toBe("too_large");
    expect(made).toBeLessThan(2 * MB);
    source.destroy();
  });

  it("measures nesting without recursion, strings and escapes included", () => {
    expect(jsonDepth('{"a":[{"b":"[[[[\\"{{{{"}]}')).toBe(3);
    expect(jsonDepth("[".repeat(1_000_000) + "]".repeat(1_000_000))).toBe(
      1_000_000,
    );
    expect(jsonDepth("[".repeat(100_000), 64)).toBe(65);
  });

  it("a 10,000-deep body is a 400 naming body, not a stack overflow", () => {
    const deep = '{"a":' + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    try {
      parseJsonObject(deep, MB);
      throw new Error("expected a refusal");
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("invalid");
      expect((error as DomainError).message).toMatch(
        new RegExp(`more than ${MAX_JSON_DEPTH} levels`),
      );
      expect((error as DomainError).details?.fields).toEqual({
        body: ["Nested too deeply"],
      });
    }
    const ok =
      '{"a":' +
      "[".repeat(MAX_JSON_DEPTH - 1) +
      "]".repeat(MAX_JSON_DEPTH - 1) +
      "}";
    expect(parseJsonObject(ok, MB)).toHaveProperty("a");
  });
});
