// Who calls the MLflow API: MLflow clients send MLFLOW_TRACKING_TOKEN as a Bearer token, or
// MLFLOW_TRACKING_USERNAME/PASSWORD as HTTP Basic, where the username is the user's e-mail and the
// password is one of their API tokens or their account password (rate-limited like the sign-in page).
import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { account, user } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { auditBasicSignIn, auditSignInLimit } from "@/lib/auth/sign-in-audit";
import {
  clearFailures,
  recordFailure,
  retryAfter,
} from "@/lib/auth/rate-limit";
import { actorFromRequest } from "@/lib/auth/session";
import { accessGeneration } from "@/lib/events/generation";
import { clientAddress } from "@/lib/http/client-address";
import { actorFromToken } from "@/lib/tokens/tokens";
import { MlflowError } from "./errors";

const TOKEN = /^stl_[A-Za-z0-9_-]{43}$/;
// Password checks are deliberately slow (scrypt); a client sends the same credentials on every call,
// so an accepted one is remembered for a minute (or until the next change anywhere). The key is an
// HMAC of e-mail and password under a random key of this process: neither the password nor a plain
// hash of it (which a weak password could be found from) is ever kept.
type Verified = { actor: Actor; generation: number };
const g = globalThis as unknown as {
  __stagelineBasicCache?: LRUCache<string, Verified>;
  __stagelineBasicKey?: Buffer;
};
const verified = (g.__stagelineBasicCache ??= new LRUCache<string, Verified>({
  max: 1000,
  ttl: 60_000,
}));
const cacheKey = (g.__stagelineBasicKey ??= randomBytes(32));

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once: what an unknown account's password is checked against. */
function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(16).toString("hex")));
}

export async function mlflowActor(
  request: Pick<Request, "headers" | "method">,
): Promise<Actor> {
  const header = request.headers.get("authorization")?.trim() ?? "";
  if (!/^basic /i.test(header)) return actorFromRequest(request);
  let decoded: string;
  try {
    decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  } catch {
    throw new MlflowError(
      "UNAUTHENTICATED",
      "Malformed HTTP Basic credentials",
    );
  }
  const colon = decoded.indexOf(":");
  if (colon < 1)
    throw new MlflowError(
      "UNAUTHENTICATED",
      "Malformed HTTP Basic credentials: expected username:password",
    );
  const email = decoded.slice(0, colon).trim().toLowerCase();
  const secret = decoded.slice(colon + 1);
  if (TOKEN.test(secret)) {
    const actor = actorFromToken(secret);
    if (actor.email.toLowerCase() !== email)
      throw new MlflowError(
        "UNAUTHENTICATED",
        "This API token belongs to another user than the username sent",
      );
    return actor;
  }
  const key = createHmac("sha256", cacheKey)
    .update(`${email}\u0000${secret}`)
    .digest("hex");
  // Read before the user row: a change committed meanwhile then moves the generation past this one.
  const gen = accessGeneration();
  const hit = verified.get(key);
  if (hit && hit.generation === gen) return hit.actor;
  // The same per-account limit as the sign-in page, and per address too: Basic auth is a password guess per call.
  const keys = [`email:${email}`, `ip:${clientAddress(request.headers)}`];
  const wait = retryAfter(keys);
  if (wait > 0)
    throw new MlflowError(
      "REQUEST_LIMIT_EXCEEDED",
      `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`,
    );
  const row = getDb()
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      deactivatedAt: user.deactivatedAt,
      hash: account.password,
    })
    .from(user)
    .innerJoin(
      account,
      and(eq(account.userId, user.id), eq(account.providerId, "credential")),
    )
    .where(eq(user.email, email))
    .get();
  // An unknown e-mail costs the same scrypt as a wrong password, so timing does not tell which accounts exist.
  const matches = await verifyPassword({
    hash: row?.hash ?? (await dummyHash()),
    password: secret,
  });
  if (!row?.hash || !matches) {
    recordFailure(keys);
    auditSignInLimit(keys, "mlflow-basic", clientAddress(request.headers));
    throw new MlflowError("UNAUTHENTICATED", "Wrong username or password");
  }
  if (row.deactivatedAt)
    throw new MlflowError("UNAUTHENTICATED", "This account is deactivated");
  // The account's count only, as the sign-in page does: clearing the address's count too would let
  // anyone holding one account reset it between guesses at the passwords of others.
  clearFailures([`email:${email}`]);
  const actor: Actor = {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    via: "mlflow-basic",
  };
  auditBasicSignIn(actor, clientAddress(request.headers));
  verified.set(key, { actor, generation: gen });
  return actor;
}
