// Verifying the chain: the whole of it (with the key, against sqlite_sequence and the anchor
// file) and the tail after an anchor (the scheduler's periodic check).
import "server-only";
import { eq, desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { highestIssuedId } from "@/db/sequence";
import { auditEvents } from "@/db/schema";
import { anchorPath, readAnchor, type Anchor } from "./anchor-file";
import { auditKey } from "./audit-key";
import {
  GENESIS_HASH,
  keyedHasher,
  legacyHash,
  walkChain,
  type Chained,
  type Walk,
} from "./audit-chain";

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
