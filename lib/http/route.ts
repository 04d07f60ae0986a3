// The one adapter between route handlers and services: authenticate, run, map errors to JSON.
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { actorFromRequest } from "@/lib/auth/session";
import { asDomainError, HTTP_STATUS } from "@/lib/errors";
import { parseJsonObject, readRequestBody } from "./body";
import { NO_STORE } from "./security-headers";

type Params = Record<string, string | string[]>;
type Ctx<P> = { params: Promise<P> };

/** An error as the API answers it: status, JSON body and extra headers (shared with lib/http/direct.ts). */
export function errorPayload(error: unknown): {
  status: number;
  body: { error: { code: string; message: string; details: unknown } };
  headers: Record<string, string>;
} {
  const domain = asDomainError(error);
  if (domain) {
    return {
      status: HTTP_STATUS[domain.code],
      body: {
        error: {
          code: domain.code,
          message: domain.message,
          details: domain.details ?? {},
        },
      },
      headers:
        domain.code === "unauthenticated"
          ? { "WWW-Authenticate": 'Bearer realm="stageline"' }
          : {},
    };
  }
  const id = randomUUID();
  console.error(`[stageline] unexpected error ${id}`, error);
  return {
    status: 500,
    body: {
      error: {
        code: "internal",
        message: `Unexpected server error (reference ${id})`,
        details: {},
      },
    },
    headers: {},
  };
}

export function errorResponse(error: unknown): NextResponse {
  const { status, body, headers } = errorPayload(error);
  return NextResponse.json(body, {
    status,
    headers: { ...headers, "Cache-Control": NO_STORE },
  });
}

/** A route handler whose caller must be authenticated; the handler gets the actor. */
export function authed<P extends Params = Params>(
  handler: (
    request: Request,
    actor: Actor,
    params: P,
  ) => Promise<Response> | Response,
) {
  return async (request: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const actor = await actorFromRequest(request);
      return noStore(await handler(request, actor, await ctx.params));
    } catch (error) {
      return noStore(errorResponse(error));
    }
  };
}

/** Reads a JSON object body (at most `maxBytes`, 413 beyond, counted as it streams), turning a malformed one into a 400 that says so. */
export async function readJson(
  request: Request,
  maxBytes = 1024 * 1024,
): Promise<unknown> {
  return parseJsonObject(
    (await readRequestBody(request, maxBytes)).toString("utf8"),
    maxBytes,
  );
}

/** Authenticated answers are one caller's data: no browser or proxy may keep a copy. */
function noStore(response: Response): Response {
  try {
    response.headers.set("Cache-Control", NO_STORE);
    return response;
  } catch {
    // Headers of Response.redirect() and a few others are immutable: answer a copy.
    const copy = new Response(response.body, response);
    copy.headers.set("Cache-Control", NO_STORE);
    return copy;
  }
}
