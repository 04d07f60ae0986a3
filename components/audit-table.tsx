import type { AuditEventRow } from "@/db/schema";
import { formatDateTime } from "@/lib/format";

export function AuditTable({ events }: { events: AuditEventRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit events</caption>
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            <th className="px-3 py-2 font-medium">#</th>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2 font-medium">Who</th>
            <th className="px-3 py-2 font-medium">Action</th>
            <th className="px-3 py-2 font-medium">Entity</th>
            <th className="px-3 py-2 font-medium">Change</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr
              key={e.id}
              className="border-b border-border align-top last:border-0"
            >
              <td className="px-3 py-2 text-muted">{e.id}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                {formatDateTime(e.at)}
              </td>
              <td className="px-3 py-2">
                {e.actorLabel}
                {e.via !== "session" ? (
                  <span className="ml-1 text-xs text-muted">({e.via})</span>
                ) : null}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-3 py-2 text-xs">
                {e.entityType}{" "}
                <span className="font-mono">
                  {e.entityId.length > 12
                    ? `${e.entityId.slice(0, 8)}…`
                    : e.entityId}
                </span>
              </td>
              <td className="max-w-md px-3 py-2 font-mono text-xs break-words text-muted">
                {e.before ? <span>{e.before} → </span> : null}
                {e.after ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
