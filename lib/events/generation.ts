// One cache generation for every process on the data folder. Hot-path caches (token lookups, HTTP
// Basic passwords, serving routes, the dashboard memo) remember the generation they were filled at
// and refill when it moved, so a change is seen by the very next request, wherever it was made.
//
// Each domain event bumps it twice: this process's own counter at once (bumpGeneration, also what
// tests call after raw SQL), and the shared `runtime_counters` row `cache` inside the event's
// transaction (bumpSharedGeneration), so it commits with the change. Reading the row on every call
// would cost a query per prediction; instead `PRAGMA data_version` on this process's connection
// tells whether ANY other connection (another worker, the CLI, a backup restore) committed since
// the last look, and only then is the row read again. The two counters only grow, so their sum
// changes whenever either does.
import "server-only";
import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { getSqlite, type Db, type Tx } from "@/db/client";

type Shared = {
  sqlite: Database.Database;
  version: Database.Statement;
  counter: Database.Statement;
  seen: unknown;
  value: number;
};
const g = globalThis as unknown as {
  __stagelineGeneration?: { n: number; shared: Shared | null };
};
const state = (g.__stagelineGeneration ??= { n: 0, shared: null });

/** This process's own changes (and raw-SQL changes in tests): seen by this process at once. */
export function bumpGeneration(): void {
  state.n += 1;
}

/** The shared counter, in the caller's transaction: every other process sees it once that commits. */
export function bumpSharedGeneration(tx: Tx | Db): void {
  tx.run(
    sql`INSERT INTO runtime_counters (name, value) VALUES ('cache', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1`,
  );
}

// db/client keeps this process's connection here; reading it directly saves getSqlite()'s path
// resolution (about half the cost of a call). getSqlite() opens it when there is none yet.
const handle = globalThis as unknown as {
  __stagelineDb?: { sqlite: Database.Database };
};

export function generation(): number {
  const current = handle.__stagelineDb?.sqlite;
  const sqlite = current?.open ? current : getSqlite();
  let shared = state.shared;
  if (!shared || shared.sqlite !== sqlite) {
    // Another database (tests reopen it): whatever was cached from the old one is stale.
    state.n += 1;
    shared = state.shared = {
      sqlite,
      version: sqlite.prepare("PRAGMA data_version").pluck(),
      counter: sqlite
        .prepare("SELECT value FROM runtime_counters WHERE name = 'cache'")
        .pluck(),
      seen: undefined,
      value: 0,
    };
  }
  const version = shared.version.get();
  if (version !== shared.seen) {
    shared.seen = version;
    shared.value = Number(shared.counter.get() ?? 0);
  }
  return state.n + shared.value;
}
