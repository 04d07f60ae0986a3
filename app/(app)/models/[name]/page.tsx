import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Markdown } from "@/components/markdown";
import { AliasEditor } from "@/components/registry/alias-editor";
import { EditableDescription } from "@/components/registry/editable-description";
import { ModelAdminActions } from "@/components/registry/model-admin-actions";
import { ModelStatusBadge } from "@/components/registry/stage-badge";
import { TagEditor } from "@/components/registry/tag-editor";
import { VersionsTable } from "@/components/registry/versions-table";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { modelHref } from "@/lib/registry/paths";
import { getModelDetail, listVersions } from "@/lib/registry/queries";
import {
  deleteAliasAction,
  deleteModelAction,
  deleteModelTagAction,
  renameModelAction,
  setAliasAction,
  setModelTagAction,
  updateDescriptionAction,
} from "../actions";

type Params = { params: Promise<{ name: string }>; searchParams: Promise<{ vcursor?: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function ModelPage({ params, searchParams }: Params) {
  const actor = await requirePagePermission("models.read");
  const name = decodeURIComponent((await params).name);
  const { vcursor } = await searchParams;
  let model;
  try {
    model = getModelDetail(actor, name);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
  const versions = listVersions(actor, name, { limit: 100, cursor: vcursor });
  const canEditModel = can(actor, "models.update", { ownerId: model.owner?.id ?? null }) && model.status !== "retired";
  const canWriteVersions = can(actor, "versions.write") && model.status !== "retired";
  const deletable = model.staging_version === null && model.production_version === null;
  return (
    <>
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs text-muted">
            <Link href="/models" className="hover:underline">Models</Link> /
          </p>
          <h1 className="text-xl font-semibold tracking-tight break-all">
            {model.name} <ModelStatusBadge status={model.status} />
          </h1>
          <p className="mt-1 text-sm text-muted">
            {model.task} · owner {model.owner?.name ?? "—"} · created {formatDateTime(model.created_at)} · updated {formatDateTime(model.updated_at)}
          </p>
          {model.use_case ? <p className="mt-1 text-sm">{model.use_case}</p> : null}
        </div>
        {canWriteVersions ? (
          <Link href={`${modelHref(model.name)}/versions/new`} className={buttonClass("primary")}>
            Register version
          </Link>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(16rem,1fr)]">
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Description</h2>
            <EditableDescription source={model.description} canEdit={canEditModel} save={updateDescriptionAction.bind(null, model.name)}>
              <Markdown text={model.description} />
            </EditableDescription>
          </Card>
          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading" className="mb-2 text-sm font-semibold">
              Versions
            </h2>
            {versions.items.length === 0 ? (
              <EmptyState title="No versions yet">
                Register one with the button above, or from training code: <code className="font-mono">client.create_version(&quot;{model.name}&quot;, ...)</code>.
              </EmptyState>
            ) : (
              <VersionsTable
                model={model.name}
                keyMetric={model.key_metric}
                rows={versions.items.map((v) => ({
                  version: v.version,
                  stage: v.stage,
                  status: v.status,
                  aliases: v.aliases,
                  created_by: v.created_by?.name ?? null,
                  created_at: v.created_at,
                  git_commit: v.lineage.git_commit,
                  key_metric: model.key_metric ? (v.metrics[model.key_metric] ?? null) : null,
                  release_label: v.release_label,
                }))}
              />
            )}
            {versions.next_cursor ? (
              <Link href={`${modelHref(model.name)}?vcursor=${versions.next_cursor}`} className="mt-2 inline-block text-sm text-accent underline">
                Older versions
              </Link>
            ) : null}
          </section>
        </div>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Tags</h2>
            <TagEditor tags={model.tags} canEdit={canEditModel} onSet={setModelTagAction.bind(null, model.name)} onDelete={deleteModelTagAction.bind(null, model.name)} />
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Aliases</h2>
            <AliasEditor
              aliases={model.aliases}
              versions={versions.items.filter((v) => v.stage !== "retired").map((v) => v.version)}
              canEdit={canWriteVersions}
              onSet={setAliasAction.bind(null, model.name)}
              onDelete={deleteAliasAction.bind(null, model.name)}
            />
          </Card>
          {canEditModel ? (
            <Card>
              <h2 className="mb-2 text-sm font-semibold">Manage</h2>
              <ModelAdminActions name={model.name} deletable={deletable} rename={renameModelAction.bind(null, model.name)} remove={deleteModelAction.bind(null, model.name)} />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
