"use client";
import { useState } from "react";
import { HBarChart } from "@/components/charts/bar-chart";
import { CurveChart } from "@/components/charts/curve-chart";
import type { VersionStage } from "@/db/schema";
import { STAGE_LABELS } from "@/lib/format";

type Row = {
  section: string;
  label: string;
  values: (string | null)[];
  best: number[];
};
export type CompareData = {
  versions: { version: number; stage: VersionStage; href: string }[];
  rows: Row[];
  metricNames: string[];
  metricValues: Record<string, (number | null)[]>;
  trend: Record<string, { x: number; y: number }[]>;
  roc: { name: string; points: { x: number; y: number }[] }[];
  keyMetric: string | null;
};

/** The comparison table (with a differences-only switch; best value per metric marked) and its charts. */
export function CompareView({ data }: { data: CompareData }) {
  const [diffOnly, setDiffOnly] = useState(false);
  const [metric, setMetric] = useState(
    data.keyMetric && data.metricNames.includes(data.keyMetric)
      ? data.keyMetric
      : (data.metricNames[0] ?? ""),
  );
  const sections = [...new Set(data.rows.map((r) => r.section))];
  const shown = data.rows.filter(
    (r) => !diffOnly || new Set(r.values.map((v) => v ?? "")).size > 1,
  );
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={diffOnly}
          onChange={(e) => setDiffOnly(e.target.checked)}
        />{" "}
        Differences only
      </label>
      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        <table className="data-table" aria-label="Version comparison">
          <thead>
            <tr>
              <th>Field</th>
              {data.versions.map((v) => (
                <th key={v.version}>
                  <a href={v.href} className="primary underline">
                    v{v.version}
                  </a>{" "}
                  <span className="muted text-xs">{STAGE_LABELS[v.stage]}</span>
                </th>
              ))}
            </tr>
          </thead>
          {sections.map((section) => {
            const rows = shown.filter((r) => r.section === section);
            return (
              <tbody key={section}>
                <tr className="bg-background">
                  <th
                    colSpan={data.versions.length + 1}
                    scope="colgroup"
                    className="text-xs font-semibold"
                  >
                    {section}
                  </th>
                </tr>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={data.versions.length + 1} className="muted">
                      {diffOnly ? "No differences." : "None recorded."}
                    </td>
                  </tr>
                ) : null}
                {rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row" className="font-mono text-xs font-normal">
                      {r.label}
                    </th>
                    {r.values.map((x, i) => (
                      <td key={i} className="break-all tabular-nums">
                        {x ?? "—"}
                        {r.best.includes(i) ? (
                          <span
                            className="ml-1 text-xs font-semibold text-success"
                            title="Best value"
                          >
                            ★ best
                          </span>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      </div>
      {data.metricNames.length ? (
        <div className="space-y-2">
          <label className="text-sm">
            Metric for the charts{" "}
            <select
              className="rounded-md border border-border bg-surface px-2 py-1 text-sm"
              value={metric}
              onChange={(e) => setMetric(e.target.value)}
            >
              {data.metricNames.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
            <HBarChart
              title={`${metric} across the selected versions`}
              valueLabel={metric}
              data={data.versions.flatMap((v, i) => {
                const value = data.metricValues[metric]?.[i];
                return value === null || value === undefined
                  ? []
                  : [{ label: `v${v.version}`, value }];
              })}
            />
            <CurveChart
              title={`${metric} over every version of the model`}
              xLabel="Version"
              xInteger
              yLabel={metric}
              series={[{ name: metric, points: data.trend[metric] ?? [] }]}
            />
          </div>
        </div>
      ) : null}
      {data.roc.length ? (
        <CurveChart
          title="ROC curves"
          xLabel="False positive rate"
          yLabel="True positive rate"
          unitDomain
          diagonal
          series={data.roc}
        />
      ) : null}
    </div>
  );
}
