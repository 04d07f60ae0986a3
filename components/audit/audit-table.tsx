// The audit trail as a table: when, who, the action's code, its subject by name and what changed
// in words, with the recorded fields before and after behind a disclosure. Below 640 px each row
// becomes a stacked block so nothing (long digests, URLs) pushes the card wider than the screen.
import Link from "next/link";
import type { AuditLine } from "@/lib/audit/audit-queries";
import { formatDateTime } from "@/lib/format";
import { SubjectLink } from "./audit-line";

const cell = "px-3 py-2 max-sm:p-0";
const wrap = "[overflow-wrap:anywhere]";

export function AuditTable({ events }: { events: AuditLine[] }) {
  return (
    <div className="rounded-lg border border-border bg-surface">
      <table role="table" className="w-full text-left text-sm max-sm:block">
        <caption className="sr-only">Audit events</caption>
        <thead className="border-b border-border text-xs text-muted max-sm:sr-only">
          <tr role="row">
            <th role="columnheader" className="px-3 py-2 font-medium">
              When
            </th>
            <th role="columnheader" className="px-3 py-2 font-medium">
              Who
            </th>
            <th role="columnheader" className="px-3 py-2 font-medium">
              Action
            </th>
            <th role="columnheader" className="px-3 py-2 font-medium">
              Subject
            </th>
            <th role="columnheader" className="px-3 py-2 font-medium">
              Change
            </th>
          </tr>
        </thead>
        <tbody className="max-sm:block">
          {events.map((e) => (
            <tr
              key={e.id}
              role="row"
              data-testid="audit-row"
              className="border-b border-border align-top last:border-0 max-sm:flex max-sm:flex-wrap max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-3 max-sm:py-3"
            >
              <td role="cell" className={`${cell} whitespace-nowrap`}>
                <time dateTime={new Date(e.at).toISOString()}>
                  {formatDateTime(e.at)}
                </time>
                <div className="text-xs text-muted">#{e.id}</div>
              </td>
              <td role="cell" className={`${cell} ${wrap}`}>
                {e.actorLabel}
                {e.via !== "session" ? (
                  <span className="ml-1 text-xs text-muted">({e.via})</span>
                ) : null}
              </td>
              <td role="cell" className={`${cell} font-mono text-xs ${wrap}`}>
                {e.action}
              </td>
              <td role="cell" className={`${cell} ${wrap} max-sm:w-full`}>
                <SubjectLink subject={e.subject} />
                <Link
                  href={`/audit?${new URLSearchParams({ entity_type: e.entityType, entity_id: e.entityId })}`}
                  className="ml-2 text-xs text-muted underline-offset-2 hover:underline"
                  aria-label={`All events about ${e.subject.label}`}
                >
                  history
                </Link>
              </td>
              <td role="cell" className={`${cell} max-sm:w-full sm:max-w-md`}>
                <p data-testid="audit-sentence" className={wrap}>
                  {e.sentence}
                </p>
                {e.changes.length > 0 ? <Changes line={e} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The recorded fields side by side; long values (digests, URLs, JSON) wrap inside the card. */
function Changes({ line }: { line: AuditLine }) {
  const n = line.changes.length;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-accent">
        {n === 1 ? "1 field" : `${n} fields`} before and after
      </summary>
      <table className="mt-2 w-full table-fixed border-collapse">
        <caption className="sr-only">Fields of event #{line.id}</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="w-1/4 py-1 pr-2 text-left font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-2 text-left font-medium">
              Before
            </th>
            <th scope="col" className="py-1 text-left font-medium">
              After
            </th>
          </tr>
        </thead>
        <tbody>
          {line.changes.map((c) => (
            <tr key={c.field} className="border-t border-border align-top">
              <th
                scope="row"
                className={`py-1 pr-2 text-left font-medium ${wrap}`}
              >
                {c.field}
              </th>
              <td
                className={`py-1 pr-2 font-mono whitespace-pre-wrap ${wrap} ${c.before === null ? "text-muted" : "bg-danger/5"}`}
              >
                {c.before ?? "—"}
              </td>
              <td
                className={`py-1 font-mono whitespace-pre-wrap ${wrap} ${c.after === null ? "text-muted" : "bg-success/5"}`}
              >
                {c.after ?? "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
