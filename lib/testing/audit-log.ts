// A fresh audit log for the tests that read or rewrite the whole chain: the events of earlier tests
// in the file (and their anchor) would otherwise be part of what they verify.
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { getDb, getSqlite } from "@/db/client";
import { anchorPath } from "@/lib/audit/anchor-file";

/** No events, ids counting from 1 again, and no anchor file. */
export function resetAuditLog(): void {
  getDb().run(sql`delete from audit_events`);
  getSqlite()
    .prepare("delete from sqlite_sequence where name = 'audit_events'")
    .run();
  fs.rmSync(anchorPath(), { force: true });
}
