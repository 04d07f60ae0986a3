// Database health for GET /api/health: reachable, and every migration in the journal applied.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, migrationsFolder } from "./client";

export function databaseHealth(): { reachable: boolean; migrationsApplied: number; migrationsExpected: number; error?: string } {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  try {
    const db = getDb();
    db.run(sql`select 1`);
    const row = db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`);
    return { reachable: true, migrationsApplied: row.n, migrationsExpected: journal.entries.length };
  } catch (error) {
    return { reachable: false, migrationsApplied: 0, migrationsExpected: journal.entries.length, error: error instanceof Error ? error.message : String(error) };
  }
}
