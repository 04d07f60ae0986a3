// Re-chaining, once, a chain written before the audit key existed (see ensureKeyedChainIn).
import "server-only";
import { desc, eq } from "drizzle-orm";
import { highestIssuedId } from "@/db/sequence";
import { auditEvents } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { readAnchor, type Anchor } from "./anchor-file";
import { auditKey } from "./audit-key";
import {
  eventsAfter,
  GENESIS_HASH,
  insertEvent,
  keyedHasher,
  legacyHash,
  walkChain,
  type Handle,
} from "./audit-chain";
import { queueSystemWebhookEvent } from "./system-webhook";

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
  for (const row of eventsAfter(tx, 0)) {
    const { id, hash: _old, ...rest } = row;
    const hash = keyed({ ...rest, prevHash: prev });
    tx.update(auditEvents)
      .set({ prevHash: prev, hash })
      .where(eq(auditEvents.id, id))
      .run();
    prev = hash;
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
