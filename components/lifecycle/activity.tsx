import type { ReactNode } from "react";
import { Markdown } from "@/components/markdown";
import { StageBadge } from "@/components/registry/stage-badge";
import { Badge } from "@/components/ui/badge";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import type { CommentDto } from "@/lib/comments/comments";
import { formatDate, formatDateTime } from "@/lib/format";
import type { ActionResult } from "@/lib/http/action";
import { canCancelRequest } from "@/lib/lifecycle/capabilities";
import type { RequestDto } from "@/lib/lifecycle/request-dto";
import { GateList, MetricsVsProduction } from "./gate-list";
import { CancelRequestButton, CommentControls } from "./comment-form";

type Item = { at: number; key: string; node: ReactNode };

const STATUS_TONE = {
  open: "accent",
  applied: "success",
  rejected: "danger",
  cancelled: "neutral",
} as const;

/** Comments, requests and reviews of one version as a single thread, oldest first. */
export function Activity(props: {
  actor: Actor;
  requests: RequestDto[];
  comments: CommentDto[];
  onEdit: (id: number) => (body: string) => Promise<ActionResult<null>>;
  onDelete: (id: number) => () => Promise<ActionResult<null>>;
  onCancel: (id: number) => () => Promise<ActionResult<null>>;
}) {
  const { actor, requests, comments } = props;
  const items: Item[] = [];
  for (const r of requests) {
    items.push({
      at: r.created_at,
      key: `r${r.id}`,
      node: (
        <div data-testid={`version-request-${r.id}`}>
          <p className="text-sm">
            {r.kind === "retirement" ? (
              <>
                <strong>{r.requested_by?.name ?? "Someone"}</strong>{" "}
                {r.override
                  ? "retired it at once (admin)"
                  : "requested retirement"}
                {r.retirement
                  ? `, sunset ${formatDate(r.retirement.sunset_at)}`
                  : ""}{" "}
                <Badge tone={STATUS_TONE[r.status]}>
                  {r.override
                    ? "override"
                    : r.status === "applied"
                      ? "approved"
                      : r.status}
                </Badge>
              </>
            ) : r.kind === "alias" ? (
              <>
                <strong>{r.requested_by?.name ?? "Someone"}</strong> requested
                to point <span className="font-mono">@{r.alias}</span> at this
                version <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>{" "}
                {r.stale ? (
                  <Badge tone="warning">Stale: evidence changed</Badge>
                ) : null}
              </>
            ) : (
              <>
                <strong>{r.requested_by?.name ?? "Someone"}</strong>{" "}
                {r.override
                  ? "applied an admin override"
                  : r.kind === "rollback"
                    ? "requested a rollback"
                    : "requested"}
                : <StageBadge stage={r.from_stage as "none"} /> →{" "}
                <StageBadge stage={r.to_stage as "none"} />{" "}
                <Badge tone={STATUS_TONE[r.status]}>
                  {r.override ? "override" : r.status}
                </Badge>{" "}
                {r.stale ? (
                  <Badge tone="warning">Stale: evidence changed</Badge>
                ) : null}
              </>
            )}
            <span className="ml-1 text-xs text-muted">#{r.id}</span>
          </p>
          {r.comment ? (
            <p className="mt-1 text-sm text-muted">“{r.comment}”</p>
          ) : null}
          {r.status === "open" ? (
            <div className="mt-2 space-y-2">
              <p className="text-xs">
                {r.approvals}/{r.required_approvals} approvals · policy:{" "}
                {r.policy_source}
              </p>
              <GateList gates={r.gates} />
              <MetricsVsProduction request={r} />
              {canCancelRequest(actor, {
                requestedBy: r.requested_by?.id ?? null,
              }) ? (
                <CancelRequestButton onCancel={props.onCancel(r.id)} />
              ) : null}
            </div>
          ) : null}
        </div>
      ),
    });
    for (const [i, rv] of r.reviews.entries()) {
      items.push({
        at: rv.created_at,
        key: `r${r.id}v${i}`,
        node: (
          <p className="text-sm">
            <strong>{rv.reviewer}</strong>{" "}
            {rv.decision === "approve" ? "approved" : "rejected"} request #
            {r.id}
            {rv.comment ? `: “${rv.comment}”` : ""}
            {rv.current ? null : (
              <span className="text-xs text-muted">
                {" "}
                (before the evidence changed)
              </span>
            )}
          </p>
        ),
      });
    }
  }
  for (const c of comments) {
    items.push({
      at: c.created_at,
      key: `c${c.id}`,
      node: (
        <div>
          <p className="text-xs text-muted">
            <strong className="text-foreground">{c.author.name}</strong>{" "}
            commented{c.updated_at !== c.created_at ? " (edited)" : ""}
            <CommentControls
              body={c.body}
              canEdit={c.author.id === actor.id}
              canDelete={
                c.author.id === actor.id || can(actor, "comments.moderate")
              }
              onEdit={props.onEdit(c.id)}
              onDelete={props.onDelete(c.id)}
            />
          </p>
          <Markdown text={c.body} />
        </div>
      ),
    });
  }
  items.sort((a, b) => a.at - b.at);
  if (items.length === 0)
    return <p className="text-sm text-muted">No comments or requests yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Activity">
      {items.map((it) => (
        <li key={it.key} className="border-l-2 border-border pl-3">
          <p className="text-xs text-muted">{formatDateTime(it.at)}</p>
          {it.node}
        </li>
      ))}
    </ol>
  );
}
