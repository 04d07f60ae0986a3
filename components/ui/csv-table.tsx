// The first rows of a CSV file as a table that scrolls inside its card (an upload's preview, an
// artifact's). Cells are text: React escapes them, and long ones are cut with the whole in a title.
export function CsvTable({
  header,
  rows,
  caption,
}: {
  header: string[];
  rows: string[][];
  caption: string;
}) {
  const cell = (v: string) => (v.length > 80 ? `${v.slice(0, 80)}…` : v);
  return (
    // Focusable, so a keyboard can scroll a wide or long table.
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className="max-h-80 overflow-auto rounded-md border border-border"
    >
      <table className="data-table text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, k) => (
                <td
                  key={k}
                  className="font-mono whitespace-nowrap"
                  title={v.length > 80 ? v : undefined}
                >
                  {cell(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
