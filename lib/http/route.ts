// The one adapter between route handlers and services: authenticate, run, map errors to JSON.
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { actorFromRequest } from "@/lib/auth/session";
import { DomainError, fromZod, HTTP_STATUS } from "@/lib/errors";

type Params = Record<string, string | string[]>;
type Ctx<P> = { params: Promise<P> };

export function errorResponse(error: unknown): NextResponse {
  const domain = error instanceof ZodError ? fromZod(error) : error instanceof DomainError ? error : null;
  if (domain) {
    const body = { error: { code: domain.code, message: domain.message, details: domain.details ?? {} } };
    const res = NextResponse.json(body, { status: HTTP_STATUS[domain.code] });
    if (domain.code === "unauthenticated") res.headers.set("WWW-Authenticate", 'Bearer realm="stageline"');
    return res;
  }
  const id = randomUUID();
  console.error(`[stageline] unexpected error ${id}`, error);
  return NextResponse.json({ error: { code: "internal", message: `Unexpected server error (reference ${id})`, details: {} } }, { status: 500 });
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
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new DomainError("too_large", `The request body is ${declared} bytes; at most ${maxBytes} are accepted here`, { fields: { body: ["Too large"] }, limit: maxBytes });
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new DomainError("too_large", `The request body is larger than ${maxBytes} bytes`, { fields: { body: ["Too large"] }, limit: maxBytes });
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
