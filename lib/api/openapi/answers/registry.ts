// What the registry's routes answer with, beside the DTO schemas of lib/registry/dto.ts.
import { z } from "zod";
import { MODEL_PERMISSION_LEVELS } from "@/db/schema";
import type { ArtifactDto } from "@/lib/registry/artifacts";
import type { ModelGrantDto } from "@/lib/registry/model-permissions";
import type { UploadedSignatureDto } from "@/lib/signing/signatures";
import type { SigningKeyDto } from "@/lib/signing/trusted-keys";
import { documents } from "../helpers";

export const tagsAnswer = z
  .record(z.string(), z.string())
  .describe("All the tags after the change");

export const grantSchema = documents<ModelGrantDto>()(
  z.object({
    user_id: z.string(),
    email: z.string(),
    name: z.string(),
    level: z.enum(MODEL_PERMISSION_LEVELS),
    created_at: z.number().int(),
  }),
);

export const signingKeySchema = documents<SigningKeyDto>()(
  z.object({
    id: z.number().int(),
    name: z.string(),
    fingerprint: z.string().describe("SHA-256 hex of the DER public key"),
    hint: z
      .string()
      .describe("model_signing's key hint: SHA-256 hex of the PEM"),
    public_key: z.string(),
    created_at: z.number().int(),
    revoked_at: z.number().int().nullable(),
  }),
);

export const uploadedSignatureSchema = documents<UploadedSignatureDto>()(
  z.object({
    kind: z.literal("uploaded"),
    content_digest: z.string(),
    key: z.object({
      id: z.number().int(),
      name: z.string(),
      fingerprint: z.string(),
    }),
    created_at: z.number().int(),
  }),
);

export const artifactSchema = documents<ArtifactDto>()(
  z.object({
    path: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    content_type: z.string(),
    created_at: z.number().int(),
  }),
);
