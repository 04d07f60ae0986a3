// Health for GET /api/health: the database reachable with every migration in the journal applied,
// and room left on the disk that holds the data folder.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { dataDir, minFreeBytes } from "@/lib/config";
import { lastDiskFullAt } from "@/lib/errors";
import { getDb, migrationsFolder } from "@/db/client";

export function databaseHealth(): {
  reachable: boolean;
  migrationsApplied: number;
  migrationsExpected: number;
  error?: string;
} {
  const journal = JSON.parse(
    fs.readFileSync(
      path.join(migrationsFolder, "meta", "_journal.json"),
      "utf8",
    ),
  ) as { entries: unknown[] };
  try {
    const db = getDb();
    db.run(sql`select 1`);
    const row = db.get<{ n: number }>(
      sql`select count(*) as n from __drizzle_migrations`,
    );
    return {
      reachable: true,
      migrationsApplied: row.n,
      migrationsExpected: journal.entries.length,
    };
  } catch (error) {
    return {
      reachable: false,
      migrationsApplied: 0,
      migrationsExpected: journal.entries.length,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** How long after a write failed for lack of space the health check keeps saying so. */
const DISK_FULL_MEMORY_MS = 10 * 60_000;

/**
 * Free space in the data folder against STAGELINE_MIN_FREE_MB, and whether a write hit a full disk
 * lately: either makes the server degraded, with the reason, before every upload starts failing.
 */
export function storageHealth(now = Date.now()): {
  ok: boolean;
  freeBytes: number | null;
  minFreeBytes: number;
  problem?: string;
} {
  const min = minFreeBytes();
  let free: number | null = null;
  try {
    const st = fs.statfsSync(dataDir());
    free = st.bavail * st.bsize;
  } catch {
    // No data folder yet (or statfs unsupported): nothing to say about its disk.
  }
  const mb = (n: number) => `${Math.floor(n / 1024 / 1024)} MB`;
  const fullAt = lastDiskFullAt();
  if (fullAt !== null && now - fullAt < DISK_FULL_MEMORY_MS) {
    return {
      ok: false,
      freeBytes: free,
      minFreeBytes: min,
      problem: `a write failed because the disk is full at ${new Date(fullAt).toISOString()}${free === null ? "" : ` (${mb(free)} free now)`}`,
    };
  }
  if (free !== null && free < min)
    return {
      ok: false,
      freeBytes: free,
      minFreeBytes: min,
      problem: `only ${mb(free)} free in the data folder (below STAGELINE_MIN_FREE_MB=${mb(min).replace(" MB", "")})`,
    };
  return { ok: true, freeBytes: free, minFreeBytes: min };
}
