// Buffers monitoring points in memory and writes them, with their per-minute rollups, once a second
// in one transaction. A crash can lose at most the last second of points (see README).
//
// Served inputs (what drift compares with the reference) are sampled, not all kept: per deployment
// and second a uniform sample of at most INPUT_SAMPLE_ROWS rows of everything served in that
// second (reservoir sampling over rows, so a batch request's last rows count as much as its first).
// A drift statistic over a sample of a few hundred rows per second is the statistic of the
// traffic; keeping every row of every request would write a point per feature per row, which at a
// few thousand predictions a second is most of the serving cost and billions of rows a week.
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { predictions } from "@/db/schema";
import { writePoints, type Point } from "./points";

type Kept = {
  id: string;
  deploymentId: number;
  value: number;
  at: number;
  key: string | null;
};

/** One sampled input row: its feature names (the route's, shared by its rows) and values. */
type InputRow = { at: number; names: readonly string[]; values: Float32Array };
/** This second's sample of one deployment's inputs, and how many rows it was drawn from. */
type InputSample = { seen: number; rows: InputRow[] };

/** Input rows kept for drift per deployment per second (a uniform sample of that second's rows). */
export const INPUT_SAMPLE_ROWS = 200;

type RecorderState = {
  buffer: Point[];
  kept: Kept[];
  inputs: Map<number, InputSample>;
  timer: NodeJS.Timeout | null;
};
const g = globalThis as unknown as { __stagelineRecorder?: RecorderState };
const state: RecorderState = (g.__stagelineRecorder ??= {
  buffer: [],
  kept: [],
  inputs: new Map<number, InputSample>(),
  timer: null,
});
state.kept ??= [];
state.inputs ??= new Map();

export function record(
  deploymentId: number,
  name: string,
  value: number,
  at = Date.now(),
): void {
  state.buffer.push({ deploymentId, name, at, value });
  schedule();
}

/**
 * A request's input rows (row-major, one column per name) offered to this second's sample of the
 * deployment's inputs; each row stays with probability INPUT_SAMPLE_ROWS / rows seen this second.
 */
export function recordInputs(
  deploymentId: number,
  names: readonly string[],
  data: Float32Array,
  rows: number,
  at = Date.now(),
): void {
  const cols = names.length;
  if (cols === 0 || rows === 0) return;
  let sample = state.inputs.get(deploymentId);
  if (!sample) {
    sample = { seen: 0, rows: [] };
    state.inputs.set(deploymentId, sample);
  }
  for (let i = 0; i < rows; i++) {
    sample.seen += 1;
    const slot =
      sample.rows.length < INPUT_SAMPLE_ROWS
        ? sample.rows.length
        : Math.floor(Math.random() * sample.seen);
    if (slot < INPUT_SAMPLE_ROWS)
      sample.rows[slot] = {
        at,
        names,
        values: data.slice(i * cols, (i + 1) * cols),
      };
  }
  schedule();
}

/** Served predictions, kept for matching feedback; written with the next flush (within a second). */
export function keepPrediction(
  id: string,
  deploymentId: number,
  value: number,
  at = Date.now(),
  key: string | null = null,
): void {
  state.kept.push({ id, deploymentId, value, at, key });
  schedule();
}

function schedule(): void {
  if (!state.timer) {
    state.timer = setTimeout(() => {
      state.timer = null;
      try {
        flush();
      } catch (error) {
        console.error("[stageline] monitoring flush failed", error);
      }
    }, 1000);
    state.timer.unref();
  }
}

/** Writes buffered points and refreshes the rollups of every minute they touch. */
export function flush(): number {
  const points = state.buffer.splice(0);
  for (const [deploymentId, sample] of state.inputs)
    for (const row of sample.rows)
      row.names.forEach((name, j) =>
        points.push({
          deploymentId,
          name,
          at: row.at,
          value: row.values[j] as number,
        }),
      );
  state.inputs.clear();
  const kept = state.kept.splice(0);
  if (kept.length) {
    const db = getDb();
    db.transaction(
      () => {
        const insert = insertPrediction(db);
        for (const k of kept) insert.run(k);
      },
      { behavior: "immediate" },
    );
  }
  if (points.length === 0) return 0;
  writePoints(points);
  return points.length;
}

const insertPrediction = preparedQuery((db) =>
  db
    .insert(predictions)
    .values({
      id: sql.placeholder("id"),
      deploymentId: sql.placeholder("deploymentId"),
      value: sql.placeholder("value"),
      at: sql.placeholder("at"),
      key: sql.placeholder("key"),
    })
    .prepare(),
);
