import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { searchAudit, verifyAudit } from "@/lib/audit/audit-queries";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit" };

const ENTITY_TYPES = [
  "model",
  "model_version",
  "transition_request",
  "policy",
  "user",
  "api_token",
  "webhook",
  "sign_in",
  "audit_chain",
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
  let result: ReturnType<typeof searchAudit> | null = null;
  let problem: string | null = null;
  try {
    result = searchAudit(actor, { ...filters, before: sp.before, limit: 100 });
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
        className="mb-4 grid gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-3 lg:grid-cols-[1fr_1fr_1fr_1fr_1fr_auto] lg:items-end"
      >
        <label className="text-xs font-medium text-muted">
          Entity
          <select
            name="entity_type"
            defaultValue={sp.entity_type ?? ""}
            className={inputClass}
          >
            <option value="">Any</option>
            {ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
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
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
      </form>
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
      {result?.next_before ? (
        <Link
          href={`/audit?${qs({ before: String(result.next_before) })}`}
          className="mt-4 inline-block text-sm text-accent underline"
        >
          Older events
        </Link>
      ) : null}
    </>
  );
}
