// Which of a version's files are unsafe: pickles whose upload scan found imports outside the
// allowlist (or that could not be scanned), for the version page, the REST version and the
// built-in "no unsafe files" promotion gate.
import "server-only";
import { asc, eq, inArray, type SQL } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { artifacts } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import type { FileSafety } from "@/lib/lifecycle/gates";
import { loadModel, loadVersion } from "./load";
import type { ArtifactScan } from "./scan";

export type UnsafeFile = {
  path: string;
  /** Globals the pickle imports outside the allowlist, `module.name`. */
  imports: string[];
  /** Other reasons: not a valid pickle, too large or impossible to scan, never scanned. */
  reasons: string[];
};

// Files that were pickles by name but were stored before uploads were scanned (scan is null):
// nothing vouches for them, so they count as unsafe until a new version carries a scanned copy.
const PICKLE_NAMES = /\.(pkl|pickle|joblib|pt|pth|ckpt)$/i;

type Row = { versionId: number; path: string; scan: string | null };

/** The artifacts `which` picks, by path, with what their upload scan found. */
function scanRows(db: Db | Tx, which: SQL): Row[] {
  return db
    .select({
      versionId: artifacts.versionId,
      path: artifacts.path,
      scan: artifacts.scan,
    })
    .from(artifacts)
    .where(which)
    .orderBy(asc(artifacts.path))
    .all();
}

function classify(rows: Row[]): { scanned: number; unsafe: UnsafeFile[] } {
  let scanned = 0;
  const unsafe: UnsafeFile[] = [];
  for (const row of rows) {
    const scan = row.scan ? (JSON.parse(row.scan) as ArtifactScan) : null;
    if (scan?.kind === "pickle") scanned++;
    if (scan?.status === "unsafe") {
      // Import findings are `module.name` with whitespace escaped by the scanner; reasons are sentences.
      unsafe.push({
        path: row.path,
        imports: scan.findings.filter((f) => !/\s/.test(f)),
        reasons: scan.findings.filter((f) => /\s/.test(f)),
      });
    } else if (!scan && PICKLE_NAMES.test(row.path)) {
      unsafe.push({
        path: row.path,
        imports: [],
        reasons: ["not scanned: stored before uploads were scanned"],
      });
    }
  }
  return { scanned, unsafe };
}

/** The unsafe files of each version, by version id (versions with none are absent). */
export function unsafeFilesOf(
  db: Db | Tx,
  versionIds: number[],
): Map<number, UnsafeFile[]> {
  const out = new Map<number, UnsafeFile[]>();
  if (versionIds.length === 0) return out;
  const rows = scanRows(db, inArray(artifacts.versionId, versionIds));
  for (const id of versionIds) {
    const { unsafe } = classify(rows.filter((r) => r.versionId === id));
    if (unsafe.length) out.set(id, unsafe);
  }
  return out;
}

/** What the "no unsafe files" gate judges. */
export function fileSafety(db: Db | Tx, versionId: number): FileSafety {
  const { scanned, unsafe } = classify(
    scanRows(db, eq(artifacts.versionId, versionId)),
  );
  return {
    scanned,
    unsafe: unsafe.map((f) => ({
      path: f.path,
      findings: [...f.imports, ...f.reasons],
    })),
  };
}

export function listUnsafeFiles(
  actor: Actor,
  modelName: string,
  version: string,
): UnsafeFile[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return unsafeFilesOf(db, [v.id]).get(v.id) ?? [];
}
