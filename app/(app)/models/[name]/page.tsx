import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Markdown } from "@/components/markdown";
import { DeploymentLinks } from "@/components/deployments/deployment-links";
import { RollbackButton } from "@/components/lifecycle/rollback-button";
import {
  RetirementBanner,
  RetirementCard,
} from "@/components/retirement/retirement-card";
import { retirementActions } from "@/app/(app)/models/retirement-bindings";
import { currentRetirement } from "@/lib/retirement/queries";
import { AccessEditor } from "@/components/registry/access-editor";
import { AliasEditor } from "@/components/registry/alias-editor";
import { EditableDescription } from "@/components/registry/editable-description";
import { ModelAdminActions } from "@/components/registry/model-admin-actions";
import { ModelStatusBadge } from "@/components/registry/stage-badge";
import { TagEditor } from "@/components/registry/tag-editor";
import { VersionsTable } from "@/components/registry/versions-table";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import {
  listModelGrants,
  modelCapabilities,
} from "@/lib/registry/model-permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { modelHref } from "@/lib/registry/paths";
import {
  getModelDetail,
  listVersionRows,
  pageSizeFrom,
} from "@/lib/registry/queries";
import { DEFAULT_PAGE_SIZE } from "@/lib/registry/registry.validation";
import { protectedAliasesFor } from "@/lib/lifecycle/policies";
import { openAliasRequests, rollbackTarget } from "@/lib/lifecycle/queries";
import { productionAt, stageHistory } from "@/lib/lifecycle/stage-history";
import { listDeployments } from "@/lib/deployments/deployments";
import {
  deleteAliasAction,
  deleteModelAction,
  deleteModelTagAction,
  grantPermissionAction,
  renameModelAction,
  revokePermissionAction,
  setAliasAction,
  setModelTagAction,
  updateDescriptionAction,
} from "../actions";
import { requestAliasAction, rollbackAction } from "../lifecycle-actions";

type Params = {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ vcursor?: string; vlimit?: string; at?: string }>;
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function ModelPage({ params, searchParams }: Params) {
  const actor = await requirePagePermission("models.read");
  const name = decodeURIComponent((await params).name);
  const { vcursor, vlimit, at } = await searchParams;
  // Versions per page as on the models list; ?vlimit= picks another.
  const perPage = pageSizeFrom(vlimit);
  let model;
  try {
    model = getModelDetail(actor, name);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
  const versions = listVersionRows(actor, name, {
    limit: perPage,
    cursor: vcursor,
  });
  const { editModel: canEditModel, writeVersions: canWriteVersions } =
    modelCapabilities(actor, name);
  const grants = listModelGrants(actor, name);
  const deletable =
    model.staging_version === null && model.production_version === null;
  const history = stageHistory(actor, name);
  const deployments = listDeployments(actor, { model: name }).filter(
    (d) => d.status !== "stopped",
  );
  const atMs = at ? Date.parse(at) + 86_399_999 : NaN;
  const liveThen = Number.isFinite(atMs) ? productionAt(history, atMs) : null;
  const rollbackTo =
    model.production_version !== null && model.status === "active"
      ? rollbackTarget(actor, name)
      : null;
  const retirement = currentRetirement(actor, name);
  // The production version first, whether or not it is on this page of versions: it is what an
  // alias like champion should usually follow. Then the page's other versions, newest first.
  const aliasChoices = [
    ...(model.production_version !== null
      ? [{ version: model.production_version, stage: "production" }]
      : []),
    ...versions.items
      .filter(
        (v) => v.stage !== "retired" && v.version !== model.production_version,
      )
      .map((v) => ({ version: v.version, stage: v.stage })),
  ];
  return (
    <>
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs text-muted">
            <Link href="/models" className="hover:underline">
              Models
            </Link>{" "}
            /
          </p>
          <h1 className="text-xl font-semibold tracking-tight break-all">
            {model.name} <ModelStatusBadge status={model.status} />
          </h1>
          <p className="mt-1 text-sm text-muted">
            {model.task} · owner {model.owner?.name ?? "—"} · created{" "}
            {formatDateTime(model.created_at)} · updated{" "}
            {formatDateTime(model.updated_at)}
          </p>
          {model.use_case ? (
            <p className="mt-1 text-sm">{model.use_case}</p>
          ) : null}
        </div>
        <div className="flex gap-2">
          <Link
            href={`${modelHref(model.name)}/card`}
            className={buttonClass("secondary")}
          >
            Model card
          </Link>
          {canWriteVersions ? (
            <Link
              href={`${modelHref(model.name)}/versions/new`}
              className={buttonClass("primary")}
            >
              Register version
            </Link>
          ) : null}
        </div>
      </header>

      <RetirementBanner r={retirement} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(16rem,1fr)]">
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Description</h2>
            <EditableDescription
              source={model.description}
              canEdit={canEditModel}
              save={updateDescriptionAction.bind(null, model.name)}
            >
              <Markdown text={model.description} />
            </EditableDescription>
          </Card>
          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading" className="mb-2 text-sm font-semibold">
              Versions
            </h2>
            {versions.items.length === 0 ? (
              <EmptyState title="No versions yet">
                Register one with the button above, or from training code:{" "}
                <code className="font-mono">
                  client.create_version(&quot;{model.name}&quot;, ...)
                </code>
                .
              </EmptyState>
            ) : (
              <VersionsTable
                model={model.name}
                keyMetric={model.key_metric}
                rows={versions.items}
              />
            )}
            <div className="mt-2 flex gap-4 text-sm">
              {vcursor ? (
                <Link
                  href={`${modelHref(model.name)}${perPage !== DEFAULT_PAGE_SIZE ? `?vlimit=${perPage}` : ""}`}
                  className="text-accent underline"
                >
                  Newest versions
                </Link>
              ) : null}
              {versions.next_cursor ? (
                <Link
                  href={`${modelHref(model.name)}?${new URLSearchParams({ vcursor: versions.next_cursor, ...(perPage !== DEFAULT_PAGE_SIZE ? { vlimit: String(perPage) } : {}) })}`}
                  className="text-accent underline"
                >
                  Older versions
                </Link>
              ) : null}
            </div>
          </section>
        </div>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Tags</h2>
            <TagEditor
              tags={model.tags}
              canEdit={canEditModel}
              onSet={setModelTagAction.bind(null, model.name)}
              onDelete={deleteModelTagAction.bind(null, model.name)}
            />
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Access</h2>
            <AccessEditor
              owner={model.owner?.name ?? null}
              grants={grants}
              canManage={canEditModel}
              onGrant={grantPermissionAction.bind(null, model.name)}
              onRevoke={revokePermissionAction.bind(null, model.name)}
            />
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Aliases</h2>
            <AliasEditor
              aliases={model.aliases}
              versions={aliasChoices}
              protectedAliases={protectedAliasesFor(actor, name)}
              pending={openAliasRequests(actor, name)}
              canEdit={canWriteVersions}
              onSet={setAliasAction.bind(null, model.name)}
              onDelete={deleteAliasAction.bind(null, model.name)}
              onRequest={requestAliasAction.bind(null, model.name)}
            />
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Deployments</h2>
            {deployments.length === 0 ? (
              <p className="text-sm text-muted">Not deployed anywhere.</p>
            ) : (
              <DeploymentLinks
                deployments={deployments}
                label="Deployments"
                withVersion
              />
            )}
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Stage timeline</h2>
            {history.length === 0 ? (
              <p className="text-sm text-muted">
                No version has changed stage yet.
              </p>
            ) : (
              <ol className="space-y-1 text-xs" aria-label="Stage timeline">
                {history.map((h, i) => (
                  <li key={i}>
                    {formatDateTime(h.at)} · v{h.version}:{" "}
                    {h.from_stage === "none" ? "Development" : h.from_stage} →{" "}
                    <strong>{h.to_stage}</strong>
                    {h.override ? (
                      <span className="ml-1 font-semibold text-danger">
                        override
                      </span>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
            <form method="get" className="mt-3 flex flex-wrap items-end gap-2">
              <label className="text-xs">
                What was live on
                <input
                  type="date"
                  name="at"
                  defaultValue={at}
                  className="mt-1 block rounded-md border border-border bg-surface px-2 py-1 text-sm"
                />
              </label>
              <button
                type="submit"
                className="rounded-md border border-border px-2 py-1 text-sm"
              >
                Show
              </button>
            </form>
            {liveThen ? (
              <p className="mt-2 text-sm" data-testid="live-then">
                In production at the end of {at}:{" "}
                {liveThen.length
                  ? liveThen.map((v) => `v${v}`).join(", ")
                  : "no version"}
              </p>
            ) : null}
            {rollbackTo !== null && canWriteVersions ? (
              <div className="mt-3">
                <RollbackButton
                  version={rollbackTo}
                  onRollback={rollbackAction.bind(null, model.name)}
                />
              </div>
            ) : null}
          </Card>
          <RetirementCard
            actor={actor}
            model={model.name}
            version={null}
            r={retirement}
            actions={retirementActions(model.name, null, retirement)}
            writable={model.status !== "retired"}
          />
          {canEditModel ? (
            <Card>
              <h2 className="mb-2 text-sm font-semibold">Manage</h2>
              <ModelAdminActions
                name={model.name}
                deletable={deletable}
                rename={renameModelAction.bind(null, model.name)}
                remove={deleteModelAction.bind(null, model.name)}
              />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
