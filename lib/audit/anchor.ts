// Anchoring the audit chain's head (count and hash of the newest verified event) where a rewrite
// of the database cannot reach it: the anchor file beside the database (at each verification run,
// and by the scheduler every minute once the events since the last anchor verify), the Prometheus
// exposition (scraped and kept by another system), and a periodic `audit.anchor` webhook event.
import "server-only";
import { desc } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { auditAnchorMinutes } from "@/lib/config";
import {
  anchorPath,
  readAnchor,
  writeAnchor,
  type Anchor,
} from "./anchor-file";
import { ensureKeyedChain } from "./audit";
import { GENESIS_HASH } from "./audit-chain";
import {
  verifyAuditChain,
  verifyAuditTail,
  type VerifyResult,
} from "./audit-verify";
import { queueSystemWebhookEvent } from "./system-webhook";

/** The newest event as the database has it now (unverified): what Prometheus exposes. */
export function auditHead(db: Db = getDb()): { count: number; hash: string } {
  const row = db
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  return { count: row?.id ?? 0, hash: row?.hash ?? GENESIS_HASH };
}

/** The whole-chain check behind the admin button, the API and `npm run audit:verify`; a chain that holds is anchored. */
export function verifyAndAnchor(
  db: Db = getDb(),
  file = anchorPath(),
): VerifyResult {
  // Verifying is a use of the key: a database from before keyed chains is re-chained first, once.
  ensureKeyedChain(db);
  const result = verifyAuditChain(db, { anchorFile: file });
  if (result.ok)
    anchorAt(db, file, result.count, result.head, Date.now(), false);
  return {
    ...result,
    anchor: result.ok ? (readAnchor(file) ?? result.anchor) : result.anchor,
  };
}

export type AnchorTick = {
  anchored: number | null;
  sent: number;
  problem?: string;
};

const reported = new Set<string>();

/**
 * The scheduler's periodic step: verify only the events after the last anchor (cheap), move the
 * anchor file up to them, and every STAGELINE_AUDIT_ANCHOR_MINUTES queue an `audit.anchor`
 * webhook event with the anchored count and hash. A chain that fails is not anchored (the anchor
 * keeps the last good head as evidence) and is reported once in the server log.
 */
export function anchorAuditChain(
  now = Date.now(),
  db: Db = getDb(),
  file = anchorPath(),
): AnchorTick {
  ensureKeyedChain(db);
  const anchor = readAnchor(file);
  const tail = verifyAuditTail(db, anchor);
  if (!tail.ok) {
    const problem = `audit chain check failed at event ${tail.brokenAt}: ${tail.reason}; run npm run audit:verify`;
    if (!reported.has(problem)) console.error(`[stageline] ${problem}`);
    reported.add(problem);
    return { anchored: null, sent: 0, problem };
  }
  const interval = auditAnchorMinutes() * 60_000;
  const due =
    interval > 0 &&
    (!anchor?.sent_at || now - Date.parse(anchor.sent_at) >= interval);
  if (anchor && anchor.count === tail.lastId && !due)
    return { anchored: anchor.count, sent: 0 };
  return anchorAt(db, file, tail.lastId, tail.lastHash, now, due);
}

/**
 * Writes the anchor (and queues the webhook event when `send`) inside an immediate transaction:
 * every process's anchor writes queue up on the database's write lock, so a slower process never
 * replaces a newer anchor with an older one, and the hourly event is sent by one process only.
 */
function anchorAt(
  db: Db,
  file: string,
  count: number,
  hash: string,
  now: number,
  send: boolean,
): AnchorTick {
  return db.transaction(
    (tx) => {
      const current = readAnchor(file);
      if (current && current.count > count)
        return { anchored: current.count, sent: 0 };
      const interval = auditAnchorMinutes() * 60_000;
      const stillDue =
        send &&
        (!current?.sent_at || now - Date.parse(current.sent_at) >= interval);
      const at = new Date(now).toISOString();
      let sent = 0;
      if (stillDue)
        sent = queueSystemWebhookEvent(
          tx,
          "audit.anchor",
          { type: "audit_chain", id: "head" },
          { count, head_hash: hash, at },
          { now },
        );
      const next: Anchor = {
        format: 1,
        count,
        head_hash: hash,
        at,
        sent_at: stillDue ? at : (current?.sent_at ?? null),
      };
      writeAnchor(next, file);
      return { anchored: count, sent };
    },
    { behavior: "immediate" },
  );
}
