// The version's evaluation: running jobs, its metrics beside production's, and the charts of the
// chosen evaluation (`?eval=<id>`, else the newest). The page's heaviest read (summaries, the
// chosen evaluation's curves, jobs, production's figures): it streams in after the page's shell.
import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
} from "@tanstack/react-query";
import Link from "next/link";
import { CsvEvaluationUpload } from "@/components/evaluation/csv-evaluation-upload";
import { EvaluationJobs } from "@/components/evaluation/evaluation-jobs";
import { EvaluationPanel } from "@/components/evaluation/evaluation-panel";
import { MetricsTable } from "@/components/evaluation/metrics-table";
import { Card, EmptyState } from "@/components/ui/card";
import { Bar, Busy, ChartSkeleton, Lines } from "@/components/ui/skeleton";
import { afterShell } from "@/app/(app)/after-shell";
import type { Actor } from "@/lib/auth/actor";
import {
  evaluationJobs,
  evaluationSummaries,
  getEvaluation,
} from "@/lib/evaluation/queries";
import { formatDateTime } from "@/lib/format";
import { evaluationJobsQuery } from "@/lib/queries/options";
import type { VersionDto } from "@/lib/registry/dto";
import { productionOf } from "./reads";

export async function EvaluationSection({
  actor,
  name,
  v,
  chosenId,
  canLog,
}: {
  actor: Actor;
  name: string;
  v: VersionDto;
  chosenId: number;
  /** The viewer may add evidence to this version (lib/'s versions.write on the model, not retired). */
  canLog: boolean;
}) {
  await afterShell();
  const evals = evaluationSummaries(actor, name, String(v.version));
  const chosen = evals.find((e) => e.id === chosenId) ?? evals[0];
  const shown = chosen
    ? getEvaluation(actor, name, String(v.version), chosen.id)
    : null;
  const queryClient = new QueryClient();
  queryClient.setQueryData(
    evaluationJobsQuery(name, v.version).queryKey,
    evaluationJobs(actor, name, String(v.version)),
  );
  const production = productionOf(actor, name, v.version);
  return (
    <section aria-labelledby="evaluation-heading" className="space-y-3">
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
      <HydrationBoundary state={dehydrate(queryClient)}>
        <EvaluationJobs model={name} version={v.version} />
        {canLog ? (
          <LogFromFile
            name={name}
            v={v}
            production={production}
            open={!shown}
          />
        ) : null}
      </HydrationBoundary>
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
          {canLog && !v.content_locked
            ? "Upload a CSV file of predictions above, or log one with "
            : "Log one with "}
          <code className="font-mono wrap-anywhere">
            POST /api/v1/models/{"{name}"}/versions/{"{version}"}/evaluations
          </code>
          : raw predictions (<code className="font-mono">y_true</code>,{" "}
          <code className="font-mono">y_score</code> or{" "}
          <code className="font-mono">y_pred</code>, optional{" "}
          <code className="font-mono">groups</code>) and Stageline computes the
          metrics, curves, confusion matrix and fairness; or precomputed
          figures. The Python client has{" "}
          <code className="font-mono">log_evaluation</code>.
        </EmptyState>
      )}
    </section>
  );
}

/** The upload of a CSV file of predictions, folded away once the version has an evaluation; a
 *  version whose evidence is frozen says so instead (the service would refuse the file). */
function LogFromFile({
  name,
  v,
  production,
  open,
}: {
  name: string;
  v: VersionDto;
  production: ReturnType<typeof productionOf>;
  open: boolean;
}) {
  if (v.content_locked)
    return (
      <p className="text-xs text-muted">
        New evaluations cannot be logged: this version&apos;s evidence is frozen
        since it was requested for review or left Development. Register a new
        version to log more.
      </p>
    );
  return (
    <Card>
      <CsvEvaluationUpload
        model={name}
        version={v.version}
        production={production}
        initiallyOpen={open}
      />
    </Card>
  );
}

/** The evaluation section while it loads: its heading, the jobs' line, the metrics card and a row
 *  of chart cards (the panel's first row). */
export function EvaluationSkeleton() {
  return (
    <Busy what="the evaluation" className="space-y-3">
      <p aria-hidden="true" className="text-sm font-semibold">
        Evaluation
      </p>
      <Bar className="h-4 w-1/3" />
      <Card>
        <Lines count={8} />
      </Card>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <ChartSkeleton />
        <ChartSkeleton />
      </div>
    </Busy>
  );
}
