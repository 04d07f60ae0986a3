// The start lock: one process at a time runs the start-up step (migrations, the check against
// another server on the data folder, removing cut-off uploads, the first-start seed, the backfills,
// taking the server and scheduler leases). Every server process takes it, the cluster's workers
// and a second `npm start` on the same folder alike, so two starts at the same moment cannot both
// migrate, both seed, or both pass assertDataFolderFree before either has written its lease.
//
// Why an exclusive transaction on a small SQLite file of its own (data/start.lock):
// - It is an OS lock (SQLite's POSIX advisory locks on that file), so the kernel drops it when the
//   holder dies in any way (SIGKILL, OOM, a crash mid-migration); no stale lock file to clear by hand
//   and no pid to guess about. A lock row in the database itself would outlive a killed holder.
// - Not the database itself: BEGIN EXCLUSIVE there would block every other process's reads and
//   writes while a start seeds the demo (tens of seconds), and the migrations need that connection.
// - The lock is only as good as the file system's POSIX locks: a local disk (the supported setup,
//   as for SQLite's own WAL), not a network share.
// The journal stays in rollback mode (the default) so EXCLUSIVE is really exclusive: nothing is
// ever written in it, the transaction is only held and rolled back.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { dataDir } from "@/lib/config";

export type StartLock = { release: () => void };

export const START_LOCK_FILE = "start.lock";

/**
 * Waits for the start lock (polling, so the event loop stays free and the wait is said once in the
 * log), then holds it until `release()` or the process ends. Throws after `waitMs` with a message
 * that says what holds it.
 */
export async function takeStartLock(
  options: {
    file?: string;
    waitMs?: number;
    pollMs?: number;
    log?: (line: string) => void;
  } = {},
): Promise<StartLock> {
  const file = options.file ?? path.join(dataDir(), START_LOCK_FILE);
  const waitMs = options.waitMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 100;
  const log = options.log ?? console.log;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  // Fail at once when busy: the wait is the loop below, not SQLite's busy handler (which would block
  // this thread for the whole wait).
  db.pragma("busy_timeout = 0");
  const deadline = Date.now() + waitMs;
  let said = false;
  for (;;) {
    try {
      db.exec("BEGIN EXCLUSIVE");
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY") {
        db.close();
        throw error;
      }
    }
    if (Date.now() > deadline) {
      db.close();
      throw new Error(
        `Another Stageline process has been starting on the data folder ${path.dirname(file)} for over ${Math.round(waitMs / 1000)} s (it holds ${file}); stop it, or wait until it is up.`,
      );
    }
    if (!said) {
      log(
        `Stageline: waiting for another process starting on this data folder (the start lock ${file})...`,
      );
      said = true;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  let held = true;
  return {
    release: () => {
      if (!held) return;
      held = false;
      try {
        db.exec("ROLLBACK");
      } finally {
        db.close();
      }
    },
  };
}
