import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import {
  AUDIT_PAGE_SIZE,
  auditPage,
  verifyAudit,
} from "@/lib/audit/audit-queries";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit" };

// The subjects an event can have, as the Entity filter offers them.
const ENTITY_TYPES: [string, string][] = [
  ["model", "Model"],
  ["model_version", "Model version"],
  ["transition_request", "Request"],
  ["retirement", "Retirement"],
  ["deployment", "Deployment"],
  ["alert", "Alert"],
  ["alert_rule", "Alert rule"],
  ["policy", "Policy"],
  ["user", "User"],
  ["api_token", "API token"],
  ["webhook", "Webhook"],
  ["signing_key", "Signing key"],
  ["sign_in", "Sign-in limit"],
  ["audit_chain", "Audit chain"],
];
const FILTERS = [
  "entity_type",
  "entity_id",
  "actor",
  "action",
  "from",
  "to",
] as const;

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePagePermission("audit.read");
  const sp = await searchParams;
  const filters = Object.fromEntries(
    FILTERS.flatMap((k) => (sp[k] ? [[k, sp[k]]] : [])),
  );
  let result: ReturnType<typeof auditPage> | null = null;
  let problem: string | null = null;
  try {
    result = auditPage(actor, { ...filters, before: sp.before });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problem = error.message;
  }
  const verify =
    sp.verify === "1" && can(actor, "audit.verify") ? verifyAudit(actor) : null;
  const qs = (extra: Record<string, string>) =>
    new URLSearchParams({ ...filters, ...extra }).toString();
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, who made it and how, newest first. The log is append-only and chained with a keyed hash."
        actions={
          <>
            <a
              href={`/api/v1/audit?${qs({ format: "csv", limit: "1000" })}`}
              className={buttonClass("secondary")}
            >
              Export CSV
            </a>
            {can(actor, "audit.verify") ? (
              <Link
                href={`/audit?${qs({ verify: "1" })}`}
                className={buttonClass("secondary")}
              >
                Verify chain
              </Link>
            ) : null}
          </>
        }
      />
      {verify ? (
        <p
          role="status"
          data-testid="verify-result"
          className={`mb-4 rounded-md border px-3 py-2 text-sm ${verify.ok ? "border-success/30 bg-success/5 text-success" : "border-danger/30 bg-danger/5 text-danger"}`}
        >
          {verify.ok
            ? `Chain intact: ${verify.count} events verified with the audit key; head anchored${verify.anchor ? ` at ${verify.anchor.at}` : ""}.`
            : verify.missing
              ? `Chain broken: ${verify.reason}.`
              : `Chain broken at event ${verify.brokenAt}: ${verify.reason}.`}
        </p>
      ) : null}
      <form
        method="get"
        role="search"
        className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-3 lg:grid-cols-[1fr_1fr_1fr_1fr_1fr_auto] lg:items-end"
      >
        <label className="text-xs font-medium text-muted">
          Entity
          <select
            name="entity_type"
            defaultValue={sp.entity_type ?? ""}
            className={inputClass}
          >
            <option value="">Any</option>
            {ENTITY_TYPES.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-muted">
          Actor (e-mail)
          <input name="actor" defaultValue={sp.actor} className={inputClass} />
        </label>
        <label className="text-xs font-medium text-muted">
          Action
          <input
            name="action"
            defaultValue={sp.action}
            placeholder="transition"
            className={inputClass}
          />
        </label>
        <label className="text-xs font-medium text-muted">
          From
          <input
            type="date"
            name="from"
            defaultValue={sp.from}
            className={inputClass}
          />
        </label>
        <label className="text-xs font-medium text-muted">
          To
          <input
            type="date"
            name="to"
            defaultValue={sp.to}
            className={inputClass}
          />
        </label>
        {sp.entity_id ? (
          <input type="hidden" name="entity_id" value={sp.entity_id} />
        ) : null}
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
      </form>
      {sp.entity_id ? (
        <p className="mb-4 text-sm">
          Only events about{" "}
          <span className="font-medium">
            {result?.events[0]?.subject.label ??
              `${sp.entity_type ?? "entity"} ${sp.entity_id}`}
          </span>
          .{" "}
          <Link
            href={`/audit?${new URLSearchParams(Object.entries(filters).filter(([k]) => k !== "entity_id" && k !== "entity_type"))}`}
            className="text-accent underline"
          >
            Show all events
          </Link>
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-danger">
          {problem}
        </p>
      ) : null}
      {result && result.events.length === 0 ? (
        <EmptyState title="No events match" />
      ) : null}
      {result && result.events.length > 0 ? (
        <AuditTable events={result.events} />
      ) : null}
      {result && (result.next_before || result.previous) ? (
        <nav
          aria-label="Pages of the audit trail"
          className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm"
        >
          <span className="text-muted" data-testid="audit-range">
            {result.events.length > 0
              ? `Events #${result.events[0]?.id} to #${result.events.at(-1)?.id}, ${AUDIT_PAGE_SIZE} a page`
              : null}
          </span>
          <span className="flex gap-2">
            {result.previous ? (
              <Link
                href={`/audit?${qs(result.previous.before ? { before: String(result.previous.before) } : {})}`}
                className={buttonClass("secondary")}
                rel="prev"
              >
                ← Previous
              </Link>
            ) : null}
            {result.next_before ? (
              <Link
                href={`/audit?${qs({ before: String(result.next_before) })}`}
                className={buttonClass("secondary")}
                rel="next"
              >
                Next →
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}
