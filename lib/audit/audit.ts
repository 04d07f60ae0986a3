// The append-only, hash-chained audit trail. Every service writes its event inside its own
// transaction through appendAudit, so a change and its record commit or roll back together.
//
// Each event's hash is an HMAC-SHA256, under a key kept outside the database (lib/audit/audit-key.ts),
// over the event's fields and the hash of the event before it. Whoever can write the database but
// does not hold the key cannot re-hash a rewritten event, so the verifier names the first event
// touched. Cutting events from the end is noticed against sqlite_sequence and against the anchors of
// the head kept where a database rewrite cannot reach (lib/audit/anchor.ts). What this does not
// guarantee: whoever holds the key AND can write the database can rewrite both consistently; only
// events already anchored outside (the anchor file, a Prometheus scrape, an `audit.anchor` webhook)
// keep them honest, and only up to the newest anchor.
import "server-only";
import { createHash, createHmac } from "node:crypto";
import { asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { highestIssuedId } from "@/db/sequence";
import { auditEvents, type AuditEventRow } from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { databasePath } from "@/lib/config";
import { anchorPath, readAnchor, type Anchor } from "./anchor-file";
import { auditKey } from "./audit-key";
import { queueSystemWebhookEvent } from "./system-webhook";

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
type Hasher = (e: Chained) => string;
type Handle = Tx | Db;

// Databases whose chain this process has seen keyed (or has given up re-chaining): appendAudit
// checks the head once per process, not on every event.
const checkedChains = new Set<string>();

export function appendAudit(
  tx: Handle,
  actor: Actor,
  input: AuditInput,
): AuditEventRow {
  const file = databasePath();
  // In the caller's transaction: if it rolls back, so does a re-chain done here, and the next
  // event checks again (the database is only marked checked when nothing had to be written).
  if (
    !checkedChains.has(file) &&
    ensureKeyedChainIn(tx).outcome !== "rechained"
  )
    checkedChains.add(file);
  return insertEvent(tx, actor, input, keyedHasher(auditKey()));
}

// Read by every event: prepared once per connection (db/prepared.ts), in transactions too.
const chainHead = preparedQuery((db) =>
  db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .prepare(),
);

function insertEvent(
  tx: Handle,
  actor: Actor,
  input: AuditInput,
  hasher: Hasher,
): AuditEventRow {
  // The head is read inside the caller's (immediate) transaction, so two writers, in one process or
  // several, never link to the same predecessor.
  const last = chainHead(tx).get();
  const event: Chained = {
    at: Date.now(),
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

/** The fields of `after` that differ from `before`, each side keeping only those keys. */
export function changes<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
) {
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

export type VerifyResult =
  | { ok: true; count: number; head: string; anchor: Anchor | null }
  | {
      ok: false;
      /** Events verified before the problem. */
      count: number;
      /** The first bad (or first missing) event id. */
      brokenAt: number;
      reason: string;
      /** How many newest events are gone, when the problem is a cut at the end. */
      missing?: number;
      anchor: Anchor | null;
    };

export type VerifyOptions = {
  /** The audit key to check with; default this data folder's (or STAGELINE_AUDIT_KEY). */
  key?: string;
  /** The anchor file to compare against; null for none (a copy elsewhere); default this data folder's. */
  anchorFile?: string | null;
};

type Walk =
  | { ok: true; count: number; lastId: number; lastHash: string }
  | { ok: false; count: number; brokenAt: number; reason: string };

/**
 * Walks the chain in id order from the event after `fromId` (whose hash must be `fromHash`), and
 * reports the first event whose position, link or hash does not hold. `explain` says why a hash
 * failed (keyed chains tell a re-hash without the key from an edit).
 */
function walkChain(
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
  for (;;) {
    const page = db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(1000)
      .all();
    if (page.length === 0) return { ok: true, count, lastId, lastHash: prev };
    for (const row of page) {
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
  }
}

/**
 * Checks the whole chain with the audit key, then its length against sqlite_sequence and the
 * anchor file: the first bad event, or how many newest events are missing.
 */
export function verifyAuditChain(
  db: Db,
  options: VerifyOptions = {},
): VerifyResult {
  const key = options.key ?? auditKey();
  const file =
    options.anchorFile === undefined ? anchorPath() : options.anchorFile;
  let anchor: Anchor | null = null;
  if (file !== null) {
    try {
      anchor = readAnchor(file);
    } catch (error) {
      return {
        ok: false,
        count: 0,
        brokenAt: 1,
        reason: `the anchor file cannot be read (${error instanceof Error ? error.message : String(error)})`,
        anchor: null,
      };
    }
  }
  const walk = walkChain(db, keyedHasher(key), 0, GENESIS_HASH, explainKeyed);
  if (!walk.ok) return { ...walk, anchor };
  const n = walk.lastId;
  const issued = highestIssuedId(db, "audit_events");
  const cutBySequence = Math.max(0, issued - n);
  const cutByAnchor = anchor ? Math.max(0, anchor.count - n) : 0;
  const missing = Math.max(cutBySequence, cutByAnchor);
  if (missing > 0) {
    const evidence = [
      cutByAnchor > 0 && anchor
        ? `the anchor written at ${anchor.at} recorded ${anchor.count} events`
        : null,
      cutBySequence > 0 ? `ids up to ${issued} were issued` : null,
    ].filter(Boolean);
    return {
      ok: false,
      count: walk.count,
      brokenAt: n + 1,
      missing,
      reason: `${missing} newest event${missing === 1 ? "" : "s"} missing: ${evidence.join(" and ")}, but the log ends at event ${n}`,
      anchor,
    };
  }
  if (anchor && anchor.count > 0) {
    const anchored = db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.id, anchor.count))
      .get();
    if (anchored?.hash !== anchor.head_hash) {
      return {
        ok: false,
        count: anchor.count - 1,
        brokenAt: anchor.count,
        reason: `event ${anchor.count} is not the event anchored at ${anchor.at}: the chain up to it was rewritten and re-hashed with the audit key`,
        anchor,
      };
    }
  }
  return { ok: true, count: walk.count, head: walk.lastHash, anchor };
}

/** The events after the anchored one, checked with the key (the scheduler's cheap periodic check). */
export function verifyAuditTail(
  db: Db,
  from: { count: number; head_hash: string } | null,
): Walk {
  const start = from ?? { count: 0, head_hash: GENESIS_HASH };
  if (start.count > 0) {
    const anchored = db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.id, start.count))
      .get();
    if (!anchored) {
      const head =
        db
          .select({ id: auditEvents.id })
          .from(auditEvents)
          .orderBy(desc(auditEvents.id))
          .limit(1)
          .get()?.id ?? 0;
      return {
        ok: false,
        count: 0,
        brokenAt: head + 1,
        reason: `${start.count - head} newest events missing: the anchor recorded ${start.count}, the log ends at event ${head}`,
      };
    }
    if (anchored.hash !== start.head_hash)
      return {
        ok: false,
        count: 0,
        brokenAt: start.count,
        reason: `event ${start.count} is not the anchored event`,
      };
  }
  const walk = walkChain(
    db,
    keyedHasher(auditKey()),
    start.count,
    start.head_hash,
    explainKeyed,
  );
  return walk.ok ? { ...walk, count: start.count + walk.count } : walk;
}

function explainKeyed(id: number, row: Chained, hash: string): string {
  return legacyHash(row) === hash
    ? `event ${id} is hashed without the audit key: it was rewritten and re-hashed by someone who does not hold the key`
    : `event ${id} was changed after it was written (or the chain was written with another audit key than this data folder's)`;
}

export type RechainOutcome =
  | { outcome: "empty" | "keyed" }
  | {
      outcome: "rechained";
      count: number;
      legacyHead: string;
      keyedHead: string;
    }
  | { outcome: "refused"; reason: string };

/**
 * First use with a key on a database written before the chain was keyed: verify the old chain
 * as it is (plain SHA-256) and, only if it holds, re-chain every event with the key, once, in the
 * caller's transaction, recording an `audit.rechained` event (also sent to webhooks).
 *
 * What that means for tamper evidence: re-chaining vouches, with the key, for history the
 * unkeyed chain could not prove. Anyone who could write the database before the upgrade could
 * have rewritten it and re-hashed it undetectably, and the re-chain seals such a rewrite in. The
 * `audit.rechained` event records the legacy head (count and hash), so an older copy of it (a
 * backup, a log line) can still be compared by hand. And it happens only once: a chain that has
 * been anchored (the anchor file exists) or whose head is keyed is never re-chained, so a forger
 * cannot rewrite a keyed chain as unkeyed and have it laundered on the next start; the verifier
 * then reports the unkeyed events as re-hashed without the key.
 */
export function ensureKeyedChainIn(tx: Handle): RechainOutcome {
  const head = tx
    .select()
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  if (!head) return { outcome: "empty" };
  const keyed = keyedHasher(auditKey());
  const { id: headId, hash: headHash, ...headRest } = head;
  if (keyed(headRest) === headHash) return { outcome: "keyed" };
  if (legacyHash(headRest) !== headHash)
    return refuse(
      `the newest event (${headId}) matches neither the audit key nor the unkeyed hash`,
    );
  if (readAnchorOrNull() !== null)
    return refuse(
      "the chain head is unkeyed but this data folder holds an anchor of a keyed chain: refusing to re-chain what looks like a forgery",
    );
  const legacy = walkChain(tx, legacyHash);
  if (!legacy.ok)
    return refuse(
      `the unkeyed chain does not verify (${legacy.reason}), so it is not re-chained`,
    );
  const issued = highestIssuedId(tx, "audit_events");
  if (issued > legacy.lastId)
    return refuse(
      `the unkeyed chain ends at event ${legacy.lastId} but ids up to ${issued} were issued, so it is not re-chained`,
    );
  let prev = GENESIS_HASH;
  let lastId = 0;
  for (;;) {
    const page = tx
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(1000)
      .all();
    if (page.length === 0) break;
    for (const row of page) {
      const { id, hash: _old, ...rest } = row;
      const hash = keyed({ ...rest, prevHash: prev });
      tx.update(auditEvents)
        .set({ prevHash: prev, hash })
        .where(eq(auditEvents.id, id))
        .run();
      prev = hash;
      lastId = id;
    }
  }
  const after = {
    events: legacy.count,
    legacy_head_hash: legacy.lastHash,
    keyed_head_hash: prev,
  };
  const event = insertEvent(
    tx,
    SYSTEM_ACTOR,
    {
      action: "audit.rechained",
      entityType: "audit_chain",
      entityId: "head",
      after,
    },
    keyed,
  );
  queueSystemWebhookEvent(
    tx,
    "audit.rechained",
    { type: "audit_chain", id: "head" },
    after,
    { now: event.at, auditEventId: event.id },
  );
  console.warn(
    `[stageline] audit chain: ${legacy.count} unkeyed events verified and re-chained with the audit key (legacy head ${legacy.lastHash})`,
  );
  return {
    outcome: "rechained",
    count: legacy.count,
    legacyHead: legacy.lastHash,
    keyedHead: prev,
  };
}

/** ensureKeyedChainIn in a transaction of its own (at start, before verifying). */
export function ensureKeyedChain(db: Db): RechainOutcome {
  const result = db.transaction((tx) => ensureKeyedChainIn(tx), {
    behavior: "immediate",
  });
  if (result.outcome !== "rechained") checkedChains.add(databasePath());
  return result;
}

const refusals = new Set<string>();
function refuse(reason: string): RechainOutcome {
  if (!refusals.has(reason))
    console.error(`[stageline] audit chain: ${reason}`);
  refusals.add(reason);
  return { outcome: "refused", reason };
}

function readAnchorOrNull(): Anchor | null {
  try {
    return readAnchor();
  } catch {
    // An anchor that is there but unreadable still says the chain was keyed.
    return {
      format: 1,
      count: 0,
      head_hash: GENESIS_HASH,
      at: "",
      sent_at: null,
    };
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

function keyedHasher(key: string): Hasher {
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
