// The keys Stageline keeps in its data folder (session secret, audit key, signing key), shared by
// every process serving that folder. Created once, atomically: written whole under a temporary
// name and linked into place, so a process starting beside the creator never reads a half-written
// or empty file, and the loser of a creation race reads the winner's key. Read once per process and
// re-read only when the file itself changes (another inode, size or mtime: a key replaced by an
// operator or restored from a backup), checked with one stat per use, so every process sees a
// replacement at its next use without a restart.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

type Known<T> = {
  file: string;
  ino: number;
  size: number;
  mtimeMs: number;
  value: T;
};

export type KeyFile<T> = {
  /** The key in `file`, created with `generate()` if there is none. */
  read: (file: string) => T;
};

/**
 * A reader of one kind of key file. `parse` turns the file's text into the key and throws, naming
 * the file, when it is not one (an empty file is never a key: it is refused, not replaced).
 */
export function keyFile(generate: () => string): KeyFile<string>;
export function keyFile<T>(
  generate: () => string,
  parse: (text: string, file: string) => T,
): KeyFile<T>;
export function keyFile<T>(
  generate: () => string,
  parse?: (text: string, file: string) => T,
): KeyFile<T | string> {
  const read = parse ?? trimmed;
  // One entry: a process serves one data folder (tests switch folders, and re-read).
  let known: Known<T | string> | null = null;
  return {
    read(file) {
      let st = statOf(file);
      if (
        known &&
        st &&
        known.file === file &&
        known.ino === st.ino &&
        known.size === st.size &&
        known.mtimeMs === st.mtimeMs
      )
        return known.value;
      if (!st) {
        createOnce(file, generate());
        st = statOf(file);
      }
      const value = read(fs.readFileSync(file, "utf8"), file);
      known = st
        ? { file, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, value }
        : null;
      return value;
    },
  };
}

function trimmed(text: string, file: string): string {
  const value = text.trim();
  if (!value)
    throw new Error(
      `${file} is empty; restore it from a backup or remove it to generate a new key`,
    );
  return value;
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Puts `contents` at `file` unless it exists (then another process won: its key stands). */
function createOnce(file: string, contents: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, contents, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
