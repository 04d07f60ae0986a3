import fs from "node:fs";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb, getSqlite } from "@/db/client";
import { webhookDeliveries, webhooks, type AuditEventRow } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { resetAuditLog } from "@/lib/testing/audit-log";
import { readAnchor, writeAnchor } from "./anchor-file";
import { anchorAuditChain, auditHead, verifyAndAnchor } from "./anchor";
import { appendAudit } from "./audit";
import { GENESIS_HASH, keyedHash, legacyHash } from "./audit-chain";
import { verifyAuditChain } from "./audit-verify";

function writeEvents(n: number) {
  const db = getDb();
  for (let i = 0; i < n; i++) {
    db.transaction((tx) => {
      appendAudit(tx, SYSTEM_ACTOR, {
        action: "thing.changed",
        entityType: "thing",
        entityId: i,
        before: { v: i },
        after: { v: i + 1 },
      });
    });
  }
}

type Row = AuditEventRow;
const rows = () =>
  getSqlite()
    .prepare(
      "select id, at, actor_id as actorId, actor_label as actorLabel, via, action, entity_type as entityType, entity_id as entityId, before, after, request_id as requestId, prev_hash as prevHash, hash from audit_events order by id",
    )
    .all() as Row[];

/** What a forger who can write the database does: edit event `id`, then re-hash it and every event after it. */
function forge(id: number, hasher: (e: Omit<Row, "id" | "hash">) => string) {
  getSqlite()
    .prepare("update audit_events set after = ? where id = ?")
    .run(JSON.stringify({ v: 999, note: "forged" }), id);
  let prev = rows().find((r) => r.id === id - 1)?.hash ?? GENESIS_HASH;
  for (const row of rows().filter((r) => r.id >= id)) {
    const { id: rowId, hash: _old, ...rest } = row;
    const hash = hasher({ ...rest, prevHash: prev });
    getSqlite()
      .prepare("update audit_events set prev_hash = ?, hash = ? where id = ?")
      .run(prev, hash, rowId);
    prev = hash;
  }
}

/** The verifier before the chain was keyed (links and plain SHA-256 only), from event `from` on. */
function unkeyedVerifiesFrom(from: number): boolean {
  let prev = rows().find((r) => r.id === from - 1)?.hash ?? GENESIS_HASH;
  for (const { id: _id, hash, ...rest } of rows().filter((r) => r.id >= from)) {
    if (rest.prevHash !== prev || legacyHash(rest) !== hash) return false;
    prev = hash;
  }
  return true;
}

describe("audit chain", () => {
  beforeEach(resetAuditLog);

  it("verifies an untouched log and names the first edited event", () => {
    writeEvents(5);
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: true, count: 5 });
    getSqlite()
      .prepare("update audit_events set after = ? where id = 3")
      .run(JSON.stringify({ v: 999 }));
    const result = verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("detects a removed event", () => {
    writeEvents(4);
    getSqlite().prepare("delete from audit_events where id = 2").run();
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("detects events removed from the end of the log", () => {
    writeEvents(3);
    getSqlite().prepare("delete from audit_events where id = 3").run();
    expect(verifyAuditChain(getDb())).toMatchObject({
      ok: false,
      brokenAt: 3,
      missing: 1,
    });
  });

  it("names the rewritten event when it and every event after it are re-hashed with plain SHA-256", () => {
    writeEvents(6);
    forge(3, legacyHash);
    // The forgery is consistent: the old, unkeyed verifier would have passed it.
    expect(unkeyedVerifiesFrom(3)).toBe(true);
    const result = verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: false, brokenAt: 3, count: 2 });
    expect(result.ok ? "" : result.reason).toMatch(
      /event 3 is hashed without the audit key/,
    );
  });

  it("names the rewritten event when the forger re-hashes with a key of their own", () => {
    writeEvents(6);
    forge(4, (e) => keyedHash(e, "a-guessed-key-that-is-not-the-real-one"));
    const result = verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: false, brokenAt: 4 });
    expect(result.ok ? "" : result.reason).toMatch(
      /changed after it was written|another audit key/,
    );
    // And the right chain under the wrong key fails from its first event.
    resetAuditLog();
    writeEvents(2);
    expect(
      verifyAuditChain(getDb(), { key: "some-other-audit-key-0000" }),
    ).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("reports the 3 newest events missing from the anchor when they are dropped and sqlite_sequence is lowered", () => {
    writeEvents(10);
    expect(verifyAndAnchor(getDb())).toMatchObject({ ok: true, count: 10 });
    expect(readAnchor()).toMatchObject({
      count: 10,
      head_hash: auditHead().hash,
    });
    getSqlite().prepare("delete from audit_events where id > 7").run();
    getSqlite()
      .prepare("update sqlite_sequence set seq = 7 where name = 'audit_events'")
      .run();
    // The database alone no longer shows the cut...
    expect(verifyAuditChain(getDb(), { anchorFile: null })).toMatchObject({
      ok: true,
      count: 7,
    });
    // ...the anchor does.
    const result = verifyAndAnchor(getDb());
    expect(result).toMatchObject({ ok: false, missing: 3, brokenAt: 8 });
    expect(result.ok ? "" : result.reason).toMatch(
      /^3 newest events missing: the anchor written at .* recorded 10 events, but the log ends at event 7$/,
    );
    // The anchor is evidence: neither a verification nor the scheduler moves it back.
    expect(readAnchor()?.count).toBe(10);
    writeEvents(1);
    expect(anchorAuditChain()).toMatchObject({ anchored: null });
    expect(readAnchor()?.count).toBe(10);
    expect(
      writeAnchor({
        format: 1,
        count: 8,
        head_hash: auditHead().hash,
        at: new Date().toISOString(),
        sent_at: null,
      }),
    ).toBe(false);
  });

  it("verifies a legitimate chain against its anchor as it grows, and notices a rewrite below the anchor even with the key", () => {
    writeEvents(4);
    expect(verifyAndAnchor(getDb())).toMatchObject({ ok: true, count: 4 });
    writeEvents(3);
    expect(verifyAuditChain(getDb())).toMatchObject({
      ok: true,
      count: 7,
      anchor: { count: 4 },
    });
    expect(anchorAuditChain()).toMatchObject({ anchored: 7 });
    expect(readAnchor()?.count).toBe(7);
    expect(verifyAndAnchor(getDb())).toMatchObject({
      ok: true,
      count: 7,
      anchor: { count: 7 },
    });
    // Someone holding the key AND the database rewrites event 2 and re-hashes the rest with it:
    // the chain itself holds, but it no longer reaches the anchored head.
    const key = fs.readFileSync(
      `${process.env.STAGELINE_DATA_DIR}/audit-key`,
      "utf8",
    );
    forge(2, (e) => keyedHash(e, key));
    expect(verifyAuditChain(getDb(), { anchorFile: null })).toMatchObject({
      ok: true,
    });
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 7 });
  });

  it("keeps the audit key outside the database, 0600", () => {
    writeEvents(1);
    const file = `${process.env.STAGELINE_DATA_DIR}/audit-key`;
    const key = fs.readFileSync(file, "utf8");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(key.length).toBeGreaterThanOrEqual(43);
    const dump = getSqlite().serialize().toString("latin1");
    expect(dump.includes(key)).toBe(false);
  });

  it("sends audit.anchor to subscribed webhooks at the configured interval, with count, head hash and time", () => {
    const subscriber = (url: string, events: string[]) =>
      getDb()
        .insert(webhooks)
        .values({
          url,
          events: JSON.stringify(events),
          secret: "0123456789abcdef",
          createdBy: null,
          createdAt: Date.now(),
        })
        .returning()
        .get();
    const hook = subscriber("http://127.0.0.1:9/hook", ["audit.anchor"]);
    // A catch-all subscriber gets one delivery per audit event; the anchor is not one.
    const all = subscriber("http://127.0.0.1:9/all", ["*"]);
    writeEvents(3);
    const t0 = Date.now();
    expect(anchorAuditChain(t0)).toMatchObject({ anchored: 3, sent: 1 });
    const deliveries = () =>
      getDb()
        .select()
        .from(webhookDeliveries)
        .all()
        .filter((d) => d.webhookId === hook.id);
    const payload = JSON.parse(deliveries()[0]?.payload ?? "{}") as {
      event: string;
      data: { count: number; head_hash: string; at: string };
    };
    expect(payload.event).toBe("audit.anchor");
    expect(payload.data).toEqual({
      count: 3,
      head_hash: auditHead().hash,
      at: new Date(t0).toISOString(),
    });
    // Within the hour the file anchor moves on but no second event is sent.
    writeEvents(1);
    expect(anchorAuditChain(t0 + 60_000)).toMatchObject({
      anchored: 4,
      sent: 0,
    });
    expect(deliveries()).toHaveLength(1);
    expect(anchorAuditChain(t0 + 61 * 60_000)).toMatchObject({
      anchored: 4,
      sent: 1,
    });
    process.env.STAGELINE_AUDIT_ANCHOR_MINUTES = "5";
    try {
      expect(anchorAuditChain(t0 + 67 * 60_000)).toMatchObject({ sent: 1 });
    } finally {
      delete process.env.STAGELINE_AUDIT_ANCHOR_MINUTES;
    }
    expect(deliveries()).toHaveLength(3);
    expect(
      getDb()
        .select()
        .from(webhookDeliveries)
        .all()
        .filter((d) => d.webhookId === all.id),
    ).toHaveLength(0);
    getDb().delete(webhookDeliveries).run();
    getDb().delete(webhooks).run();
  });

  it("rolls back with the transaction that wrote it", () => {
    const db = getDb();
    const before = db.get<{ n: number }>(
      sql`select count(*) as n from audit_events`,
    ).n;
    expect(() =>
      db.transaction((tx) => {
        appendAudit(tx, SYSTEM_ACTOR, {
          action: "x",
          entityType: "x",
          entityId: 1,
        });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(
      db.get<{ n: number }>(sql`select count(*) as n from audit_events`).n,
    ).toBe(before);
  });
});
