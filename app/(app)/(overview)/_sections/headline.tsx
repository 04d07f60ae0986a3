// The headline figures: models, production, versions, open requests, alerts and retirements due,
// each a link to the list behind it, some split into their parts.
import Link from "next/link";
import type { ReactNode } from "react";
import { MODEL_STATUSES } from "@/db/enums";
import type { Headline } from "@/lib/dashboard/headline";
import { STAGE_LABELS } from "@/lib/format";
import { age, modelsHref } from "./links";

export function HeadlineFigures({
  h,
  team,
}: {
  h: Headline;
  team: string | null;
}) {
  const models = (q: string) => modelsHref(team, q);
  const totalModels =
    h.models_by_status.active +
    h.models_by_status.deprecated +
    h.models_by_status.retired;
  return (
    <section
      aria-label="Headline figures"
      className="mb-8 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6"
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
