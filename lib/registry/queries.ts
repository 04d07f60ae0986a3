// Registry reads for pages and the API: filtered, sorted, cursor-paginated model lists and details.
// Each list page costs a fixed number of queries (no query per row). One job (the lists and details
// the pages and REST API show), kept whole past 300 lines: its prepared queries and the DTO
// assembly they feed are read together; the MLflow layer's row reads are in read-rows.ts and
// search-rows.ts.
import "server-only";
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gt,
  inArray,
  isNull,
  lt,
  max,
  notExists,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { escapeLike, inJson, preparedQuery } from "@/db/prepared";
import {
  modelAliases,
  modelTags,
  modelVersions,
  registeredModels as m,
  transitionRequests,
  user,
  versionMetrics,
  versionTags,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors";
import { resolveVersionRef } from "./aliases";
import { decodeCursor, encodeCursor } from "./cursor";
import {
  versionDto,
  type ModelDetail,
  type ModelSummary,
  type UserRef,
  type VersionDto,
} from "./dto";
import { loadModel, loadVersion } from "./load";
import {
  DEFAULT_PAGE_SIZE,
  listModelsSchema,
  type ListModelsInput,
} from "./registry.validation";
import { modelHasTag } from "./tags";
import { unsafeFilesOf } from "./unsafe-files";

export type ModelPage = {
  items: ModelSummary[];
  next_cursor: string | null;
  total: number;
};

export function listModels(actor: Actor, input: ListModelsInput): ModelPage {
  assertCan(actor, "models.read");
  const q = parseInput(listModelsSchema, input);
  const db = getDb();
  const v = modelVersions;
  const filters: SQL[] = [isNull(m.deletedAt)];
  if (q.q)
    filters.push(sql`${m.name} like ${`%${escapeLike(q.q)}%`} escape '\\'`);
  if (q.tag) {
    const eqAt = q.tag.indexOf("=");
    const key = q.tag.slice(0, eqAt).trim();
    const value = q.tag.slice(eqAt + 1).trim();
    filters.push(modelHasTag(db, key, value));
  }
  const inStage = (stage: "production" | "staging") =>
    db
      .select({ one: sql`1` })
      .from(v)
      .where(and(eq(v.modelId, m.id), eq(v.stage, stage), isNull(v.deletedAt)));
  if (q.stage === "production") filters.push(exists(inStage("production")));
  if (q.stage === "staging") filters.push(exists(inStage("staging")));
  if (q.stage === "no_production")
    filters.push(notExists(inStage("production")));
  if (q.stage === "no_versions")
    filters.push(
      notExists(
        db
          .select({ one: sql`1` })
          .from(v)
          .where(and(eq(v.modelId, m.id), isNull(v.deletedAt))),
      ),
    );
  if (q.status) filters.push(eq(m.status, q.status));
  if (q.owner)
    filters.push(
      inArray(
        m.ownerId,
        db
          .select({ id: user.id })
          .from(user)
          .where(eq(user.email, q.owner.toLowerCase())),
      ),
    );

  const total =
    db
      .select({ n: count() })
      .from(m)
      .where(and(...filters))
      .get()?.n ?? 0;

  const byName = q.sort === "name" || q.sort === "-name";
  const descending = q.sort.startsWith("-");
  const column = byName ? m.name : m.updatedAt;
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q.sort);
    const cmp = descending ? lt : gt;
    filters.push(
      or(cmp(column, c.key), and(eq(column, c.key), cmp(m.id, c.id))) as SQL,
    );
  }
  const order = descending
    ? [desc(column), desc(m.id)]
    : [asc(column), asc(m.id)];
  const rows = db
    .select()
    .from(m)
    .where(and(...filters))
    .orderBy(...order)
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const next =
    rows.length > q.limit && last
      ? encodeCursor(q.sort, byName ? last.name : last.updatedAt, last.id)
      : null;
  return { items: summaries(db, page), next_cursor: next, total };
}

export function getModelDetail(actor: Actor, name: string): ModelDetail {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, name);
  const [summary] = summaries(db, [model]);
  const aliases = aliasesOfModel(db).all({ modelId: model.id });
  return { ...(summary as ModelSummary), aliases };
}

export type VersionPage = { items: VersionDto[]; next_cursor: string | null };

/** Versions of one model, newest first. */
export function listVersions(
  actor: Actor,
  modelName: string,
  opts: { limit?: number; cursor?: string } = {},
): VersionPage {
  return versionPage(
    actor,
    modelName,
    opts,
    (db, model, page) => versionsBefore(db).all(page),
    (db, model, rows) => versionDtos(db, model, rows),
  );
}

export type VersionRowSummary = {
  version: number;
  stage: ModelVersionRow["stage"];
  status: ModelVersionRow["status"];
  aliases: string[];
  created_by: string | null;
  created_at: number;
  git_commit: string | null;
  key_metric: number | null;
  release_label: string | null;
};

/** A page size from a URL, as the lists take it (1-200); anything else gives the default. */
export function pageSizeFrom(value: string | undefined): number {
  return (
    listModelsSchema.shape.limit.safeParse(value).data ?? DEFAULT_PAGE_SIZE
  );
}

/**
 * The model page's versions table, newest first: only the columns it shows, in one query (the
 * full DTOs of listVersions cost three times as much to build for a 100-version page).
 */
export function listVersionRows(
  actor: Actor,
  modelName: string,
  opts: { limit?: number; cursor?: string } = {},
): { items: VersionRowSummary[]; next_cursor: string | null } {
  return versionPage(
    actor,
    modelName,
    opts,
    (db, model, page) =>
      versionTableRows(db).all({ ...page, metric: model.keyMetric ?? "" }),
    (db, model, rows) => {
      const aliases = group(
        aliasesOfModel(db).all({ modelId: model.id }),
        (a) => a.version,
      );
      return rows.map(({ id: _id, ...r }) => ({
        ...r,
        aliases: (aliases.get(r.version) ?? []).map((a) => a.alias),
      }));
    },
  );
}

/**
 * One page of a model's versions, newest first, from the `version` cursor: the checks, the page
 * size and the next cursor listVersions and listVersionRows share. `read` gets one row more than
 * the page holds, to tell whether another page follows.
 */
function versionPage<R extends { id: number; version: number }, T>(
  actor: Actor,
  modelName: string,
  opts: { limit?: number; cursor?: string },
  read: (
    db: Db,
    model: RegisteredModelRow,
    page: { modelId: number; before: number; limit: number },
  ) => R[],
  items: (db: Db, model: RegisteredModelRow, rows: R[]) => T[],
): { items: T[]; next_cursor: string | null } {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  const limit = parseInput(listModelsSchema.shape.limit, opts.limit, "limit");
  const before = opts.cursor
    ? Number(decodeCursor(opts.cursor, "version").key)
    : Number.MAX_SAFE_INTEGER;
  const rows = read(db, model, { modelId: model.id, before, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: items(db, model, page),
    next_cursor:
      rows.length > limit && last
        ? encodeCursor("version", last.version, last.id)
        : null,
  };
}

export function getVersion(
  actor: Actor,
  modelName: string,
  version: string,
): VersionDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  const row = /^\d+$/.test(version)
    ? loadVersion(db, model, version)
    : resolveVersionRef(db, model, version);
  return versionDtos(db, model, [row])[0] as VersionDto;
}

function versionDtos(
  db: Db,
  model: RegisteredModelRow,
  rows: ModelVersionRow[],
): VersionDto[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const metrics = group(metricsOf(db).all({ ids }), (r) => r.versionId);
  const tags = group(versionTagsOf(db).all({ ids }), (r) => r.versionId);
  const aliases = group(aliasesOfVersions(db).all({ ids }), (r) => r.versionId);
  const users = usersById(
    db,
    rows.map((r) => r.createdBy),
  );
  const unsafe = unsafeFilesOf(
    db,
    rows.map((r) => r.id),
  );
  const requested = new Set(
    requestedVersions(db)
      .all({ ids })
      .map((r) => r.versionId),
  );
  return rows.map((r) =>
    versionDto(model.name, r, {
      // Mirrors isContentLocked (lib/registry/immutability.ts), batched for lists.
      contentLocked: r.stage !== "none" || requested.has(r.id),
      unsafeFiles: unsafe.get(r.id) ?? [],
      metrics: Object.fromEntries(
        (metrics.get(r.id) ?? []).map((x) => [x.key, x.value]),
      ),
      tags: Object.fromEntries(
        (tags.get(r.id) ?? []).map((x) => [x.key, x.value]),
      ),
      aliases: (aliases.get(r.id) ?? []).map((a) => a.alias),
      createdBy: r.createdBy ? (users.get(r.createdBy) ?? null) : null,
    }),
  );
}

function summaries(db: Db, rows: RegisteredModelRow[]): ModelSummary[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const tags = group(modelTagsOf(db).all({ ids }), (t) => t.modelId);
  const stages = topVersionPerStage(db).all({ ids });
  const owners = usersById(
    db,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => {
    const mine = stages.filter((s) => s.modelId === r.id);
    const top = (stage?: string) =>
      mine
        .filter((s) => !stage || s.stage === stage)
        .reduce<number | null>(
          (acc, s) =>
            s.top !== null && (acc === null || s.top > acc) ? s.top : acc,
          null,
        );
    return {
      name: r.name,
      description: r.description,
      task: r.task,
      use_case: r.useCase,
      status: r.status,
      key_metric: r.keyMetric,
      owner: r.ownerId ? (owners.get(r.ownerId) ?? null) : null,
      tags: Object.fromEntries(
        (tags.get(r.id) ?? []).map((t) => [t.key, t.value]),
      ),
      latest_version: top(),
      staging_version: top("staging"),
      production_version: top("production"),
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    };
  });
}

function usersById(
  db: Db,
  ids: (string | null)[],
): Map<string, NonNullable<UserRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = usersIn(db).all({ ids: JSON.stringify(wanted) });
  return new Map(rows.map((u) => [u.id, u]));
}

const aliasesOfModel = preparedQuery((db) =>
  db
    .select({ alias: modelAliases.alias, version: modelVersions.version })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(eq(modelAliases.modelId, sql.placeholder("modelId")))
    .orderBy(asc(modelAliases.alias))
    .prepare(),
);
const versionsBefore = preparedQuery((db) =>
  db
    .select()
    .from(modelVersions)
    .where(liveVersionsBefore())
    .orderBy(desc(modelVersions.version))
    .limit(sql.placeholder("limit"))
    .prepare(),
);
const versionTableRows = preparedQuery((db) =>
  db
    .select({
      id: modelVersions.id,
      version: modelVersions.version,
      stage: modelVersions.stage,
      status: modelVersions.status,
      created_by: user.name,
      created_at: modelVersions.createdAt,
      git_commit: modelVersions.gitCommit,
      key_metric: versionMetrics.value,
      release_label: modelVersions.releaseLabel,
    })
    .from(modelVersions)
    .leftJoin(user, eq(user.id, modelVersions.createdBy))
    .leftJoin(
      versionMetrics,
      and(
        eq(versionMetrics.versionId, modelVersions.id),
        eq(versionMetrics.key, sql.placeholder("metric")),
      ),
    )
    .where(liveVersionsBefore())
    .orderBy(desc(modelVersions.version))
    .limit(sql.placeholder("limit"))
    .prepare(),
);
const metricsOf = preparedQuery((db) =>
  db
    .select()
    .from(versionMetrics)
    .where(inJson(versionMetrics.versionId, "ids"))
    .prepare(),
);
const versionTagsOf = preparedQuery((db) =>
  db
    .select()
    .from(versionTags)
    .where(inJson(versionTags.versionId, "ids"))
    .prepare(),
);
const requestedVersions = preparedQuery((db) =>
  db
    .selectDistinct({ versionId: transitionRequests.versionId })
    .from(transitionRequests)
    .where(inJson(transitionRequests.versionId, "ids"))
    .prepare(),
);
const aliasesOfVersions = preparedQuery((db) =>
  db
    .select()
    .from(modelAliases)
    .where(inJson(modelAliases.versionId, "ids"))
    .orderBy(asc(modelAliases.alias))
    .prepare(),
);
const modelTagsOf = preparedQuery((db) =>
  db
    .select()
    .from(modelTags)
    .where(inJson(modelTags.modelId, "ids"))
    .orderBy(asc(modelTags.key))
    .prepare(),
);
const topVersionPerStage = preparedQuery((db) =>
  db
    .select({
      modelId: modelVersions.modelId,
      stage: modelVersions.stage,
      top: max(modelVersions.version),
    })
    .from(modelVersions)
    .where(
      and(
        inJson(modelVersions.modelId, "ids"),
        isNull(modelVersions.deletedAt),
      ),
    )
    .groupBy(modelVersions.modelId, modelVersions.stage)
    .prepare(),
);
const usersIn = preparedQuery((db) =>
  db
    .select({ id: user.id, email: user.email, name: user.name })
    .from(user)
    .where(inJson(user.id, "ids"))
    .prepare(),
);

/** A model's live versions numbered below the cursor (the placeholders `modelId`, `before`). */
function liveVersionsBefore(): SQL | undefined {
  return and(
    eq(modelVersions.modelId, sql.placeholder("modelId")),
    isNull(modelVersions.deletedAt),
    lt(modelVersions.version, sql.placeholder("before")),
  );
}

function group<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
