// The dashboard's filters (team tag, task, date range from the URL) and the model scope every
// figure of the dashboard and its reports is computed over.
import "server-only";
import {
  and,
  eq,
  inArray,
  isNotNull,
  isNull,
  not,
  type SQL,
} from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { type Db } from "@/db/client";
import { inValues } from "@/db/prepared";
import { MODEL_TASKS, registeredModels as m } from "@/db/schema";
import { parseInput } from "@/lib/errors";
import { modelHasTag } from "@/lib/registry/tags";

export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

const dateText = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, {
      message: `${field} must be a date such as 2026-11-01`,
    })
    .refine((s) => Number.isFinite(Date.parse(`${s}T00:00:00Z`)), {
      message: `${field} is not a real date`,
    })
    .optional();

export const dashboardFilterSchema = z
  .object({
    team: z
      .string()
      .trim()
      .max(256, { message: "team must be at most 256 characters" })
      .optional(),
    task: z
      .enum(MODEL_TASKS, {
        message: "task must be classification, regression or other",
      })
      .optional(),
    from: dateText("from"),
    to: dateText("to"),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "from must be on or before to",
    path: ["from"],
  });

export type DashboardFilters = {
  team: string | null;
  task: "classification" | "regression" | "other" | null;
  from: number;
  to: number;
  fromText: string;
  toText: string;
};

/** URL parameters to filters; the range defaults to the last 90 days up to today. */
export function parseDashboardFilters(
  input: Record<string, string | undefined>,
  now = Date.now(),
): DashboardFilters {
  const f = parseInput(
    dashboardFilterSchema,
    Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== undefined && v !== ""),
    ),
  );
  const today = new Date(now).toISOString().slice(0, 10);
  const toText = f.to ?? today;
  const fromText =
    f.from ??
    new Date(Date.parse(`${toText}T00:00:00Z`) - 89 * DAY)
      .toISOString()
      .slice(0, 10);
  return {
    team: f.team || null,
    task: f.task ?? null,
    from: Date.parse(`${fromText}T00:00:00Z`),
    to: Date.parse(`${toText}T00:00:00Z`) + DAY - 1,
    fromText,
    toText,
  };
}

/** The filtered models: live, of the task, carrying the team tag (the dashboard and its reports). */
export function modelScope(db: Db, f: DashboardFilters): SQL {
  const parts: SQL[] = [isNull(m.deletedAt)];
  if (f.task) parts.push(eq(m.task, f.task));
  if (f.team) parts.push(modelHasTag(db, "team", f.team));
  return and(...parts) as SQL;
}

/**
 * The same filter as a condition on another table's model_id column, without joining models: with
 * no team or task it only excludes deleted models (a short list), so counts can use covering indexes.
 */
export function modelIn(
  db: Db,
  f: DashboardFilters,
  column: SQLiteColumn,
): SQL | undefined {
  if (f.team || f.task)
    return inArray(
      column,
      db.select({ id: m.id }).from(m).where(modelScope(db, f)),
    );
  const deleted = db
    .select({ id: m.id })
    .from(m)
    .where(isNotNull(m.deletedAt))
    .all()
    .map((r) => r.id);
  return deleted.length ? not(inValues(column, deleted)) : undefined;
}

/** Nearest-rank percentile. */
export function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return (
    s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0
  );
}
