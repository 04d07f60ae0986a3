// Input drift: a version's reference distribution per feature (from its training data) against the
// live inputs its deployment received over a window: PSI with bands, KS (numbers) or Jensen-Shannon
// (categories), and a warning when the window holds too few rows to judge.
import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deployments, metricPoints, referenceDistributions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { getDeployment } from "@/lib/deployments/deployments";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { RANGES, type Range } from "@/lib/monitoring/queries";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { binProportions, ks, psi, psiBand, quantileEdges } from "./stats";

export const MIN_ROWS = 100;
const SAMPLE = 1000;

const referenceSchema = z.object({
  features: z
    .record(z.string().min(1).max(250), z.array(z.number().refine(Number.isFinite, { message: "values must be finite numbers" })).min(10, { message: "at least 10 values per feature" }).max(1_000_000))
    .refine((f) => Object.keys(f).length > 0, { message: "send at least one feature" }),
});

type NumericRef = { edges: number[]; proportions: number[]; sample: number[] };

/** Stores the reference distribution of each numeric input feature of a version. */
export function setReference(actor: Actor, modelName: string, version: string | number, input: unknown): { features: string[] } {
  assertCan(actor, "versions.write");
  const data = parseInput(referenceSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      assertWritable(model, v);
      const now = Date.now();
      for (const [feature, values] of Object.entries(data.features)) {
        const edges = quantileEdges(values, 10);
        const sorted = [...values].sort((a, b) => a - b);
        const step = Math.max(1, sorted.length / SAMPLE);
        const sample = Array.from({ length: Math.min(SAMPLE, sorted.length) }, (_, i) => sorted[Math.floor(i * step)] as number);
        const ref: NumericRef = { edges, proportions: binProportions(values, edges), sample };
        tx.insert(referenceDistributions)
          .values({ versionId: v.id, feature, kind: "numeric", data: JSON.stringify(ref), rows: values.length, createdAt: now })
          .onConflictDoUpdate({ target: [referenceDistributions.versionId, referenceDistributions.feature], set: { data: JSON.stringify(ref), rows: values.length, createdAt: now } })
          .run();
      }
      emit(tx, actor, { action: "reference.set", entityType: "model_version", entityId: v.id, after: { features: Object.keys(data.features), rows: Object.values(data.features)[0]?.length } });
      return { features: Object.keys(data.features) };
    },
    { behavior: "immediate" },
  );
}

export type FeatureDrift = { feature: string; rows: number; psi: number | null; band: "stable" | "moderate" | "significant" | null; ks_statistic: number | null; ks_p_value: number | null; too_few_rows: boolean };

export function driftReport(actor: Actor, deploymentId: number, range: string, now = Date.now()): { deployment_id: number; range: Range; min_rows: number; features: FeatureDrift[] } {
  assertCan(actor, "monitoring.read");
  if (!(range in RANGES)) throw new DomainError("invalid", `range must be one of ${Object.keys(RANGES).join(", ")}`, { fields: { range: ["Unknown range"] } });
  getDeployment(actor, deploymentId);
  const db = getDb();
  const dep = db.select().from(deployments).where(eq(deployments.id, deploymentId)).get();
  if (!dep) throw new DomainError("not_found", `Deployment #${deploymentId} not found`);
  const refs = db.select().from(referenceDistributions).where(eq(referenceDistributions.versionId, dep.versionId)).all();
  const since = now - RANGES[range as Range];
  const features = refs.map((r) => {
    const live = db
      .select({ v: metricPoints.value })
      .from(metricPoints)
      .where(and(eq(metricPoints.deploymentId, deploymentId), eq(metricPoints.name, `input.${r.feature}`), gte(metricPoints.at, since)))
      .orderBy(desc(metricPoints.at))
      .limit(50_000)
      .all()
      .map((x) => x.v);
    const ref = JSON.parse(r.data) as NumericRef;
    if (live.length < MIN_ROWS) return { feature: r.feature, rows: live.length, psi: null, band: null, ks_statistic: null, ks_p_value: null, too_few_rows: true };
    const p = psi(ref.proportions, binProportions(live, ref.edges));
    const k = ks(ref.sample, live);
    return { feature: r.feature, rows: live.length, psi: p, band: psiBand(p), ks_statistic: k.d, ks_p_value: k.pValue, too_few_rows: false };
  });
  return { deployment_id: deploymentId, range: range as Range, min_rows: MIN_ROWS, features };
}
