// The charts over the chosen range (weekly throughput, lead and review times, the portfolio by team
// and owner): the dashboard's costly aggregates, so they stream in after the figures of now (see
// after-shell.ts). Production health comes from the page, which shows it in its table too.
import { DashboardCharts } from "@/components/dashboard/dashboard-charts";
import { Busy, ChartSkeleton } from "@/components/ui/skeleton";
import type { Actor } from "@/lib/auth/actor";
import { dashboardCharts } from "@/lib/dashboard/dashboard";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import type { ProductionHealth } from "@/lib/dashboard/health";
import { afterShell } from "@/app/(app)/after-shell";

export async function ChartsSection({
  actor,
  filters,
  health,
}: {
  actor: Actor;
  filters: DashboardFilters;
  health: ProductionHealth[];
}) {
  await afterShell();
  const { throughput, breakdowns } = dashboardCharts(actor, filters);
  return (
    <DashboardCharts
      throughput={throughput}
      health={health}
      groups={breakdowns}
    />
  );
}

/** The charts while they load: as many chart cards, in the same grid. */
export function ChartsSkeleton() {
  return (
    <Busy what="the charts">
      <ChartGrid />
    </Busy>
  );
}

/** The placeholder chart cards alone, for the dashboard's loading.tsx (itself a busy region). */
export function ChartGrid() {
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      {Array.from({ length: CHART_COUNT }, (_, i) => (
        <ChartSkeleton key={i} />
      ))}
    </div>
  );
}

/** DashboardCharts' number of charts. */
const CHART_COUNT = 8;
