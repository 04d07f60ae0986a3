// The manager dashboard: current portfolio figures, process throughput over a date range, and
// production health, for all models or those of one team tag and/or task. The figures come from a
// fixed number of aggregate queries over the filtered models (none per model), so the number of
// queries is the same at 10 or 10,000 models. Two reads, one per part of the page: the figures of
// now, which the page shows at once, and the charts over the range (the costly aggregates), which
// stream in after it.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import type { DashboardFilters } from "./filters";
import { productionHealth, type ProductionHealth } from "./health";
import { headline, type Headline } from "./headline";
import { memo } from "./memo";
import {
  breakdowns,
  teamValues,
  waitingLongest,
  type Breakdown,
  type WaitingRequest,
} from "./portfolio";
import { throughput, type Throughput } from "./throughput";

export type DashboardNow = {
  headline: Headline;
  health: { items: ProductionHealth[]; total: number };
  waiting: WaitingRequest[];
  teams: string[];
};

export type DashboardCharts = {
  throughput: Throughput;
  breakdowns: { by_team: Breakdown; by_owner: Breakdown };
};

/** The figures of now and the team filter's choices, kept per filter until the next change (see
 *  memo.ts); the teams, like the charts, for up to 30 s. */
export function dashboardNow(actor: Actor, f: DashboardFilters): DashboardNow {
  assertCan(actor, "dashboard.read");
  const key = filterKey(f);
  const now = memo(`now:${key}`, () => ({
    headline: headline(actor, f),
    health: productionHealth(actor, f, Date.now(), 12),
    waiting: waitingLongest(actor, f),
  }));
  const teams = memo(`teams:${key}`, () => teamValues(actor), {
    untilChange: false,
  });
  return { ...now, teams };
}

/** The charts over the filter's range, kept per filter for up to 30 s (see memo.ts). */
export function dashboardCharts(
  actor: Actor,
  f: DashboardFilters,
): DashboardCharts {
  assertCan(actor, "dashboard.read");
  return memo(
    `charts:${filterKey(f)}`,
    () => ({
      throughput: throughput(actor, f),
      breakdowns: breakdowns(actor, f),
    }),
    { untilChange: false },
  );
}

const filterKey = (f: DashboardFilters) =>
  `${f.team ?? ""}:${f.task ?? ""}:${f.from}:${f.to}`;
