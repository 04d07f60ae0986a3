// The model's stage changes, what was in production on a chosen day (`?at=<date>`), and the
// rollback to the previous production version for those who may.
import { RollbackButton } from "@/components/lifecycle/rollback-button";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { formatDateTime } from "@/lib/format";
import { productionAt, stageHistory } from "@/lib/lifecycle/stage-history";
import { rollbackTarget } from "@/lib/lifecycle/queries";
import type { ModelDetail } from "@/lib/registry/dto";
import { rollbackAction } from "../../lifecycle-actions";

export function StageTimelineCard({
  actor,
  model,
  at,
  canWriteVersions,
}: {
  actor: Actor;
  model: ModelDetail;
  at: string | undefined;
  canWriteVersions: boolean;
}) {
  const history = stageHistory(actor, model.name);
  // The end of the chosen day, so a change made that day counts.
  const atMs = at ? Date.parse(at) + 86_399_999 : NaN;
  const liveThen = Number.isFinite(atMs) ? productionAt(history, atMs) : null;
  const rollbackTo =
    model.production_version !== null && model.status === "active"
      ? rollbackTarget(actor, model.name)
      : null;
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Stage timeline</h2>
      {history.length === 0 ? (
        <p className="text-sm text-muted">No version has changed stage yet.</p>
      ) : (
        <ol className="space-y-1 text-xs" aria-label="Stage timeline">
          {history.map((h, i) => (
            <li key={i}>
              {formatDateTime(h.at)} · v{h.version}:{" "}
              {h.from_stage === "none" ? "Development" : h.from_stage} →{" "}
              <strong>{h.to_stage}</strong>
              {h.override ? (
                <span className="ml-1 font-semibold text-danger">override</span>
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
  );
}
