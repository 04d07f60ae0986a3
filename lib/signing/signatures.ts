// A version's signature bundles as the API serves and takes them: Stageline's own (model.sig) and one
// a team's CI may upload, accepted only when it verifies under a registered, unrevoked key over the
// version's current files.
import "server-only";
import type { KeyObject } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  signingKeys,
  versionSignatures,
  type SIGNATURE_KINDS,
  type SigningKeyRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { assertModelAccessByName } from "@/lib/registry/model-permissions";
import { DomainError } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { manifestDigest, manifestOf } from "@/lib/registry/content";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { bundleHint, keyHint, verifyBundle } from "./bundle";
import { parsePublicKey, stagelineKey } from "./keys";

export type SignatureKind = (typeof SIGNATURE_KINDS)[number];
export type UploadedSignatureDto = {
  kind: "uploaded";
  content_digest: string;
  key: { id: number; name: string; fingerprint: string };
  created_at: number;
};

/** Largest bundle accepted: a statement lists each file once, so this allows tens of thousands of files. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

/** The bundle JSON text (model.sig) of the version, Stageline's own unless `kind` asks for the uploaded one. */
export function getVersionSignature(
  actor: Actor,
  modelName: string,
  version: string,
  kind: SignatureKind = "stageline",
): string {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const row = db
    .select({ bundle: versionSignatures.bundle })
    .from(versionSignatures)
    .where(
      and(
        eq(versionSignatures.versionId, v.id),
        eq(versionSignatures.kind, kind),
      ),
    )
    .get();
  if (!row)
    throw new DomainError(
      "not_found",
      kind === "uploaded"
        ? `Version ${v.version} of '${modelName}' has no uploaded signature`
        : `Version ${v.version} of '${modelName}' has no Stageline signature`,
    );
  return row.bundle;
}

/** Stageline's public key, PEM, for `model_signing verify key --public_key`. */
export function stagelinePublicKey(actor: Actor): {
  pem: string;
  fingerprint: string;
} {
  assertCan(actor, "models.read");
  const key = stagelineKey();
  return { pem: key.publicPem, fingerprint: key.fingerprint };
}

/**
 * Stores a team's bundle for the version (replacing an earlier one) after verifying it: signed by a
 * registered key that is not revoked (found by the bundle's key hint), over exactly the version's
 * current files. Anything else is a 400 that names the reason.
 */
export function uploadVersionSignature(
  actor: Actor,
  modelName: string,
  version: string,
  bundleText: string,
): UploadedSignatureDto {
  assertModelAccessByName(actor, "versions.write", modelName);
  if (Buffer.byteLength(bundleText) > MAX_BUNDLE_BYTES)
    throw new DomainError(
      "too_large",
      `The signature is larger than ${MAX_BUNDLE_BYTES} bytes`,
      {
        fields: { body: ["Too large"] },
        limit: MAX_BUNDLE_BYTES,
      },
    );
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      assertWritable(model, v);
      const manifest = manifestOf(tx, v.id);
      const files = manifest.map((e) => ({ name: e.path, digest: e.sha256 }));
      const hint = bundleHint(bundleText);
      const candidates = tx
        .select()
        .from(signingKeys)
        .where(isNull(signingKeys.revokedAt))
        .all()
        .flatMap((row) => withKey(row));
      const ours = stagelineKey();
      if (hint === ours.hint)
        refuse(
          "The bundle is signed with Stageline's own key; upload a signature made with your team's key (Stageline signs every version itself)",
        );
      let chosen: { row: SigningKeyRow; key: KeyObject } | undefined;
      if (hint !== null) {
        chosen = candidates.find((c) => keyHint(c.key) === hint);
        if (!chosen) {
          const revoked = tx
            .select()
            .from(signingKeys)
            .all()
            .flatMap((row) => withKey(row))
            .find((c) => keyHint(c.key) === hint);
          if (revoked)
            refuse(
              `The bundle is signed with '${revoked.row.name}', a key revoked on ${new Date(revoked.row.revokedAt ?? 0).toISOString().slice(0, 10)}`,
            );
          refuse(
            `The bundle is signed with a key that is not registered (hint ${hint}); an admin adds it under Settings › Signing keys`,
          );
        }
        const res = verifyBundle(bundleText, files, chosen.key);
        if (!res.ok)
          refuse(
            `The signature does not verify with '${chosen.row.name}': ${res.reason}`,
          );
      } else {
        // No hint (older model_signing): the first registered key under which it verifies.
        const reasons: string[] = [];
        for (const c of candidates) {
          const res = verifyBundle(bundleText, files, c.key);
          if (res.ok) {
            chosen = c;
            break;
          }
          reasons.push(`${c.row.name}: ${res.reason}`);
        }
        if (!chosen)
          refuse(
            candidates.length === 0
              ? "No signing key is registered; an admin adds the team's public key under Settings › Signing keys"
              : `The signature verifies with no registered key (${reasons.slice(0, 3).join("; ")})`,
          );
      }
      const digest = manifestDigest(manifest);
      const now = Date.now();
      const by = actor.id === "system" ? null : actor.id;
      const values = {
        bundle: bundleText,
        contentDigest: digest,
        keyFingerprint: chosen.row.fingerprint,
        signingKeyId: chosen.row.id,
        createdBy: by,
        createdAt: now,
      };
      tx.insert(versionSignatures)
        .values({ versionId: v.id, kind: "uploaded", ...values })
        .onConflictDoUpdate({
          target: [versionSignatures.versionId, versionSignatures.kind],
          set: values,
        })
        .run();
      emit(tx, actor, {
        action: "signature.uploaded",
        entityType: "model_version",
        entityId: v.id,
        after: {
          model: model.name,
          version: v.version,
          content_digest: digest,
          key: chosen.row.name,
          fingerprint: chosen.row.fingerprint,
        },
      });
      return {
        kind: "uploaded",
        content_digest: digest,
        key: {
          id: chosen.row.id,
          name: chosen.row.name,
          fingerprint: chosen.row.fingerprint,
        },
        created_at: now,
      };
    },
    { behavior: "immediate" },
  );
}

function withKey(row: SigningKeyRow): { row: SigningKeyRow; key: KeyObject }[] {
  try {
    return [{ row, key: parsePublicKey(row.publicKey) }];
  } catch {
    return [];
  }
}

function refuse(message: string): never {
  throw new DomainError("invalid", message, {
    fields: { signature: [message] },
  });
}
