// SQLite-specific: the highest id ever handed out for a table (AUTOINCREMENT never reuses ids).
// Lets the audit verifier notice events removed from the end of the log.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

export function highestIssuedId(db: Db | Tx, table: string): number {
  const row = db.get<{ seq: number } | undefined>(
    sql`select seq from sqlite_sequence where name = ${table}`,
  );
  return row?.seq ?? 0;
}
