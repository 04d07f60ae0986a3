// Which file a version serves, and whether its signatures still hold: used by the prediction
// endpoint, by deployments and by permutation importance.
import "server-only";
import type { Db, Tx } from "@/db/client";
import type { ModelVersionRow } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import {
  manifestDigest,
  manifestOf,
  type ManifestEntry,
} from "@/lib/registry/content";
import { verifyVersionForServing } from "@/lib/signing/verify";

/**
 * The served file, after the version's signatures are checked against its files: a mismatch
 * refuses to serve (409) and raises an alert (lib/signing/verify.ts, once per content digest).
 */
export function verifiedModelFile(
  db: Db,
  version: ModelVersionRow,
): ManifestEntry | null {
  const file = servedModelFile(db, version);
  if (!file) return null;
  const signed = verifyVersionForServing(db, version.id);
  if (!signed.ok)
    throw new DomainError(
      "conflict",
      `v${version.version} will not be served: its signature does not match its files (${signed.reason})`,
    );
  return file;
}

/**
 * The file the built-in endpoint runs for a version: the one its `model_file` names, taken from
 * the manifest whose digest must still be the version's content digest (what approvals bound to
 * and what is signed). Null when the version names no ONNX model file.
 */
export function servedModelFile(
  db: Db | Tx,
  version: Pick<
    ModelVersionRow,
    "id" | "version" | "modelFile" | "contentDigest"
  >,
): ManifestEntry | null {
  if (!version.modelFile || !version.modelFile.toLowerCase().endsWith(".onnx"))
    return null;
  const manifest = manifestOf(db, version.id);
  const digest = manifestDigest(manifest);
  if (digest !== version.contentDigest) {
    console.error(
      `[stageline] version id ${version.id}: its files hash to ${digest}, not its content digest ${version.contentDigest}`,
    );
    throw new DomainError(
      "conflict",
      `The files of v${version.version} no longer match its approved content digest; it will not be served`,
    );
  }
  return manifest.find((f) => f.path === version.modelFile) ?? null;
}
