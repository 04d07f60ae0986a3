"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { StageBadge } from "./stage-badge";

export type VersionRow = {
  version: number;
  stage: "none" | "staging" | "production" | "archived" | "retired";
  status: string;
  aliases: string[];
  created_by: string | null;
  created_at: number;
  git_commit: string | null;
  key_metric: number | null;
  release_label: string | null;
};

/** The versions of a model; pick two or more to compare them. */
export function VersionsTable({ model, keyMetric, rows }: { model: string; keyMetric: string | null; rows: VersionRow[] }) {
  const [selected, setSelected] = useState<number[]>([]);
  const router = useRouter();
  const toggle = (v: number) => setSelected((s) => (s.includes(v) ? s.filter((x) => x !== v) : [...s, v]));
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-muted" aria-live="polite">
          {selected.length ? `${selected.length} selected` : "Select two or more versions to compare them."}
        </p>
        <Button
          variant="secondary"
          disabled={selected.length < 2}
          onClick={() => router.push(`${modelHref(model)}/compare?versions=${[...selected].sort((a, b) => a - b).join(",")}`)}
        >
          Compare{selected.length >= 2 ? ` (${selected.length})` : ""}
        </Button>
      </div>
      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Versions of {model}</caption>
          <thead className="border-b border-border text-xs text-muted">
            <tr>
              <th className="w-8 px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
              <th className="px-3 py-2 font-medium">Version</th>
              <th className="px-3 py-2 font-medium">Stage</th>
              <th className="px-3 py-2 font-medium">Aliases</th>
              <th className="px-3 py-2 font-medium">Created by</th>
              <th className="px-3 py-2 font-medium">Created</th>
              <th className="px-3 py-2 font-medium">Commit</th>
              <th className="px-3 py-2 text-right font-medium">{keyMetric ?? "Key metric"}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.version} className="border-b border-border last:border-0">
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select version ${r.version}`} checked={selected.includes(r.version)} onChange={() => toggle(r.version)} />
                </td>
                <td className="px-3 py-2">
                  <Link href={versionHref(model, r.version)} className="font-medium text-accent hover:underline">
                    v{r.version}
                  </Link>
                  {r.release_label ? <span className="ml-2 text-xs text-muted">{r.release_label}</span> : null}
                  {r.status !== "ready" ? <span className="ml-2 text-xs text-warning">{r.status}</span> : null}
                </td>
                <td className="px-3 py-2"><StageBadge stage={r.stage} /></td>
                <td className="px-3 py-2 font-mono text-xs">{r.aliases.map((a) => `@${a}`).join(" ")}</td>
                <td className="px-3 py-2 whitespace-nowrap">{r.created_by ?? "—"}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDate(r.created_at)}</td>
                <td className="px-3 py-2 font-mono text-xs">{r.git_commit ? r.git_commit.slice(0, 7) : "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{r.key_metric === null ? "—" : r.key_metric.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
