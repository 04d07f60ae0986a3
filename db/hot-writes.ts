// The hottest insert in the app, every served prediction's and every pushed metric's points, as a
// plain better-sqlite3 statement with positional values: it skips the ~1 µs per row Drizzle spends
// filling named placeholders (a batch of 1,000 points is ~6 ms of inserts). SQLite-specific, so it
// lives here in db/ beside the connection; a PostgreSQL dialect would add its own (e.g. COPY).
import type Database from "better-sqlite3";
import { getSqlite } from "./client";

type InsertPoint = Database.Statement<[number, string, number, number]>;
const statements = new WeakMap<Database.Database, InsertPoint>();

/** Inserts one monitoring point on the app's connection (so inside its current transaction). */
export function metricPointInserter(): (
  deploymentId: number,
  name: string,
  at: number,
  value: number,
) => void {
  const sqlite = getSqlite();
  let st = statements.get(sqlite);
  if (!st) {
    st = sqlite.prepare(
      "insert into metric_points (deployment_id, name, at, value) values (?, ?, ?, ?)",
    );
    statements.set(sqlite, st);
  }
  const statement = st;
  return (deploymentId, name, at, value) => {
    statement.run(deploymentId, name, at, value);
  };
}
