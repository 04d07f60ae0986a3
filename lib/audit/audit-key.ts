// The key of the audit chain's HMAC: STAGELINE_AUDIT_KEY, or one generated once into the data
// folder (`audit-key`, 0600). It is never stored in the database, so whoever can only write the
// database cannot re-hash a rewritten event (see lib/audit/audit.ts). Kept like the session secret
// (lib/auth/secret.ts, through lib/auth/key-file.ts: created atomically, shared by every process)
// but as its own key: the two protect different things and leak differently.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { keyFile } from "@/lib/auth/key-file";
import { dataDir } from "@/lib/config";

export const AUDIT_KEY_FILE = "audit-key";
const MIN_ENV_KEY_LENGTH = 16;

const keyInFolder = keyFile(
  () => randomBytes(32).toString("base64url"),
  (text, file) => {
    const key = text.trim();
    if (!key)
      throw new Error(
        `${file} is empty; restore it from a backup or remove it to start a new chain key`,
      );
    return key;
  },
);

/** The audit key of this data folder (or STAGELINE_AUDIT_KEY). Created on first use. */
export function auditKey(): string {
  const fromEnv = process.env.STAGELINE_AUDIT_KEY;
  if (fromEnv) {
    // A short key could be guessed offline from any two adjacent events, which would undo the point.
    if (fromEnv.length < MIN_ENV_KEY_LENGTH)
      throw new Error(
        `STAGELINE_AUDIT_KEY must be at least ${MIN_ENV_KEY_LENGTH} characters (e.g. openssl rand -base64 32)`,
      );
    return fromEnv;
  }
  return keyInFolder.read(path.join(dataDir(), AUDIT_KEY_FILE));
}

/** The key kept in another data folder (a restored backup), without creating one. */
export function auditKeyIn(folder: string): string | null {
  try {
    return (
      fs.readFileSync(path.join(folder, AUDIT_KEY_FILE), "utf8").trim() || null
    );
  } catch {
    return null;
  }
}
