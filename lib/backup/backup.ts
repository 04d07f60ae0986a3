// Online backup and restore of a data folder. The database is copied with SQLite's backup API
// (a consistent snapshot while the app keeps writing); the artifact files that snapshot refers to
// are then copied beside it and listed with their SHA-256 in a manifest, so a restore can check every
// byte. A backup named <path> is three things: <path>.db, <path>.blobs/ and
// <path>.manifest.json.
import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import { localBlobStore, type BlobStore } from "@/lib/blobs/blob-store";
import { ANCHOR_FILE } from "@/lib/audit/anchor-file";
import { AUDIT_KEY_FILE } from "@/lib/audit/audit-key";
import { APP_VERSION } from "@/lib/config";

export type Manifest = {
  format: 1;
  app_version: string;
  created_at: string;
  database: { file: string; bytes: number; sha256: string };
  blobs: { sha256: string; size: number }[];
  secret: boolean;
  /** The audit chain's key (data/audit-key): without it a restored log cannot be verified. Null when it comes from STAGELINE_AUDIT_KEY. */
  audit_key?: { sha256: string } | null;
  /** SHA-256 of the secret file (manifests before it had only `secret: true`). */
  secret_sha256?: string;
};

const paths = (target: string) => ({
  db: `${target}.db`,
  blobs: `${target}.blobs`,
  manifest: `${target}.manifest.json`,
  secret: `${target}.secret`,
  auditKey: `${target}.audit-key`,
});
/** Copies blob `b` from one store to another through the store interface, checking its bytes on
 *  the way (a blob that no longer hashes to its SHA-256 fails the copy, naming it). */
async function copyBlob(
  from: BlobStore,
  to: BlobStore,
  b: { sha256: string; size: number },
): Promise<void> {
  const staged = await to.stage(from.open(b.sha256, b.size), Infinity);
  if (staged.sha256 !== b.sha256) {
    await staged.discard();
    throw new Error(`Artifact file ${b.sha256} is corrupted`);
  }
  await staged.commit();
}

function sha256OfFile(file: string): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buf = Buffer.allocUnsafe(1024 * 1024);
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf))
      hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** Backs up the data folder `dataDir` to `target` (.db, .blobs/, .manifest.json). */
export async function backup(
  dataDir: string,
  target: string,
  log: (line: string) => void = () => {},
): Promise<Manifest> {
  const p = paths(target);
  for (const existing of [p.db, p.blobs, p.manifest, p.auditKey])
    if (fs.existsSync(existing))
      throw new Error(`${existing} already exists; choose a new backup name`);
  fs.mkdirSync(path.dirname(path.resolve(p.db)), { recursive: true });
  const source = new Database(path.join(dataDir, "stageline.db"), {
    fileMustExist: true,
  });
  try {
    source.pragma("busy_timeout = 5000");
    // Online, in one step after the first: under WAL the step reads one consistent snapshot while
    // the app keeps writing (small steps would restart at every write and might never finish).
    await source.backup(p.db, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  // The copy inherits WAL mode; switch it back to a single self-contained file.
  const copy = new Database(p.db);
  copy.pragma("journal_mode = DELETE");
  const rows = copy
    .prepare(
      "select sha256, size from blobs where released_at is null order by sha256",
    )
    .all() as { sha256: string; size: number }[];
  const integrity = copy.pragma("integrity_check", { simple: true });
  copy.close();
  if (integrity !== "ok")
    throw new Error(
      `The backed-up database fails its integrity check: ${String(integrity)}`,
    );
  log(`database copied (${rows.length} artifact files referenced)`);
  // A copy, not a hard link: a link shares the live file, so anything that damages or rewrites it
  // in the data folder (a disk error, a bad restore, a hand edit) would damage the backup with it.
  // Each file is read back and checked against its SHA-256 as it is copied, so a backup never
  // carries a damaged artifact silently: it stops, naming it.
  const live = localBlobStore(path.join(dataDir, "blobs"));
  fs.mkdirSync(p.blobs, { recursive: true, mode: 0o700 });
  const kept = localBlobStore(p.blobs);
  for (const b of rows) await copyBlob(live, kept, b);
  const secret = path.join(dataDir, "secret");
  const hasSecret = fs.existsSync(secret);
  if (hasSecret) fs.copyFileSync(secret, p.secret);
  const auditKey = backUpAuditKey(dataDir, p.auditKey, log);
  const manifest: Manifest = {
    format: 1,
    app_version: APP_VERSION,
    created_at: new Date().toISOString(),
    database: {
      file: path.basename(p.db),
      bytes: fs.statSync(p.db).size,
      sha256: sha256OfFile(p.db),
    },
    blobs: rows,
    secret: hasSecret,
    ...(hasSecret ? { secret_sha256: sha256OfFile(p.secret) } : {}),
    audit_key: auditKey,
  };
  fs.writeFileSync(p.manifest, `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
  // The copy holds sessions, token hashes and the cookie key: for the backup's owner only.
  for (const f of [p.db, p.secret])
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  log(
    `${rows.length} artifact files copied; manifest written to ${p.manifest}`,
  );
  return manifest;
}

/** Restores a backup into an empty data folder, checking every file against the manifest first. */
export async function restore(
  target: string,
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<Manifest> {
  const p = paths(target);
  if (!fs.existsSync(p.manifest))
    throw new Error(
      `${p.manifest} not found: give the backup's name without an extension`,
    );
  const manifest = JSON.parse(fs.readFileSync(p.manifest, "utf8")) as Manifest;
  if (manifest.format !== 1)
    throw new Error(`Unknown backup format ${String(manifest.format)}`);
  if (fs.existsSync(path.join(dataDir, "stageline.db")))
    throw new Error(
      `${dataDir} already holds a database; restore into an empty data folder`,
    );
  if (sha256OfFile(p.db) !== manifest.database.sha256)
    throw new Error(`${p.db} does not match its manifest (SHA-256 differs)`);
  const kept = localBlobStore(p.blobs);
  for (const b of manifest.blobs) {
    if (!(await kept.stat(b.sha256)))
      throw new Error(`Artifact file ${b.sha256} is missing from ${p.blobs}`);
    // Read to its end through the verifying stream: nothing is written until every file checks out.
    await pipeline(
      kept.open(b.sha256, b.size),
      new Writable({ write: (_chunk, _enc, done) => done() }),
    ).catch(() => {
      throw new Error(`Artifact file ${b.sha256} in the backup is corrupted`);
    });
  }
  // The secret signs sessions (and keys what is derived from it): a wrong one would restore a server
  // whose cookies and keys do not match its database, so it is checked like every other file.
  if (manifest.secret) {
    if (!fs.existsSync(p.secret))
      throw new Error(
        `${p.secret} is missing, but the manifest lists a secret file`,
      );
    if (
      manifest.secret_sha256 &&
      sha256OfFile(p.secret) !== manifest.secret_sha256
    )
      throw new Error(
        `${p.secret} does not match its manifest (SHA-256 differs)`,
      );
    if (!manifest.secret_sha256)
      log(
        `note: this backup's manifest predates secret checksums; ${p.secret} is restored unchecked`,
      );
  }
  const auditKey = checkAuditKey(manifest, p.auditKey, dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dataDir, "blobs"), { recursive: true });
  const live = localBlobStore(path.join(dataDir, "blobs"));
  for (const b of manifest.blobs) await copyBlob(kept, live, b);
  if (manifest.secret) fs.copyFileSync(p.secret, path.join(dataDir, "secret"));
  if (auditKey && !fs.existsSync(path.join(dataDir, AUDIT_KEY_FILE)))
    fs.writeFileSync(path.join(dataDir, AUDIT_KEY_FILE), auditKey, {
      mode: 0o600,
      flag: "wx",
    });
  fs.copyFileSync(p.db, path.join(dataDir, "stageline.db"));
  for (const f of ["secret", "stageline.db"])
    if (fs.existsSync(path.join(dataDir, f)))
      fs.chmodSync(path.join(dataDir, f), 0o600);
  const db = new Database(path.join(dataDir, "stageline.db"));
  const integrity = db.pragma("integrity_check", { simple: true });
  db.close();
  if (integrity !== "ok")
    throw new Error(
      `The restored database fails its integrity check: ${String(integrity)}`,
    );
  log(
    `restored the database and ${manifest.blobs.length} artifact files (all SHA-256 checked) into ${dataDir}`,
  );
  return manifest;
}

/** Copies the audit key beside the backup (0600) and returns its digest for the manifest. */
function backUpAuditKey(
  dataDir: string,
  target: string,
  log: (line: string) => void,
): { sha256: string } | null {
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  if (!fs.existsSync(file)) {
    if (process.env.STAGELINE_AUDIT_KEY)
      log(
        "the audit key comes from STAGELINE_AUDIT_KEY: keep it with this backup, or the restored audit log cannot be verified",
      );
    return null;
  }
  const key = fs.readFileSync(file);
  fs.writeFileSync(target, key, { mode: 0o600, flag: "wx" });
  return { sha256: createHash("sha256").update(key).digest("hex") };
}

/** The backed-up audit key, checked against the manifest (and any key already in the target) before anything is restored. */
function checkAuditKey(
  manifest: Manifest,
  file: string,
  dataDir: string,
): Buffer | null {
  // An anchor in the target folder would describe another log than the one restored.
  if (fs.existsSync(path.join(dataDir, ANCHOR_FILE)))
    throw new Error(
      `${path.join(dataDir, ANCHOR_FILE)} belongs to another audit log; restore into an empty data folder`,
    );
  if (!manifest.audit_key) return null;
  if (!fs.existsSync(file))
    throw new Error(
      `${file} is missing: the backup's audit key is needed to verify the restored audit log`,
    );
  const key = fs.readFileSync(file);
  const digest = createHash("sha256").update(key).digest("hex");
  if (digest !== manifest.audit_key.sha256)
    throw new Error(`${file} does not match its manifest (SHA-256 differs)`);
  const present = path.join(dataDir, AUDIT_KEY_FILE);
  if (
    fs.existsSync(present) &&
    createHash("sha256").update(fs.readFileSync(present)).digest("hex") !==
      digest
  ) {
    throw new Error(
      `${present} holds another audit key than the backup's; remove it (a server started on this folder made it) and restore again`,
    );
  }
  return key;
}
