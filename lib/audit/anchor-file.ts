// The audit chain's anchor file: the count and hash of the newest verified event, written beside
// the database (`audit-anchor.json` in the data folder). A rewrite of the database cannot reach it,
// so the verifier compares the chain against it and notices events cut from the end even when the
// forger also lowered sqlite_sequence. Plain file operations only; lib/audit/anchor.ts decides when.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

export const ANCHOR_FILE = "audit-anchor.json";

export type Anchor = {
  format: 1;
  /** Events in the chain up to and including the anchored head (ids run 1..count). */
  count: number;
  /** The HMAC of event #count. */
  head_hash: string;
  /** When this anchor was written. */
  at: string;
  /** When the `audit.anchor` webhook event was last queued (the scheduler sends it at its own interval). */
  sent_at: string | null;
};

export function anchorPath(folder = dataDir()): string {
  return path.join(folder, ANCHOR_FILE);
}

/** The anchor, null when there is none yet; throws on a file that is there but unreadable. */
export function readAnchor(file = anchorPath()): Anchor | null {
  let text: string;
  try {
    text = fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<Anchor>;
  if (
    parsed.format !== 1 ||
    !Number.isInteger(parsed.count) ||
    typeof parsed.head_hash !== "string" ||
    typeof parsed.at !== "string"
  ) {
    throw new Error(
      `${file} is not an audit anchor (format 1 with count and head_hash)`,
    );
  }
  return {
    format: 1,
    count: parsed.count as number,
    head_hash: parsed.head_hash,
    at: parsed.at,
    sent_at: parsed.sent_at ?? null,
  };
}

/**
 * Replaces the anchor atomically (a temporary file, fsync, rename), so a crash leaves the old
 * anchor or the new one, never half of one. Refuses to move the anchor back: an anchor that
 * recorded more events than `next` is the evidence of a cut, and is kept.
 */
export function writeAnchor(next: Anchor, file = anchorPath()): boolean {
  const current = readAnchor(file);
  if (current && current.count > next.count) return false;
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(next, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return true;
}
