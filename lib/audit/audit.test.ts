import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, getSqlite } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { appendAudit, verifyAuditChain } from "./audit";

function writeEvents(n: number) {
  const db = getDb();
  for (let i = 0; i < n; i++) {
    db.transaction((tx) => {
      appendAudit(tx, SYSTEM_ACTOR, { action: "thing.changed", entityType: "thing", entityId: i, before: { v: i }, after: { v: i + 1 } });
    });
  }
}

describe("audit chain", () => {
  it("verifies an untouched log and names the first edited event", () => {
    writeEvents(5);
    expect(verifyAuditChain(getDb())).toEqual({ ok: true, count: 5 });
    getSqlite().prepare("update audit_events set after = ? where id = 3").run(JSON.stringify({ v: 999 }));
    const result = verifyAuditChain(getDb());
    expect(result).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("detects a removed event", () => {
    getDb().run(sql`delete from audit_events`);
    getSqlite().prepare("delete from sqlite_sequence where name = 'audit_events'").run();
    writeEvents(4);
    getSqlite().prepare("delete from audit_events where id = 2").run();
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("detects events removed from the end of the log", () => {
    getDb().run(sql`delete from audit_events`);
    getSqlite().prepare("delete from sqlite_sequence where name = 'audit_events'").run();
    writeEvents(3);
    getSqlite().prepare("delete from audit_events where id = 3").run();
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("rolls back with the transaction that wrote it", () => {
    const db = getDb();
    const before = db.get<{ n: number }>(sql`select count(*) as n from audit_events`).n;
    expect(() =>
      db.transaction((tx) => {
        appendAudit(tx, SYSTEM_ACTOR, { action: "x", entityType: "x", entityId: 1 });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(db.get<{ n: number }>(sql`select count(*) as n from audit_events`).n).toBe(before);
  });
});
