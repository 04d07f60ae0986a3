// Ground truth for predictions, turned into live accuracy (classification: the prediction at 0.5
// equals the actual) or live absolute error (regression). An item names its prediction by the id
// the endpoint returned, or by the caller's own key sent with the request (`keys`); an external
// deployment, whose predictions Stageline never saw, sends the predicted value with the key.
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { predictions, registeredModels } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { loadDeployment } from "@/lib/deployments/deployments";
import { DomainError, parseInput } from "@/lib/errors";
import { writePoints } from "./points";
import { flush } from "./recorder";
import { now as clockNow } from "@/lib/clock";

const finite = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, { message: `${label} must be finite` });
const itemSchema = z
  .object({
    prediction_id: z.string().min(1).max(64).optional(),
    key: z.string().min(1).max(128).optional(),
    actual: finite("actual"),
    predicted: finite("predicted").optional(),
  })
  .refine((i) => i.prediction_id !== undefined || i.key !== undefined, {
    message: "send prediction_id or key",
    path: ["prediction_id"],
  });
export const feedbackSchema = z.object({
  items: z
    .array(itemSchema)
    .min(1, { message: "items is empty" })
    .max(10_000, { message: "at most 10,000 items per batch" }),
});

export function recordFeedback(
  actor: Actor,
  deploymentId: number,
  input: unknown,
): { matched: number; metric: string } {
  assertCan(actor, "versions.write");
  const data = parseInput(feedbackSchema, input);
  // Predictions from the last second may still be in the recorder's buffer.
  flush();
  const db = getDb();
  const dep = loadDeployment(db, deploymentId);
  const task = db
    .select({ task: registeredModels.task })
    .from(registeredModels)
    .where(eq(registeredModels.id, dep.modelId))
    .get()?.task;
  const byId = new Map(
    db
      .select()
      .from(predictions)
      .where(
        inArray(
          predictions.id,
          data.items.flatMap((i) => (i.prediction_id ? [i.prediction_id] : [])),
        ),
      )
      .all()
      .filter((r) => r.deploymentId === deploymentId)
      .map((r) => [r.id, r]),
  );
  // By key: the newest prediction of this deployment with that key.
  const byKey = new Map<string, typeof predictions.$inferSelect>();
  const keys = [
    ...new Set(
      data.items.flatMap((i) =>
        i.prediction_id === undefined && i.key ? [i.key] : [],
      ),
    ),
  ];
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of db
      .select()
      .from(predictions)
      .where(
        and(
          eq(predictions.deploymentId, deploymentId),
          inArray(predictions.key, keys.slice(i, i + 500)),
        ),
      )
      .orderBy(asc(predictions.at))
      .all())
      byKey.set(r.key as string, r);
  }
  const matched = data.items.map((item, n) => {
    const stored =
      item.prediction_id !== undefined
        ? byId.get(item.prediction_id)
        : byKey.get(item.key as string);
    if (stored)
      return { item, id: stored.id as string | null, predicted: stored.value };
    if (item.prediction_id === undefined && item.predicted !== undefined)
      return { item, id: null, predicted: item.predicted };
    const field =
      item.prediction_id !== undefined
        ? `items.${n}.prediction_id`
        : `items.${n}.key`;
    const what = item.prediction_id !== undefined ? "prediction_id" : "key";
    throw new DomainError(
      "not_found",
      `items[${n}].${what} is not a prediction of deployment #${deploymentId} (or it is older than the retention)${what === "key" ? "; an external deployment sends the predicted value with the key" : ""}`,
      { fields: { [field]: ["Unknown prediction"] } },
    );
  });
  const metric = task === "regression" ? "live_abs_error" : "live_accuracy";
  const now = clockNow();
  db.transaction(
    (tx) => {
      for (const m of matched)
        if (m.id !== null)
          tx.update(predictions)
            .set({ actual: m.item.actual })
            .where(eq(predictions.id, m.id))
            .run();
    },
    { behavior: "immediate" },
  );
  writePoints(
    matched.map(({ item, predicted: p }) => ({
      deploymentId,
      name: metric,
      at: now,
      value:
        metric === "live_accuracy"
          ? Number((p >= 0.5 ? 1 : 0) === item.actual)
          : Math.abs(p - item.actual),
    })),
  );
  return { matched: matched.length, metric };
}
