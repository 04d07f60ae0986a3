// A database from before keyed chains: its unkeyed chain is verified as it is and re-chained with
// the key once, on first use; a tampered or already-anchored unkeyed chain is never re-chained.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, getSqlite } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { resetAuditLog } from "@/lib/testing/audit-log";
import { verifyAndAnchor } from "./anchor";
import { appendAudit, ensureKeyedChain } from "./audit";
import { GENESIS_HASH, legacyHash } from "./audit-chain";
import { verifyAuditChain } from "./audit-verify";

/** Writes `n` events the way Stageline did before the key: plain SHA-256 links. */
function writeLegacy(n: number) {
  let prev = getSqlite()
    .prepare("select hash from audit_events order by id desc limit 1")
    .get() as { hash: string } | undefined;
  let prevHash = prev?.hash ?? GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const e = {
      at: 1_700_000_000_000 + i,
      actorId: null,
      actorLabel: "system",
      via: "system",
      action: "legacy.thing",
      entityType: "thing",
      entityId: String(i),
      before: null,
      after: JSON.stringify({ i }),
      requestId: null,
      prevHash,
    };
    const hash = legacyHash(e);
    getDb()
      .insert(auditEvents)
      .values({ ...e, hash })
      .run();
    prevHash = hash;
    prev = { hash };
  }
}

const count = () =>
  getDb().get<{ n: number }>(sql`select count(*) as n from audit_events`).n;

describe("re-chaining a legacy unkeyed log", () => {
  it("re-chains on the first event written with the key, in that event's transaction, once", () => {
    resetAuditLog();
    writeLegacy(5);
    const legacyHead = (
      getSqlite()
        .prepare("select hash from audit_events where id = 5")
        .get() as { hash: string }
    ).hash;
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 1 });
    // A first write that rolls back takes its re-chain with it.
    expect(() =>
      getDb().transaction((tx) => {
        appendAudit(tx, SYSTEM_ACTOR, {
          action: "x.y",
          entityType: "x",
          entityId: 1,
        });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(count()).toBe(5);
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 1 });
    // The next one re-chains for good.
    getDb().transaction(
      (tx) =>
        appendAudit(tx, SYSTEM_ACTOR, {
          action: "x.y",
          entityType: "x",
          entityId: 2,
        }),
      { behavior: "immediate" },
    );
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: true, count: 7 });
    const events = getDb().select().from(auditEvents).all();
    expect(events.map((e) => e.action)).toEqual([
      "legacy.thing",
      "legacy.thing",
      "legacy.thing",
      "legacy.thing",
      "legacy.thing",
      "audit.rechained",
      "x.y",
    ]);
    expect(JSON.parse(events[5]?.after ?? "{}")).toMatchObject({
      events: 5,
      legacy_head_hash: legacyHead,
    });
    // The events themselves are unchanged; only their hashes are.
    expect(events[2]?.after).toBe(JSON.stringify({ i: 2 }));
    expect(ensureKeyedChain(getDb())).toEqual({ outcome: "keyed" });
    expect(events.filter((e) => e.action === "audit.rechained")).toHaveLength(
      1,
    );
  });

  it("re-chains at the first verification too, and the result verifies and is anchored", () => {
    resetAuditLog();
    writeLegacy(3);
    expect(verifyAndAnchor(getDb())).toMatchObject({
      ok: true,
      count: 4,
      anchor: { count: 4 },
    });
  });

  it("refuses to re-chain an unkeyed chain that does not verify as it is", () => {
    resetAuditLog();
    writeLegacy(4);
    getSqlite()
      .prepare("update audit_events set after = ? where id = 2")
      .run(JSON.stringify({ i: 99 }));
    expect(ensureKeyedChain(getDb())).toMatchObject({ outcome: "refused" });
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 1 });
    expect(count()).toBe(4);
  });

  it("refuses to launder a keyed, anchored chain that a forger rewrote as unkeyed", () => {
    resetAuditLog();
    writeLegacy(2);
    expect(verifyAndAnchor(getDb())).toMatchObject({ ok: true, count: 3 });
    // The forger rewrites everything with plain SHA-256 (consistent, as the old chains were).
    const rows = getSqlite()
      .prepare("select * from audit_events order by id")
      .all() as Record<string, string | number | null>[];
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const e = {
        at: Number(r.at),
        actorId: r.actor_id as string | null,
        actorLabel: String(r.actor_label),
        via: String(r.via),
        action: String(r.action),
        entityType: String(r.entity_type),
        entityId: String(r.entity_id),
        before: r.before as string | null,
        after:
          r.id === 1
            ? JSON.stringify({ i: "forged" })
            : (r.after as string | null),
        requestId: r.request_id as string | null,
        prevHash: prev,
      };
      const hash = legacyHash(e);
      getSqlite()
        .prepare(
          "update audit_events set after = ?, prev_hash = ?, hash = ? where id = ?",
        )
        .run(e.after, prev, hash, r.id);
      prev = hash;
    }
    expect(ensureKeyedChain(getDb())).toMatchObject({
      outcome: "refused",
      reason: expect.stringMatching(/anchor/),
    });
    const result = verifyAndAnchor(getDb());
    expect(result).toMatchObject({ ok: false, brokenAt: 1 });
    expect(result.ok ? "" : result.reason).toMatch(
      /hashed without the audit key/,
    );
  });
});
