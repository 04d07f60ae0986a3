"use client";
// One open request in the reviewer's inbox: what moves, the key metric against production and the
// policy gates first (what a decision turns on), the rest of the metrics behind "All metrics", and
// the decision box. Focusable, so the inbox's j/k keys can move between cards.
import Link from "next/link";
import { StageBadge } from "@/components/registry/stage-badge";
import {
  ImpactList,
  RetirementFacts,
  subjectHref,
  subjectLabel,
} from "@/components/retirement/retirement-details";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDate, formatDateTime } from "@/lib/format";
import type { RequestDto } from "@/lib/lifecycle/request-dto";
import { DecisionForm, type Decision } from "./decision-form";
import { GateList, MetricsVsProduction } from "./gate-list";
import { KeyMetric } from "./key-metric";

export type Me = { id: string; name: string; canDecide: boolean };

/** Why this reviewer cannot decide this request, or null when they can (the a/r keys say it too). */
export function cannotDecide(r: RequestDto, me: Me): string | null {
  if (!me.canDecide) return "Your role cannot approve or reject requests.";
  if (r.requested_by?.id === me.id)
    return "You made this request, so you cannot review it.";
  if (
    r.reviews.some(
      (x) => x.reviewer_id === me.id && x.decision === "approve" && x.current,
    )
  )
    return "You approved this request.";
  return null;
}

/** Why approval is blocked although this reviewer may decide, or null. */
export function approvalBlocked(r: RequestDto): string | null {
  return r.gates.some((g) => !g.pass)
    ? "A gate fails, so this request cannot be approved."
    : null;
}

export function RequestCard({
  request: r,
  me,
  open,
  onOpen,
  onDecide,
}: {
  request: RequestDto;
  me: Me;
  /** The decision box open on this card, if any (one card at a time). */
  open: Decision | null;
  onOpen: (d: Decision | null) => void;
  onDecide: (d: Decision, comment: string) => void;
}) {
  const refusal = cannotDecide(r, me);
  const blocked = approvalBlocked(r);
  const retirement = r.retirement;
  const metricCount = new Set([
    ...Object.keys(r.metrics),
    ...Object.keys(r.production?.metrics ?? {}),
  ]).size;
  // Failing gates first: they are what stops an approval.
  const gates = [...r.gates].sort((a, b) => Number(a.pass) - Number(b.pass));
  const label = retirement
    ? `retire ${subjectLabel(r)}`
    : r.kind === "alias"
      ? `point @${r.alias} of ${r.model} at v${r.version}`
      : `${subjectLabel(r)} to ${r.to_stage}`;
  return (
    <li
      className="rounded-lg border border-border bg-surface p-4 focus:outline-2 focus:outline-offset-2 focus:outline-accent"
      id={`request-${r.id}`}
      data-testid={`request-${r.id}`}
      data-request-card={r.id}
      aria-label={`Request ${r.id}: ${label}`}
      // Reached by j/k (and a click on the card), not by Tab: its links and buttons are tab stops.
      tabIndex={-1}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium">
            {retirement ? <Badge tone="danger">Retirement</Badge> : null}
            {r.kind === "alias" ? (
              <Badge tone="warning">Alias</Badge>
            ) : null}{" "}
            {r.kind === "alias" ? (
              <AliasMove r={r} />
            ) : (
              <Link
                href={subjectHref(r)}
                className="text-accent hover:underline"
              >
                {subjectLabel(r)}
              </Link>
            )}{" "}
            {retirement ? (
              <span className="text-sm font-normal">
                sunset {formatDate(retirement.sunset_at)}
              </span>
            ) : r.kind === "alias" ? null : (
              <>
                <StageBadge stage={r.from_stage as "none"} /> →{" "}
                <StageBadge stage={r.to_stage as "production"} />
              </>
            )}{" "}
            {r.kind === "rollback" ? (
              <Badge tone="warning">Rollback</Badge>
            ) : null}{" "}
            {r.stale ? (
              <Badge tone="warning">Stale: evidence changed</Badge>
            ) : null}
          </p>
          <p className="mt-1 text-xs text-muted">
            #{r.id} · requested by {r.requested_by?.name ?? "—"} ·{" "}
            {formatDateTime(r.created_at)}
          </p>
          {r.comment && !retirement ? (
            <p className="mt-2 text-sm">“{r.comment}”</p>
          ) : null}
        </div>
        <p className="text-sm" data-testid="approvals">
          {r.approvals}/{r.required_approvals} approvals
        </p>
      </div>
      <div className="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2">
        <div className="min-w-0 space-y-2">
          {retirement ? (
            <RetirementFacts r={retirement} />
          ) : (
            <>
              <KeyMetric request={r} />
              <div>
                <p className="mb-1 text-xs font-semibold">Policy gates</p>
                <GateList gates={gates} />
              </div>
            </>
          )}
        </div>
        <div className="min-w-0">
          {retirement?.impact ? (
            <ImpactList impact={retirement.impact} />
          ) : null}
          {r.reviews.length ? (
            <>
              <p className="mt-3 mb-1 text-xs font-semibold md:mt-0">Reviews</p>
              <ul className="space-y-0.5 text-xs">
                {r.reviews.map((x, i) => (
                  <li
                    key={i}
                    className={x.current ? "" : "text-muted line-through"}
                  >
                    {x.reviewer}:{" "}
                    {x.decision === "approve" ? "approved" : "rejected"}
                    {x.comment ? ` — “${x.comment}”` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : retirement ? null : (
            <p className="text-xs text-muted">No reviews yet.</p>
          )}
        </div>
      </div>
      {retirement ? null : (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-xs font-semibold text-accent">
            All metrics ({metricCount})
          </summary>
          <div className="mt-2">
            <MetricsVsProduction request={r} />
          </div>
        </details>
      )}
      {me.canDecide ? (
        <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-border pt-3">
          {refusal ? (
            <p className="text-xs text-muted">{refusal}</p>
          ) : open ? (
            <DecisionForm
              requestId={r.id}
              decision={open}
              onSubmit={(comment) => onDecide(open, comment)}
              onCancel={() => onOpen(null)}
            />
          ) : (
            <>
              <Button
                onClick={() => onOpen("approve")}
                disabled={blocked !== null}
                title={blocked ?? undefined}
                aria-keyshortcuts="A"
              >
                Approve
              </Button>
              <Button
                variant="danger"
                onClick={() => onOpen("reject")}
                aria-keyshortcuts="R"
              >
                Reject
              </Button>
              {blocked ? (
                <p className="text-xs text-danger">{blocked}</p>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </li>
  );
}

/** "point @champion of churn at v3 (now v2)": an alias request changes what serves, not a stage. */
function AliasMove({ r }: { r: RequestDto }) {
  return (
    <span>
      point <span className="font-mono">@{r.alias}</span> of{" "}
      <Link href={subjectHref(r)} className="text-accent hover:underline">
        {subjectLabel(r)}
      </Link>
      <span className="text-sm font-normal text-muted">
        {" "}
        {r.alias_current_version === null
          ? "(not set yet)"
          : `(now v${r.alias_current_version})`}
      </span>
    </span>
  );
}
