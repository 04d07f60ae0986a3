// Personal API tokens: `stl_` + 32 random bytes, shown once, stored as SHA-256, revocable.
import "server-only";
import { createHash, hash as oneShotHash, randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { apiTokens, user } from "@/db/schema";
import { emit } from "@/lib/events/dispatch";
import { accessGeneration } from "@/lib/events/generation";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, canActOn } from "@/lib/auth/permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { createTokenSchema, type CreateTokenInput } from "./tokens.validation";

const DAY_MS = 24 * 60 * 60 * 1000;
export const TOKEN_PATTERN = /^stl_[A-Za-z0-9_-]{43}$/;

export type TokenSummary = {
  id: number;
  name: string;
  prefix: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  scope: "read" | "write";
  status: "active" | "expired" | "revoked";
};

export function createToken(
  actor: Actor,
  input: Input<CreateTokenInput>,
): { token: string; summary: TokenSummary } {
  assertCan(actor, "tokens.manage_own");
  const data = parseInput(createTokenSchema, input);
  const token = `stl_${randomBytes(32).toString("base64url")}`;
  const now = Date.now();
  const expiresAt = data.expiresInDays
    ? now + data.expiresInDays * DAY_MS
    : null;
  refuseOutliving(actor, expiresAt);
  const row = getDb().transaction(
    (tx) => {
      const inserted = tx
        .insert(apiTokens)
        .values({
          userId: actor.id,
          name: data.name,
          tokenHash: hashToken(token),
          prefix: token.slice(0, 10),
          createdAt: now,
          expiresAt,
          scope: data.scope,
        })
        .returning()
        .get();
      // The secret never enters the audit trail: only its name, prefix and expiry.
      emit(tx, actor, {
        action: "token.created",
        entityType: "api_token",
        entityId: inserted.id,
        after: {
          name: inserted.name,
          prefix: inserted.prefix,
          expiresAt: inserted.expiresAt,
          scope: inserted.scope,
        },
      });
      return inserted;
    },
    { behavior: "immediate" },
  );
  return { token, summary: toSummary(row) };
}

/**
 * A token may mint tokens (it acts for its owner), but none that outlives it: a leaked short-lived
 * token must not be turned into a permanent one. Signed-in users choose freely.
 */
function refuseOutliving(actor: Actor, expiresAt: number | null): void {
  const match = /^token:(\d+)$/.exec(actor.via);
  if (!match) return;
  const own = getDb()
    .select({ expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, Number(match[1])))
    .get();
  if (!own || own.expiresAt === null) return;
  if (expiresAt === null || expiresAt > own.expiresAt) {
    const days = Math.floor((own.expiresAt - Date.now()) / DAY_MS);
    const room =
      days >= 1
        ? `so expires_in_days may be at most ${days}`
        : "in less than a day, so it can create no more tokens";
    const message = `A token cannot create a token that outlives it: this one expires at ${new Date(own.expiresAt).toISOString()}, ${room}`;
    throw new DomainError("invalid", message, {
      fields: { expires_in_days: [message] },
      expires_at: own.expiresAt,
    });
  }
}

export function listTokens(actor: Actor): TokenSummary[] {
  assertCan(actor, "tokens.manage_own");
  return getDb()
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.id))
    .orderBy(desc(apiTokens.id))
    .all()
    .map(toSummary);
}

/** Users revoke their own tokens; admins may revoke anyone's. */
export function revokeToken(actor: Actor, tokenId: number): TokenSummary {
  assertCan(actor, "tokens.manage_own");
  return getDb().transaction(
    (tx) => {
      const row = tx
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.id, tokenId))
        .get();
      if (
        !row ||
        !canActOn(actor, row.userId, "tokens.manage_own", "tokens.manage_any")
      )
        throw new DomainError("not_found", `No token with id ${tokenId}`);
      if (row.revokedAt) return toSummary(row);
      const updated = tx
        .update(apiTokens)
        .set({ revokedAt: Date.now() })
        .where(eq(apiTokens.id, tokenId))
        .returning()
        .get();
      emit(tx, actor, {
        action: "token.revoked",
        entityType: "api_token",
        entityId: tokenId,
        before: { revoked: false },
        after: { revoked: true },
      });
      return toSummary(updated);
    },
    { behavior: "immediate" },
  );
}

type CachedToken = {
  generation: number;
  actor: Actor;
  expiresAt: number | null;
};
// Keyed by the token's SHA-256 (what the database stores), never by the secret itself.
const g = globalThis as unknown as {
  __stagelineTokenCache?: LRUCache<string, CachedToken>;
};
const tokenCache = (g.__stagelineTokenCache ??= new LRUCache<
  string,
  CachedToken
>({ max: 10_000 }));

/** Resolves a bearer secret to its owner, or explains precisely why it does not authenticate. */
export function actorFromToken(secret: string): Actor {
  if (!TOKEN_PATTERN.test(secret))
    throw new DomainError(
      "unauthenticated",
      "Malformed API token: expected stl_ followed by 43 characters",
    );
  // Read before the row: a change committed while it is read then moves the generation past this one.
  const gen = accessGeneration();
  const hash = hashToken(secret);
  const hit = tokenCache.get(hash);
  if (
    hit &&
    hit.generation === gen &&
    (hit.expiresAt === null || hit.expiresAt > Date.now())
  )
    return hit.actor;
  return lookupToken(hash, gen);
}

function lookupToken(hash: string, gen: number): Actor {
  const db = getDb();
  const row = db
    .select({ token: apiTokens, owner: user })
    .from(apiTokens)
    .innerJoin(user, eq(user.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hash)))
    .get();
  if (!row) throw new DomainError("unauthenticated", "Unknown API token");
  if (row.token.revokedAt)
    throw new DomainError("unauthenticated", "This API token was revoked");
  const now = Date.now();
  if (row.token.expiresAt !== null && row.token.expiresAt <= now)
    throw new DomainError("unauthenticated", "This API token has expired");
  if (row.owner.deactivatedAt)
    throw new DomainError(
      "unauthenticated",
      "The owner of this API token is deactivated",
    );
  // Recording use at most once a minute keeps reads from turning into writes on every call.
  if (!row.token.lastUsedAt || now - row.token.lastUsedAt > 60_000) {
    db.update(apiTokens)
      .set({ lastUsedAt: now })
      .where(eq(apiTokens.id, row.token.id))
      .run();
  }
  const actor: Actor = {
    id: row.owner.id,
    email: row.owner.email,
    name: row.owner.name,
    role: row.owner.role,
    via: `token:${row.token.id}`,
    ...(row.token.scope === "read" ? { readOnly: true as const } : {}),
  };
  tokenCache.set(hash, {
    generation: gen,
    actor,
    expiresAt: row.token.expiresAt,
  });
  return actor;
}

function hashToken(secret: string): string {
  // crypto.hash (Node 20.12+) skips the Hash object createHash builds: it runs on every API call.
  return typeof oneShotHash === "function"
    ? oneShotHash("sha256", secret, "hex")
    : createHash("sha256").update(secret).digest("hex");
}

function toSummary(row: typeof apiTokens.$inferSelect): TokenSummary {
  const status = row.revokedAt
    ? "revoked"
    : row.expiresAt !== null && row.expiresAt <= Date.now()
      ? "expired"
      : "active";
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    scope: row.scope,
    status,
  };
}
