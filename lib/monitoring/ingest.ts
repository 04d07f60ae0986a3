// Metrics pushed by external deployments: batches of {name, value, timestamp}, checked and written
// (with their rollups) before the request is answered. Telemetry, not a registry change: batches are
// not written to the audit trail, which would otherwise grow with every scrape.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { getDeployment } from "@/lib/deployments/deployments";
import { DomainError, parseInput } from "@/lib/errors";
import { retentionMs, writePoints } from "./points";

export const MAX_BATCH = 10_000;
/** Largest metrics request body accepted (413 beyond). */
export const METRICS_MAX_BYTES = 8 * 1024 * 1024;
const FUTURE_SLACK_MS = 5 * 60_000;

const pointSchema = z.object({
  name: z
    .string({ error: "name is required" })
    .regex(/^[A-Za-z_][A-Za-z0-9_.]{0,99}$/, {
      message: "name must look like a metric name (letters, digits, '_', '.')",
    }),
  value: z.number({ error: "value must be a number" }).refine(Number.isFinite, {
    message: "value must be finite (no NaN or Infinity)",
  }),
  timestamp: z
    .union([
      z.number().int().positive(),
      z.string().refine((s) => Number.isFinite(Date.parse(s)), {
        message: "timestamp must be ms or an ISO date",
      }),
    ])
    .optional(),
});
export const metricsBatchSchema = z.object({
  points: z
    .array(pointSchema, { error: "points must be a list" })
    .min(1, { message: "points is empty" }),
});

export function ingestMetrics(
  actor: Actor,
  deploymentId: number,
  input: unknown,
  now = Date.now(),
): { accepted: number } {
  assertCan(actor, "versions.write");
  const raw = (input ?? {}) as { points?: unknown };
  if (Array.isArray(raw.points) && raw.points.length > MAX_BATCH)
    throw new DomainError(
      "too_large",
      `At most ${MAX_BATCH} points per batch`,
      { fields: { points: ["Too many points"] } },
    );
  const data = parseInput(metricsBatchSchema, input);
  const d = getDeployment(actor, deploymentId);
  if (d.status === "stopped")
    throw new DomainError("conflict", `Deployment #${deploymentId} is stopped`);
  const points = data.points.map((p, i) => {
    const at =
      p.timestamp === undefined
        ? now
        : typeof p.timestamp === "number"
          ? p.timestamp
          : Date.parse(p.timestamp);
    if (at > now + FUTURE_SLACK_MS)
      throw new DomainError(
        "invalid",
        `points[${i}].timestamp is in the future`,
        { fields: { [`points.${i}.timestamp`]: ["In the future"] } },
      );
    // Raw points older than the retention period are already dropped; a rollup rebuilt from them would lose data.
    if (at < now - retentionMs())
      throw new DomainError(
        "invalid",
        `points[${i}].timestamp is older than the metric retention period`,
        {
          fields: {
            [`points.${i}.timestamp`]: ["Older than the retention period"],
          },
        },
      );
    return { deploymentId, name: p.name, at, value: p.value };
  });
  writePoints(points);
  return { accepted: points.length };
}
