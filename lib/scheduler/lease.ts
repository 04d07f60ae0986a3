// Named leases in the `leases` table: at most one process holds a lease at a time, and a holder
// that stops renewing (killed, hung, cut off from the disk) loses it once `expires_at` passes, so
// another process takes the work over. Each step is one short immediate transaction, so two
// processes deciding at once queue up on SQLite's write lock and see each other's row.
//
// Clock: `expires_at` is written with Date.now() of the process that writes it and compared with
// Date.now() of the process that reads it. That holds on one machine (the supported setup: one data
// folder on a local disk) or on machines with synchronised clocks; a reader whose clock runs ahead
// of the holder's by more than the TTL would take a live lease over.
import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { leases } from "@/db/schema";
import { dataDir } from "@/lib/config";

/** How long a lease lasts unless renewed: the scheduler renews every 2 s, so a dead holder is taken over within 6-8 s. */
export const LEASE_TTL_MS = 6_000;

export type Lease = {
  name: string;
  holder: string;
  acquiredAt: number;
  expiresAt: number;
};

const g = globalThis as unknown as { __stagelineHolder?: string };

/**
 * The cluster this process is a worker of: a random id the server entry's primary
 * (scripts/server.mjs) gives each worker it forks (STAGELINE_CLUSTER_ID), null for a single-process
 * server, the CLI and tests. Workers of one cluster are one server: they do not refuse each other.
 */
export function clusterId(): string | null {
  const id = process.env.STAGELINE_CLUSTER_ID;
  return id && /^[0-9a-f]{1,32}$/.test(id) ? id : null;
}

/**
 * This process's holder id: `pid@host#random`, or `pid@host#cluster.random` in a worker. The pid and
 * host say who holds a lease (in messages, and to check whether that process is still alive); the
 * random part tells a restarted process from its predecessor when the pid is reused (a container
 * restarted with the same pid and hostname); the cluster part names the worker's siblings.
 */
export function processHolder(): string {
  const cluster = clusterId();
  return (g.__stagelineHolder ??= `${process.pid}@${os.hostname()}#${cluster ? `${cluster}.` : ""}${randomBytes(6).toString("hex")}`);
}

export function parseHolder(
  holder: string,
): { pid: number; host: string; cluster: string | null } | null {
  const m = /^(\d+)@(.*)#(?:([0-9a-f]+)\.)?[0-9a-f]+$/.exec(holder);
  return m
    ? { pid: Number(m[1]), host: m[2] ?? "", cluster: m[3] ?? null }
    : null;
}

/** The `server` lease: held while a Stageline serves the data folder (see checkIn). */
export const SERVER_LEASE = "server";

/**
 * Who holds the `server` lease for this process: in a worker, its primary (the worker's parent
 * process, which lives as long as the server does and whose death ends every worker), so the lease
 * says "this server" whichever worker renews it; in a single-process server, the process itself.
 */
export function serverHolder(): string {
  const cluster = clusterId();
  return cluster
    ? `${process.ppid}@${os.hostname()}#${cluster}.0`
    : processHolder();
}

/**
 * Takes or renews the `server` lease for this server (at start, under the start lock, and at each
 * scheduler tick in every worker), so a second `npm start` on the folder sees a live server even
 * while the scheduler lease moves from a killed worker to a sibling. False when another server holds
 * it (a process that joined with STAGELINE_JOIN=1 beside it).
 */
export function checkIn(db: Db = getDb(), now = Date.now()): boolean {
  return (
    acquireLease(SERVER_LEASE, serverHolder(), now, LEASE_TTL_MS, db) !== null
  );
}

/** At a graceful stop: gives the `server` lease up (a sibling still running takes it again at its next tick). */
export function checkOut(db: Db = getDb()): void {
  releaseLease(SERVER_LEASE, serverHolder(), db);
}

/**
 * Takes the lease, or renews it when we hold it: succeeds when there is no row, the row has
 * expired, or the row is ours. Returns "acquired" when we took it (from nobody, or from a holder
 * that let it expire: work that holder left half done is ours to resume now), "renewed" when we
 * already held it (`acquired_at` stays: since when we hold it), null when another process holds it.
 */
export function acquireLease(
  name: string,
  holder = processHolder(),
  now = Date.now(),
  ttl = LEASE_TTL_MS,
  db: Db = getDb(),
): "acquired" | "renewed" | null {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(leases).where(eq(leases.name, name)).get();
      if (!row) {
        tx.insert(leases)
          .values({ name, holder, acquiredAt: now, expiresAt: now + ttl })
          .run();
        return "acquired";
      }
      // Ours, even if it lapsed: the row still names us, so nobody else held it in between.
      if (row.holder === holder) {
        tx.update(leases)
          .set({ expiresAt: now + ttl })
          .where(eq(leases.name, name))
          .run();
        return "renewed";
      }
      if (row.expiresAt > now) return null;
      tx.update(leases)
        .set({ holder, acquiredAt: now, expiresAt: now + ttl })
        .where(eq(leases.name, name))
        .run();
      return "acquired";
    },
    { behavior: "immediate" },
  );
}

/**
 * Extends the lease only if we still hold it (never takes it over): false means another process
 * has it now, or it expired and we must acquire it again before doing leased work.
 */
export function renewLease(
  name: string,
  holder = processHolder(),
  now = Date.now(),
  ttl = LEASE_TTL_MS,
  db: Db = getDb(),
): boolean {
  const changes = db
    .update(leases)
    .set({ expiresAt: now + ttl })
    .where(and(eq(leases.name, name), eq(leases.holder, holder)))
    .run().changes;
  return changes === 1;
}

/** Gives the lease up (graceful stop) so another process takes over at its next tick, not after the TTL. */
export function releaseLease(
  name: string,
  holder = processHolder(),
  db: Db = getDb(),
): boolean {
  return (
    db
      .delete(leases)
      .where(and(eq(leases.name, name), eq(leases.holder, holder)))
      .run().changes === 1
  );
}

export function readLease(name: string, db: Db = getDb()): Lease | null {
  return db.select().from(leases).where(eq(leases.name, name)).get() ?? null;
}

/**
 * Whether the holder's process is gone: only knowable for a holder on this machine (a signal 0
 * probe). Our own pid under another holder id is a predecessor whose pid we reuse.
 */
export function holderIsDead(holder: string, self = processHolder()): boolean {
  const h = parseHolder(holder);
  if (!h || h.host !== os.hostname()) return false;
  if (h.pid === process.pid) return holder !== self;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The leases whose holder means "a Stageline is serving this data folder". */
const SERVING_LEASES = [SERVER_LEASE, "scheduler"];

export class DataFolderInUseError extends Error {}

/**
 * Refuses to start on a data folder another Stageline is serving: a fresh `server` or `scheduler`
 * lease held by another live process that is not of our own cluster (a sibling worker, or our
 * primary). STAGELINE_JOIN=1 joins another server on purpose. A holder that died without releasing (SIGKILL, power loss) does not block a restart:
 * a holder on this machine whose pid is gone is cleared at once; one we cannot probe (another
 * host, or a pid reused by an unrelated process) must prove it is alive by renewing within
 * `waitMs`, or we take over.
 */
export async function assertDataFolderFree(
  options: {
    join?: boolean;
    self?: string;
    db?: Db;
    waitMs?: number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<void> {
  const join = options.join ?? process.env.STAGELINE_JOIN === "1";
  if (join) return;
  const self = options.self ?? processHolder();
  const db = options.db ?? getDb();
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const waitMs = options.waitMs ?? LEASE_TTL_MS + 1_000;
  for (const name of SERVING_LEASES) {
    const first = readLease(name, db);
    if (!first || first.holder === self || first.expiresAt <= now()) continue;
    if (sameCluster(first.holder, self)) continue;
    if (holderIsDead(first.holder, self)) {
      clearLease(db, first);
      continue;
    }
    // Alive as far as we can tell: a serving process renews every 2 s, a dead one never again.
    const deadline = now() + waitMs;
    let renewed = false;
    while (now() < deadline) {
      await sleep(500);
      const row = readLease(name, db);
      if (!row || row.holder !== first.holder) break;
      if (row.expiresAt > first.expiresAt) {
        renewed = true;
        break;
      }
    }
    if (renewed) throw inUse(first);
    const row = readLease(name, db);
    if (row && row.holder === first.holder) clearLease(db, row);
  }
}

function sameCluster(holder: string, self: string): boolean {
  const theirs = parseHolder(holder);
  const ours = parseHolder(self);
  return Boolean(
    theirs?.cluster &&
    theirs.cluster === ours?.cluster &&
    theirs.host === ours.host,
  );
}

/** Deletes a dead holder's lease (only if still the same row), so our scheduler takes over at once. */
function clearLease(db: Db, lease: Lease): void {
  db.delete(leases)
    .where(
      and(
        eq(leases.name, lease.name),
        eq(leases.holder, lease.holder),
        eq(leases.expiresAt, lease.expiresAt),
      ),
    )
    .run();
}

function inUse(lease: Lease): DataFolderInUseError {
  const h = parseHolder(lease.holder);
  const who = h ? `process ${h.pid} on ${h.host}` : `holder ${lease.holder}`;
  return new DataFolderInUseError(
    `Another Stageline is serving the data folder ${dataDir()}: ${who} (holding the ${lease.name} lease since ${new Date(lease.acquiredAt).toISOString()}). ` +
      `Stop it first, or set STAGELINE_JOIN=1 to run this process beside it on purpose.`,
  );
}
