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
//
// A second generation, `access`, moves only with events that may change what a credential stands
// for (accessGeneration: the token and HTTP Basic caches read it). Registering a version or
// writing a comment must not make every MLflow client's next request look its token up again. It
// is fail-safe: an event moves it unless its action is listed in ACCESS_NEUTRAL below, so a new
// kind of event (a new way to lock a user out) is covered without anyone remembering this file.
import "server-only";
import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { getSqlite, type Db, type Tx } from "@/db/client";

/**
 * Events that cannot change who a token, a password or a session belongs to, its role, or whether
 * it is still valid: they move the cache generation but not the access one.
 */
const ACCESS_NEUTRAL: ReadonlySet<string> = new Set([
  "version.created",
  "version.updated",
  "version.deleted",
  "version.signed",
  "version.stage_changed",
  "artifact.uploaded",
  "signature.uploaded",
  "signature.mismatch",
  "evaluation.logged",
  "reference.set",
  "model.created",
  "model.updated",
  "model.renamed",
  "model.deleted",
  "model_card.updated",
  "alias.set",
  "alias.deleted",
  "alias.requested",
  "alias.approved",
  "alias.rejected",
  "alias.cancelled",
  // Every review step: a promotion under load (ask, approve, apply) must not send every worker's
  // next API call back to the token table.
  "transition.requested",
  "transition.approved",
  "transition.rejected",
  "transition.applied",
  "transition.override",
  "transition.cancelled",
  "rollback.requested",
  "comment.created",
  "comment.edited",
  "comment.deleted",
  "deployment.created",
  "deployment.stopped",
  "alert_rule.created",
  "alert_rule.updated",
]);

/** Whether an event may change what a credential stands for (anything not known to be neutral). */
export function touchesAccess(action: string): boolean {
  return !ACCESS_NEUTRAL.has(action);
}

type Shared = {
  sqlite: Database.Database;
  version: Database.Statement;
  counters: Database.Statement;
  seen: unknown;
  cache: number;
  access: number;
};
const g = globalThis as unknown as {
  __stagelineGeneration?: {
    n: number;
    contentOnly: number;
    shared: Shared | null;
  };
};
const state = (g.__stagelineGeneration ??= {
  n: 0,
  contentOnly: 0,
  shared: null,
});
state.contentOnly ??= 0;

/** This process's own changes (and raw-SQL changes in tests): seen by this process at once, by
 *  both generations unless `access` is false. */
export function bumpGeneration(access = true): void {
  if (access) state.n += 1;
  else state.contentOnly += 1;
}

/** The shared counters, in the caller's transaction: every other process sees them once that commits. */
export function bumpSharedGeneration(tx: Tx | Db, access = true): void {
  tx.run(
    sql`INSERT INTO runtime_counters (name, value) VALUES ('cache', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1`,
  );
  if (access)
    tx.run(
      sql`INSERT INTO runtime_counters (name, value) VALUES ('access', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1`,
    );
}

// db/client keeps this process's connection here; reading it directly saves getSqlite()'s path
// resolution (about half the cost of a call). getSqlite() opens it when there is none yet.
const handle = globalThis as unknown as {
  __stagelineDb?: { sqlite: Database.Database };
};

/** The generation every cache of domain data compares with (any event moves it). */
export function generation(): number {
  const shared = sharedCounters();
  return state.n + state.contentOnly + shared.cache;
}

/** The generation credential caches compare with (events that may change access move it). */
export function accessGeneration(): number {
  return state.n + sharedCounters().access;
}

function sharedCounters(): Shared {
  const current = handle.__stagelineDb?.sqlite;
  const sqlite = current?.open ? current : getSqlite();
  let shared = state.shared;
  if (!shared || shared.sqlite !== sqlite) {
    // Another database (tests reopen it): whatever was cached from the old one is stale.
    state.n += 1;
    shared = state.shared = {
      sqlite,
      version: sqlite.prepare("PRAGMA data_version").pluck(),
      counters: sqlite.prepare(
        "SELECT name, value FROM runtime_counters WHERE name IN ('cache', 'access')",
      ),
      seen: undefined,
      cache: 0,
      access: 0,
    };
  }
  const version = shared.version.get();
  if (version !== shared.seen) {
    shared.seen = version;
    shared.cache = 0;
    shared.access = 0;
    for (const row of shared.counters.all() as {
      name: string;
      value: number;
    }[])
      if (row.name === "cache") shared.cache = Number(row.value);
      else shared.access = Number(row.value);
  }
  return shared;
}
