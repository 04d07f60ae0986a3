import type { Metadata } from "next";
import Link from "next/link";
import { ModelFilters } from "@/components/registry/model-filters";
import { ModelStatusBadge } from "@/components/registry/stage-badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { listModels, type ModelPage } from "@/lib/registry/queries";

export const metadata: Metadata = { title: "Models" };

type Search = Record<string, string | string[] | undefined>;

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePagePermission("models.read");
  const sp = await searchParams;
  const params = Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" && v !== "" ? [[k, v]] : [])));
  let page: ModelPage | null = null;
  let problem: string | null = null;
  try {
    page = listModels(actor, params);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problem = error.message;
  }
  const filtered = Boolean(params.q || params.tag || params.stage || params.status || params.owner);
  const nextHref = page?.next_cursor ? `/models?${new URLSearchParams({ ...params, cursor: page.next_cursor })}` : null;
  const firstHref = params.cursor ? `/models?${new URLSearchParams(Object.fromEntries(Object.entries(params).filter(([k]) => k !== "cursor")))}` : null;
  return (
    <>
      <PageHeader
        title="Models"
        description={page ? `${page.total} model${page.total === 1 ? "" : "s"}${filtered ? " match" : " registered"}` : undefined}
        actions={
          can(actor, "models.create") ? (
            <Link href="/models/new" className={buttonClass("primary")}>
              New model
            </Link>
          ) : null
        }
      />
      <ModelFilters values={params} />
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-sm text-danger">
          {problem}
        </p>
      ) : null}
      {page && page.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No model matches these filters">
            <Link href="/models" className="text-accent underline">
              Clear the filters
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title="No models yet">
            {can(actor, "models.create") ? (
              <>
                <Link href="/models/new" className="text-accent underline">Register your first model</Link>, or from training code with the Python client or the REST API
                (<code className="font-mono">POST /api/v1/models</code>).
              </>
            ) : (
              "Data scientists register models from the browser, the Python client or the REST API."
            )}
          </EmptyState>
        )
      ) : null}
      {page && page.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="data-table">
            <caption className="sr-only">Registered models</caption>
            <thead>
              <tr>
                <th>Name</th>
                <th>Latest</th>
                <th>Staging</th>
                <th>Production</th>
                <th>Owner</th>
                <th>Last modified</th>
                <th>Tags</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) => (
                <tr key={m.name}>
                  <td>
                    <Link href={modelHref(m.name)} className="primary">
                      {m.name}
                    </Link>{" "}
                    <ModelStatusBadge status={m.status} />
                  </td>
                  <td><VersionLink name={m.name} version={m.latest_version} /></td>
                  <td><VersionLink name={m.name} version={m.staging_version} /></td>
                  <td><VersionLink name={m.name} version={m.production_version} /></td>
                  <td>{m.owner?.name ?? "—"}</td>
                  <td className="nowrap">{formatDateTime(m.updated_at)}</td>
                  <td>
                    {Object.entries(m.tags).map(([k, v]) => (
                      <a key={k} href={`/models?tag=${encodeURIComponent(`${k}=${v}`)}`} className="tag-chip">
                        {k}={v}
                      </a>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {firstHref || nextHref ? (
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {firstHref ? <Link href={firstHref} className="text-accent underline">First page</Link> : <span />}
          {nextHref ? <Link href={nextHref} className="text-accent underline">Next page</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

function VersionLink({ name, version }: { name: string; version: number | null }) {
  if (version === null) return <span className="muted">—</span>;
  // Plain anchors: hundreds of <Link>s per page cost more server render time than they save.
  return (
    <a href={versionHref(name, version)}>
      v{version}
    </a>
  );
}
