// What a version's evaluation, job and drift-reference routes answer with.
import { z } from "zod";
import type { setReference } from "@/lib/drift/drift";
import type { JobView } from "@/lib/workers/jobs";
import { documents, int } from "../helpers";

const figures = z.array(z.record(z.string(), z.unknown()));

/** The evaluation's top level; curves, slices and fairness are the figures of lib/evaluation/compute.ts. */
export const evaluationSchema = z.object({
  id: int,
  dataset: z.string(),
  split: z.string(),
  task: z.string(),
  rows: int.nullable().describe("Null for precomputed figures"),
  metrics: z.record(z.string(), z.number()),
  curves: z
    .record(z.string(), z.array(z.record(z.string(), z.unknown())))
    .describe("roc, pr, calibration, residuals: the points of each"),
  confusion: z
    .object({
      labels: z.array(z.string()),
      matrix: z.array(z.array(z.number())),
    })
    .nullable(),
  slices: figures,
  fairness: figures,
  history: z.array(
    z.object({ step: z.number(), metric: z.string(), value: z.number() }),
  ),
  importance: z.array(
    z.object({
      feature: z.string(),
      value: z.number(),
      std: z.number().optional(),
      method: z.literal("permutation").optional(),
      metric: z.string().optional(),
      sampled: z.object({ rows: int, of: int }).optional(),
    }),
  ),
  created_at: int,
});

export const jobSchema = documents<JobView>()(
  z.object({
    id: z.string(),
    label: z.string(),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.number().describe("0..1"),
    stage: z.string(),
    message: z.string().nullable(),
    started_at: int,
    updated_at: int,
  }),
);

export const referenceAnswer = documents<ReturnType<typeof setReference>>()(
  z.object({ features: z.array(z.string()) }),
);
