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
import type { Db } from "@/db/client";
import type { AuditEventRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { databasePath } from "@/lib/config";
import { auditKey } from "./audit-key";
import {
  insertEvent,
  keyedHasher,
  type AuditInput,
  type Handle,
} from "./audit-chain";
import { ensureKeyedChainIn, type RechainOutcome } from "./audit-rechain";

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

/** ensureKeyedChainIn in a transaction of its own (at start, before verifying). */
export function ensureKeyedChain(db: Db): RechainOutcome {
  const result = db.transaction((tx) => ensureKeyedChainIn(tx), {
    behavior: "immediate",
  });
  if (result.outcome !== "rechained") checkedChains.add(databasePath());
  return result;
}

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
