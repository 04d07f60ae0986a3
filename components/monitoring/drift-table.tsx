"use client";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { deploymentDriftQuery } from "@/lib/queries/options";
const TONE = {
  stable: "success",
  moderate: "warning",
  significant: "danger",
} as const;

/** Drift per input feature over the selected range, refreshed with the charts. */
export function DriftTable({ id, range }: { id: number; range: string }) {
  const { data, error } = useQuery(deploymentDriftQuery(id, range));
  return (
    <section
      className="rounded-lg border border-border bg-surface p-4"
      aria-label="Input drift"
    >
      <h3 className="mb-1 text-sm font-semibold">
        Input drift against the training reference
      </h3>
      <p className="mb-3 text-xs text-muted">
        PSI bands: below 0.1 stable, 0.1–0.25 moderate, above 0.25 significant.
        Numeric features: KS compares the live values with a sample of the
        training values. Categories: chi-square tests the live counts against
        the training shares, and Jensen-Shannon distance (0 same, 1 disjoint)
        says how far apart they are.
      </p>
      {error ? <p className="text-sm text-danger">{error.message}</p> : null}
      {!data ? <p className="text-sm text-muted">Loading…</p> : null}
      {data && data.features.length === 0 ? (
        <p className="text-sm text-muted">
          This version has no reference distribution. Send one with POST
          /api/v1/models/&#123;name&#125;/versions/&#123;v&#125;/reference.
        </p>
      ) : null}
      {data && data.features.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="data-table text-sm">
            <caption className="sr-only">Drift per feature</caption>
            <thead>
              <tr>
                <th>Feature</th>
                <th className="num">Live rows</th>
                <th className="num">PSI</th>
                <th>Band</th>
                <th>Test</th>
                <th className="num">Statistic</th>
                <th className="num">p-value</th>
                <th className="num">JS distance</th>
              </tr>
            </thead>
            <tbody>
              {data.features.map((f) => (
                <tr key={f.feature}>
                  <td>
                    <span className="font-mono text-xs">{f.feature}</span>{" "}
                    <span className="text-xs text-muted">{f.kind}</span>
                  </td>
                  <td className="num">{f.rows}</td>
                  <td className="num">
                    {f.psi === null ? "—" : f.psi.toFixed(3)}
                  </td>
                  <td>
                    {f.too_few_rows ? (
                      <span className="text-xs text-warning">
                        too few rows to judge (&lt; {data.min_rows})
                      </span>
                    ) : f.band ? (
                      <Badge tone={TONE[f.band]}>{f.band}</Badge>
                    ) : null}
                  </td>
                  <td className="text-xs">
                    {f.test === "ks" ? "KS D" : "chi-square"}
                  </td>
                  <td className="num">
                    {f.statistic === null ? "—" : f.statistic.toFixed(3)}
                  </td>
                  <td className="num">
                    {f.p_value === null
                      ? "—"
                      : f.p_value < 0.001
                        ? "< 0.001"
                        : f.p_value.toFixed(3)}
                  </td>
                  <td className="num">
                    {f.js_distance === null ? "—" : f.js_distance.toFixed(3)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
