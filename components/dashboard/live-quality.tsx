"use client";
// Live quality against the evaluation, as small multiples: one small chart per production model,
// each on the axis of its own metric. An accuracy (0 to 100%) and an absolute error (in the
// target's unit, 2.4 mpg) cannot share an axis, nor can two errors in different units.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from "recharts";
import { zeroBasedAxis } from "@/components/charts/axes";
import { ChartCard, NumberTable } from "@/components/charts/chart-card";
import type { ProductionHealth } from "@/lib/dashboard/health";

const METRICS = {
  accuracy: {
    name: "accuracy",
    detail: "share of predictions right; higher is better",
    format: (v: number) => `${Number((v * 100).toFixed(1))}%`,
  },
  abs_error: {
    name: "mean absolute error",
    detail: "in the target's unit; lower is better",
    format: (v: number) => String(Number(v.toPrecision(3))),
  },
} as const;

const TITLE = "Production models: live quality against the evaluation";

export function LiveQuality({ health }: { health: ProductionHealth[] }) {
  const rows = health.filter(
    (h) => h.live.value !== null || h.live.evaluation !== null,
  );
  return (
    <div className="lg:col-span-2">
      <ChartCard
        title={TITLE}
        height="auto"
        empty={
          rows.length === 0
            ? "No production model has feedback or an evaluation figure yet."
            : null
        }
        chart={
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {rows.map((h) => (
              <li key={`${h.model}:${h.version}`}>
                <SmallChart h={h} />
              </li>
            ))}
          </ul>
        }
        table={
          <NumberTable
            caption={TITLE}
            columns={["model", "metric", "live (7 days)", "evaluation"]}
            rows={rows.map((h) => {
              const m = METRICS[h.live.metric];
              return [
                `${h.model} v${h.version}`,
                m.name,
                h.live.value === null ? null : m.format(h.live.value),
                h.live.evaluation === null ? null : m.format(h.live.evaluation),
              ];
            })}
          />
        }
      />
    </div>
  );
}

/** One model: its live figure of the last 7 days beside its evaluation's, on its metric's axis. */
function SmallChart({ h }: { h: ProductionHealth }) {
  const m = METRICS[h.live.metric];
  const data = [
    {
      label: h.live.value === null ? "live: no feedback" : "live (7 days)",
      value: h.live.value,
    },
    { label: "evaluation", value: h.live.evaluation },
  ];
  // Accuracy is a share, 0 to 100%; an error runs from zero to past the larger of the two.
  const { domain, ticks } =
    h.live.metric === "accuracy"
      ? { domain: [0, 1], ticks: [0, 0.5, 1] }
      : zeroBasedAxis([h.live.value, h.live.evaluation], { steps: 2 });
  return (
    <figure className="min-w-0 rounded-md border border-border p-2">
      <figcaption className="text-xs">
        <span className="font-medium">
          {h.model} v{h.version}
        </span>
        <span className="block text-muted">
          {m.name} ({m.detail})
        </span>
      </figcaption>
      <div style={{ height: 96 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 44, bottom: 0, left: 0 }}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke="var(--border)"
              horizontal={false}
            />
            <XAxis
              type="number"
              domain={domain}
              ticks={ticks}
              tickFormatter={m.format}
              fontSize={10}
            />
            <YAxis type="category" dataKey="label" width={96} fontSize={10} />
            <Bar dataKey="value" isAnimationActive={false}>
              {data.map((d, i) => (
                <Cell
                  key={d.label}
                  fill={i === 0 ? "var(--chart-1)" : "var(--chart-2)"}
                />
              ))}
              <LabelList
                dataKey="value"
                position="right"
                fontSize={10}
                fill="var(--foreground)"
                formatter={(v) => (typeof v === "number" ? m.format(v) : "")}
              />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
