// The one adapter between route handlers and services: authenticate, run, map errors to JSON.
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { actorFromRequest } from "@/lib/auth/session";
import { DomainError, fromZod, HTTP_STATUS, storageError } from "@/lib/errors";

type Params = Record<string, string | string[]>;
type Ctx<P> = { params: Promise<P> };

/** An error as the API answers it: status, JSON body and extra headers (shared with lib/http/direct.ts). */
export function errorPayload(error: unknown): { status: number; body: { error: { code: string; message: string; details: unknown } }; headers: Record<string, string> } {
  const domain = error instanceof ZodError ? fromZod(error) : error instanceof DomainError ? error : storageError(error);
  if (domain) {
    return {
      status: HTTP_STATUS[domain.code],
      body: { error: { code: domain.code, message: domain.message, details: domain.details ?? {} } },
      headers: domain.code === "unauthenticated" ? { "WWW-Authenticate": 'Bearer realm="stageline"' } : {},
    };
  }
  const id = randomUUID();
  console.error(`[stageline] unexpected error ${id}`, error);
  return { status: 500, body: { error: { code: "internal", message: `Unexpected server error (reference ${id})`, details: {} } }, headers: {} };
}

export function errorResponse(error: unknown): NextResponse {
  const { status, body, headers } = errorPayload(error);
  return NextResponse.json(body, { status, headers });
}

/** A route handler whose caller must be authenticated; the handler gets the actor. */
export function authed<P extends Params = Params>(handler: (request: Request, actor: Actor, params: P) => Promise<Response> | Response) {
  return async (request: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const actor = await actorFromRequest(request);
      return await handler(request, actor, await ctx.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads a JSON object body (at most `maxBytes`, 413 beyond), turning a malformed one into a 400 that says so. */
export async function readJson(request: Request, maxBytes = 1024 * 1024): Promise<unknown> {
  refuseDeclaredSize(request.headers.get("content-length"), maxBytes);
  return parseJsonObject(await request.text(), maxBytes);
}

export function refuseDeclaredSize(contentLength: string | null | undefined, maxBytes: number): void {
  const declared = Number(contentLength ?? "0");
  if (declared > maxBytes) throw new DomainError("too_large", `The request body is ${declared} bytes; at most ${maxBytes} are accepted here`, { fields: { body: ["Too large"] }, limit: maxBytes });
}

export function bodyTooLarge(maxBytes: number): DomainError {
  return new DomainError("too_large", `The request body is larger than ${maxBytes} bytes`, { fields: { body: ["Too large"] }, limit: maxBytes });
}

export function parseJsonObject(text: string, maxBytes: number): unknown {
  if (Buffer.byteLength(text) > maxBytes) throw bodyTooLarge(maxBytes);
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("invalid", "The request body is not valid JSON", { fields: { body: ["Malformed JSON"] } });
  }
  // Every route takes an object of named fields; null, numbers, strings and lists are refused here.
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new DomainError("invalid", "The request body must be a JSON object of named fields", { fields: { body: ["Not a JSON object"] } });
  return body;
}
