// The append-only, hash-chained audit trail. Every service writes its event inside its own
// transaction through appendAudit, so a change and its record commit or roll back together.
import "server-only";
import { createHash } from "node:crypto";
import { asc, desc, gt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { highestIssuedId } from "@/db/sequence";
import { auditEvents, type AuditEventRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

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

type Chained = Omit<AuditEventRow, "id" | "hash">;

export function appendAudit(tx: Tx | Db, actor: Actor, input: AuditInput): AuditEventRow {
  const last = tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get();
  const event: Chained = {
    at: Date.now(),
    actorId: actor.id === "system" ? null : actor.id,
    actorLabel: actor.email,
    via: actor.via,
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    before: input.before ? JSON.stringify(input.before) : null,
    after: input.actingAsAdmin ? JSON.stringify({ ...input.after, acting_as_admin: true }) : input.after ? JSON.stringify(input.after) : null,
    requestId: actor.requestId ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return tx
    .insert(auditEvents)
    .values({ ...event, hash: hashEvent(event) })
    .returning()
    .get();
}

/** The fields of `after` that differ from `before`, each side keeping only those keys. */
export function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
      b[key] = before[key] ?? null;
      a[key] = value;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the chain in id order; reports the first event whose hash or link does not hold. */
export function verifyAuditChain(db: Db): VerifyResult {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const page = db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(1000).all();
    if (page.length === 0) {
      const issued = highestIssuedId(db, "audit_events");
      if (issued > lastId) return { ok: false, count, brokenAt: lastId + 1, reason: `events ${lastId + 1} to ${issued} were removed from the end of the log` };
      return { ok: true, count };
    }
    for (const row of page) {
      if (row.id !== lastId + 1) return { ok: false, count, brokenAt: lastId + 1, reason: `event ${lastId + 1} is missing` };
      if (row.prevHash !== prev) return { ok: false, count, brokenAt: row.id, reason: `event ${row.id} does not link to the event before it` };
      const { id: _id, hash, ...rest } = row;
      if (hashEvent(rest) !== hash) return { ok: false, count, brokenAt: row.id, reason: `event ${row.id} was changed after it was written` };
      prev = hash;
      lastId = row.id;
      count += 1;
    }
  }
}

function hashEvent(e: Chained): string {
  // Field order is fixed here, so the hash does not depend on how a row object was built.
  const canonical = JSON.stringify([
    e.prevHash, e.at, e.actorId, e.actorLabel, e.via, e.action, e.entityType, e.entityId, e.before, e.after, e.requestId,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
