// registered-models/search and model-versions/search: MLflow's filters (parsed in filter.ts),
// order_by keys and default orders translated into the registry's search criteria
// (lib/registry/search-rows.ts), and opaque page tokens.
import "server-only";
import { getDb } from "@/db/client";
import type { ModelListRow } from "@/lib/registry/read-rows";
import {
  searchModelRows,
  searchVersionRows,
  type ModelCriterion,
  type NumberOp,
  type Sort,
  type SortDir,
  type TextMatch,
  type VersionCriterion,
  type VersionSearchRow,
  type VersionSortKey,
  type ModelSortKey,
} from "@/lib/registry/search-rows";
import { MlflowError } from "./errors";
import { parseFilter, type Clause } from "./filter";

/** The tag MLflow marks prompts with (prompts are registered models in MLflow's registry). */
const PROMPT_TAG = "mlflow.prompt.is_prompt";

const bad = (message: string) =>
  new MlflowError("INVALID_PARAMETER_VALUE", message);

const TEXT_OPS = {
  "=": "=",
  "!=": "!=",
  LIKE: "like",
  ILIKE: "ilike",
} as const;

function textMatch(c: Clause): TextMatch {
  const v = c.value;
  if (typeof v !== "string")
    throw bad(
      `Invalid filter: '${c.key}' is compared with a string in quotes, got ${Array.isArray(v) ? "a list" : v}`,
    );
  const op = TEXT_OPS[c.comparator as keyof typeof TEXT_OPS];
  if (!op)
    throw bad(
      `Invalid comparator '${c.comparator}' for '${c.key}': use =, !=, LIKE or ILIKE`,
    );
  return { op, value: v };
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

/** An order_by entry: the sort and the MLflow key it was asked by. */
type Order<K extends string> = Sort<K> & { mlflowKey: string };

function parseOrderBy<K extends string>(
  list: string[],
  keys: Record<string, K>,
): Order<K>[] {
  return list.map((raw) => {
    const m2 = /^\s*(`?)([A-Za-z_.]+)\1\s*(ASC|DESC)?\s*$/i.exec(raw);
    const mlflowKey = m2?.[2]?.toLowerCase().replace(/^attributes?\./, "");
    const key = mlflowKey ? keys[mlflowKey] : undefined;
    if (!m2 || !mlflowKey || !key)
      throw bad(
        `Invalid order_by clause '${raw}'. Could not be parsed or is not a supported key: ${Object.keys(keys).join(", ")}`,
      );
    return {
      key,
      dir: (m2[3]?.toUpperCase() ?? "ASC") as SortDir,
      mlflowKey,
    };
  });
}

/** A search's answer: the page's entities under `key` and the next page's token, each left out
 *  when there is none. */
export function pageAnswer<T>(
  key: string,
  rows: T[],
  next: string | null,
  json: (rows: T[]) => unknown[],
): Record<string, unknown> {
  return {
    ...(rows.length ? { [key]: json(rows) } : {}),
    ...(next ? { next_page_token: next } : {}),
  };
}

/** One more row than the page, to know whether there is a next page. */
function paged<T>(rows: T[], offset: number, max: number) {
  return {
    rows: rows.slice(0, max),
    next: rows.length > max ? encodePageToken(offset + max) : null,
  };
}

export function searchRegisteredModels(
  filter: string | undefined,
  orderBy: string[],
  max: number,
  pageToken: string | undefined,
): { models: ModelListRow[]; next: string | null } {
  const criteria: ModelCriterion[] = [];
  for (const c of parseFilter(filter)) {
    if (c.kind === "tag" && c.key === PROMPT_TAG && c.comparator === "!=") {
      // What MLflow clients since 2.21 add to every search to leave prompts out: a model that is
      // not a prompt has no such tag at all, and MLflow lists it (a plain `!=` needs the tag).
      criteria.push({
        on: "no-tag",
        key: c.key,
        match: textMatch({ ...c, comparator: "=" }),
      });
    } else if (c.kind === "tag") {
      criteria.push({ on: "tag", key: c.key, match: textMatch(c) });
    } else if (c.key === "name")
      criteria.push({ on: "name", match: textMatch(c) });
    else
      throw bad(
        `Invalid attribute key '${c.key}' specified. Valid keys are '{'name'}'`,
      );
  }
  const orders = parseOrderBy<ModelSortKey>(orderBy, {
    name: "name",
    timestamp: "updated",
    last_updated_timestamp: "updated",
    creation_timestamp: "created",
  });
  if (!orders.some((o) => o.mlflowKey === "name"))
    orders.push({ key: "name", dir: "ASC", mlflowKey: "name" });
  const offset = decodePageToken(pageToken);
  const { rows, next } = paged(
    searchModelRows(getDb(), criteria, orders, { limit: max + 1, offset }),
    offset,
    max,
  );
  return { models: rows, next };
}

function versionCriterion(c: Clause): VersionCriterion {
  if (c.kind === "tag") return { on: "tag", key: c.key, match: textMatch(c) };
  switch (c.key) {
    case "name":
      return { on: "name", match: textMatch(c) };
    case "source_path":
      return { on: "source", match: textMatch(c) };
    case "run_id":
      if (c.comparator === "IN" || c.comparator === "NOT IN")
        return {
          on: "run_id_in",
          values: c.value as string[],
          negate: c.comparator === "NOT IN",
        };
      if (c.comparator === "=" || c.comparator === "!=")
        return { on: "run_id", match: textMatch(c) };
      throw bad(
        `Invalid comparator '${c.comparator}' for run_id: use =, != or IN`,
      );
    case "version_number": {
      const n =
        typeof c.value === "number"
          ? c.value
          : typeof c.value === "string" && /^\d+$/.test(c.value)
            ? Number(c.value)
            : NaN;
      if (!Number.isFinite(n))
        throw bad(`Invalid value for version_number: expected a number`);
      const ops: NumberOp[] = ["=", "!=", "<", "<=", ">", ">="];
      const op = ops.find((o) => o === c.comparator);
      if (!op)
        throw bad(
          `Invalid comparator '${c.comparator}' for version_number: use =, !=, <, <=, > or >=`,
        );
      return { on: "version", op, value: n };
    }
    default:
      throw bad(
        `Invalid attribute key '${c.key}' specified. Valid keys are '{'name', 'run_id', 'source_path', 'version_number'}'`,
      );
  }
}

export function searchModelVersions(
  filter: string | undefined,
  orderBy: string[],
  max: number,
  pageToken: string | undefined,
): { versions: VersionSearchRow[]; next: string | null } {
  const criteria = parseFilter(filter).map(versionCriterion);
  const orders: Order<VersionSortKey>[] = orderBy.length
    ? parseOrderBy<VersionSortKey>(orderBy, {
        name: "name",
        version_number: "version",
        creation_timestamp: "created",
        last_updated_timestamp: "updated",
        timestamp: "updated",
      })
    : [{ key: "updated", dir: "DESC", mlflowKey: "last_updated_timestamp" }];
  if (!orders.some((o) => o.mlflowKey === "name"))
    orders.push({ key: "name", dir: "ASC", mlflowKey: "name" });
  if (!orders.some((o) => o.mlflowKey === "version_number"))
    orders.push({ key: "version", dir: "DESC", mlflowKey: "version_number" });
  const offset = decodePageToken(pageToken);
  const { rows, next } = paged(
    searchVersionRows(getDb(), criteria, orders, { limit: max + 1, offset }),
    offset,
    max,
  );
  return { versions: rows, next };
}
