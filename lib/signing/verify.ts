// Checking a version's signatures at the moment its bytes are used (download, loading for serving):
// the stored bundles must still cover the version's current manifest, under the right keys. A
// mismatch means the database was changed behind Stageline's back; it refuses and alerts the admins.
import "server-only";
import type { KeyObject } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb, type Db, type Tx } from "@/db/client";
import {
  auditEvents,
  modelVersions,
  registeredModels,
  signingKeys,
  user,
  versionSignatures,
  type SigningKeyRow,
} from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { emit } from "@/lib/events/dispatch";
import {
  manifestDigest,
  manifestOf,
  type ManifestEntry,
} from "@/lib/registry/content";
import { verifyBundle } from "./bundle";
import { fingerprintOf, parsePublicKey, stagelineKey } from "./keys";

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

// Versions whose signatures were verified over a content digest by a key: a hit skips the ECDSA work
// on the next download. Keyed by the digest, so changed content is always checked again.
const verified = new LRUCache<string, true>({ max: 5000 });

/**
 * Verifies the version's Stageline bundle (and a team's uploaded bundle, if any, under the trusted
 * key that verified it on upload) against its current manifest. On a mismatch it records the
 * `signature.mismatch` audit event and notifies the admins, once per content digest. Call it outside
 * a transaction that will roll back, or that alert is lost with it.
 */
export function verifyVersionForServing(
  db: Db | Tx,
  versionId: number,
): SignatureCheck {
  const manifest = manifestOf(db, versionId);
  const digest = manifestDigest(manifest);
  const result = check(db, versionId, manifest, digest);
  if (!result.ok) raiseMismatch(versionId, digest, result.reason);
  return result;
}

function check(
  db: Db | Tx,
  versionId: number,
  manifest: ManifestEntry[],
  digest: string,
): SignatureCheck {
  const rows = db
    .select()
    .from(versionSignatures)
    .where(eq(versionSignatures.versionId, versionId))
    .all();
  const own = rows.find((r) => r.kind === "stageline");
  if (!own) return { ok: false, reason: "it has no Stageline signature" };
  const files = manifest.map((e) => ({ name: e.path, digest: e.sha256 }));
  const key = stagelineKey();
  const memo = `${versionId}:${digest}:${key.fingerprint}`;
  if (!verified.has(memo)) {
    if (own.keyFingerprint !== key.fingerprint)
      return {
        ok: false,
        reason: `its Stageline signature was made with another key (${own.keyFingerprint}), not this server's key (${key.fingerprint})`,
      };
    const res = verifyBundle(own.bundle, files, key.publicKey);
    if (!res.ok)
      return {
        ok: false,
        reason: `its Stageline signature does not match its files: ${res.reason}`,
      };
    verified.set(memo, true);
  }
  const uploaded = rows.find((r) => r.kind === "uploaded");
  if (!uploaded) return { ok: true };
  const trusted = registeredKeyOf(db, uploaded);
  if (!trusted)
    return {
      ok: false,
      reason: "its uploaded signature names no registered key",
    };
  const teamMemo = `${versionId}:${digest}:${trusted.fingerprint}:uploaded`;
  if (verified.has(teamMemo)) return { ok: true };
  const teamKey = teamKeyOf(trusted.publicKey);
  if (!teamKey || fingerprintOf(teamKey) !== uploaded.keyFingerprint)
    return {
      ok: false,
      reason: `its uploaded signature's key ${uploaded.keyFingerprint} is not the registered key '${trusted.name}'`,
    };
  const res = verifyBundle(uploaded.bundle, files, teamKey);
  if (!res.ok)
    return {
      ok: false,
      reason: `its uploaded signature (key '${trusted.name}') does not match its files: ${res.reason}`,
    };
  verified.set(teamMemo, true);
  return { ok: true };
}

/** For the `signed by trusted key` gate: a verified uploaded bundle, by a key not revoked, over the current content. */
export function trustedSignatureStatus(
  db: Db | Tx,
  versionId: number,
): { pass: boolean; detail: string } {
  const row = db
    .select()
    .from(versionSignatures)
    .where(
      and(
        eq(versionSignatures.versionId, versionId),
        eq(versionSignatures.kind, "uploaded"),
      ),
    )
    .get();
  if (!row)
    return {
      pass: false,
      detail:
        "no signature from a trusted key has been uploaded for this version",
    };
  const trusted = registeredKeyOf(db, row);
  if (!trusted)
    return {
      pass: false,
      detail: "the uploaded signature names no registered key",
    };
  if (trusted.revokedAt !== null)
    return {
      pass: false,
      detail: `signed by '${trusted.name}', a key revoked on ${new Date(trusted.revokedAt).toISOString().slice(0, 10)}`,
    };
  const manifest = manifestOf(db, versionId);
  const digest = manifestDigest(manifest);
  if (row.contentDigest !== digest)
    return {
      pass: false,
      detail: `the uploaded signature covers content ${row.contentDigest.slice(0, 12)}…, not the current ${digest.slice(0, 12)}…`,
    };
  const teamKey = teamKeyOf(trusted.publicKey);
  if (!teamKey)
    return {
      pass: false,
      detail: `the registered key '${trusted.name}' is not a usable public key`,
    };
  const res = verifyBundle(
    row.bundle,
    manifest.map((e) => ({ name: e.path, digest: e.sha256 })),
    teamKey,
  );
  if (!res.ok)
    return {
      pass: false,
      detail: `the uploaded signature does not verify: ${res.reason}`,
    };
  return {
    pass: true,
    detail: `signed by '${trusted.name}' (${trusted.fingerprint.slice(0, 16)}…) over content ${digest.slice(0, 12)}…`,
  };
}

function teamKeyOf(pem: string): KeyObject | null {
  try {
    return parsePublicKey(pem);
  } catch {
    return null;
  }
}

// Digests already alerted on in this process; the audit trail is the cross-process record.
const alerted = new LRUCache<string, true>({ max: 5000 });

function raiseMismatch(
  versionId: number,
  digest: string,
  reason: string,
): void {
  const memo = `${versionId}:${digest}`;
  if (alerted.has(memo)) return;
  getDb().transaction(
    (tx) => {
      const earlier = tx
        .select({ after: auditEvents.after })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "signature.mismatch"),
            eq(auditEvents.entityType, "model_version"),
            eq(auditEvents.entityId, String(versionId)),
          ),
        )
        .all();
      if (
        earlier.some(
          (e) =>
            e.after !== null &&
            (JSON.parse(e.after) as { content_digest?: string })
              .content_digest === digest,
        )
      )
        return;
      const v = tx
        .select({
          version: modelVersions.version,
          model: registeredModels.name,
        })
        .from(modelVersions)
        .innerJoin(
          registeredModels,
          eq(registeredModels.id, modelVersions.modelId),
        )
        .where(eq(modelVersions.id, versionId))
        .get();
      const label = v
        ? `version ${v.version} of '${v.model}'`
        : `version #${versionId}`;
      const admins = tx
        .select({ id: user.id })
        .from(user)
        .where(and(eq(user.role, "admin"), isNull(user.deactivatedAt)))
        .all();
      emit(
        tx,
        SYSTEM_ACTOR,
        {
          action: "signature.mismatch",
          entityType: "model_version",
          entityId: versionId,
          after: {
            model: v?.model ?? null,
            version: v?.version ?? null,
            content_digest: digest,
            reason,
          },
        },
        admins.map((a) => ({
          userId: a.id,
          kind: "signature.mismatch",
          message: `Signature mismatch: ${label} is refused (${reason})`,
          // A version gone from the registry still has its trail: the audit's mismatch events.
          link: v
            ? `/models/${encodeURIComponent(v.model)}/versions/${v.version}`
            : "/audit?action=signature.mismatch",
        })),
      );
    },
    { behavior: "immediate" },
  );
  alerted.set(memo, true);
}

/** The registered key an uploaded signature names, if it names one that exists. */
function registeredKeyOf(
  db: Db | Tx,
  signature: { signingKeyId: number | null },
): SigningKeyRow | undefined {
  if (signature.signingKeyId === null) return undefined;
  return db
    .select()
    .from(signingKeys)
    .where(eq(signingKeys.id, signature.signingKeyId))
    .get();
}
