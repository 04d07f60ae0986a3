import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SubjectLink } from "@/components/retirement/retirement-details";
import { PrintButton } from "@/components/ui/print-button";
import { requirePagePermission } from "@/lib/auth/session";
import { parseDashboardFilters } from "@/lib/dashboard/filters";
import { monthlyReport } from "@/lib/dashboard/monthly-report";
import { DomainError } from "@/lib/errors";
import { formatDateTime, formatMetric } from "@/lib/format";
import { versionHref } from "@/lib/registry/paths";

export const metadata: Metadata = { title: "Monthly report" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** A printable report of one month: portfolio figures, promotions, rollbacks, retirements, incidents. */
export default async function MonthlyReportPage({
  searchParams,
}: {
  searchParams: Search;
}) {
  const actor = await requirePagePermission("dashboard.read");
  const raw = await searchParams;
  const text = (k: string) =>
    typeof raw[k] === "string" ? (raw[k] as string) : undefined;
  // The dashboard's filters as its "Monthly report" link hands them over: team and task scope the
  // report, the date range picks its month (unless one is named) and goes back with "Dashboard".
  const given = {
    team: text("team"),
    task: text("task"),
    from: text("from"),
    to: text("to"),
  };
  let filters;
  let report;
  try {
    filters = parseDashboardFilters(given);
    const month =
      text("month") ?? new Date(filters.to).toISOString().slice(0, 7);
    report = monthlyReport(actor, month, filters);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return (
      <p role="alert" className="text-sm text-danger">
        {error.message}
      </p>
    );
  }
  const previous = shift(report.month, -1);
  const next = shift(report.month, 1);
  const keep = new URLSearchParams(
    Object.entries(given).flatMap(([k, v]) => (v ? [[k, v]] : [])),
  ).toString();
  const promotions = report.promotions.filter((p) => !p.rollback);
  const rollbacks = report.promotions.filter((p) => p.rollback);
  const p = report.portfolio;
  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">
            Monthly report: {label(report.month)}
          </h1>
          <p className="text-sm text-muted">
            {filters.team ? `Team ${filters.team}. ` : ""}
            {filters.task ? `Task ${filters.task}. ` : ""}Printed from
            Stageline; times in UTC.
          </p>
        </div>
        <nav
          aria-label="Months"
          className="flex items-center gap-2 print:hidden"
        >
          <Link
            href={`/${keep ? `?${keep}` : ""}`}
            className="text-sm text-accent underline"
          >
            Dashboard
          </Link>
          <Link
            href={`?month=${previous}${keep ? `&${keep}` : ""}`}
            className="text-sm text-accent underline"
          >
            ← {label(previous)}
          </Link>
          <Link
            href={`?month=${next}${keep ? `&${keep}` : ""}`}
            className="text-sm text-accent underline"
          >
            {label(next)} →
          </Link>
          <PrintButton />
        </nav>
      </header>
      <Section title="Portfolio (now)">
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <Fig label="Active models" value={p.models_by_status.active} />
          <Fig label="Deprecated" value={p.models_by_status.deprecated} />
          <Fig label="Retired" value={p.models_by_status.retired} />
          <Fig label="In production" value={p.models_in_production} />
          <Fig
            label="Versions registered this month"
            value={report.registered}
          />
          <Fig label="Promotions this month" value={promotions.length} />
          <Fig label="Rollbacks this month" value={rollbacks.length} />
          <Fig label="Open requests" value={p.open_requests} />
        </dl>
      </Section>
      <Section title={`Promotions (${promotions.length})`}>
        <MoveList
          moves={promotions}
          empty="No version reached production this month."
        />
      </Section>
      <Section title={`Rollbacks (${rollbacks.length})`}>
        <MoveList moves={rollbacks} empty="No rollback this month." />
      </Section>
      <Section title={`Retirements (${report.retirements.length})`}>
        {report.retirements.length === 0 ? (
          <p className="text-sm text-muted">
            No model or version was deprecated or retired this month.
          </p>
        ) : (
          <ul className="space-y-1 text-sm">
            {report.retirements.map((r, i) => (
              <li key={i}>
                {formatDateTime(r.at)}: <SubjectLink r={r} /> {r.status} —{" "}
                {r.reason}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section
        title={`Incidents (${report.incidents.filter((i) => i.action === "alert.fired").length} alerts fired)`}
      >
        {report.incidents.length === 0 ? (
          <p className="text-sm text-muted">No alert fired this month.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {report.incidents.map((i, k) => (
              <li key={k}>
                {formatDateTime(i.at)}:{" "}
                {i.action === "alert.fired" ? "fired" : "resolved"} — {i.rule}
                {i.deployment !== null ? ` on deployment #${i.deployment}` : ""}
                {i.value !== null ? ` (value ${formatMetric(i.value)})` : ""}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </article>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="break-inside-avoid rounded-lg border border-border bg-surface p-4 print:border-0 print:p-0">
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Fig({ label: l, value }: { label: string; value: number }) {
  return (
    <div>
      <dt className="text-xs text-muted">{l}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function MoveList({
  moves,
  empty,
}: {
  moves: { model: string; version: number; at: number; by: string | null }[];
  empty: string;
}) {
  if (moves.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <ul className="space-y-1 text-sm">
      {moves.map((m, i) => (
        <li key={i}>
          {formatDateTime(m.at)}:{" "}
          <Link
            href={versionHref(m.model, m.version)}
            className="text-accent hover:underline"
          >
            {m.model} v{m.version}
          </Link>
          {m.by ? ` (requested by ${m.by})` : ""}
        </li>
      ))}
    </ul>
  );
}

function shift(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
}

function label(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
