// ONNX sessions, loaded once per artifact (by its SHA-256) and cached, and run on input matrices.
import "server-only";
import type { InferenceSession as Session } from "onnxruntime-node";
import { asc, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { artifacts } from "@/db/schema";
import { blobStore } from "@/lib/blobs/blob-store";
import { createCheckedSession, runRows } from "@/lib/onnx/session";

type LoadedSession = { session: Session; label: string };
/** A session being built, and once built the session itself (so a prediction need not wait on a promise). */
type SessionEntry = {
  loading: Promise<LoadedSession>;
  loaded: LoadedSession | null;
};
// ONNX sessions by the artifact's SHA-256, least recently used out (each holds a model in memory).
const sessions = new LRUCache<string, SessionEntry>({ max: 32 });

/**
 * Runs an ONNX model (by its blob's SHA-256) on a row-major float32 matrix: one output row per
 * input row, within the output caps (422 beyond), a few runs at once per process.
 */
export function predictMatrix(
  sha256: string,
  data: Float32Array,
  rows: number,
  cols: number,
): Promise<Float32Array> {
  const entry = sessionEntry(sha256);
  // A built session is run at once; only the first requests for a model wait for it to load.
  if (entry.loaded)
    return runRows(entry.loaded.session, entry.loaded.label, data, rows, cols);
  return entry.loading.then(({ session, label }) =>
    runRows(session, label, data, rows, cols),
  );
}

function sessionEntry(sha256: string): SessionEntry {
  let entry = sessions.get(sha256);
  if (!entry) {
    const p = (async () => {
      const label = artifactLabel(sha256);
      // The artifact is verified once, when its session is built (a corrupted one is a 409).
      const bytes = await blobStore().read(sha256, label);
      // Checked again on every load: a model stored before the check existed is refused here.
      return { session: await createCheckedSession(bytes, label), label };
    })();
    const created: SessionEntry = { loading: p, loaded: null };
    entry = created;
    sessions.set(sha256, created);
    // A failed load is not kept (a later one may succeed), unless a newer load has replaced it.
    p.then(
      (loaded) => {
        created.loaded = loaded;
      },
      () => sessions.get(sha256) === created && sessions.delete(sha256),
    );
  }
  return entry;
}

/** How errors name a stored model: its artifact path (any version's, the bytes are the same). */
export function artifactLabel(sha256: string): string {
  return (
    getDb()
      .select({ path: artifacts.path })
      .from(artifacts)
      .where(eq(artifacts.sha256, sha256))
      .orderBy(asc(artifacts.path))
      .get()?.path ?? `sha256 ${sha256.slice(0, 12)}`
  );
}
