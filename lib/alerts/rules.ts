// Alert rules: a metric of a deployment (or of every production deployment), aggregated over a
// window, compared with a threshold, firing after it has held for `for` seconds.
import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { alertRules, alerts, type AlertRuleRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { getDeployment } from "@/lib/deployments/deployments";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { httpUrlSchema } from "@/lib/http/http-url";
import { now as clockNow } from "@/lib/clock";

// A rule's fields as they are checked, without defaults: a patch (below) must leave what it does
// not name as it was, and zod's .partial() keeps .default(), which would reset them.
const ruleFields = {
  name: z.string({ error: "name is required" }).trim().min(1).max(200),
  deployment_id: z.number().int().positive().nullable(),
  metric: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,99}$/, {
    message: "metric must be a metric name such as latency_ms or error",
  }),
  aggregation: z.enum(["avg", "p95", "p99", "max", "rate"], {
    message: "aggregation must be avg, p95, p99, max or rate",
  }),
  comparator: z.enum([">", ">=", "<", "<="], {
    message: "comparator must be >, >=, < or <=",
  }),
  threshold: z
    .number({ error: "threshold must be a number" })
    .refine(Number.isFinite, { message: "threshold must be finite" }),
  window_seconds: z
    .number()
    .int()
    .min(10, { message: "window_seconds must be at least 10" })
    .max(86_400, { message: "window_seconds must be at most 86400" }),
  for_seconds: z.number().int().min(0).max(86_400),
  severity: z.enum(["info", "warning", "critical"]),
  runbook_url: httpUrlSchema("runbook_url"),
  auto_rollback: z.boolean(),
};

export const ruleInputSchema = z.object({
  ...ruleFields,
  deployment_id: ruleFields.deployment_id.default(null),
  for_seconds: ruleFields.for_seconds.default(0),
  severity: ruleFields.severity.default("warning"),
  runbook_url: ruleFields.runbook_url.optional(),
  auto_rollback: ruleFields.auto_rollback.default(false),
});
/** The longest silence: a rule quiet for longer is better paused (`active: false`), which says so. */
export const MAX_SILENCE_MS = 30 * 86_400_000;

export const rulePatchSchema = z
  .object(ruleFields)
  .partial()
  .extend({
    active: z.boolean().optional(),
    // A time (ms since the epoch) within the next 30 days; null ends a silence.
    silenced_until: z
      .number({ error: "silenced_until must be a time in milliseconds" })
      .int()
      .nullable()
      .optional()
      .refine(
        (t) =>
          t == null || (t > Date.now() && t <= Date.now() + MAX_SILENCE_MS),
        { message: "silenced_until must be in the next 30 days" },
      ),
  })
  .strict();

export type AlertRuleDto = ReturnType<typeof toDto>;

export function createRule(actor: Actor, input: unknown): AlertRuleDto {
  assertCan(actor, "versions.write");
  const d = parseInput(ruleInputSchema, input);
  if (d.deployment_id !== null) getDeployment(actor, d.deployment_id);
  return getDb().transaction(
    (tx) => {
      const now = clockNow();
      const row = tx
        .insert(alertRules)
        .values({
          ...ruleColumns(d),
          deploymentId: d.deployment_id,
          runbookUrl: d.runbook_url ?? null,
          createdBy: actor.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      emit(tx, actor, {
        action: "alert_rule.created",
        entityType: "alert_rule",
        entityId: row.id,
        after: d,
      });
      return toDto(row);
    },
    { behavior: "immediate" },
  );
}

export function updateRule(
  actor: Actor,
  id: number,
  input: unknown,
): AlertRuleDto {
  assertCan(actor, "versions.write");
  const d = parseInput(rulePatchSchema, input);
  return getDb().transaction(
    (tx) => {
      const before = tx
        .select()
        .from(alertRules)
        .where(eq(alertRules.id, id))
        .get();
      if (!before)
        throw new DomainError("not_found", `Alert rule #${id} not found`);
      const patch = {
        ...ruleColumns(d),
        active: d.active,
        // Ending a silence early keeps when it ended (not null), so a breach from before it
        // still counts from then (lib/alerts/evaluate.ts).
        silencedUntil:
          d.silenced_until === null && before.silencedUntil !== null
            ? Math.min(before.silencedUntil, clockNow())
            : d.silenced_until,
        updatedAt: clockNow(),
      };
      const row = tx
        .update(alertRules)
        .set(patch)
        .where(eq(alertRules.id, id))
        .returning()
        .get();
      emit(tx, actor, {
        action: "alert_rule.updated",
        entityType: "alert_rule",
        entityId: id,
        before: toDto(before),
        after: d,
      });
      return toDto(row);
    },
    { behavior: "immediate" },
  );
}

export function listRules(actor: Actor): (AlertRuleDto & {
  states: {
    deployment_id: number;
    state: string;
    value: number | null;
    fired_at: number | null;
  }[];
})[] {
  assertCan(actor, "monitoring.read");
  const db = getDb();
  const rules = db.select().from(alertRules).orderBy(asc(alertRules.id)).all();
  const states = db.select().from(alerts).all();
  return rules.map((r) => ({
    ...toDto(r),
    states: states
      .filter((s) => s.ruleId === r.id)
      .map((s) => ({
        deployment_id: s.deploymentId,
        state: s.state,
        value: s.value,
        fired_at: s.firedAt,
      })),
  }));
}

/**
 * The columns a rule's input names, for a new rule and a patch alike (a field a patch leaves out
 * stays undefined, which the update leaves as it is). The deployment is fixed once created.
 */
function ruleColumns<D extends Partial<z.infer<typeof ruleInputSchema>>>(
  d: D,
): {
  name: D["name"];
  metric: D["metric"];
  aggregation: D["aggregation"];
  comparator: D["comparator"];
  threshold: D["threshold"];
  windowSeconds: D["window_seconds"];
  forSeconds: D["for_seconds"];
  severity: D["severity"];
  runbookUrl: D["runbook_url"];
  autoRollback: D["auto_rollback"];
} {
  return {
    name: d.name,
    metric: d.metric,
    aggregation: d.aggregation,
    comparator: d.comparator,
    threshold: d.threshold,
    windowSeconds: d.window_seconds,
    forSeconds: d.for_seconds,
    severity: d.severity,
    runbookUrl: d.runbook_url,
    autoRollback: d.auto_rollback,
  };
}

function toDto(r: AlertRuleRow) {
  return {
    id: r.id,
    name: r.name,
    deployment_id: r.deploymentId,
    metric: r.metric,
    aggregation: r.aggregation,
    comparator: r.comparator,
    threshold: r.threshold,
    window_seconds: r.windowSeconds,
    for_seconds: r.forSeconds,
    severity: r.severity,
    runbook_url: r.runbookUrl,
    auto_rollback: r.autoRollback,
    active: r.active,
    /** Only a silence still running: one that has passed reads as none. */
    silenced_until:
      r.silencedUntil !== null && r.silencedUntil > Date.now()
        ? r.silencedUntil
        : null,
  };
}
