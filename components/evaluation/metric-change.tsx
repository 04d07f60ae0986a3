import { metricChange } from "@/lib/evaluation/metric-names";

/** The change of a metric against production, in words and colour (never colour alone). */
export function MetricChange({
  metric,
  value,
  reference,
}: {
  metric: string;
  value: number | undefined;
  reference: number | undefined;
}) {
  if (value === undefined || reference === undefined) return <>—</>;
  const { better, text } = metricChange(metric, value, reference);
  return (
    <span
      className={better === null ? "" : better ? "text-success" : "text-danger"}
    >
      {text}
    </span>
  );
}
