// Input drift: a version's reference distribution per feature (from its training data) against the
// live inputs its deployment received over a window: PSI with bands, KS (numbers) or chi-square and
// Jensen-Shannon (categories), and a warning when the window holds too few rows to judge.
import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deployments, metricPoints, referenceDistributions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { assertModelAccess, assertModelAccessByName } from "@/lib/registry/model-permissions";
import { getDeployment } from "@/lib/deployments/deployments";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { RANGES, type Range } from "@/lib/monitoring/queries";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { MIN_ROWS } from "./constants";
import { binProportions, categoryCounts, chiSquare, jensenShannon, ks, psi, psiBand, quantileEdges, shares } from "./stats";

const SAMPLE = 1000;
const MAX_CATEGORIES = 200;

const finite = z.number().refine(Number.isFinite, { message: "values must be finite numbers" });
export const referenceSchema = z
  .object({
    // Numbers are binned at reference quantiles; text values (or the features named in
    // `categorical`, e.g. one-hot or integer codes) are compared as category frequencies.
    features: z
      .record(z.string().min(1).max(250), z.union([z.array(finite), z.array(z.string().max(250))]).check(z.minLength(10, { message: "at least 10 values per feature" }), z.maxLength(1_000_000)))
      .refine((f) => Object.keys(f).length > 0, { message: "send at least one feature" }),
    categorical: z.array(z.string()).max(1000).optional(),
  })
  .superRefine((d, ctx) => {
    for (const name of d.categorical ?? []) if (!(name in d.features)) ctx.addIssue({ code: "custom", path: ["categorical"], message: `${name} is not one of the features sent` });
    for (const [name, values] of Object.entries(d.features)) {
      const isCategorical = typeof values[0] === "string" || d.categorical?.includes(name);
      if (isCategorical && new Set(values.map(String)).size > MAX_CATEGORIES) ctx.addIssue({ code: "custom", path: ["features", name], message: `at most ${MAX_CATEGORIES} distinct categories` });
    }
  });

type NumericRef = { edges: number[]; proportions: number[]; sample: number[] };
type CategoricalRef = { proportions: Record<string, number> };

function numericRef(values: number[]): NumericRef {
  const edges = quantileEdges(values, 10);
  const sorted = [...values].sort((a, b) => a - b);
  const step = Math.max(1, sorted.length / SAMPLE);
  const sample = Array.from({ length: Math.min(SAMPLE, sorted.length) }, (_, i) => sorted[Math.floor(i * step)] as number);
  return { edges, proportions: binProportions(values, edges), sample };
}

/** Stores the reference distribution of each input feature of a version. */
export function setReference(actor: Actor, modelName: string, version: string | number, input: unknown): { features: string[] } {
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(referenceSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      const { actingAsAdmin } = assertModelAccess(tx, actor, "versions.write", model);
      assertWritable(model, v);
      const now = Date.now();
      const kinds: Record<string, "numeric" | "categorical"> = {};
      for (const [feature, values] of Object.entries(data.features)) {
        const kind = typeof values[0] === "string" || data.categorical?.includes(feature) ? "categorical" : "numeric";
        kinds[feature] = kind;
        const ref: NumericRef | CategoricalRef = kind === "numeric" ? numericRef(values as number[]) : { proportions: shares(categoryCounts(values)) };
        const json = JSON.stringify(ref);
        tx.insert(referenceDistributions)
          .values({ versionId: v.id, feature, kind, data: json, rows: values.length, createdAt: now })
          .onConflictDoUpdate({ target: [referenceDistributions.versionId, referenceDistributions.feature], set: { kind, data: json, rows: values.length, createdAt: now } })
          .run();
      }
      emit(tx, actor, { action: "reference.set", entityType: "model_version", entityId: v.id, after: { features: kinds, rows: Object.values(data.features)[0]?.length }, actingAsAdmin });
      return { features: Object.keys(data.features) };
    },
    { behavior: "immediate" },
  );
}

export type FeatureDrift = {
  feature: string;
  kind: "numeric" | "categorical";
  rows: number;
  psi: number | null;
  band: "stable" | "moderate" | "significant" | null;
  /** The second test: two-sample Kolmogorov-Smirnov for numbers, chi-square goodness of fit for categories. */
  test: "ks" | "chi_square";
  statistic: number | null;
  p_value: number | null;
  /** Categories only: Jensen-Shannon distance (base 2, 0 = same shares, 1 = disjoint). */
  js_distance: number | null;
  too_few_rows: boolean;
};

type RefRow = { feature: string; kind: "numeric" | "categorical"; data: string };

/** Compares one feature's live values with its reference. */
export function compareFeature(r: RefRow, live: number[]): FeatureDrift {
  const test = r.kind === "numeric" ? "ks" : "chi_square";
  const base = { feature: r.feature, kind: r.kind, rows: live.length, test } as const;
  if (live.length < MIN_ROWS) return { ...base, psi: null, band: null, statistic: null, p_value: null, js_distance: null, too_few_rows: true };
  if (r.kind === "numeric") {
    const ref = JSON.parse(r.data) as NumericRef;
    const p = psi(ref.proportions, binProportions(live, ref.edges));
    const k = ks(ref.sample, live);
    return { ...base, psi: p, band: psiBand(p), statistic: k.d, p_value: k.pValue, js_distance: null, too_few_rows: false };
  }
  const ref = JSON.parse(r.data) as CategoricalRef;
  const counts = categoryCounts(live, new Set(Object.keys(ref.proportions)));
  const liveShares = shares(counts);
  const keys = [...new Set([...Object.keys(ref.proportions), ...Object.keys(liveShares)])];
  const p = psi(
    keys.map((k) => ref.proportions[k] ?? 0),
    keys.map((k) => liveShares[k] ?? 0),
  );
  const c = chiSquare(ref.proportions, counts);
  return { ...base, psi: p, band: psiBand(p), statistic: c.statistic, p_value: c.pValue, js_distance: jensenShannon(ref.proportions, liveShares), too_few_rows: false };
}

export function driftReport(actor: Actor, deploymentId: number, range: string, now = Date.now()): { deployment_id: number; range: Range; min_rows: number; features: FeatureDrift[] } {
  assertCan(actor, "monitoring.read");
  if (!(range in RANGES)) throw new DomainError("invalid", `range must be one of ${Object.keys(RANGES).join(", ")}`, { fields: { range: ["Unknown range"] } });
  getDeployment(actor, deploymentId);
  const db = getDb();
  const dep = db.select().from(deployments).where(eq(deployments.id, deploymentId)).get();
  if (!dep) throw new DomainError("not_found", `Deployment #${deploymentId} not found`);
  const since = now - RANGES[range as Range];
  const features = referencesOf(dep.versionId).map((r) => compareFeature(r, liveValues(deploymentId, r.feature, since)));
  return { deployment_id: deploymentId, range: range as Range, min_rows: MIN_ROWS, features };
}

function referencesOf(versionId: number): RefRow[] {
  return getDb().select({ feature: referenceDistributions.feature, kind: referenceDistributions.kind, data: referenceDistributions.data }).from(referenceDistributions).where(eq(referenceDistributions.versionId, versionId)).all();
}

/** The most recent live values of one input feature since a time (newest first). */
export function liveValues(deploymentId: number, feature: string, since: number, limit = 50_000): number[] {
  return getDb()
    .select({ v: metricPoints.value })
    .from(metricPoints)
    .where(and(eq(metricPoints.deploymentId, deploymentId), eq(metricPoints.name, `input.${feature}`), gte(metricPoints.at, since)))
    .orderBy(desc(metricPoints.at))
    .limit(limit)
    .all()
    .map((x) => x.v);
}
