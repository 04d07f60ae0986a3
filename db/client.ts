// The one SQLite connection of this process, opened lazily and migrated on first use.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  drizzle,
  type BetterSQLite3Database,
} from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { databasePath, dataDir } from "./paths";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
/** A write transaction handle; services pass it down so one unit of work shares it. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { db: Db; sqlite: Database.Database; file: string };

// Cached on globalThis so dev-mode module reloads and route bundles share one connection.
const globalForDb = globalThis as unknown as { __stagelineDb?: Handle };

export const migrationsFolder = path.join(
  /*turbopackIgnore: true*/ process.cwd(),
  "db",
  "migrations",
);

export function openDatabase(file: string): Handle {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file);
    // Only the server's own user may read the database (sessions, token hashes, the audit trail).
    // SQLite gives the WAL and shared-memory files the database file's mode, so this comes first.
    ownerOnly(file);
    // A read-only file or folder opens "fine" and fails at the first write; find out now, not then.
    sqlite.exec("BEGIN IMMEDIATE; ROLLBACK");
  } catch (error) {
    sqlite?.close();
    throw notWritable(file, error);
  }
  // WAL: readers never block the writer and vice versa (pages read while a request writes).
  sqlite.pragma("journal_mode = WAL");
  // Another process (the CLI, a backup) may hold the write lock briefly: wait instead of SQLITE_BUSY.
  sqlite.pragma("busy_timeout = 5000");
  // NORMAL under WAL is durable against application crashes (the WAL is written before the
  // commit returns); only a power loss can drop the last transactions. FULL would fsync each
  // commit and halve write throughput for a risk this self-hosted app accepts. Documented in README.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle({ client: withStatementCache(sqlite), schema });
  // Migrations that rebuild a table (SQLite cannot alter a column) drop the old one while other
  // tables still point at it; the PRAGMA inside a migration is a no-op in the migrator's
  // transaction, so foreign keys are off while migrating, checked after, and then enforced.
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder });
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length)
    throw new Error(
      `Database migration left ${broken.length} broken foreign key reference(s): ${JSON.stringify(broken.slice(0, 5))}`,
    );
  sqlite.pragma("foreign_keys = ON");
  for (const f of [file, `${file}-wal`, `${file}-shm`]) ownerOnly(f);
  return { db, sqlite, file };
}

/** Best effort (a file of another owner cannot be changed, and a read-only one is caught by the write check). */
function ownerOnly(file: string): void {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.mode & 0o077) fs.chmodSync(file, 0o600);
  } catch {
    // See above.
  }
}

/** A database that cannot be written, said plainly (the server then refuses to start). */
function notWritable(file: string, error: unknown): Error {
  const code = String((error as { code?: unknown }).code ?? "");
  if (/^(SQLITE_READONLY|SQLITE_CANTOPEN|EROFS|EACCES|EPERM)/.test(code)) {
    return new Error(
      `Stageline cannot write its database ${file} (${code}): the data folder or the database file is read-only. Make it writable for this user, or point STAGELINE_DATA_DIR at a folder that is.`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Drizzle calls `prepare()` for every query it runs, and better-sqlite3 compiles the SQL each time
 * (a third of a list page's database time in the registry benchmark). The client handed to drizzle
 * reuses compiled statements by SQL text (least recently used first out). Safe because drizzle runs
 * each statement to completion synchronously (never `iterate()`), and `raw()` mode, which drizzle
 * switches on for some reads, is reset before a statement is handed out again.
 */
function withStatementCache(
  sqlite: Database.Database,
  capacity = 500,
): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const client = Object.create(sqlite) as Database.Database;
  client.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) cache.delete(source);
    else {
      statement = sqlite.prepare(source);
      if (cache.size >= capacity)
        cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    if (statement.reader) statement.raw(false);
    return statement;
  }) as Database.Database["prepare"];
  return client;
}

function handle(): Handle {
  const file = databasePath();
  const cached = globalForDb.__stagelineDb;
  if (cached && cached.file === file) return cached;
  fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  globalForDb.__stagelineDb = openDatabase(file);
  return globalForDb.__stagelineDb;
}

export function getDb(): Db {
  return handle().db;
}

export function getSqlite(): Database.Database {
  return handle().sqlite;
}

export function closeDb(): void {
  globalForDb.__stagelineDb?.sqlite.close();
  globalForDb.__stagelineDb = undefined;
}
