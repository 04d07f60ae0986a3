// "My requests": what the signed-in data scientist asked for (stage changes, alias moves,
// rollbacks, retirements) and what became of it, open ones first. Read through
// lib/lifecycle/my-requests.ts; acting on a request happens on its version page.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, formatDateTime, STAGE_LABELS } from "@/lib/format";
import {
  listMyRequests,
  type MyRequest,
  type MyRequestStatus,
} from "@/lib/lifecycle/my-requests";
import { modelHref, versionHref } from "@/lib/registry/paths";

export const metadata: Metadata = { title: "My requests" };

const TONE = {
  pending: "warning",
  approved: "accent",
  applied: "success",
  rejected: "danger",
  cancelled: "neutral",
} as const satisfies Record<MyRequestStatus, string>;

export default async function MyRequestsPage() {
  const actor = await requirePagePermission("requests.create");
  const all = listMyRequests(actor);
  const open = all.filter((r) => r.status === "pending");
  const recent = all.filter((r) => r.status !== "pending");
  return (
    <>
      <PageHeader
        title="My requests"
        description="Stage changes, alias moves, rollbacks and retirements you asked for, and what became of them."
      />
      {all.length === 0 ? (
        <EmptyState title="You have not opened a request yet">
          Open a version of a model and use <strong>Request transition</strong>{" "}
          in its Lifecycle card to ask for Staging or Production, or{" "}
          <strong>Request retirement</strong> in its Retirement card. Reviewers
          decide in their inbox; the outcome appears here and in your
          notifications.{" "}
          <Link href="/models" className="text-accent underline">
            Browse models
          </Link>
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <RequestList
            id="open"
            title={`Open (${open.length})`}
            empty="Nothing waits for review."
            items={open}
          />
          <RequestList
            id="recent"
            title="Recent"
            empty="No request has been decided yet."
            items={recent}
          />
        </div>
      )}
    </>
  );
}

function RequestList({
  id,
  title,
  empty,
  items,
}: {
  id: string;
  title: string;
  empty: string;
  items: MyRequest[];
}) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="mb-2 text-sm font-semibold">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : (
        <ul
          className="divide-y divide-border rounded-lg border border-border bg-surface"
          aria-label={title}
        >
          {items.map((r) => (
            <li
              key={r.id}
              className="space-y-1.5 px-4 py-3 text-sm"
              data-testid={`my-request-${r.id}`}
            >
              <RequestItem r={r} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestItem({ r }: { r: MyRequest }) {
  const href =
    r.version === null ? modelHref(r.model) : versionHref(r.model, r.version);
  const approvals = r.reviews.filter((x) => x.decision === "approve");
  return (
    <>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Badge tone={TONE[r.status]}>{r.status}</Badge>
        <Link
          href={href}
          className="font-medium break-words text-accent hover:underline"
        >
          {r.model}
          {r.version === null ? " (whole model)" : ` v${r.version}`}
        </Link>
        <span>{what(r)}</span>
        <span className="text-xs text-muted">#{r.id}</span>
      </div>
      <p className="text-xs text-muted">
        Requested{" "}
        <span className="whitespace-nowrap">
          {formatDateTime(r.created_at)}
        </span>
        {r.resolved_at ? (
          <>
            {" "}
            · closed{" "}
            <span className="whitespace-nowrap">
              {formatDateTime(r.resolved_at)}
            </span>
          </>
        ) : null}
        {r.decided_by && r.status !== "pending"
          ? ` · ${r.status === "cancelled" ? "cancelled" : "decided"} by ${r.decided_by}`
          : ""}
        {r.status === "approved" && r.sunset_at
          ? ` · sunset ${formatDate(r.sunset_at)}`
          : ""}
      </p>
      {r.comment ? (
        <p className="break-words">
          <span className="text-muted">Your note: </span>
          {r.comment}
        </p>
      ) : null}
      {r.resolution_comment ? (
        <p className="break-words" data-testid="decision-comment">
          <span className="text-muted">
            {r.decided_by ?? "The reviewer"} wrote:{" "}
          </span>
          {r.resolution_comment}
        </p>
      ) : null}
      {r.status === "pending" && approvals.length > 0 ? (
        <p className="text-xs text-muted">
          Approved so far by {approvals.map((a) => a.reviewer).join(", ")}
        </p>
      ) : null}
    </>
  );
}

/** The change asked for, in words. */
function what(r: MyRequest): string {
  if (r.kind === "retirement") return "retirement";
  if (r.kind === "alias") return `alias @${r.alias ?? "?"} → this version`;
  if (r.kind === "rollback") return `rollback of ${STAGE_LABELS[r.to_stage]}`;
  return `${STAGE_LABELS[r.from_stage]} → ${STAGE_LABELS[r.to_stage]}`;
}
