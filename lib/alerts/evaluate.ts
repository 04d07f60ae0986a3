// The alert state machine, run by the scheduler every few seconds. State lives in the `alerts`
// table and each transition is written with its event in one transaction, so running it twice, or
// after a restart, neither loses nor repeats a notification.
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  alertRules,
  alerts,
  deployments,
  registeredModels,
  modelVersions,
  type AlertRow,
} from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { emit } from "@/lib/events/dispatch";
import { requestRollback } from "@/lib/lifecycle/requests";
import { windowAggregate } from "./window";

export type Next = {
  state: AlertRow["state"] | null;
  pendingSince: number | null;
};

/**
 * Pure transition: given the previous state and this evaluation, the next state (null = never
 * alerted). No data while pending or firing is its own state; no data otherwise changes nothing.
 */
export function transition(
  prev: { state: AlertRow["state"] | null; pendingSince: number | null },
  value: number | null,
  breached: boolean,
  forMs: number,
  now: number,
): Next {
  if (value === null) {
    return prev.state === "pending" ||
      prev.state === "firing" ||
      prev.state === "no_data"
      ? { state: "no_data", pendingSince: null }
      : { state: prev.state, pendingSince: null };
  }
  if (!breached)
    return {
      state: prev.state === null ? null : "resolved",
      pendingSince: null,
    };
  if (prev.state === "firing")
    return { state: "firing", pendingSince: prev.pendingSince };
  const since =
    prev.state === "pending" && prev.pendingSince !== null
      ? prev.pendingSince
      : now;
  return now - since >= forMs
    ? { state: "firing", pendingSince: since }
    : { state: "pending", pendingSince: since };
}

export function evaluateAlerts(now = Date.now()): number {
  const db = getDb();
  let transitions = 0;
  for (const rule of db
    .select()
    .from(alertRules)
    .where(eq(alertRules.active, true))
    .all()) {
    // A silenced rule keeps its last state; it is evaluated again once the silence ends.
    if (rule.silencedUntil !== null && rule.silencedUntil > now) continue;
    const targets = rule.deploymentId
      ? db
          .select()
          .from(deployments)
          .where(
            and(
              eq(deployments.id, rule.deploymentId),
              eq(deployments.status, "live"),
            ),
          )
          .all()
      : db
          .select()
          .from(deployments)
          .where(
            and(
              eq(deployments.environment, "production"),
              eq(deployments.status, "live"),
            ),
          )
          .all();
    for (const dep of targets) {
      const value = windowAggregate(
        db,
        dep.id,
        rule.metric,
        rule.aggregation,
        rule.windowSeconds,
        now,
      );
      const breached =
        value !== null && compare(value, rule.comparator, rule.threshold);
      db.transaction(
        (tx) => {
          const prev = tx
            .select()
            .from(alerts)
            .where(
              and(eq(alerts.ruleId, rule.id), eq(alerts.deploymentId, dep.id)),
            )
            .get();
          const next = transition(
            {
              state: prev?.state ?? null,
              // A breach seen before a silence ended counts from the silence's end: a rule that
              // was pending when silenced must hold for its full `for` again before it fires.
              pendingSince:
                prev?.pendingSince == null
                  ? null
                  : Math.max(prev.pendingSince, rule.silencedUntil ?? 0),
            },
            value,
            breached,
            rule.forSeconds * 1000,
            now,
          );
          const prevState = prev?.state ?? null;
          if (!prev && next.state === null) return;
          const row = {
            state: next.state ?? "resolved",
            value,
            pendingSince: next.pendingSince,
            firedAt:
              next.state === "firing" && prevState !== "firing"
                ? now
                : (prev?.firedAt ?? null),
            resolvedAt:
              next.state === "resolved" &&
              (prevState === "firing" || prevState === "no_data")
                ? now
                : (prev?.resolvedAt ?? null),
            updatedAt: now,
          };
          if (prev)
            tx.update(alerts).set(row).where(eq(alerts.id, prev.id)).run();
          else
            tx.insert(alerts)
              .values({ ruleId: rule.id, deploymentId: dep.id, ...row })
              .run();
          const becameFiring =
            next.state === "firing" && prevState !== "firing";
          const becameResolved =
            (prevState === "firing" || prevState === "no_data") &&
            next.state === "resolved" &&
            prev?.firedAt != null &&
            (prev.resolvedAt ?? 0) < prev.firedAt;
          const becameNoData =
            next.state === "no_data" && prevState !== "no_data";
          if (!becameFiring && !becameResolved && !becameNoData) return;
          transitions++;
          const model = tx
            .select({
              id: registeredModels.id,
              name: registeredModels.name,
              ownerId: registeredModels.ownerId,
            })
            .from(registeredModels)
            .where(eq(registeredModels.id, dep.modelId))
            .get();
          const version = tx
            .select({ version: modelVersions.version })
            .from(modelVersions)
            .where(eq(modelVersions.id, dep.versionId))
            .get();
          const what = `${rule.name} on ${model?.name ?? "?"} v${version?.version ?? "?"} (${dep.environment})`;
          const action = becameFiring
            ? "alert.fired"
            : becameResolved
              ? "alert.resolved"
              : "alert.no_data";
          const message = becameFiring
            ? `Alert firing: ${what}: ${rule.aggregation}(${rule.metric}) = ${value?.toFixed(3)} ${rule.comparator} ${rule.threshold}`
            : becameResolved
              ? `Alert resolved: ${what}`
              : `Alert has no data: ${what} (no ${rule.metric} points in the last ${rule.windowSeconds} s)`;
          emit(
            tx,
            SYSTEM_ACTOR,
            {
              action,
              entityType: "alert",
              entityId: `${rule.id}:${dep.id}`,
              before: { state: prevState },
              after: {
                state: row.state,
                value,
                rule: rule.name,
                severity: rule.severity,
                deployment_id: dep.id,
              },
            },
            [model?.ownerId, dep.createdBy, rule.createdBy].map((userId) => ({
              userId,
              kind: action,
              message,
              link: `/monitoring/${dep.id}`,
            })),
          );
        },
        { behavior: "immediate" },
      );
      if (breached && rule.autoRollback && model(db, dep.modelId)) {
        const state = db
          .select({ state: alerts.state, firedAt: alerts.firedAt })
          .from(alerts)
          .where(
            and(eq(alerts.ruleId, rule.id), eq(alerts.deploymentId, dep.id)),
          )
          .get();
        if (state?.state === "firing" && state.firedAt === now) {
          try {
            requestRollback(
              SYSTEM_ACTOR,
              model(db, dep.modelId) as string,
              `Automatic rollback request: alert '${rule.name}' is firing`,
            );
          } catch {
            // No earlier production version, or a rollback request is already open: nothing to do.
          }
        }
      }
    }
  }
  return transitions;
}

function model(db: ReturnType<typeof getDb>, id: number): string | null {
  return (
    db
      .select({ name: registeredModels.name })
      .from(registeredModels)
      .where(eq(registeredModels.id, id))
      .get()?.name ?? null
  );
}

function compare(a: number, op: string, b: number): boolean {
  return op === ">"
    ? a > b
    : op === ">="
      ? a >= b
      : op === "<"
        ? a < b
        : a <= b;
}
