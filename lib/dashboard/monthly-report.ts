// The monthly report for managers: promotions and rollbacks, retirements, alert incidents.
import "server-only";
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import {
  auditEvents,
  modelVersions,
  registeredModels as m,
  retirements,
  stageChanges,
  transitionRequests,
  user,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors";
import { modelScope, type DashboardFilters } from "./filters";
import { headline, type Headline } from "./headline";

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
  message: "month must look like 2026-11",
});

export type MonthlyReport = {
  month: string;
  from: number;
  to: number;
  portfolio: Headline;
  promotions: {
    model: string;
    version: number;
    at: number;
    by: string | null;
    rollback: boolean;
  }[];
  retirements: {
    model: string;
    version: number | null;
    status: string;
    at: number;
    reason: string;
  }[];
  incidents: {
    at: number;
    action: string;
    rule: string;
    deployment: number | null;
    value: number | null;
  }[];
  registered: number;
};

/** What happened in one calendar month (UTC): promotions and rollbacks, retirements, alert incidents. */
export function monthlyReport(
  actor: Actor,
  monthText: string,
  f: DashboardFilters,
): MonthlyReport {
  assertCan(actor, "dashboard.read");
  const month = parseInput(monthSchema, monthText, "month");
  const from = Date.parse(`${month}-01T00:00:00Z`);
  const next = new Date(from);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const to = next.getTime() - 1;
  const db = getDb();
  const live = modelScope(db, f);
  const promotions = db
    .select({
      model: m.name,
      version: modelVersions.version,
      at: stageChanges.at,
      by: user.name,
      kind: transitionRequests.kind,
    })
    .from(stageChanges)
    .innerJoin(m, eq(m.id, stageChanges.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, stageChanges.versionId))
    .leftJoin(
      transitionRequests,
      eq(transitionRequests.id, stageChanges.requestId),
    )
    .leftJoin(user, eq(user.id, transitionRequests.requestedBy))
    .where(
      and(
        live,
        eq(stageChanges.toStage, "production"),
        gte(stageChanges.at, from),
        lte(stageChanges.at, to),
      ),
    )
    .orderBy(asc(stageChanges.at))
    .all()
    .map((r) => ({
      model: r.model,
      version: r.version,
      at: r.at,
      by: r.by,
      rollback: r.kind === "rollback",
    }));
  const retired = db
    .select({
      model: m.name,
      versionId: retirements.versionId,
      status: retirements.status,
      approvedAt: retirements.approvedAt,
      retiredAt: retirements.retiredAt,
      reason: retirements.reason,
    })
    .from(retirements)
    .innerJoin(m, eq(m.id, retirements.modelId))
    .where(and(live))
    .all()
    .flatMap((r) => {
      const at =
        r.retiredAt !== null && r.retiredAt >= from && r.retiredAt <= to
          ? r.retiredAt
          : r.approvedAt !== null && r.approvedAt >= from && r.approvedAt <= to
            ? r.approvedAt
            : null;
      if (at === null) return [];
      const version =
        r.versionId === null
          ? null
          : (db
              .select({ v: modelVersions.version })
              .from(modelVersions)
              .where(eq(modelVersions.id, r.versionId))
              .get()?.v ?? null);
      return [
        {
          model: r.model,
          version,
          status:
            r.retiredAt !== null && at === r.retiredAt
              ? "retired"
              : "deprecated",
          at,
          reason: r.reason,
        },
      ];
    })
    .sort((a, b) => a.at - b.at);
  const incidents = db
    .select({
      at: auditEvents.at,
      action: auditEvents.action,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.action, ["alert.fired", "alert.resolved"]),
        gte(auditEvents.at, from),
        lte(auditEvents.at, to),
      ),
    )
    .orderBy(asc(auditEvents.at))
    .all()
    .map((e) => {
      const after = (e.after ? JSON.parse(e.after) : {}) as {
        rule?: string;
        deployment_id?: number;
        value?: number;
      };
      return {
        at: e.at,
        action: e.action,
        rule: after.rule ?? "",
        deployment: after.deployment_id ?? null,
        value: after.value ?? null,
      };
    });
  const registered =
    db
      .select({ n: sql<number>`count(*)` })
      .from(modelVersions)
      .innerJoin(m, eq(m.id, modelVersions.modelId))
      .where(
        and(
          live,
          gte(modelVersions.createdAt, from),
          lte(modelVersions.createdAt, to),
        ),
      )
      .get()?.n ?? 0;
  return {
    month,
    from,
    to,
    portfolio: headline(actor, f),
    promotions,
    retirements: retired,
    incidents,
    registered,
  };
}
