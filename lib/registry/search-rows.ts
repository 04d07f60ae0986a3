// Searching live models and versions by criteria (name, tags, run, source, version number) in a
// given order, a page at a time by offset: the reads behind the MLflow API's searches, whose own
// filter syntax, order_by keys and page tokens are translated in lib/mlflow/search.ts. Values are
// bound, never spliced into the SQL.
import "server-only";
import {
  and,
  asc,
  desc,
  eq,
  exists,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  notExists,
  notInArray,
  sql,
  type SQL,
} from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "@/db/client";
import { likeCaseInsensitive, likeCaseSensitive } from "@/db/prepared";
import {
  modelTags,
  modelVersions,
  registeredModels as m,
  versionTags,
} from "@/db/schema";
import {
  VERSION_LIST_COLUMNS,
  type ModelListRow,
  type VersionListRow,
} from "./read-rows";

/** `like` is case-sensitive (as MLflow's LIKE), `ilike` is not. */
export type TextMatch = { op: "=" | "!=" | "like" | "ilike"; value: string };
export type NumberOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
export type SortDir = "ASC" | "DESC";
export type Sort<K extends string> = { key: K; dir: SortDir };
export type Page = { limit: number; offset: number };

export type ModelCriterion =
  | { on: "name"; match: TextMatch }
  /** The model has tag `key` with a value that matches. */
  | { on: "tag"; key: string; match: TextMatch }
  /** The model has no tag `key` with a value that matches (also true without the tag at all). */
  | { on: "no-tag"; key: string; match: TextMatch };
export type ModelSortKey = "name" | "created" | "updated";

export type VersionCriterion =
  | { on: "name" | "source" | "run_id"; match: TextMatch }
  | { on: "run_id_in"; values: string[]; negate: boolean }
  | { on: "version"; op: NumberOp; value: number }
  | { on: "tag"; key: string; match: TextMatch };
export type VersionSortKey = "name" | "version" | "created" | "updated";
export type VersionSearchRow = VersionListRow & { modelName: string };

const NUMBER_OPS = {
  "=": eq,
  "!=": ne,
  "<": lt,
  "<=": lte,
  ">": gt,
  ">=": gte,
};

function text(column: SQLiteColumn, t: TextMatch): SQL {
  switch (t.op) {
    case "=":
      return eq(column, t.value);
    case "!=":
      return ne(column, t.value);
    case "like":
      return likeCaseSensitive(column, t.value);
    case "ilike":
      return likeCaseInsensitive(column, t.value);
  }
}

const by = (column: SQLiteColumn, dir: SortDir) =>
  dir === "ASC" ? asc(column) : desc(column);

/** Live models matching every criterion, in `sorts` order then by id. */
export function searchModelRows(
  db: Db | Tx,
  criteria: ModelCriterion[],
  sorts: Sort<ModelSortKey>[],
  page: Page,
): ModelListRow[] {
  const tagMatches = (key: string, match: TextMatch) =>
    db
      .select({ one: sql`1` })
      .from(modelTags)
      .where(
        and(
          eq(modelTags.modelId, m.id),
          eq(modelTags.key, key),
          text(modelTags.value, match),
        ),
      );
  const conditions: SQL[] = [isNull(m.deletedAt)];
  for (const c of criteria) {
    if (c.on === "name") conditions.push(text(m.name, c.match));
    else if (c.on === "tag")
      conditions.push(exists(tagMatches(c.key, c.match)));
    else conditions.push(notExists(tagMatches(c.key, c.match)));
  }
  const columns = { name: m.name, created: m.createdAt, updated: m.updatedAt };
  return db
    .select({
      id: m.id,
      name: m.name,
      description: m.description,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    })
    .from(m)
    .where(and(...conditions))
    .orderBy(...sorts.map((s) => by(columns[s.key], s.dir)), asc(m.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

/** Live versions of live models matching every criterion, in `sorts` order. */
export function searchVersionRows(
  db: Db | Tx,
  criteria: VersionCriterion[],
  sorts: Sort<VersionSortKey>[],
  page: Page,
): VersionSearchRow[] {
  const conditions: SQL[] = [
    isNull(modelVersions.deletedAt),
    isNull(m.deletedAt),
  ];
  for (const c of criteria) {
    switch (c.on) {
      case "tag":
        conditions.push(
          exists(
            db
              .select({ one: sql`1` })
              .from(versionTags)
              .where(
                and(
                  eq(versionTags.versionId, modelVersions.id),
                  eq(versionTags.key, c.key),
                  text(versionTags.value, c.match),
                ),
              ),
          ),
        );
        break;
      case "name":
        conditions.push(text(m.name, c.match));
        break;
      case "source":
        conditions.push(text(modelVersions.source, c.match));
        break;
      case "run_id":
        conditions.push(text(modelVersions.runId, c.match));
        break;
      case "run_id_in":
        conditions.push(
          c.negate
            ? notInArray(modelVersions.runId, c.values)
            : inArray(modelVersions.runId, c.values),
        );
        break;
      case "version":
        conditions.push(NUMBER_OPS[c.op](modelVersions.version, c.value));
        break;
    }
  }
  const columns = {
    name: m.name,
    version: modelVersions.version,
    created: modelVersions.createdAt,
    updated: modelVersions.updatedAt,
  };
  const rows = db
    .select({ v: VERSION_LIST_COLUMNS, modelName: m.name })
    .from(modelVersions)
    .innerJoin(m, eq(m.id, modelVersions.modelId))
    .where(and(...conditions))
    .orderBy(...sorts.map((s) => by(columns[s.key], s.dir)))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  return rows.map((r) => ({ ...r.v, modelName: r.modelName }));
}
