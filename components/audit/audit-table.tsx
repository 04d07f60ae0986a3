// The audit trail as a table: when and who, the action's code, its subject by name and what
// changed in words, with the recorded fields before and after behind a disclosure. Below 1024 px
// each row becomes a stacked block, so nothing (long digests, URLs) pushes the card wider than the
// screen; the explicit roles keep it a table for screen readers whatever its CSS display.
import Link from "next/link";
import type { AuditLine } from "@/lib/audit/audit-queries";
import { formatDateTime } from "@/lib/format";
import { SubjectLink } from "./audit-line";

const cell = "px-3 py-2 max-lg:p-0";
const head = "px-3 py-2 font-medium";
// Break long words only where they would overflow: "anywhere" would also let a table's automatic
// layout squeeze a column to a letter's width. Digests and URLs in the diff may break anywhere.
const wrap = "break-words";
const wrapValue = "[overflow-wrap:anywhere]";

export function AuditTable({ events }: { events: AuditLine[] }) {
  return (
    <div className="rounded-lg border border-border bg-surface">
      <table
        role="table"
        className="w-full text-left text-sm max-lg:block lg:table-fixed"
      >
        <caption className="sr-only">Audit events</caption>
        <colgroup className="max-lg:hidden">
          <col className="w-56" />
          <col className="w-44" />
          <col className="w-[24%]" />
          <col />
        </colgroup>
        <thead className="border-b border-border text-xs text-muted max-lg:sr-only">
          <tr role="row">
            <th role="columnheader" className={head}>
              When, who
            </th>
            <th role="columnheader" className={head}>
              Action
            </th>
            <th role="columnheader" className={head}>
              Subject
            </th>
            <th role="columnheader" className={head}>
              Change
            </th>
          </tr>
        </thead>
        <tbody className="max-lg:block">
          {events.map((e) => (
            <tr
              key={e.id}
              role="row"
              data-testid="audit-row"
              className="border-b border-border align-top last:border-0 max-lg:flex max-lg:flex-wrap max-lg:justify-between max-lg:gap-x-3 max-lg:gap-y-1 max-lg:px-3 max-lg:py-3"
            >
              <td role="cell" className={`${cell} ${wrap} max-lg:min-w-0`}>
                <time dateTime={new Date(e.at).toISOString()}>
                  {formatDateTime(e.at)}
                </time>
                <div>
                  {e.actorLabel}
                  {e.via !== "session" && e.via !== e.actorLabel ? (
                    <span className="text-xs whitespace-nowrap text-muted">
                      {" "}
                      ({e.via})
                    </span>
                  ) : null}
                </div>
                <div className="text-xs text-muted">event #{e.id}</div>
              </td>
              <td role="cell" className={`${cell} font-mono text-xs ${wrap}`}>
                {e.action}
              </td>
              <td role="cell" className={`${cell} ${wrap} max-lg:w-full`}>
                <SubjectLink subject={e.subject} />{" "}
                <Link
                  href={`/audit?${new URLSearchParams({ entity_type: e.entityType, entity_id: e.entityId })}`}
                  className="text-xs whitespace-nowrap text-muted underline-offset-2 hover:underline"
                  aria-label={`history of ${e.subject.label}: all its events`}
                >
                  history
                </Link>
              </td>
              <td role="cell" className={`${cell} max-lg:w-full`}>
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
  // A creation has no "before", a removal no "after": only the sides the event recorded are shown.
  const hasBefore = line.changes.some((c) => c.before !== null);
  const hasAfter = line.changes.some((c) => c.after !== null);
  const fields = n === 1 ? "1 field" : `${n} fields`;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-accent">
        {hasBefore && hasAfter
          ? `${fields} before and after`
          : hasBefore
            ? `${fields} as they were`
            : `${fields} recorded`}
      </summary>
      <table className="mt-2 w-full table-fixed border-collapse">
        <caption className="sr-only">Fields of event #{line.id}</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="w-1/4 py-1 pr-2 text-left font-medium">
              Field
            </th>
            {hasBefore ? (
              <th scope="col" className="py-1 pr-2 text-left font-medium">
                Before
              </th>
            ) : null}
            {hasAfter ? (
              <th scope="col" className="py-1 text-left font-medium">
                {hasBefore ? "After" : "Value"}
              </th>
            ) : null}
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
              {hasBefore ? <Value text={c.before} tone="bg-danger/5" /> : null}
              {hasAfter ? <Value text={c.after} tone="bg-success/5" /> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** One side of a field: the value, or a dash (in words for screen readers) when not recorded. */
function Value({ text, tone }: { text: string | null; tone: string }) {
  return (
    <td
      className={`px-1 py-1 font-mono whitespace-pre-wrap ${wrapValue} ${text === null ? "text-muted" : tone}`}
    >
      {text ?? (
        <>
          <span aria-hidden="true">—</span>
          <span className="sr-only">not recorded</span>
        </>
      )}
    </td>
  );
}
