import { Fragment, type ReactNode } from "react";

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
            <td className="py-1 wrap-anywhere">{breakable(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A path or URL may wrap after its separators ("vega-datasets/ penguins.json"), so a narrow
 *  column breaks it there instead of mid-word; only a single over-long token breaks anywhere. */
function breakable(v: ReactNode): ReactNode {
  if (typeof v !== "string") return v;
  return v.split(/(?<=[/?&=_.:-])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 ? <wbr /> : null}
      {part}
    </Fragment>
  ));
}
