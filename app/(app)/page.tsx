import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DashboardCharts } from "@/components/dashboard/dashboard-charts";
import { MODEL_STATUSES } from "@/db/enums";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { recentAuditEvents } from "@/lib/audit/audit-queries";
import { requirePagePermission } from "@/lib/auth/session";
import { dashboardView } from "@/lib/dashboard/dashboard";
import {
  parseDashboardFilters,
  type DashboardFilters,
} from "@/lib/dashboard/filters";
import { activityLink } from "@/lib/dashboard/links";
import { DomainError } from "@/lib/errors";
import { formatDateTime, STAGE_LABELS } from "@/lib/format";
import { modelHref, versionHref } from "@/lib/registry/paths";

export const metadata: Metadata = { title: "Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const HEALTH_TONE = {
  green: "success",
  amber: "warning",
  red: "danger",
} as const;

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Search;
}) {
  const actor = await requirePagePermission("dashboard.read");
  const raw = await searchParams;
  const params = Object.fromEntries(
    ["team", "task", "from", "to"].map((k) => [
      k,
      typeof raw[k] === "string" ? (raw[k] as string) : undefined,
    ]),
  );
  let filters: DashboardFilters;
  let filterError: string | null = null;
  try {
    filters = parseDashboardFilters(params);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    filterError = error.message;
    filters = parseDashboardFilters({});
  }
  const {
    headline: h,
    throughput: t,
    health,
    breakdowns: groups,
    waiting,
    teams,
  } = dashboardView(actor, filters);
  const events = recentAuditEvents(actor, 8);
  const teamTag = filters.team
    ? `tag=${encodeURIComponent(`team=${filters.team}`)}`
    : "";
  const models = (q: string) =>
    `/models?${[q, teamTag].filter(Boolean).join("&")}`;
  const share = new URLSearchParams(
    Object.entries({
      team: filters.team ?? "",
      task: filters.task ?? "",
      from: filters.fromText,
      to: filters.toText,
    }).filter(([, v]) => v),
  ).toString();
  const totalModels =
    h.models_by_status.active +
    h.models_by_status.deprecated +
    h.models_by_status.retired;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`The portfolio${filters.team ? ` of team ${filters.team}` : ""}${filters.task ? ` (${filters.task})` : ""}: figures now, charts from ${filters.fromText} to ${filters.toText}.`}
        actions={
          <div className="flex flex-wrap gap-2">
            <a
              href={`/api/v1/reports/portfolio.csv?${share}`}
              className={buttonClass("secondary")}
              download
            >
              Export CSV
            </a>
            <Link
              href={`/reports/monthly?${share}`}
              className={buttonClass("secondary")}
            >
              Monthly report
            </Link>
          </div>
        }
      />
      <FilterBar
        teams={teams}
        team={filters.team}
        task={filters.task}
        from={filters.fromText}
        to={filters.toText}
      />
      {filterError ? (
        <p
          role="alert"
          className="mb-4 rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-sm text-danger"
        >
          {filterError} The defaults are shown instead.
        </p>
      ) : null}
      <section
        aria-label="Headline figures"
        className="mb-8 grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6"
      >
        <Figure
          label="Models"
          value={totalModels}
          href={models("")}
          testId="fig-models"
        >
          <FigureParts
            parts={MODEL_STATUSES.map((s) => ({
              label: s,
              value: h.models_by_status[s],
              href: models(`status=${s}`),
            }))}
          />
        </Figure>
        <Figure
          label="Models in production"
          value={h.models_in_production}
          href={models("stage=production")}
          testId="fig-in-production"
        />
        <Figure
          label="Versions"
          value={Object.values(h.versions_by_stage).reduce((a, b) => a + b, 0)}
          href={models("")}
          testId="fig-versions"
        >
          <FigureParts
            parts={(
              ["none", "staging", "production", "archived", "retired"] as const
            ).map((s) => ({
              label: STAGE_LABELS[s],
              value: h.versions_by_stage[s],
              href:
                s === "staging" || s === "production"
                  ? models(`stage=${s}`)
                  : s === "retired"
                    ? "/retirements"
                    : models(""),
            }))}
          />
        </Figure>
        <Figure
          label="Open requests"
          value={h.open_requests}
          href="/reviews"
          testId="fig-open-requests"
        >
          <p className="text-xs text-muted">
            {h.oldest_open_request_age_ms !== null
              ? `oldest waiting ${age(h.oldest_open_request_age_ms)}`
              : "none waiting"}
          </p>
        </Figure>
        <Figure
          label="Alerts firing"
          value={h.alerts_firing}
          href="/monitoring"
          testId="fig-alerts"
          tone={h.alerts_firing ? "danger" : undefined}
        />
        <Figure
          label="Retirements due in 30 days"
          value={h.retirements_due_30d}
          href="/retirements"
          testId="fig-retirements"
        />
      </section>

      <DashboardCharts throughput={t} health={health.items} groups={groups} />

      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="health-heading">
          <h2 id="health-heading" className="mb-2 text-sm font-semibold">
            Production models ({health.total})
          </h2>
          {health.items.length === 0 ? (
            <EmptyState title="Nothing in production">
              Versions reach production through an approved request (Reviews).
            </EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-border bg-surface">
              <table
                className="data-table text-sm"
                aria-label="Production models"
              >
                <thead>
                  <tr>
                    <th>Model</th>
                    <th>Health</th>
                    <th className="num">Live</th>
                    <th className="num">Evaluation</th>
                  </tr>
                </thead>
                <tbody>
                  {health.items.map((p) => (
                    <tr key={p.model}>
                      <td>
                        <Link
                          href={versionHref(p.model, p.version)}
                          className="text-accent hover:underline"
                        >
                          {p.model} v{p.version}
                        </Link>
                        <span className="block text-xs text-muted">
                          {p.owner ?? "no owner"}
                        </span>
                      </td>
                      <td>
                        <Badge tone={HEALTH_TONE[p.health]}>{p.health}</Badge>
                        {p.reasons.length ? (
                          <span className="block text-xs text-muted">
                            {p.reasons.join("; ")}
                          </span>
                        ) : null}
                      </td>
                      <td className="num">
                        {p.live.value === null
                          ? "—"
                          : `${p.live.metric === "accuracy" ? "acc" : "abs err"} ${p.live.value.toFixed(3)}`}
                      </td>
                      <td className="num">
                        {p.live.evaluation === null
                          ? "—"
                          : p.live.evaluation.toFixed(3)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {health.total > health.items.length ? (
                <Link
                  href={models("stage=production")}
                  className="block border-t border-border px-3 py-2 text-sm text-accent underline"
                >
                  All {health.total} production models
                </Link>
              ) : null}
            </div>
          )}
        </section>
        <div className="space-y-6">
          <section aria-labelledby="waiting-heading">
            <h2 id="waiting-heading" className="mb-2 text-sm font-semibold">
              Requests waiting longest
            </h2>
            {waiting.length === 0 ? (
              <p className="text-sm text-muted">
                No request is waiting for review.
              </p>
            ) : (
              <Card>
                <ul
                  className="space-y-2 text-sm"
                  aria-label="Requests waiting longest"
                >
                  {waiting.map((w) => (
                    <li
                      key={w.id}
                      className="flex flex-wrap items-baseline justify-between gap-2"
                    >
                      <span>
                        <Link
                          href={
                            w.version === null
                              ? modelHref(w.model)
                              : versionHref(w.model, w.version)
                          }
                          className="text-accent hover:underline"
                        >
                          {w.model}
                          {w.version === null ? "" : ` v${w.version}`}
                        </Link>{" "}
                        {w.kind === "retirement"
                          ? "retirement"
                          : w.kind === "alias"
                            ? "alias move"
                            : `→ ${w.to_stage}`}{" "}
                        <span className="text-xs text-muted">
                          by {w.requested_by ?? "—"}
                        </span>
                      </span>
                      <span className="text-xs text-muted">
                        waiting {age(w.waiting_ms)}
                      </span>
                    </li>
                  ))}
                </ul>
              </Card>
            )}
          </section>
          <section aria-labelledby="activity-heading">
            <div className="mb-2 flex items-baseline justify-between">
              <h2 id="activity-heading" className="text-sm font-semibold">
                Recent activity
              </h2>
              <Link href="/audit" className="text-sm text-accent underline">
                Full audit trail
              </Link>
            </div>
            {events.length === 0 ? (
              <p className="text-sm text-muted">No activity yet.</p>
            ) : (
              <Card>
                <ul
                  className="space-y-1.5 text-sm"
                  aria-label="Recent activity"
                >
                  {events.map((e) => {
                    const link = activityLink(e);
                    return (
                      <li key={e.id}>
                        <span className="text-xs text-muted">
                          {formatDateTime(e.at)}
                        </span>{" "}
                        {e.actorLabel}{" "}
                        <span className="font-mono text-xs">{e.action}</span>{" "}
                        {link ? (
                          <Link
                            href={link.href}
                            className="text-accent hover:underline"
                          >
                            {link.label}
                          </Link>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </Card>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

function Figure({
  label,
  value,
  href,
  testId,
  tone,
  children,
}: {
  label: string;
  value: number;
  href: string;
  testId: string;
  tone?: "danger";
  children?: ReactNode;
}) {
  return (
    <div
      className="rounded-lg border border-border bg-surface p-3"
      data-testid={testId}
    >
      <Link href={href} className="group block">
        <span className="text-xs text-muted group-hover:underline">
          {label}
        </span>
        <span
          className={`block text-2xl font-semibold tabular-nums ${tone === "danger" ? "text-danger" : ""}`}
          data-testid="value"
        >
          {value}
        </span>
      </Link>
      {children}
    </div>
  );
}

function FigureParts({
  parts,
}: {
  parts: { label: string; value: number; href: string }[];
}) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-2 text-xs text-muted">
      {parts.map((p) => (
        <li key={p.label}>
          <Link
            href={p.href}
            className="hover:underline"
            data-testid={`part-${p.label.toLowerCase()}`}
          >
            {p.label} {p.value}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function age(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}
