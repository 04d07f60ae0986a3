// Checks the data folder before the server starts (scripts/start.mjs): it must be writable, and only
// its owner may read it. Plain JavaScript so the start script runs it before Next (and the build)
// are loaded; a read-only folder would otherwise give a server that says Ready and then fails
// every request that writes.
import fs from "node:fs";
import path from "node:path";

/** Files Stageline keeps secret: the database (sessions, token hashes, the audit trail) and the cookie key. */
const PRIVATE_FILES = [
  "stageline.db",
  "stageline.db-wal",
  "stageline.db-shm",
  "secret",
];

export class DataFolderError extends Error {}

/**
 * Creates the data folder (0700) or checks an existing one: refuses a read-only folder or database
 * file with a message that says which and what to do, and tightens modes that let other users read
 * it (0700 for the folder, 0600 for the database, its WAL and the secret), logging each change.
 */
export function prepareDataFolder(dir, log = console.log) {
  const existed = fs.existsSync(dir);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw refusal(dir, error, "the data folder");
  }
  if (!fs.statSync(dir).isDirectory())
    throw new DataFolderError(
      `Stageline cannot start: ${dir} (STAGELINE_DATA_DIR) is not a folder.`,
    );
  // Creating and removing a file proves the folder takes writes (a read-only mount, a full quota...).
  const probe = path.join(dir, `.write-check-${process.pid}`);
  try {
    fs.writeFileSync(probe, "ok", { flag: "wx", mode: 0o600 });
    fs.rmSync(probe, { force: true });
  } catch (error) {
    if (error?.code === "ENOSPC") {
      log(
        `Stageline: warning: the disk holding ${dir} is full; writes will answer 507 until space is freed.`,
      );
    } else throw refusal(dir, error, "the data folder");
  }
  tighten(dir, 0o700, log, existed);
  for (const name of PRIVATE_FILES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    try {
      fs.closeSync(fs.openSync(file, "r+"));
    } catch (error) {
      throw refusal(
        file,
        error,
        name === "secret" ? "the secret file" : "the database file",
      );
    }
    tighten(file, 0o600, log, true);
  }
}

function tighten(target, mode, log, existed) {
  const current = fs.statSync(target).mode & 0o777;
  if ((current & ~mode) === 0) return;
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    // Another owner's file: it works, but say that others may read it.
    log(
      `Stageline: warning: ${target} is readable by other users (mode ${current.toString(8)}) and cannot be changed (${error?.code ?? error}).`,
    );
    return;
  }
  if (existed)
    log(
      `Stageline: ${target} was readable by other users (mode ${current.toString(8)}); set to ${mode.toString(8)}.`,
    );
}

function refusal(target, error, what) {
  const code = error?.code ?? "";
  if (code === "EROFS" || code === "EACCES" || code === "EPERM") {
    return new DataFolderError(
      `Stageline cannot start: ${what} ${target} is not writable (${code}${code === "EROFS" ? ": read-only file system" : ""}). ` +
        "Stageline writes its database, uploads and secret in the data folder: make it writable for this user, or point STAGELINE_DATA_DIR at a folder that is.",
    );
  }
  return new DataFolderError(
    `Stageline cannot start: ${what} ${target} cannot be used: ${error?.message ?? String(error)}`,
  );
}
