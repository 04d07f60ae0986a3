// Process throughput over the date range: registrations and promotions per week, lead time to
// production, review wait, and the funnel.
import "server-only";
import {
  and,
  count,
  eq,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  min,
  sql,
  type SQL,
} from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  modelVersions,
  registeredModels as m,
  stageChanges,
  transitionRequests,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import {
  DAY,
  WEEK,
  modelIn,
  modelScope,
  pct,
  type DashboardFilters,
} from "./filters";

export type WeekPoint = {
  week: number;
  registered: number;
  promotions: number;
  rollbacks: number;
};
export type LeadTime = {
  month: string;
  promotions: number;
  median_days: number;
  p90_days: number;
};
export type ReviewWait = {
  week: number;
  resolved: number;
  median_hours: number;
  p90_hours: number;
};
export type Funnel = {
  registered: number;
  staging: number;
  production: number;
};

export type Throughput = {
  weeks: WeekPoint[];
  lead_time: LeadTime[];
  review_wait: ReviewWait[];
  funnel: Funnel;
};

/** Registrations, promotions and rollbacks per week; lead time per month; review waits; the stage funnel. */
export function throughput(actor: Actor, f: DashboardFilters): Throughput {
  assertCan(actor, "dashboard.read");
  const db = getDb();
  const where = modelScope(db, f);
  const weekOf = (col: SQL | typeof modelVersions.createdAt) =>
    sql<number>`(${col} / ${sql.raw(String(WEEK))}) * ${sql.raw(String(WEEK))}`;
  const weeks = new Map<number, WeekPoint>();
  for (let w = Math.floor(f.from / WEEK) * WEEK; w <= f.to; w += WEEK)
    weeks.set(w, { week: w, registered: 0, promotions: 0, rollbacks: 0 });
  // One range count per week: each is a covering-index range scan, where a GROUP BY over the
  // range would sort every row (200,000 versions: 13 ms against 95 ms).
  const inModels = modelIn(db, f, modelVersions.modelId);
  let registeredTotal = 0;
  for (const p of weeks.values()) {
    const n =
      db
        .select({ n: count() })
        .from(modelVersions)
        .where(
          and(
            inModels,
            isNull(modelVersions.deletedAt),
            gte(modelVersions.createdAt, Math.max(p.week, f.from)),
            lt(modelVersions.createdAt, Math.min(p.week + WEEK, f.to + 1)),
          ),
        )
        .get()?.n ?? 0;
    p.registered = n;
    registeredTotal += n;
  }
  // Promotions: every move into production; a rollback is one whose request was a rollback.
  const moves = db
    .select({
      week: weekOf(sql`${stageChanges.at}`).as("week"),
      kind: transitionRequests.kind,
      n: count(),
    })
    .from(stageChanges)
    .innerJoin(m, eq(m.id, stageChanges.modelId))
    .leftJoin(
      transitionRequests,
      eq(transitionRequests.id, stageChanges.requestId),
    )
    .where(
      and(
        where,
        eq(stageChanges.toStage, "production"),
        gte(stageChanges.at, f.from),
        lte(stageChanges.at, f.to),
      ),
    )
    .groupBy(sql`week`, transitionRequests.kind)
    .all();
  for (const r of moves) {
    const p = weeks.get(r.week);
    if (!p) continue;
    if (r.kind === "rollback") p.rollbacks += r.n;
    else p.promotions += r.n;
  }
  // Every version's first arrival in staging and in production, with its registration time: one
  // pass over the stage changes (each probing its version by primary key) feeds both the lead time
  // and the funnel.
  const arrivals = db
    .select({
      versionId: stageChanges.versionId,
      to: stageChanges.toStage,
      first: min(stageChanges.at),
      created: modelVersions.createdAt,
    })
    .from(stageChanges)
    .innerJoin(modelVersions, eq(modelVersions.id, stageChanges.versionId))
    .where(
      and(
        modelIn(db, f, stageChanges.modelId),
        inArray(stageChanges.toStage, ["staging", "production"]),
        isNull(modelVersions.deletedAt),
      ),
    )
    .groupBy(stageChanges.versionId, stageChanges.toStage)
    .all();
  // Lead time: registration to the version's first arrival in production, by month of arrival.
  const firsts = arrivals.filter(
    (a) =>
      a.to === "production" &&
      (a.first ?? 0) >= f.from &&
      (a.first ?? 0) <= f.to,
  );
  const byMonth = new Map<string, number[]>();
  for (const r of firsts) {
    const key = new Date(r.first ?? 0).toISOString().slice(0, 7);
    const list = byMonth.get(key) ?? [];
    list.push(((r.first ?? 0) - r.created) / DAY);
    byMonth.set(key, list);
  }
  const leadTime = [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, days]) => ({
      month,
      promotions: days.length,
      median_days: pct(days, 0.5),
      p90_days: pct(days, 0.9),
    }));
  // Review wait: requests decided by reviewers (not overrides) in the range.
  const waits = db
    .select({
      created: transitionRequests.createdAt,
      resolved: transitionRequests.resolvedAt,
    })
    .from(transitionRequests)
    .where(
      and(
        modelIn(db, f, transitionRequests.modelId),
        inArray(transitionRequests.status, ["applied", "rejected"]),
        eq(transitionRequests.override, false),
        gte(transitionRequests.resolvedAt, f.from),
        lte(transitionRequests.resolvedAt, f.to),
      ),
    )
    .all();
  const waitWeeks = new Map<number, number[]>();
  for (const r of waits) {
    const w = Math.floor((r.resolved ?? 0) / WEEK) * WEEK;
    const list = waitWeeks.get(w) ?? [];
    list.push(((r.resolved ?? 0) - r.created) / 3_600_000);
    waitWeeks.set(w, list);
  }
  const reviewWait = [...waitWeeks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([week, hours]) => ({
      week,
      resolved: hours.length,
      median_hours: pct(hours, 0.5),
      p90_hours: pct(hours, 0.9),
    }));
  // Funnel: versions registered in the range, and how many of them ever reached staging / production.
  const inRange = arrivals.filter(
    (a) => a.created >= f.from && a.created <= f.to,
  );
  const funnel = {
    registered: registeredTotal,
    staging: new Set(inRange.map((a) => a.versionId)).size,
    production: new Set(
      inRange.filter((a) => a.to === "production").map((a) => a.versionId),
    ).size,
  };
  return {
    weeks: [...weeks.values()],
    lead_time: leadTime,
    review_wait: reviewWait,
    funnel,
  };
}
