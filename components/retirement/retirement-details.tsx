import Link from "next/link";
import { formatBytes } from "@/lib/blobs/format-bytes";
import { modelHref, versionHref } from "@/lib/registry/paths";
import type { RetirementImpact } from "@/lib/retirement/impact";
import type { RetirementDto } from "@/lib/retirement/queries";
import { formatDate } from "@/lib/format";

export const CATEGORY_LABEL: Record<RetirementDto["category"], string> = {
  replaced: "Replaced",
  underperforming: "Underperforming",
  compliance: "Compliance",
  no_longer_needed: "No longer needed",
};

export function subjectLabel(r: {
  model: string;
  version: number | null;
}): string {
  return r.version === null
    ? `${r.model} (all versions)`
    : `${r.model} v${r.version}`;
}

export function subjectHref(r: {
  model: string;
  version: number | null;
}): string {
  return r.version === null
    ? modelHref(r.model)
    : versionHref(r.model, r.version);
}

export function SubjectLink({
  r,
}: {
  r: { model: string; version: number | null };
}) {
  return (
    <Link href={subjectHref(r)} className="text-accent hover:underline">
      {subjectLabel(r)}
    </Link>
  );
}

export function ReplacementLink({
  replacement,
}: {
  replacement: RetirementDto["replacement"];
}) {
  if (!replacement) return <span className="text-muted">none named</span>;
  return (
    <ModelOrVersionLink
      model={replacement.model}
      version={replacement.version}
    />
  );
}

/** A link to a model, or to one of its versions, named "model" or "model v3". */
export function ModelOrVersionLink({
  model,
  version,
}: {
  model: string;
  version: number | null;
}) {
  return (
    <Link
      href={subjectHref({ model, version })}
      className="text-accent hover:underline"
    >
      {model}
      {version === null ? "" : ` v${version}`}
    </Link>
  );
}

/** What the retirement says: category, reason, replacement, sunset date and retention. */
export function RetirementFacts({ r }: { r: RetirementDto }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
      <dt className="text-muted">Category</dt>
      <dd>{CATEGORY_LABEL[r.category]}</dd>
      <dt className="text-muted">Reason</dt>
      <dd className="whitespace-pre-wrap">{r.reason}</dd>
      <dt className="text-muted">Replacement</dt>
      <dd>
        <ReplacementLink replacement={r.replacement} />
      </dd>
      <dt className="text-muted">Sunset date</dt>
      <dd>{formatDate(r.sunset_at)}</dd>
      <dt className="text-muted">Files kept</dt>
      <dd>{r.retention_days} days after retirement</dd>
      {r.bytes_freed !== null ? (
        <>
          <dt className="text-muted">Freed</dt>
          <dd>{formatBytes(r.bytes_freed)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** What still depends on it, and the checklist before approving. */
export function ImpactList({ impact }: { impact: RetirementImpact }) {
  return (
    <section aria-label="Impact" className="text-sm">
      <p className="mb-1 text-xs font-semibold">Impact</p>
      <ul className="space-y-0.5">
        <li>
          Live deployments:{" "}
          {impact.deployments.length
            ? impact.deployments
                .map(
                  (d) =>
                    `#${d.id} v${d.version} in ${d.environment} (${d.target === "stageline" ? "built-in" : "external"})`,
                )
                .join(", ")
            : "none"}
        </li>
        <li>
          Aliases:{" "}
          {impact.aliases.length
            ? impact.aliases.map((a) => `${a.alias} → v${a.version}`).join(", ")
            : "none"}
        </li>
        <li>Requests in the last 7 days: {impact.requests_7d}</li>
        <li>
          Open requests:{" "}
          {impact.open_requests.length
            ? impact.open_requests
                .map(
                  (q) =>
                    `#${q.id}${q.version === null ? "" : ` v${q.version}`} → ${q.to_stage}`,
                )
                .join(", ")
            : "none"}
        </li>
        <li>
          Webhook subscribers:{" "}
          {impact.webhooks.length
            ? impact.webhooks
                .map((w) => w.url ?? `#${w.id} (${w.events.join(", ")})`)
                .join(", ")
            : "none"}
        </li>
      </ul>
      {impact.checklist.length ? (
        <>
          <p className="mt-3 mb-1 text-xs font-semibold">Checklist</p>
          <ul className="list-disc space-y-0.5 pl-5" aria-label="Checklist">
            {impact.checklist.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-2 text-xs text-muted">
          Nothing depends on it any more.
        </p>
      )}
    </section>
  );
}
