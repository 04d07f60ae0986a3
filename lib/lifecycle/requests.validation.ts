import { z } from "zod";
import { TARGET_STAGES } from "@/db/schema";
import { aliasSchema } from "@/lib/registry/registry.validation";

export const requestTransitionSchema = z.object({
  to_stage: z.preprocess(
    (v) => (typeof v === "string" ? v.toLowerCase() : v),
    z.enum(TARGET_STAGES, {
      message: `to_stage must be one of ${TARGET_STAGES.join(", ")}`,
    }),
  ),
  comment: z
    .string({ error: "comment must be text" })
    .max(10_000, { message: "comment must be at most 10,000 characters" })
    .default(""),
});
export type RequestTransitionInput = z.input<typeof requestTransitionSchema>;

/** An alias request: point a protected alias at the version in the URL, under the production policy. */
export const aliasRequestSchema = z.object({
  alias: aliasSchema,
  comment: requestTransitionSchema.shape.comment,
});
export type AliasRequestInput = z.input<typeof aliasRequestSchema>;

export const decisionSchema = z.object({
  comment: z.string({ error: "comment must be text" }).max(10_000).default(""),
});
export const rejectSchema = z.object({
  comment: z
    .string({ error: "A rejection needs a comment" })
    .trim()
    .min(1, { message: "A rejection needs a comment saying why" })
    .max(10_000),
});
export const overrideSchema = z.object({
  to_stage: requestTransitionSchema.shape.to_stage,
  reason: z
    .string({ error: "An override needs a written reason" })
    .trim()
    .min(10, { message: "Write a reason of at least 10 characters" })
    .max(10_000),
});
