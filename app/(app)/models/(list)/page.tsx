import type { Metadata } from "next";
import Link from "next/link";
import { ModelFilters } from "@/components/registry/model-filters";
import { ModelsTable } from "@/components/registry/models-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { listModels, type ModelPage } from "@/lib/registry/queries";

export const metadata: Metadata = { title: "Models" };

type Search = Record<string, string | string[] | undefined>;

export default async function ModelsPage({
  searchParams,
}: {
  searchParams: Promise<Search>;
}) {
  const actor = await requirePagePermission("models.read");
  const sp = await searchParams;
  const params = Object.fromEntries(
    Object.entries(sp).flatMap(([k, v]) =>
      typeof v === "string" && v !== "" ? [[k, v]] : [],
    ),
  );
  let page: ModelPage | null = null;
  let problem: string | null = null;
  try {
    page = listModels(actor, params);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problem = error.message;
  }
  const filtered = Boolean(
    params.q || params.tag || params.stage || params.status || params.owner,
  );
  const nextHref = page?.next_cursor
    ? `/models?${new URLSearchParams({ ...params, cursor: page.next_cursor })}`
    : null;
  const firstHref = params.cursor
    ? `/models?${new URLSearchParams(Object.fromEntries(Object.entries(params).filter(([k]) => k !== "cursor")))}`
    : null;
  return (
    <>
      <PageHeader
        title="Models"
        description={
          page
            ? `${page.total} model${page.total === 1 ? "" : "s"}${filtered ? " match" : " registered"}`
            : undefined
        }
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
        <p
          role="alert"
          className="mb-4 rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-sm text-danger"
        >
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
                <Link href="/models/new" className="text-accent underline">
                  Register your first model
                </Link>
                , or from training code with the Python client or the REST API (
                <code className="font-mono">POST /api/v1/models</code>).
              </>
            ) : (
              "Data scientists register models from the browser, the Python client or the REST API."
            )}
          </EmptyState>
        )
      ) : null}
      {page && page.items.length > 0 ? (
        <ModelsTable
          rows={page.items.map((m) => ({
            name: m.name,
            status: m.status,
            latest_version: m.latest_version,
            staging_version: m.staging_version,
            production_version: m.production_version,
            owner: m.owner?.name ?? null,
            updated_at: m.updated_at,
            tags: m.tags,
          }))}
        />
      ) : null}
      {firstHref || nextHref ? (
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {firstHref ? (
            <Link href={firstHref} className="text-accent underline">
              First page
            </Link>
          ) : (
            <span />
          )}
          {nextHref ? (
            <Link href={nextHref} className="text-accent underline">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
