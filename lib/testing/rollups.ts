// What the recorder stored for a series, per minute (metric_rollups), as the monitoring tests read
// it back to compare with the values they wrote.
import { getSqlite } from "@/db/client";

/** One minute's figures: exact count, sum, min and max; percentiles from the sketch. */
export type RollupFigures = {
  count: number;
  sum: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
};

/** Every stored minute of one series of a deployment, oldest first. */
export const rollups = (deploymentId: number, name: string) =>
  getSqlite()
    .prepare(
      "select minute, count, sum, min, max, p50, p95, p99 from metric_rollups where deployment_id = ? and name = ? order by minute",
    )
    .all(deploymentId, name) as (RollupFigures & { minute: number })[];

/** One minute of one series, without its `minute`. */
export const rollup = (deploymentId: number, name: string, minute: number) =>
  getSqlite()
    .prepare(
      "select count, sum, min, max, p50, p95, p99 from metric_rollups where deployment_id = ? and name = ? and minute = ?",
    )
    .get(deploymentId, name, minute) as RollupFigures;
