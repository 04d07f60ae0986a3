// The hash chain itself: how an event is hashed (keyed, and the legacy unkeyed form), how it is
// linked to the head and inserted, and the walk that checks links and hashes in id order. Shared by
// appending (./audit.ts), verifying (./audit-verify.ts) and re-chaining (./audit-rechain.ts).
import "server-only";
import { createHash, createHmac } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { auditEvents, type AuditEventRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now as clockNow } from "@/lib/clock";

export const GENESIS_HASH = "0".repeat(64);

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** An admin acted on a model that is not theirs (lib/auth/permissions.ts actsAsAdmin): said in `after`. */
  actingAsAdmin?: boolean;
};

export type Chained = Omit<AuditEventRow, "id" | "hash">;
export type Hasher = (e: Chained) => string;
export type Handle = Tx | Db;

// Read by every event: prepared once per connection (db/prepared.ts), in transactions too.
const chainHead = preparedQuery((db) =>
  db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .prepare(),
);

export function insertEvent(
  tx: Handle,
  actor: Actor,
  input: AuditInput,
  hasher: Hasher,
): AuditEventRow {
  // The head is read inside the caller's (immediate) transaction, so two writers, in one process or
  // several, never link to the same predecessor.
  const last = chainHead(tx).get();
  const event: Chained = {
    at: clockNow(),
    actorId: actor.id === "system" ? null : actor.id,
    actorLabel: actor.email,
    via: actor.via,
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    before: input.before ? JSON.stringify(input.before) : null,
    after: input.actingAsAdmin
      ? JSON.stringify({ ...input.after, acting_as_admin: true })
      : input.after
        ? JSON.stringify(input.after)
        : null,
    requestId: actor.requestId ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return insertAuditRow(tx).get({
    ...event,
    hash: hasher(event),
  }) as AuditEventRow;
}

const insertAuditRow = preparedQuery((db) => {
  const p = (name: string) => sql.placeholder(name);
  return db
    .insert(auditEvents)
    .values({
      at: p("at"),
      actorId: p("actorId"),
      actorLabel: p("actorLabel"),
      via: p("via"),
      action: p("action"),
      entityType: p("entityType"),
      entityId: p("entityId"),
      before: p("before"),
      after: p("after"),
      requestId: p("requestId"),
      prevHash: p("prevHash"),
      hash: p("hash"),
    })
    .returning()
    .prepare();
});

export type Walk =
  | { ok: true; count: number; lastId: number; lastHash: string }
  | { ok: false; count: number; brokenAt: number; reason: string };

/**
 * Walks the chain in id order from the event after `fromId` (whose hash must be `fromHash`), and
 * reports the first event whose position, link or hash does not hold. `explain` says why a hash
 * failed (keyed chains tell a re-hash without the key from an edit).
 */
export function walkChain(
  db: Handle,
  hasher: Hasher,
  fromId = 0,
  fromHash = GENESIS_HASH,
  explain = (id: number, _row: Chained, _hash: string) =>
    `event ${id} was changed after it was written`,
): Walk {
  let prev = fromHash;
  let lastId = fromId;
  let count = 0;
  for (const row of eventsAfter(db, fromId)) {
    if (row.id !== lastId + 1)
      return {
        ok: false,
        count,
        brokenAt: lastId + 1,
        reason: `event ${lastId + 1} is missing`,
      };
    if (row.prevHash !== prev)
      return {
        ok: false,
        count,
        brokenAt: row.id,
        reason: `event ${row.id} does not link to the event before it`,
      };
    const { id: _id, hash, ...rest } = row;
    if (hasher(rest) !== hash)
      return {
        ok: false,
        count,
        brokenAt: row.id,
        reason: explain(row.id, rest, hash),
      };
    prev = hash;
    lastId = row.id;
    count += 1;
  }
  return { ok: true, count, lastId, lastHash: prev };
}

/**
 * The events after `fromId` in id order, read 1000 at a time (a long chain is never loaded whole).
 * Each page is read when the one before has been used, so a caller may update the rows it has had.
 */
export function* eventsAfter(
  db: Handle,
  fromId: number,
): Generator<AuditEventRow> {
  let lastId = fromId;
  for (;;) {
    const page = db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(1000)
      .all();
    if (page.length === 0) return;
    for (const row of page) {
      yield row;
      lastId = row.id;
    }
  }
}

function canonical(e: Chained): string {
  // Field order is fixed here, so the hash does not depend on how a row object was built.
  return JSON.stringify([
    e.prevHash,
    e.at,
    e.actorId,
    e.actorLabel,
    e.via,
    e.action,
    e.entityType,
    e.entityId,
    e.before,
    e.after,
    e.requestId,
  ]);
}

export function keyedHasher(key: string): Hasher {
  return (e) => createHmac("sha256", key).update(canonical(e)).digest("hex");
}

/** The unkeyed hash chains were written with before the key (and what a forger without it can compute). */
export function legacyHash(e: Chained): string {
  return createHash("sha256").update(canonical(e)).digest("hex");
}

/** The keyed hash of an event under `key` (tests forge chains with it). */
export function keyedHash(e: Chained, key: string): string {
  return keyedHasher(key)(e);
}
