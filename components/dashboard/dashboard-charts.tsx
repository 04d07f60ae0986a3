"use client";
import { HBarChart } from "@/components/charts/bar-chart";
import { ColumnChart } from "@/components/charts/column-chart";
import type { ProductionHealth } from "@/lib/dashboard/health";
import type { Breakdown } from "@/lib/dashboard/portfolio";
import type { Throughput } from "@/lib/dashboard/throughput";
import { durationUnit, formatDuration, inUnit } from "@/lib/duration";
import { LiveQuality } from "./live-quality";

const week = (ms: number) => new Date(ms).toISOString().slice(5, 10);
const DAY = 86_400_000;
const HOUR = 3_600_000;

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
  return (
    <section
      aria-label="Charts"
      className="grid grid-cols-1 gap-4 lg:grid-cols-2"
    >
      <ColumnChart
        title="Versions registered per week"
        categories={weeks}
        yLabel="versions"
        integer
        series={[
          { name: "registered", values: t.weeks.map((w) => w.registered) },
        ]}
        empty="No version was registered in this range."
      />
      <ColumnChart
        title="Promotions and rollbacks per week"
        categories={weeks}
        yLabel="moves to production"
        integer
        stacked
        series={[
          { name: "promotions", values: t.weeks.map((w) => w.promotions) },
          { name: "rollbacks", values: t.weeks.map((w) => w.rollbacks) },
        ]}
        empty="Nothing reached production in this range."
      />
      <DurationChart
        title="Lead time from registration to production"
        categories={t.lead_time.map((l) => l.month)}
        median={t.lead_time.map((l) => l.median_days * DAY)}
        p90={t.lead_time.map((l) => l.p90_days * DAY)}
        empty="No version reached production for the first time in this range."
      />
      <DurationChart
        title="Time requests wait for review"
        categories={t.review_wait.map((r) => `wk ${week(r.week)}`)}
        median={t.review_wait.map((r) => r.median_hours * HOUR)}
        p90={t.review_wait.map((r) => r.p90_hours * HOUR)}
        empty="No request was decided in this range."
      />
      <LiveQuality health={health} />
      <ColumnChart
        title="Stage funnel of the versions registered in this range"
        categories={["registered", "reached staging", "reached production"]}
        yLabel="versions"
        integer
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
        integer
        data={groups.by_team.map((g) => ({ label: g.label, value: g.models }))}
        empty="No models."
      />
      <HBarChart
        title="Models per owner"
        valueLabel="models"
        integer
        data={groups.by_owner.map((g) => ({ label: g.label, value: g.models }))}
        empty="No models."
      />
    </section>
  );
}

/**
 * A waiting time's median and p90 per period, in one unit chosen from the longest of them (a
 * review of seconds reads "40 s", a lead time of weeks "12 d"), named on the axis and written
 * after every value of the tooltip and the table.
 */
function DurationChart({
  title,
  categories,
  median,
  p90,
  empty,
}: {
  title: string;
  categories: string[];
  median: number[];
  p90: number[];
  empty: string;
}) {
  const unit = durationUnit([...median, ...p90]);
  return (
    <ColumnChart
      title={title}
      categories={categories}
      yLabel={`median and p90, ${unit.name}`}
      zeroIsData
      format={(v) => formatDuration(v * unit.ms, unit)}
      series={[
        { name: "median", values: median.map((ms) => inUnit(ms, unit)) },
        { name: "p90", values: p90.map((ms) => inUnit(ms, unit)) },
      ]}
      empty={empty}
    />
  );
}
