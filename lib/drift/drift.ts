// Input drift: a version's reference distribution per feature (from its training data) against the
// live inputs its deployment received over a window: PSI with bands, KS (numbers) or chi-square and
// Jensen-Shannon (categories), and a warning when the window holds too few rows to judge.
import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { metricPoints, referenceDistributions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { assertModelAccessByName } from "@/lib/registry/model-permissions";
import { inVersionWrite } from "@/lib/registry/model-write";
import { getDeployment, loadDeployment } from "@/lib/deployments/deployments";
import { parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { parseRange } from "@/lib/monitoring/range";
import { RANGES, type Range } from "@/lib/monitoring/series";
import {
  compareFeature,
  type CategoricalRef,
  type FeatureDrift,
  type NumericRef,
  type RefRow,
} from "./compare";
import { MIN_ROWS } from "./constants";
import { binProportions, categoryCounts, quantileEdges, shares } from "./stats";
import { now as clockNow } from "@/lib/clock";

export { compareFeature, type FeatureDrift } from "./compare";

const SAMPLE = 1000;
const MAX_CATEGORIES = 200;

const finite = z
  .number()
  .refine(Number.isFinite, { message: "values must be finite numbers" });
export const referenceSchema = z
  .object({
    // Numbers are binned at reference quantiles; text values (or the features named in
    // `categorical`, e.g. one-hot or integer codes) are compared as category frequencies.
    features: z
      .record(
        z.string().min(1).max(250),
        z
          .union([z.array(finite), z.array(z.string().max(250))])
          .check(
            z.minLength(10, { message: "at least 10 values per feature" }),
            z.maxLength(1_000_000),
          ),
      )
      .refine((f) => Object.keys(f).length > 0, {
        message: "send at least one feature",
      }),
    categorical: z.array(z.string()).max(1000).optional(),
  })
  .superRefine((d, ctx) => {
    for (const name of d.categorical ?? [])
      if (!(name in d.features))
        ctx.addIssue({
          code: "custom",
          path: ["categorical"],
          message: `${name} is not one of the features sent`,
        });
    for (const [name, values] of Object.entries(d.features)) {
      const isCategorical =
        typeof values[0] === "string" || d.categorical?.includes(name);
      if (isCategorical && new Set(values.map(String)).size > MAX_CATEGORIES)
        ctx.addIssue({
          code: "custom",
          path: ["features", name],
          message: `at most ${MAX_CATEGORIES} distinct categories`,
        });
    }
  });

function numericRef(values: number[]): NumericRef {
  const edges = quantileEdges(values, 10);
  const sorted = [...values].sort((a, b) => a - b);
  const step = Math.max(1, sorted.length / SAMPLE);
  const sample = Array.from(
    { length: Math.min(SAMPLE, sorted.length) },
    (_, i) => sorted[Math.floor(i * step)] as number,
  );
  return { edges, proportions: binProportions(values, edges), sample };
}

/** Stores the reference distribution of each input feature of a version. */
export function setReference(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: unknown,
): { features: string[] } {
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(referenceSchema, input);
  return inVersionWrite(
    actor,
    "versions.write",
    modelName,
    version,
    (tx, _model, v, { actingAsAdmin }) => {
      const now = clockNow();
      const kinds: Record<string, "numeric" | "categorical"> = {};
      for (const [feature, values] of Object.entries(data.features)) {
        const kind =
          typeof values[0] === "string" || data.categorical?.includes(feature)
            ? "categorical"
            : "numeric";
        kinds[feature] = kind;
        const ref: NumericRef | CategoricalRef =
          kind === "numeric"
            ? numericRef(values as number[])
            : { proportions: shares(categoryCounts(values)) };
        const json = JSON.stringify(ref);
        tx.insert(referenceDistributions)
          .values({
            versionId: v.id,
            feature,
            kind,
            data: json,
            rows: values.length,
            createdAt: now,
          })
          .onConflictDoUpdate({
            target: [
              referenceDistributions.versionId,
              referenceDistributions.feature,
            ],
            set: { kind, data: json, rows: values.length, createdAt: now },
          })
          .run();
      }
      emit(tx, actor, {
        action: "reference.set",
        entityType: "model_version",
        entityId: v.id,
        after: {
          features: kinds,
          rows: Object.values(data.features)[0]?.length,
        },
        actingAsAdmin,
      });
      return { features: Object.keys(data.features) };
    },
  );
}

export function driftReport(
  actor: Actor,
  deploymentId: number,
  range: string,
  now = clockNow(),
): {
  deployment_id: number;
  range: Range;
  min_rows: number;
  features: FeatureDrift[];
} {
  assertCan(actor, "monitoring.read");
  const r = parseRange(range);
  getDeployment(actor, deploymentId);
  const dep = loadDeployment(getDb(), deploymentId);
  const since = now - RANGES[r];
  const features = referencesOf(dep.versionId).map((ref) =>
    compareFeature(ref, liveValues(deploymentId, ref.feature, since)),
  );
  return {
    deployment_id: deploymentId,
    range: r,
    min_rows: MIN_ROWS,
    features,
  };
}

function referencesOf(versionId: number): RefRow[] {
  return getDb()
    .select({
      feature: referenceDistributions.feature,
      kind: referenceDistributions.kind,
      data: referenceDistributions.data,
    })
    .from(referenceDistributions)
    .where(eq(referenceDistributions.versionId, versionId))
    .all();
}

/** The most recent live values of one input feature since a time (newest first). */
export function liveValues(
  deploymentId: number,
  feature: string,
  since: number,
  limit = 50_000,
): number[] {
  return getDb()
    .select({ v: metricPoints.value })
    .from(metricPoints)
    .where(
      and(
        eq(metricPoints.deploymentId, deploymentId),
        eq(metricPoints.name, `input.${feature}`),
        gte(metricPoints.at, since),
      ),
    )
    .orderBy(desc(metricPoints.at))
    .limit(limit)
    .all()
    .map((x) => x.v);
}
