import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import {
  CATEGORY_LABEL,
  ReplacementLink,
  SubjectLink,
  subjectLabel,
} from "@/components/retirement/retirement-details";
import { requirePagePermission } from "@/lib/auth/session";
import { formatBytes } from "@/lib/blobs/format-bytes";
import { listRetirements, type RetirementDto } from "@/lib/retirement/queries";
import { sunsetTimeline } from "@/lib/retirement/retirement.validation";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Retirements" };

const TONE = {
  requested: "warning",
  scheduled: "warning",
  retired: "danger",
  released: "neutral",
  restored: "success",
  rejected: "neutral",
  cancelled: "neutral",
} as const;

export default async function RetirementsPage() {
  const actor = await requirePagePermission("models.read");
  const all = listRetirements(actor);
  const pending = all.filter((r) => r.status === "requested");
  const scheduled = all
    .filter((r) => r.status === "scheduled")
    .sort((a, b) => a.sunset_at - b.sunset_at);
  const done = all.filter(
    (r) => r.status === "retired" || r.status === "released",
  );
  const closed = all.filter(
    (r) =>
      r.status === "rejected" ||
      r.status === "cancelled" ||
      r.status === "restored",
  );
  return (
    <>
      <PageHeader
        title="Retirements"
        description="Models and versions on their way out: waiting for review, deprecated until their sunset, and retired."
      />
      {all.length === 0 ? (
        <EmptyState title="No retirements yet">
          Request one from a model or version page (Retirement card), or with
          POST
          /api/v1/models/&#123;name&#125;/versions/&#123;v&#125;/retirement.
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <section aria-labelledby="sunsets-heading">
            <h2 id="sunsets-heading" className="mb-2 text-sm font-semibold">
              Upcoming sunsets
            </h2>
            {scheduled.length === 0 ? (
              <p className="text-sm text-muted">Nothing is scheduled.</p>
            ) : (
              <SunsetTimeline items={scheduled} />
            )}
          </section>
          <RetirementTable
            id="pending"
            title="Waiting for review"
            items={pending}
            empty="No retirement request is waiting."
          />
          <RetirementTable
            id="scheduled"
            title="Scheduled (deprecated)"
            items={scheduled}
            empty="Nothing is deprecated."
          />
          <RetirementTable
            id="completed"
            title="Completed"
            items={done}
            empty="Nothing has been retired yet."
          />
          {closed.length ? (
            <RetirementTable
              id="closed"
              title="Rejected, cancelled or restored"
              items={closed}
              empty=""
            />
          ) : null}
        </div>
      )}
    </>
  );
}

/** The next 90 days (or more) as a strip with a mark per sunset, and the same dates listed by month. */
function SunsetTimeline({ items }: { items: RetirementDto[] }) {
  const { start, span, months } = sunsetTimeline(items);
  return (
    <div className="rounded-lg border border-border bg-surface p-4">
      <div
        className="relative mb-6 h-8 border-b border-border"
        aria-hidden="true"
      >
        {months.flatMap((m) =>
          m.items.map(({ r, at }) => (
            <span
              key={r.id}
              className="absolute bottom-0 h-6 w-0.5 bg-warning"
              style={{ left: `${at}%` }}
              title={`${subjectLabel(r)}: ${formatDate(r.sunset_at)}`}
            />
          )),
        )}
        <span className="absolute -bottom-5 left-0 text-xs text-muted">
          today
        </span>
        <span className="absolute right-0 -bottom-5 text-xs text-muted">
          {formatDate(start + span)}
        </span>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {months.map(({ month, items: list }) => (
          <div key={month}>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">
              {month}
            </h3>
            <ul
              className="space-y-1 text-sm"
              aria-label={`Sunsets in ${month}`}
            >
              {list.map(({ r, days }) => (
                <li key={r.id}>
                  <span className="tabular-nums">
                    {formatDate(r.sunset_at)}
                  </span>{" "}
                  <SubjectLink r={r} />{" "}
                  <span className="text-xs text-muted">
                    {days <= 0
                      ? "today"
                      : `in ${days} day${days === 1 ? "" : "s"}`}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}

function RetirementTable({
  id,
  title,
  items,
  empty,
}: {
  id: string;
  title: string;
  items: RetirementDto[];
  empty: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="mb-2 text-sm font-semibold">
        {title} <span className="font-normal text-muted">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="data-table text-sm" aria-label={title}>
            <thead>
              <tr>
                <th>What</th>
                <th>Status</th>
                <th>Category</th>
                <th>Replacement</th>
                <th>Sunset</th>
                <th>Requested by</th>
                <th>Files</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <SubjectLink r={r} />
                    <span
                      className="block max-w-xs truncate text-xs text-muted"
                      title={r.reason}
                    >
                      {r.reason}
                    </span>
                  </td>
                  <td>
                    <Badge tone={TONE[r.status]}>{r.status}</Badge>
                    {r.status === "requested" ? (
                      <Link
                        href="/reviews"
                        className="ml-2 text-xs text-accent underline"
                      >
                        review
                      </Link>
                    ) : null}
                  </td>
                  <td>{CATEGORY_LABEL[r.category]}</td>
                  <td>
                    <ReplacementLink replacement={r.replacement} />
                  </td>
                  <td className="tabular-nums whitespace-nowrap">
                    {formatDate(r.retired_at ?? r.sunset_at)}
                  </td>
                  <td>{r.requested_by?.name ?? "—"}</td>
                  <td className="text-xs">
                    {r.status === "released"
                      ? `released ${formatDate(r.released_at ?? 0)} (${formatBytes(r.bytes_freed ?? 0)})`
                      : r.status === "retired"
                        ? `kept until ${formatDate(r.release_after ?? 0)}`
                        : `${r.retention_days} days after sunset`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
