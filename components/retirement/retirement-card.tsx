import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { artifactRetentionDays } from "@/lib/config";
import { retireNowImpact, retireNowWarning } from "@/lib/retirement/impact";
import type { RetirementDto } from "@/lib/retirement/queries";
import { defaultSunsetDate } from "@/lib/retirement/retirement.validation";
import { ReplacementLink } from "./retirement-details";
import {
  RequestRetirementForm,
  RestoreForm,
  RetireNowForm,
  type RetirementAction,
} from "./retirement-forms";
import { formatDate } from "@/lib/format";

/** The banner above a model or version page while a retirement is requested, scheduled or done. */
export function RetirementBanner({ r }: { r: RetirementDto | null }) {
  if (!r) return null;
  const whole =
    r.version === null
      ? "This model (all its versions)"
      : `Version ${r.version}`;
  if (r.status === "requested") {
    return (
      <p
        role="status"
        className="mb-4 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm"
      >
        Retirement requested (request #{r.request_id}): waiting for review,
        proposed sunset {formatDate(r.sunset_at)}.{" "}
        <Link href="/reviews" className="text-accent underline">
          Reviews
        </Link>
      </p>
    );
  }
  if (r.status === "scheduled") {
    return (
      <p
        role="status"
        data-testid="deprecation-banner"
        className="mb-4 rounded-md border border-warning/60 bg-warning/15 px-3 py-2 text-sm"
      >
        <strong>Deprecated.</strong> {whole} is retired on{" "}
        <strong>{formatDate(r.sunset_at)}</strong>. Replacement:{" "}
        <ReplacementLink replacement={r.replacement} />. Until then predictions
        carry the Deprecation and Sunset headers.
      </p>
    );
  }
  return (
    <p
      role="status"
      data-testid="retired-banner"
      className="mb-4 rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm"
    >
      <strong>Retired</strong> on {formatDate(r.retired_at ?? r.sunset_at)}:
      read-only and not served. Replacement:{" "}
      <ReplacementLink replacement={r.replacement} />.{" "}
      {r.status === "released"
        ? `Its files were released on ${formatDate(r.released_at ?? 0)}.`
        : `Its files are kept until ${formatDate(r.release_after ?? 0)}.`}
    </p>
  );
}

/** The card's server actions, bound by the page to this model/version (and to its retirement, for restore). */
export type RetirementActions = {
  request: RetirementAction;
  retireNow: RetirementAction;
  restore: RetirementAction | null;
};

/** Side card: request retirement, retire at once (admin), or restore (admin, before release). */
export function RetirementCard({
  actor,
  model,
  version,
  r,
  writable,
  actions,
}: {
  actor: Actor;
  model: string;
  version: number | null;
  r: RetirementDto | null;
  writable: boolean;
  actions: RetirementActions;
}) {
  const scope = version === null ? "model" : "version";
  const active = r && (r.status === "requested" || r.status === "scheduled");
  const restorable =
    r &&
    (r.status === "scheduled" || r.status === "retired") &&
    can(actor, "transitions.override") &&
    (version === null) === (r.version === null);
  const canRequest = writable && !active && can(actor, "requests.create");
  const canRetireNow =
    writable && can(actor, "transitions.override") && r?.status !== "retired";
  if (!canRequest && !canRetireNow && !restorable) return null;
  const sunset = defaultSunsetDate();
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Retirement</h2>
      {canRequest ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium">
            Request retirement{version === null ? " of the whole model" : ""}
          </summary>
          <div className="mt-3">
            <RequestRetirementForm
              action={actions.request}
              model={model}
              scope={scope}
              defaultSunset={sunset}
              defaultRetention={artifactRetentionDays()}
            />
          </div>
        </details>
      ) : null}
      {canRetireNow ? (
        <details
          className={canRequest ? "mt-3 border-t border-border pt-3" : ""}
        >
          <summary className="cursor-pointer text-sm font-medium">
            Retire now (admin)
          </summary>
          <div className="mt-3">
            <RetireNowForm
              action={actions.retireNow}
              scope={scope}
              warning={retireNowWarning(
                version === null
                  ? `the whole model ${model} (all its versions)`
                  : `${model} v${version}`,
                // Read only for the admin who sees the form: what it would stop right now.
                retireNowImpact(actor, model, version),
              )}
            />
          </div>
        </details>
      ) : null}
      {restorable && r && actions.restore ? (
        <details
          className={
            canRequest || canRetireNow ? "mt-3 border-t border-border pt-3" : ""
          }
        >
          <summary className="cursor-pointer text-sm font-medium">
            Restore (admin)
          </summary>
          <div className="mt-3">
            <RestoreForm action={actions.restore} />
          </div>
        </details>
      ) : null}
    </Card>
  );
}
