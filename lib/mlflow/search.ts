// registered-models/search and model-versions/search: filters from the parser turned into Drizzle
// conditions with bound values, MLflow's order_by keys and default orders, and opaque page tokens.
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
import { getDb } from "@/db/client";
import { likeCaseInsensitive, likeCaseSensitive } from "@/db/prepared";
import {
  modelTags,
  modelVersions,
  registeredModels as m,
  versionTags,
} from "@/db/schema";
import {
  VERSION_COLUMNS,
  type MlflowModelRow,
  type MlflowVersionRow,
} from "./entities";
import { MlflowError } from "./errors";
import { parseFilter, type Clause } from "./filter";

/** The tag MLflow marks prompts with (prompts are registered models in MLflow's registry). */
const PROMPT_TAG = "mlflow.prompt.is_prompt";

const bad = (message: string) =>
  new MlflowError("INVALID_PARAMETER_VALUE", message);

function compareText(column: SQLiteColumn, c: Clause): SQL {
  const v = c.value;
  if (typeof v !== "string")
    throw bad(
      `Invalid filter: '${c.key}' is compared with a string in quotes, got ${Array.isArray(v) ? "a list" : v}`,
    );
  switch (c.comparator) {
    case "=":
      return eq(column, v);
    case "!=":
      return ne(column, v);
    case "LIKE":
      return likeCaseSensitive(column, v);
    case "ILIKE":
      return likeCaseInsensitive(column, v);
    default:
      throw bad(
        `Invalid comparator '${c.comparator}' for '${c.key}': use =, !=, LIKE or ILIKE`,
      );
  }
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(
      Buffer.from(token, "base64").toString("utf8"),
    ) as { offset?: unknown };
    if (
      typeof parsed.offset === "number" &&
      Number.isSafeInteger(parsed.offset) &&
      parsed.offset >= 0
    )
      return parsed.offset;
  } catch {
    // reported below
  }
  throw bad(
    `Invalid page token, could not base64-decode: '${token.slice(0, 100)}'`,
  );
}

const encodePageToken = (offset: number) =>
  Buffer.from(JSON.stringify({ offset })).toString("base64");

export function maxResults(
  value: number | undefined,
  fallback: number,
  limit: number,
): number {
  if (value === undefined) return fallback;
  if (value < 1 || value > limit)
    throw bad(
      `Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${value}`,
    );
  return value;
}

type Order = { column: SQLiteColumn; dir: "ASC" | "DESC"; key: string };

function parseOrderBy(
  list: string[],
  columns: Record<string, SQLiteColumn>,
): Order[] {
  return list.map((raw) => {
    const m2 = /^\s*(`?)([A-Za-z_.]+)\1\s*(ASC|DESC)?\s*$/i.exec(raw);
    const key = m2?.[2]?.toLowerCase().replace(/^attributes?\./, "");
    const column = key ? columns[key] : undefined;
    if (!m2 || !key || !column)
      throw bad(
        `Invalid order_by clause '${raw}'. Could not be parsed or is not a supported key: ${Object.keys(columns).join(", ")}`,
      );
    return {
      column,
      dir: (m2[3]?.toUpperCase() ?? "ASC") as "ASC" | "DESC",
      key,
    };
  });
}

const by = (o: Order) => (o.dir === "ASC" ? asc(o.column) : desc(o.column));

export function searchRegisteredModels(
  filter: string | undefined,
  orderBy: string[],
  max: number,
  pageToken: string | undefined,
): { models: MlflowModelRow[]; next: string | null } {
  const db = getDb();
  const conditions: SQL[] = [isNull(m.deletedAt)];
  for (const c of parseFilter(filter)) {
    if (c.kind === "tag" && c.key === PROMPT_TAG && c.comparator === "!=") {
      // What MLflow clients since 2.21 add to every search to leave prompts out: a model that is
      // not a prompt has no such tag at all, and MLflow lists it (a plain `!=` needs the tag).
      conditions.push(
        notExists(
          db
            .select({ one: sql`1` })
            .from(modelTags)
            .where(
              and(
                eq(modelTags.modelId, m.id),
                eq(modelTags.key, c.key),
                compareText(modelTags.value, { ...c, comparator: "=" }),
              ),
            ),
        ),
      );
    } else if (c.kind === "tag") {
      conditions.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(modelTags)
            .where(
              and(
                eq(modelTags.modelId, m.id),
                eq(modelTags.key, c.key),
                compareText(modelTags.value, c),
              ),
            ),
        ),
      );
    } else if (c.key === "name") conditions.push(compareText(m.name, c));
    else
      throw bad(
        `Invalid attribute key '${c.key}' specified. Valid keys are '{'name'}'`,
      );
  }
  const orders = parseOrderBy(orderBy, {
    name: m.name,
    timestamp: m.updatedAt,
    last_updated_timestamp: m.updatedAt,
    creation_timestamp: m.createdAt,
  });
  if (!orders.some((o) => o.key === "name"))
    orders.push({ column: m.name, dir: "ASC", key: "name" });
  const offset = decodePageToken(pageToken);
  const rows = db
    .select({
      id: m.id,
      name: m.name,
      description: m.description,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    })
    .from(m)
    .where(and(...conditions))
    .orderBy(...orders.map(by), asc(m.id))
    .limit(max + 1)
    .offset(offset)
    .all();
  return {
    models: rows.slice(0, max),
    next: rows.length > max ? encodePageToken(offset + max) : null,
  };
}

export function searchModelVersions(
  filter: string | undefined,
  orderBy: string[],
  max: number,
  pageToken: string | undefined,
): {
  versions: (MlflowVersionRow & { modelName: string })[];
  next: string | null;
} {
  const db = getDb();
  const conditions: SQL[] = [
    isNull(modelVersions.deletedAt),
    isNull(m.deletedAt),
  ];
  for (const c of parseFilter(filter)) {
    if (c.kind === "tag") {
      conditions.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(versionTags)
            .where(
              and(
                eq(versionTags.versionId, modelVersions.id),
                eq(versionTags.key, c.key),
                compareText(versionTags.value, c),
              ),
            ),
        ),
      );
      continue;
    }
    switch (c.key) {
      case "name":
        conditions.push(compareText(m.name, c));
        break;
      case "source_path":
        conditions.push(compareText(modelVersions.source, c));
        break;
      case "run_id":
        if (c.comparator === "IN" || c.comparator === "NOT IN") {
          const list = c.value as string[];
          conditions.push(
            c.comparator === "IN"
              ? inArray(modelVersions.runId, list)
              : notInArray(modelVersions.runId, list),
          );
        } else if (c.comparator === "=" || c.comparator === "!=")
          conditions.push(compareText(modelVersions.runId, c));
        else
          throw bad(
            `Invalid comparator '${c.comparator}' for run_id: use =, != or IN`,
          );
        break;
      case "version_number": {
        const n =
          typeof c.value === "number"
            ? c.value
            : typeof c.value === "string" && /^\d+$/.test(c.value)
              ? Number(c.value)
              : NaN;
        if (!Number.isFinite(n))
          throw bad(`Invalid value for version_number: expected a number`);
        const ops = {
          "=": eq,
          "!=": ne,
          "<": lt,
          "<=": lte,
          ">": gt,
          ">=": gte,
        } as const;
        const op = ops[c.comparator as keyof typeof ops];
        if (!op)
          throw bad(
            `Invalid comparator '${c.comparator}' for version_number: use =, !=, <, <=, > or >=`,
          );
        conditions.push(op(modelVersions.version, n));
        break;
      }
      default:
        throw bad(
          `Invalid attribute key '${c.key}' specified. Valid keys are '{'name', 'run_id', 'source_path', 'version_number'}'`,
        );
    }
  }
  const columns = {
    name: m.name,
    version_number: modelVersions.version,
    creation_timestamp: modelVersions.createdAt,
    last_updated_timestamp: modelVersions.updatedAt,
    timestamp: modelVersions.updatedAt,
  };
  const orders = orderBy.length
    ? parseOrderBy(orderBy, columns)
    : [
        {
          column: modelVersions.updatedAt,
          dir: "DESC" as const,
          key: "last_updated_timestamp",
        },
      ];
  if (!orders.some((o) => o.key === "name"))
    orders.push({ column: m.name, dir: "ASC", key: "name" });
  if (!orders.some((o) => o.key === "version_number"))
    orders.push({
      column: modelVersions.version,
      dir: "DESC",
      key: "version_number",
    });
  const offset = decodePageToken(pageToken);
  const rows = db
    .select({ v: VERSION_COLUMNS, modelName: m.name })
    .from(modelVersions)
    .innerJoin(m, eq(m.id, modelVersions.modelId))
    .where(and(...conditions))
    .orderBy(...orders.map(by))
    .limit(max + 1)
    .offset(offset)
    .all();
  return {
    versions: rows
      .slice(0, max)
      .map((r) => ({ ...r.v, modelName: r.modelName })),
    next: rows.length > max ? encodePageToken(offset + max) : null,
  };
}
