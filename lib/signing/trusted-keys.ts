// The public keys a team trusts for signatures made outside Stageline (its CI): added and revoked by
// admins. A revoked key stays listed, so signatures it made keep naming it, but no longer passes gates.
import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { signingKeys, type SigningKeyRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { keyHint, publicKeyPem } from "./bundle";
import { fingerprintOf, parsePublicKey, stagelineKey } from "./keys";

export const signingKeyInputSchema = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, { message: "name is required" })
    .max(100, { message: "name is at most 100 characters" }),
  public_key: z
    .string({ error: "public_key is required (PEM)" })
    .max(10_000, { message: "public_key is at most 10000 characters" }),
});

export type SigningKeyDto = {
  id: number;
  name: string;
  fingerprint: string;
  hint: string;
  public_key: string;
  created_at: number;
  revoked_at: number | null;
};

export function listSigningKeys(actor: Actor): SigningKeyDto[] {
  assertCan(actor, "signing_keys.manage");
  return getDb()
    .select()
    .from(signingKeys)
    .orderBy(asc(signingKeys.id))
    .all()
    .map(toDto);
}

export function addSigningKey(actor: Actor, input: unknown): SigningKeyDto {
  assertCan(actor, "signing_keys.manage");
  const data = parseInput(signingKeyInputSchema, input);
  const key = parsePublicKey(data.public_key);
  const fingerprint = fingerprintOf(key);
  // Trusting Stageline's own key would let anyone re-upload model.sig as a "team" signature.
  if (fingerprint === stagelineKey().fingerprint)
    throw new DomainError(
      "invalid",
      "This is Stageline's own signing key; register the key your team's CI signs with",
      {
        fields: { public_key: ["Stageline's own key"] },
      },
    );
  return getDb().transaction(
    (tx) => {
      const same = tx
        .select()
        .from(signingKeys)
        .where(eq(signingKeys.fingerprint, fingerprint))
        .get();
      if (same) {
        const state =
          same.revokedAt === null
            ? ""
            : `, revoked on ${new Date(same.revokedAt).toISOString().slice(0, 10)}`;
        throw new DomainError(
          "conflict",
          `This key is already registered as '${same.name}' (#${same.id}${state})`,
          {
            fields: { public_key: ["Already registered"] },
          },
        );
      }
      // Stored in its canonical PEM form, so its model_signing hint can be recomputed from it.
      const row = tx
        .insert(signingKeys)
        .values({
          name: data.name,
          publicKey: publicKeyPem(key),
          fingerprint,
          createdBy: actor.id === "system" ? null : actor.id,
          createdAt: Date.now(),
        })
        .returning()
        .get();
      emit(tx, actor, {
        action: "signing_key.added",
        entityType: "signing_key",
        entityId: row.id,
        after: { name: row.name, fingerprint },
      });
      return toDto(row);
    },
    { behavior: "immediate" },
  );
}

export function revokeSigningKey(actor: Actor, id: number): SigningKeyDto {
  assertCan(actor, "signing_keys.manage");
  return getDb().transaction(
    (tx) => {
      const row = tx
        .select()
        .from(signingKeys)
        .where(eq(signingKeys.id, id))
        .get();
      if (!row)
        throw new DomainError("not_found", `Signing key #${id} not found`);
      if (row.revokedAt !== null)
        throw new DomainError(
          "conflict",
          `Signing key '${row.name}' was already revoked on ${new Date(row.revokedAt).toISOString().slice(0, 10)}`,
        );
      const updated = tx
        .update(signingKeys)
        .set({ revokedAt: Date.now() })
        .where(eq(signingKeys.id, id))
        .returning()
        .get();
      emit(tx, actor, {
        action: "signing_key.revoked",
        entityType: "signing_key",
        entityId: id,
        before: { revoked_at: null },
        after: {
          name: row.name,
          fingerprint: row.fingerprint,
          revoked_at: updated.revokedAt,
        },
      });
      return toDto(updated);
    },
    { behavior: "immediate" },
  );
}

function toDto(row: SigningKeyRow): SigningKeyDto {
  return {
    id: row.id,
    name: row.name,
    fingerprint: row.fingerprint,
    hint: hintOf(row.publicKey),
    public_key: row.publicKey,
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
  };
}

function hintOf(pem: string): string {
  try {
    return keyHint(parsePublicKey(pem));
  } catch {
    return "";
  }
}
