// Ground truth for served predictions: matched by prediction id, turned into live accuracy
// (classification: the prediction at 0.5 equals the actual) or live absolute error (regression).
import "server-only";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deployments, predictions, registeredModels } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { flush, writePoints } from "./recorder";

const feedbackSchema = z.object({
  items: z
    .array(z.object({ prediction_id: z.string().min(1).max(64), actual: z.number({ error: "actual must be a number" }).refine(Number.isFinite, { message: "actual must be finite" }) }))
    .min(1, { message: "items is empty" })
    .max(10_000, { message: "at most 10,000 items per batch" }),
});

export function recordFeedback(actor: Actor, deploymentId: number, input: unknown): { matched: number; metric: string } {
  assertCan(actor, "versions.write");
  const data = parseInput(feedbackSchema, input);
  // Predictions from the last second may still be in the recorder's buffer.
  flush();
  const db = getDb();
  const dep = db.select().from(deployments).where(eq(deployments.id, deploymentId)).get();
  if (!dep) throw new DomainError("not_found", `Deployment #${deploymentId} not found`);
  const task = db.select({ task: registeredModels.task }).from(registeredModels).where(eq(registeredModels.id, dep.modelId)).get()?.task;
  const rows = db.select().from(predictions).where(inArray(predictions.id, data.items.map((i) => i.prediction_id))).all();
  const byId = new Map(rows.filter((r) => r.deploymentId === deploymentId).map((r) => [r.id, r]));
  const missing = data.items.findIndex((i) => !byId.has(i.prediction_id));
  if (missing >= 0) throw new DomainError("not_found", `items[${missing}].prediction_id is not a prediction of deployment #${deploymentId} (or it is older than the retention)`, { fields: { [`items.${missing}.prediction_id`]: ["Unknown prediction"] } });
  const metric = task === "regression" ? "live_abs_error" : "live_accuracy";
  const now = Date.now();
  db.transaction(
    (tx) => {
      for (const i of data.items) tx.update(predictions).set({ actual: i.actual }).where(eq(predictions.id, i.prediction_id)).run();
    },
    { behavior: "immediate" },
  );
  writePoints(
    data.items.map((i) => {
      const p = (byId.get(i.prediction_id) as { value: number }).value;
      return { deploymentId, name: metric, at: now, value: metric === "live_accuracy" ? Number((p >= 0.5 ? 1 : 0) === i.actual) : Math.abs(p - i.actual) };
    }),
  );
  return { matched: data.items.length, metric };
}
