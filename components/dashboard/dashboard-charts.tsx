"use client";
import { HBarChart } from "@/components/charts/bar-chart";
import { ColumnChart } from "@/components/charts/column-chart";
import type { ProductionHealth } from "@/lib/dashboard/health";
import type { Breakdown } from "@/lib/dashboard/portfolio";
import type { Throughput } from "@/lib/dashboard/throughput";

const week = (ms: number) => new Date(ms).toISOString().slice(5, 10);

/** The process over the selected range, and the portfolio by team and owner. */
export function DashboardCharts({
  throughput: t,
  health,
  groups,
}: {
  throughput: Throughput;
  health: ProductionHealth[];
  groups: { by_team: Breakdown; by_owner: Breakdown };
}) {
  const weeks = t.weeks.map((w) => `wk ${week(w.week)}`);
  const liveRows = health.filter(
    (h) => h.live.value !== null || h.live.evaluation !== null,
  );
  return (
    <section aria-label="Charts" className="grid gap-4 lg:grid-cols-2">
      <ColumnChart
        title="Versions registered per week"
        categories={weeks}
        yLabel="versions"
        series={[
          { name: "registered", values: t.weeks.map((w) => w.registered) },
        ]}
        empty="No version was registered in this range."
      />
      <ColumnChart
        title="Promotions and rollbacks per week"
        categories={weeks}
        yLabel="moves to production"
        stacked
        series={[
          { name: "promotions", values: t.weeks.map((w) => w.promotions) },
          { name: "rollbacks", values: t.weeks.map((w) => w.rollbacks) },
        ]}
        empty="Nothing reached production in this range."
      />
      <ColumnChart
        title="Lead time from registration to production"
        categories={t.lead_time.map((l) => l.month)}
        yLabel="days"
        zeroIsData
        series={medianAndP90(
          t.lead_time,
          (l) => l.median_days,
          (l) => l.p90_days,
        )}
        empty="No version reached production for the first time in this range."
      />
      <ColumnChart
        title="Time requests wait for review"
        categories={t.review_wait.map((r) => `wk ${week(r.week)}`)}
        yLabel="hours"
        zeroIsData
        series={medianAndP90(
          t.review_wait,
          (r) => r.median_hours,
          (r) => r.p90_hours,
        )}
        empty="No request was decided in this range."
      />
      <ColumnChart
        title="Production models: live quality against the evaluation"
        categories={liveRows.map(
          (h) =>
            `${h.model} v${h.version} (${h.live.metric === "accuracy" ? "accuracy" : "abs. error"})`,
        )}
        yLabel="metric"
        zeroIsData
        series={[
          { name: "live (7 days)", values: liveRows.map((h) => h.live.value) },
          {
            name: "evaluation",
            values: liveRows.map((h) => h.live.evaluation),
          },
        ]}
        empty="No production model has feedback or an evaluation figure yet."
      />
      <ColumnChart
        title="Stage funnel of the versions registered in this range"
        categories={["registered", "reached staging", "reached production"]}
        yLabel="versions"
        series={[
          {
            name: "versions",
            values: [
              t.funnel.registered,
              t.funnel.staging,
              t.funnel.production,
            ],
          },
        ]}
        empty="No version was registered in this range."
      />
      <HBarChart
        title="Models per team"
        valueLabel="models"
        data={groups.by_team.map((g) => ({ label: g.label, value: g.models }))}
        empty="No models."
      />
      <HBarChart
        title="Models per owner"
        valueLabel="models"
        data={groups.by_owner.map((g) => ({ label: g.label, value: g.models }))}
        empty="No models."
      />
    </section>
  );
}

/** The two columns of a waiting-time chart, rounded to hundredths: the median and the p90. */
function medianAndP90<T>(
  rows: T[],
  median: (row: T) => number,
  p90: (row: T) => number,
) {
  return [
    { name: "median", values: rows.map((r) => round(median(r))) },
    { name: "p90", values: rows.map((r) => round(p90(r))) },
  ];
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
