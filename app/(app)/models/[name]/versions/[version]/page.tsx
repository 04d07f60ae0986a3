import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { Activity } from "@/components/lifecycle/activity";
import { DeployForm } from "@/components/lifecycle/deploy-form";
import { CommentForm } from "@/components/lifecycle/comment-form";
import {
  OverrideForm,
  RequestTransitionForm,
} from "@/components/lifecycle/transition-forms";
import { Markdown } from "@/components/markdown";
import { ArtifactUpload } from "@/components/registry/artifact-upload";
import { EditableDescription } from "@/components/registry/editable-description";
import { KeyValueTable } from "@/components/registry/key-value-table";
import { StageBadge } from "@/components/registry/stage-badge";
import { UnsafeFiles } from "@/components/registry/unsafe-files";
import { EvaluationJobs } from "@/components/evaluation/evaluation-jobs";
import { EvaluationPanel } from "@/components/evaluation/evaluation-panel";
import { MetricsTable } from "@/components/evaluation/metrics-table";
import { Card, EmptyState } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { modelCapabilities } from "@/lib/registry/model-permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { formatBytes } from "@/lib/blobs/format-bytes";
import { DomainError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { listComments } from "@/lib/comments/comments";
import { DeploymentLinks } from "@/components/deployments/deployment-links";
import { listDeployments } from "@/lib/deployments/deployments";
import {
  evaluationJobs,
  evaluationSummaries,
  getEvaluation,
} from "@/lib/evaluation/evaluations";
import { productionMetrics } from "@/lib/evaluation/queries";
import { stageHistory, versionRequests } from "@/lib/lifecycle/queries";
import { listArtifacts } from "@/lib/registry/artifacts";
import { artifactHref, modelHref } from "@/lib/registry/paths";
import { getModelDetail, getVersion } from "@/lib/registry/queries";
import { currentRetirement } from "@/lib/retirement/queries";
import {
  RetirementBanner,
  RetirementCard,
} from "@/components/retirement/retirement-card";
import { retirementActions } from "@/app/(app)/models/retirement-bindings";
import { updateVersionDescriptionAction } from "../../../actions";
import {
  addCommentAction,
  cancelRequestAction,
  deleteCommentAction,
  deployAction,
  editCommentAction,
  overrideAction,
  requestTransitionAction,
} from "../../../lifecycle-actions";

type Params = {
  params: Promise<{ name: string; version: string }>;
  searchParams: Promise<{ eval?: string }>;
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.name)} v${p.version}` };
}

export default async function VersionPage({ params, searchParams }: Params) {
  const actor = await requirePagePermission("models.read");
  const p = await params;
  const name = decodeURIComponent(p.name);
  if (!/^\d+$/.test(p.version)) notFound();
  let model, v;
  try {
    model = getModelDetail(actor, name);
    v = getVersion(actor, name, p.version);
  } catch (error) {
    if (
      error instanceof DomainError &&
      (error.code === "not_found" || error.code === "invalid")
    )
      notFound();
    throw error;
  }
  const files = listArtifacts(actor, name, p.version);
  const requests = versionRequests(actor, name, p.version);
  const thread = listComments(actor, name, p.version);
  const history = stageHistory(actor, name, p.version);
  const deployed = listDeployments(actor, { model: name }).filter(
    (d) => d.version === v.version && d.status !== "stopped",
  );
  const evals = evaluationSummaries(actor, name, p.version);
  const chosenId = Number((await searchParams).eval);
  const chosen = evals.find((e) => e.id === chosenId) ?? evals[0];
  const shown = chosen
    ? getEvaluation(actor, name, p.version, chosen.id)
    : null;
  const jobs = evaluationJobs(actor, name, p.version);
  const production = productionMetrics(actor, name, v.version);
  const writable =
    modelCapabilities(actor, name).writeVersions && v.stage !== "retired";
  const retirement = currentRetirement(actor, name, v.version);
  const deprecated = retirement?.status === "scheduled";
  const lineageRows: [string, ReactNode][] = [
    ["git repository", v.lineage.git_repo],
    [
      "git commit",
      v.lineage.git_commit ? (
        <code className="font-mono text-xs">{v.lineage.git_commit}</code>
      ) : null,
    ],
    [
      "working tree",
      v.lineage.git_dirty === null
        ? null
        : v.lineage.git_dirty
          ? "dirty (uncommitted changes)"
          : "clean",
    ],
    ["dataset", v.lineage.dataset_name],
    [
      "dataset version",
      v.lineage.dataset_version ? (
        <code className="font-mono text-xs">{v.lineage.dataset_version}</code>
      ) : null,
    ],
    ["source", v.source],
    ["run id", v.run_id],
    ["run link", v.run_link],
    ["framework", v.framework],
    ["flavour", v.flavor],
  ];
  const lineage = lineageRows.filter(
    (r) => r[1] !== null && r[1] !== undefined,
  );
  return (
    <>
      <header className="mb-6">
        <p className="text-xs text-muted">
          <Link href="/models" className="hover:underline">
            Models
          </Link>{" "}
          /{" "}
          <Link href={modelHref(name)} className="hover:underline">
            {name}
          </Link>{" "}
          /
        </p>
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
          <span className="break-all">{name}</span>{" "}
          <span className="text-muted">v{v.version}</span>{" "}
          <StageBadge stage={v.stage} />
          {v.aliases.map((a) => (
            <span
              key={a}
              className="rounded bg-accent/10 px-1.5 py-0.5 font-mono text-xs text-accent"
            >
              @{a}
            </span>
          ))}
          {v.release_label ? (
            <span className="text-sm font-normal text-muted">
              {v.release_label}
            </span>
          ) : null}
        </h1>
        <p className="mt-1 text-sm text-muted">
          Registered by {v.created_by?.name ?? "—"} on{" "}
          {formatDateTime(v.created_at)} · status {v.status}
          {v.status_message ? ` (${v.status_message})` : ""}
        </p>
        <p className="mt-1 text-xs text-muted" data-testid="content-digest">
          {v.content_locked
            ? "Content frozen since review"
            : "Content open until a transition is requested"}{" "}
          · serves{" "}
          {v.model_file ? (
            <code className="font-mono">{v.model_file}</code>
          ) : (
            "no model file yet"
          )}{" "}
          · content digest{" "}
          <code
            className="font-mono break-all"
            title={v.content_digest ?? undefined}
          >
            {v.content_digest
              ? `sha256:${v.content_digest.slice(0, 16)}…`
              : "—"}
          </code>
        </p>
      </header>
      <RetirementBanner r={retirement} />
      <UnsafeFiles files={v.unsafe_files} />
      <section aria-labelledby="evaluation-heading" className="mb-6 space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="evaluation-heading" className="text-sm font-semibold">
            Evaluation
          </h2>
          {evals.length > 1 ? (
            <nav
              aria-label="Evaluations"
              className="flex flex-wrap gap-2 text-xs"
            >
              {evals.map((e) => (
                <Link
                  key={e.id}
                  href={`?eval=${e.id}`}
                  aria-current={e.id === shown?.id ? "true" : undefined}
                  className={
                    e.id === shown?.id
                      ? "font-semibold text-accent"
                      : "text-muted hover:underline"
                  }
                >
                  {e.dataset} / {e.split} ({formatDateTime(e.created_at)})
                </Link>
              ))}
            </nav>
          ) : null}
        </div>
        <EvaluationJobs model={name} version={v.version} initial={jobs} />
        {Object.keys(v.metrics).length ? (
          <Card>
            <h3 className="mb-2 text-sm font-semibold">
              Metrics of this version
            </h3>
            <MetricsTable metrics={v.metrics} production={production} />
          </Card>
        ) : null}
        {shown ? (
          <>
            <p className="text-xs text-muted">
              Charts of {shown.dataset} · {shown.split}
              {shown.rows ? ` · ${shown.rows} rows` : ""} · logged{" "}
              {formatDateTime(shown.created_at)}
            </p>
            <EvaluationPanel evaluation={shown} label={`v${v.version}`} />
          </>
        ) : (
          <EmptyState title="No evaluation yet">
            Log one with{" "}
            <code className="font-mono">
              POST /api/v1/models/{"{name}"}/versions/{"{version}"}/evaluations
            </code>
            : raw predictions (<code className="font-mono">y_true</code>,{" "}
            <code className="font-mono">y_score</code> or{" "}
            <code className="font-mono">y_pred</code>, optional{" "}
            <code className="font-mono">groups</code>) and Stageline computes
            the metrics, curves, confusion matrix and fairness; or precomputed
            figures. The Python client has{" "}
            <code className="font-mono">log_evaluation</code>.
          </EmptyState>
        )}
      </section>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(16rem,1fr)]">
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Description</h2>
            <EditableDescription
              source={v.description}
              canEdit={writable}
              save={updateVersionDescriptionAction.bind(null, name, v.version)}
            >
              <Markdown text={v.description} />
            </EditableDescription>
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Artifacts</h2>
            {files.length === 0 ? (
              <p className="mb-3 text-sm text-muted">
                No files yet. Upload the model file, a requirements.txt or a
                data sample.
              </p>
            ) : (
              <div className="mb-3 overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Artifacts</caption>
                  <thead className="border-b border-border text-xs text-muted">
                    <tr>
                      <th className="py-1 pr-3 font-medium">Path</th>
                      <th className="py-1 pr-3 text-right font-medium">Size</th>
                      <th className="py-1 font-medium">SHA-256</th>
                    </tr>
                  </thead>
                  <tbody>
                    {files.map((f) => (
                      <tr
                        key={f.path}
                        className="border-b border-border last:border-0"
                      >
                        <td className="py-1 pr-3">
                          <a
                            href={artifactHref(name, v.version, f.path)}
                            className="text-accent hover:underline"
                            download
                          >
                            {f.path}
                          </a>
                        </td>
                        <td className="py-1 pr-3 text-right tabular-nums whitespace-nowrap">
                          {formatBytes(f.size)}
                        </td>
                        <td className="py-1 font-mono text-xs" title={f.sha256}>
                          {f.sha256.slice(0, 16)}…
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {writable ? (
              <ArtifactUpload model={name} version={v.version} />
            ) : null}
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Activity</h2>
            <Activity
              actor={actor}
              requests={requests}
              comments={thread}
              onEdit={(id) => editCommentAction.bind(null, name, v.version, id)}
              onDelete={(id) =>
                deleteCommentAction.bind(null, name, v.version, id)
              }
              onCancel={(id) =>
                cancelRequestAction.bind(null, name, v.version, id)
              }
            />
            {can(actor, "comments.write") &&
            v.stage !== "retired" &&
            model.status !== "retired" ? (
              <div className="mt-4 border-t border-border pt-4">
                <CommentForm
                  action={addCommentAction.bind(null, name, v.version)}
                />
              </div>
            ) : null}
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Stage history</h2>
            <ol className="space-y-1 text-sm" aria-label="Stage history">
              <li>
                {formatDateTime(v.created_at)}: registered in{" "}
                <StageBadge stage="none" />
              </li>
              {history.map((h, i) => (
                <li key={i}>
                  {formatDateTime(h.at)}:{" "}
                  <StageBadge stage={h.from_stage as "none"} /> →{" "}
                  <StageBadge stage={h.to_stage as "none"} />
                  {h.actor ? ` by ${h.actor}` : ""}
                  {h.override ? (
                    <span className="ml-1 text-xs font-semibold text-danger">
                      override
                    </span>
                  ) : null}
                  {h.reason ? (
                    <span className="text-xs text-muted"> — {h.reason}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-6">
          {writable &&
          (can(actor, "requests.create") ||
            can(actor, "transitions.override")) ? (
            <Card>
              <h2 className="mb-2 text-sm font-semibold">Lifecycle</h2>
              <p className="mb-3 text-sm">
                Now in <StageBadge stage={v.stage} />
              </p>
              {deprecated ? (
                <p className="text-sm text-muted">
                  Deprecated: it cannot be promoted any more.
                </p>
              ) : can(actor, "requests.create") ? (
                <RequestTransitionForm
                  action={requestTransitionAction.bind(null, name, v.version)}
                  current={v.stage}
                />
              ) : null}
              {can(actor, "transitions.override") ? (
                <details className="mt-4 border-t border-border pt-3">
                  <summary className="cursor-pointer text-sm font-medium">
                    Admin override
                  </summary>
                  <div className="mt-3">
                    <OverrideForm
                      action={overrideAction.bind(null, name, v.version)}
                      current={v.stage}
                    />
                  </div>
                </details>
              ) : null}
            </Card>
          ) : null}
          <RetirementCard
            actor={actor}
            model={name}
            version={v.version}
            r={retirement}
            actions={retirementActions(name, v.version, retirement)}
            writable={writable}
          />
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Deployments</h2>
            {deployed.length === 0 ? (
              <p className="mb-2 text-sm text-muted">Not deployed.</p>
            ) : null}
            <DeploymentLinks
              deployments={deployed}
              label="Deployments of this version"
              withVersion={false}
              className="mb-3 space-y-1 text-sm"
            />
            {writable &&
            !deprecated &&
            files.some((f) => f.path.endsWith(".onnx")) ? (
              <DeployForm action={deployAction.bind(null, name, v.version)} />
            ) : null}
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Lineage</h2>
            <KeyValueTable
              caption="Lineage"
              empty="No lineage recorded."
              rows={lineage}
            />
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Parameters</h2>
            <KeyValueTable
              caption="Parameters"
              empty="No parameters logged."
              rows={Object.entries(v.params)}
            />
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Signature</h2>
            {v.signature ? (
              <KeyValueTable
                caption="Signature"
                empty=""
                rows={[
                  ...v.signature.inputs.map((i): [string, ReactNode] => [
                    `in: ${i.name}`,
                    `${i.type}${i.shape ? ` [${i.shape.map((d) => d ?? "?").join(", ")}]` : ""}`,
                  ]),
                  ...v.signature.outputs.map((o): [string, ReactNode] => [
                    `out: ${o.name}`,
                    `${o.type}${o.shape ? ` [${o.shape.map((d) => d ?? "?").join(", ")}]` : ""}`,
                  ]),
                ]}
              />
            ) : (
              <p className="text-sm text-muted">No input/output signature.</p>
            )}
          </Card>
          <Card>
            <h2 className="mb-2 text-sm font-semibold">Tags</h2>
            <KeyValueTable
              caption="Tags"
              empty="No tags."
              rows={Object.entries(v.tags)}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
