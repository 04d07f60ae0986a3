// Resolving the acting user: from the session cookie (pages, server actions) or from a request
// (route handlers: Bearer token first, then cookie). Every entry point calls one of these itself.
import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ROLES, user } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { actorFromToken } from "@/lib/tokens/tokens";
import type { Actor } from "./actor";
import { getAuth } from "./auth";
import { can, type Permission } from "./permissions";

async function actorFromHeaders(h: Headers): Promise<Actor | null> {
  const result = await getAuth().api.getSession({ headers: h });
  if (!result) return null;
  // The session may come from the cookie cache: take role and status from the user row itself.
  const u = getDb().select().from(user).where(eq(user.id, result.user.id)).get();
  if (!u || u.deactivatedAt) return null;
  const role = ROLES.includes(u.role) ? u.role : null;
  if (!role) return null;
  return { id: u.id, email: u.email, name: u.name, role, via: "session" };
}

/** The signed-in user of this render or action, or null. Cached per request. */
export const currentActor = cache(async (): Promise<Actor | null> => actorFromHeaders(await headers()));

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/** For pages: the signed-in user holding this permission, else the 403 page. */
export async function requirePagePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, permission)) forbidden();
  return actor;
}

/** For route handlers: the caller by Bearer token or session cookie, or a 401 DomainError. */
export async function actorFromRequest(request: Request): Promise<Actor> {
  const requestId = request.headers.get("x-request-id") ?? randomUUID();
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer ([^\s]+)$/.exec(authorization.trim());
    if (!match?.[1]) throw new DomainError("unauthenticated", "Malformed Authorization header: expected 'Bearer <token>'");
    return { ...actorFromToken(match[1]), requestId };
  }
  const actor = await actorFromHeaders(request.headers);
  if (!actor) throw new DomainError("unauthenticated", "Sign in or send an API token as 'Authorization: Bearer <token>'");
  assertSameOrigin(request);
  return { ...actor, requestId };
}

/** Cookie-authenticated writes must come from this site's own pages (a CSRF guard beside SameSite=Lax). */
function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new DomainError("forbidden", "Cross-site request refused");
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (originHost !== host) throw new DomainError("forbidden", "Cross-site request refused: the Origin does not match this site");
}
