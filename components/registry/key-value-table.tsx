import type { ReactNode } from "react";

export function KeyValueTable({
  rows,
  empty,
  caption,
}: {
  rows: [string, ReactNode][];
  empty: string;
  caption: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k} className="border-b border-border last:border-0">
            <th
              scope="row"
              className="py-1 pr-4 align-top font-mono text-xs font-normal text-muted"
            >
              {k}
            </th>
            <td className="py-1 break-all">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
