"use client";
// The reviewer's inbox: open requests polled live, with approve/reject in place (optimistic, rolled
// back on refusal) and each request's evidence (gates, evaluation, impact) shown inline. Longer
// than 300 lines because the row, its evidence and the decision form share one mutation's state.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { StageBadge } from "@/components/registry/stage-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/api/client-fetch";
import { formatDateTime } from "@/lib/format";
import type { RequestDto } from "@/lib/lifecycle/request-dto";
import { inboxSummaryQuery, openRequestsQuery } from "@/lib/queries/options";
import { GateList, MetricsVsProduction } from "./gate-list";
import {
  ImpactList,
  RetirementFacts,
  subjectHref,
  subjectLabel,
} from "@/components/retirement/retirement-details";
import { formatDate } from "@/lib/format";

type Me = { id: string; name: string; canDecide: boolean };
const KEY = openRequestsQuery().queryKey;

/** The reviewer inbox: refreshes on its own; approving updates at once and rolls back if refused. */
export function ReviewInbox({ me }: { me: Me }) {
  const qc = useQueryClient();
  // Prefetched by the page and hydrated, so the list is there on the first render.
  const { data: requests } = useQuery(openRequestsQuery());
  // One count on the screen: the sidebar's badge (the inbox summary) and this list poll apart, so
  // each one's news sets the other moving at once instead of at its own next poll.
  const { data: summary } = useQuery(inboxSummaryQuery());
  const badge = summary?.open_requests;
  useEffect(() => {
    if (badge != null && requests && badge !== requests.length)
      void qc.invalidateQueries({ queryKey: KEY });
    // Only when the badge moves: the list's own changes are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [badge]);
  useEffect(() => {
    // The list stops at the API's first 100; past that only the badge knows the count.
    if (!requests || requests.length >= 100) return;
    qc.setQueryData(inboxSummaryQuery().queryKey, (s) =>
      s && s.open_requests !== null && s.open_requests !== requests.length
        ? { ...s, open_requests: requests.length }
        : s,
    );
  }, [requests, qc]);

  const decide = useMutation({
    mutationFn: ({
      id,
      decision,
      comment,
    }: {
      id: number;
      decision: "approve" | "reject";
      comment?: string;
    }) =>
      apiFetch<RequestDto>(`/api/v1/transition-requests/${id}/${decision}`, {
        method: "POST",
        body: JSON.stringify({ comment: comment ?? "" }),
      }),
    onMutate: async ({ id, decision, comment }) => {
      await qc.cancelQueries({ queryKey: KEY });
      const before = qc.getQueryData(KEY);
      qc.setQueryData(KEY, (list = []) =>
        list.flatMap((r) => {
          if (r.id !== id) return [r];
          if (decision === "reject") return [];
          const approvals = r.approvals + 1;
          if (approvals >= r.required_approvals) return [];
          return [
            {
              ...r,
              approvals,
              reviews: [
                ...r.reviews,
                {
                  reviewer: me.name,
                  reviewer_id: me.id,
                  decision,
                  comment: comment ?? "",
                  created_at: Date.now(),
                  current: true,
                },
              ],
            },
          ];
        }),
      );
      return { before };
    },
    onError: (error, vars, ctx) => {
      if (ctx?.before) qc.setQueryData(KEY, ctx.before);
      toast.error(`Request #${vars.id}: ${error.message}`);
    },
    onSuccess: (result) => {
      const applied = result.retirement
        ? `${subjectLabel(result)} is deprecated until its sunset on ${formatDate(result.retirement.sunset_at)}`
        : result.kind === "alias"
          ? `@${result.alias} of ${result.model} now points at v${result.version}`
          : `${subjectLabel(result)} is now in ${result.to_stage}`;
      toast.success(
        result.status === "applied"
          ? applied
          : result.status === "rejected"
            ? `Request #${result.id} rejected`
            : `Approved (${result.approvals}/${result.required_approvals})`,
      );
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: inboxSummaryQuery().queryKey });
    },
  });

  if (!requests) return null;
  if (requests.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-border bg-surface px-6 py-10 text-center">
        <p className="font-medium">No open requests</p>
        <p className="mt-2 text-sm text-muted">
          New requests appear here on their own.
        </p>
      </div>
    );
  }
  return (
    <ul className="space-y-4" aria-label="Open requests">
      {requests.map((r) => (
        <RequestCard
          key={r.id}
          request={r}
          me={me}
          onDecide={(decision, comment) =>
            decide.mutate({ id: r.id, decision, comment })
          }
        />
      ))}
    </ul>
  );
}

function RequestCard({
  request: r,
  me,
  onDecide,
}: {
  request: RequestDto;
  me: Me;
  onDecide: (d: "approve" | "reject", comment?: string) => void;
}) {
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState("");
  const mine = r.requested_by?.id === me.id;
  const approvedByMe = r.reviews.some(
    (x) => x.reviewer_id === me.id && x.decision === "approve" && x.current,
  );
  const failing = r.gates.some((g) => !g.pass);
  const retirement = r.retirement;
  const label = retirement
    ? `retire ${subjectLabel(r)}`
    : r.kind === "alias"
      ? `point @${r.alias} of ${r.model} at v${r.version}`
      : `${subjectLabel(r)} to ${r.to_stage}`;
  return (
    <li
      className="rounded-lg border border-border bg-surface p-4"
      data-testid={`request-${r.id}`}
      aria-label={`Request ${r.id}: ${label}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
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
        <div>
          {retirement ? (
            <RetirementFacts r={retirement} />
          ) : (
            <p className="mb-1 text-xs font-semibold">Policy gates</p>
          )}
          {retirement ? null : <GateList gates={r.gates} />}
          {r.reviews.length ? (
            <>
              <p className="mt-3 mb-1 text-xs font-semibold">Reviews</p>
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
          ) : null}
        </div>
        {retirement ? (
          retirement.impact ? (
            <ImpactList impact={retirement.impact} />
          ) : null
        ) : (
          <MetricsVsProduction request={r} />
        )}
      </div>
      {me.canDecide ? (
        <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-border pt-3">
          {mine ? (
            <p className="text-xs text-muted">
              You made this request, so you cannot review it.
            </p>
          ) : approvedByMe ? (
            <p className="text-xs text-muted">You approved this request.</p>
          ) : rejecting ? (
            <form
              className="flex w-full flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                onDecide("reject", comment);
              }}
            >
              <label className="min-w-0 flex-1 text-xs">
                Why reject? (required)
                <input
                  className={inputClass}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  required
                  autoFocus
                />
              </label>
              <Button type="submit" variant="danger" disabled={!comment.trim()}>
                Reject request
              </Button>
              <Button variant="ghost" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
            </form>
          ) : (
            <>
              <Button
                onClick={() => onDecide("approve")}
                disabled={failing}
                title={
                  failing ? "A gate fails: approval is blocked" : undefined
                }
              >
                Approve
              </Button>
              <Button variant="danger" onClick={() => setRejecting(true)}>
                Reject
              </Button>
              {failing ? (
                <p className="text-xs text-danger">
                  A gate fails, so this request cannot be approved.
                </p>
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
