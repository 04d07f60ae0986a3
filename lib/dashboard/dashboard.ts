// The manager dashboard: current portfolio figures, process throughput over a date range, and
// production health, for all models or those of one team tag and/or task. The figures come from a
// fixed number of aggregate queries over the filtered models (none per model), so the number of
// queries is the same at 10 or 10,000 models.
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

export type DashboardView = {
  headline: Headline;
  throughput: Throughput;
  health: { items: ProductionHealth[]; total: number };
  breakdowns: { by_team: Breakdown; by_owner: Breakdown };
  waiting: WaitingRequest[];
  teams: string[];
};

/** Everything the dashboard page shows, kept per filter until the next change (see memo.ts). */
export function dashboardView(
  actor: Actor,
  f: DashboardFilters,
): DashboardView {
  assertCan(actor, "dashboard.read");
  const key = `${f.team ?? ""}:${f.task ?? ""}:${f.from}:${f.to}`;
  const now = memo(`now:${key}`, () => ({
    headline: headline(actor, f),
    health: productionHealth(actor, f, Date.now(), 12),
    waiting: waitingLongest(actor, f),
  }));
  const charts = memo(
    `charts:${key}`,
    () => ({
      throughput: throughput(actor, f),
      breakdowns: breakdowns(actor, f),
      teams: teamValues(actor),
    }),
    { untilChange: false },
  );
  return { ...now, ...charts };
}
