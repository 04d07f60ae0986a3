import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StageBadge } from "@/components/registry/stage-badge";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { getVersion } from "@/lib/registry/queries";
import type { VersionDto } from "@/lib/registry/dto";

export const metadata: Metadata = { title: "Compare versions" };

type Row = { label: string; values: (string | null)[] };

/** Side-by-side metrics, parameters and lineage of any number of versions. */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ versions?: string; v?: string | string[] }> }) {
  const actor = await requirePagePermission("models.read");
  const name = decodeURIComponent((await params).name);
  // Either ?versions=1,3,4 (shareable) or ?v=1&v=3 (the model page's checkbox form).
  const sp = await searchParams;
  const listed = [...(sp.versions ?? "").split(","), ...(Array.isArray(sp.v) ? sp.v : sp.v ? [sp.v] : [])];
  const wanted = [...new Set(listed.map((s) => s.trim()).filter((s) => /^\d+$/.test(s)))].sort((a, b) => Number(a) - Number(b));
  let versions: VersionDto[];
  try {
    versions = wanted.map((v) => getVersion(actor, name, v));
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
  const keys = (pick: (v: VersionDto) => Record<string, unknown>) => [...new Set(versions.flatMap((v) => Object.keys(pick(v))))].sort();
  const metricRows: Row[] = keys((v) => v.metrics).map((k) => ({ label: k, values: versions.map((v) => (v.metrics[k] === undefined ? null : String(v.metrics[k]))) }));
  const paramRows: Row[] = keys((v) => v.params).map((k) => ({ label: k, values: versions.map((v) => v.params[k] ?? null) }));
  const lineageRows: Row[] = [
    { label: "git commit", values: versions.map((v) => v.lineage.git_commit) },
    { label: "dataset", values: versions.map((v) => v.lineage.dataset_name) },
    { label: "dataset version", values: versions.map((v) => v.lineage.dataset_version) },
    { label: "framework", values: versions.map((v) => v.framework) },
  ];
  return (
    <>
      <PageHeader
        title={`Compare versions of ${name}`}
        description={
          <Link href={modelHref(name)} className="text-accent underline">
            Back to {name}
          </Link>
        }
      />
      {versions.length < 2 ? (
        <p className="text-sm text-muted">Pick at least two versions on the model page to compare them.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Version comparison</caption>
            <thead className="border-b border-border text-xs text-muted">
              <tr>
                <th className="px-3 py-2 font-medium">Field</th>
                {versions.map((v) => (
                  <th key={v.version} className="px-3 py-2 font-medium">
                    <Link href={versionHref(name, v.version)} className="text-accent hover:underline">v{v.version}</Link> <StageBadge stage={v.stage} />
                  </th>
                ))}
              </tr>
            </thead>
            <Section title="Metrics" rows={metricRows} />
            <Section title="Parameters" rows={paramRows} />
            <Section title="Lineage" rows={lineageRows} />
          </table>
        </div>
      )}
    </>
  );
}

function Section({ title, rows }: { title: string; rows: Row[] }) {
  return (
    <tbody>
      <tr className="bg-background">
        <th colSpan={99} scope="colgroup" className="px-3 py-1 text-xs font-semibold">
          {title}
        </th>
      </tr>
      {rows.length === 0 ? (
        <tr>
          <td colSpan={99} className="px-3 py-2 text-muted">None recorded.</td>
        </tr>
      ) : null}
      {rows.map((r) => {
        const differs = new Set(r.values.map((x) => x ?? "")).size > 1;
        return (
          <tr key={r.label} className="border-b border-border last:border-0">
            <th scope="row" className="px-3 py-1 font-mono text-xs font-normal">
              {r.label}
              {differs ? <span className="ml-1 text-warning" title="Differs between versions">≠</span> : null}
            </th>
            {r.values.map((x, i) => (
              <td key={i} className="px-3 py-1 tabular-nums break-all">{x ?? "—"}</td>
            ))}
          </tr>
        );
      })}
    </tbody>
  );
}
