import clsx from "clsx";

/**
 * A tiny inline line of values (no axes); the numbers beside it carry the meaning. Null values
 * (no data that minute) break the line instead of drawing it down to zero.
 */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
  className,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
  className?: string;
}) {
  const present = values.filter((v): v is number => v !== null);
  const max = Math.max(1e-9, ...present);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const segments: string[][] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    current.push(
      `${(i * step).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`,
    );
  });
  if (current.length) segments.push(current);
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={present.length ? label : `${label}: no data`}
      className={clsx("block text-accent", className)}
    >
      {segments.map((points, i) =>
        points.length === 1 ? (
          <circle
            key={i}
            cx={points[0]?.split(",")[0]}
            cy={points[0]?.split(",")[1]}
            r="1.5"
            fill="currentColor"
          />
        ) : (
          <polyline
            key={i}
            points={points.join(" ")}
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          />
        ),
      )}
    </svg>
  );
}
