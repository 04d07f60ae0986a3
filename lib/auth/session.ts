// Resolving the acting user: from the session cookie (pages, server actions) or from a request
// (route handlers: Bearer token first, then cookie). Every entry point calls one of these itself.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { ROLES, session, user } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { requestIdFrom } from "@/lib/http/request-id";
import { actorFromToken } from "@/lib/tokens/tokens";
import { sessionActor, type Actor } from "./actor";
import {
  getAuth,
  sessionCookieName,
  SESSION_EXPIRES_IN,
  SESSION_UPDATE_AGE,
} from "./auth";
import { authSecret } from "./secret";
import { can, type Permission } from "./permissions";

const sessionByToken = preparedQuery((db) =>
  db
    .select({ userId: session.userId, expiresAt: session.expiresAt })
    .from(session)
    .where(eq(session.token, sql.placeholder("token")))
    .prepare(),
);

const userById = preparedQuery((db) =>
  db
    .select()
    .from(user)
    .where(eq(user.id, sql.placeholder("id")))
    .prepare(),
);

/**
 * The user id of the session the request's signed session cookie names, checked the way
 * better-auth checks it (the HMAC of the token, then the session row and its expiry) but in a few
 * microseconds instead of the ~5 ms its getSession costs per call: null when there is no valid
 * session. Undefined when the session is due for its sliding refresh, which only better-auth does.
 */
function sessionUserId(h: Headers): string | null | undefined {
  const name = sessionCookieName();
  const raw = (h.get("cookie") ?? "")
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", authSecret()).update(token).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return null;
  const row = sessionByToken(getDb()).get({ token });
  const now = Date.now();
  if (!row || row.expiresAt.getTime() <= now) return null;
  if (
    row.expiresAt.getTime() -
      SESSION_EXPIRES_IN * 1000 +
      SESSION_UPDATE_AGE * 1000 <=
    now
  )
    return undefined;
  return row.userId;
}

async function actorFromHeaders(h: Headers): Promise<Actor | null> {
  let userId = sessionUserId(h);
  if (userId === undefined)
    userId = (await getAuth().api.getSession({ headers: h }))?.user.id ?? null;
  if (!userId) return null;
  // Role and status come from the user row itself on every request, so changes apply at once.
  const u = userById(getDb()).get({ id: userId });
  if (!u || u.deactivatedAt) return null;
  const role = ROLES.includes(u.role) ? u.role : null;
  if (!role) return null;
  return sessionActor({ ...u, role });
}

/** The signed-in user of this render or action, or null. Cached per request. */
export const currentActor = cache(async (): Promise<Actor | null> =>
  actorFromHeaders(await headers()),
);

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/** For pages: the signed-in user holding this permission, else the 403 page. */
export async function requirePagePermission(
  permission: Permission,
): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, permission)) forbidden();
  return actor;
}

/** For route handlers: the caller by Bearer token or session cookie, or a 401 DomainError. */
export async function actorFromRequest(
  request: Pick<Request, "headers" | "method">,
): Promise<Actor> {
  const requestId = requestIdFrom(request.headers);
  const authorization = request.headers.get("authorization");
  if (authorization !== null)
    return actorFromAuthorization(authorization, requestId);
  const actor = await actorFromHeaders(request.headers);
  if (!actor)
    throw new DomainError(
      "unauthenticated",
      "Sign in or send an API token as 'Authorization: Bearer <token>'",
    );
  assertSameOrigin(request);
  return { ...actor, requestId };
}

/**
 * The caller of a request that sends an Authorization header: the owner of its Bearer token, or a
 * 401. Synchronous (a cached token costs a hash and a generation check), so the machine endpoints
 * (lib/http/direct.ts) take it without a promise; actorFromRequest takes the same path.
 */
export function actorFromAuthorization(
  authorization: string,
  requestId: string,
): Actor {
  const match = /^Bearer ([^\s]+)$/.exec(authorization.trim());
  if (!match?.[1])
    throw new DomainError(
      "unauthenticated",
      "Malformed Authorization header: expected 'Bearer <token>'",
    );
  return { ...actorFromToken(match[1]), requestId };
}

/** Cookie-authenticated writes must come from this site's own pages (a CSRF guard beside SameSite=Lax). */
function assertSameOrigin(request: Pick<Request, "headers" | "method">): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new DomainError("forbidden", "Cross-site request refused");
  }
  const host =
    request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (originHost !== host)
    throw new DomainError(
      "forbidden",
      "Cross-site request refused: the Origin does not match this site",
    );
}
