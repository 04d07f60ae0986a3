"use client";
// Client component for the same reason as ModelsTable: rows cross the server boundary as data.
import { formatDate, formatMetric } from "@/lib/format";
import type { VersionRowSummary } from "@/lib/registry/queries";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { CompareButton } from "./compare-button";
import { StageBadge } from "./stage-badge";

export type VersionRow = VersionRowSummary;

/**
 * The versions of a model. Ticking two or more and pressing Compare submits a plain GET form to the
 * compare page (?v=1&v=3), so the table holds no state of its own.
 */
export function VersionsTable({
  model,
  keyMetric,
  rows,
}: {
  model: string;
  keyMetric: string | null;
  rows: VersionRow[];
}) {
  const formId = "compare-versions";
  return (
    <div className="space-y-2">
      <CompareButton formId={formId} />
      <form
        id={formId}
        method="get"
        action={`${modelHref(model)}/compare`}
        className="overflow-x-auto rounded-lg border border-border bg-surface"
      >
        <table className="data-table">
          <caption className="sr-only">Versions of {model}</caption>
          <thead>
            <tr>
              <th className="w-8">
                <span className="sr-only">Select</span>
              </th>
              <th>Version</th>
              <th>Stage</th>
              <th>Aliases</th>
              <th>Created by</th>
              <th>Created</th>
              <th>Commit</th>
              <th className="num">{keyMetric ?? "Key metric"}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.version}>
                <td>
                  <input
                    type="checkbox"
                    name="v"
                    value={r.version}
                    aria-label={`Select version ${r.version}`}
                  />
                </td>
                <td className="nowrap">
                  <a href={versionHref(model, r.version)} className="primary">
                    v{r.version}
                  </a>
                  {r.release_label ? (
                    <span className="muted"> {r.release_label}</span>
                  ) : null}
                  {r.status !== "ready" ? (
                    <span className="text-warning"> {r.status}</span>
                  ) : null}
                </td>
                <td>
                  <StageBadge stage={r.stage} />
                </td>
                <td className="font-mono text-xs">
                  {r.aliases.map((a) => `@${a}`).join(" ")}
                </td>
                <td className="nowrap">{r.created_by ?? "—"}</td>
                <td className="nowrap">{formatDate(r.created_at)}</td>
                <td className="font-mono text-xs">
                  {r.git_commit ? r.git_commit.slice(0, 7) : "—"}
                </td>
                <td className="num">
                  {r.key_metric === null ? "—" : formatMetric(r.key_metric)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </form>
    </div>
  );
}
