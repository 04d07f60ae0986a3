// The shell's one search box: models (by name, description or tag value), versions ("penguins 3",
// "penguins v3", a description or a source), runs (a version's MLflow run id) and people (name or
// e-mail), a few of each, best matches first. Everyone who reads models may search. People show
// their name and e-mail (what the audit trail and the model lists already show everyone), their
// role to admins only (who see it in Settings › Users), and lead to the models they own. Text is matched as typed: LIKE wildcards in it are escaped.
import "server-only";
import {
  and,
  asc,
  desc,
  eq,
  isNull,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { escapeLike } from "@/db/prepared";
import {
  modelTags,
  modelVersions as v,
  registeredModels as m,
  user,
  type Role,
  type VersionStage,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors";

export const SEARCH_GROUP_SIZE = 6;

const searchSchema = z.object({
  q: z
    .string({ message: "q must be text" })
    .trim()
    .max(100, { message: "q may be at most 100 characters" })
    .default(""),
});

export type SearchResults = {
  models: { name: string; description: string }[];
  versions: {
    model: string;
    version: number;
    stage: VersionStage;
    description: string;
  }[];
  runs: { run_id: string; model: string; version: number }[];
  people: { name: string; email: string; role: Role | null }[];
};

const NOTHING: SearchResults = {
  models: [],
  versions: [],
  runs: [],
  people: [],
};

/** "penguins 3", "penguins v3", "penguins/3" and "penguins@3": a model name and a version number. */
function nameAndVersion(q: string): { name: string; version: number } | null {
  const match = /^(.*?)[\s/@:]*v?(\d{1,9})$/i.exec(q);
  if (!match || !match[1]) return null;
  return { name: match[1], version: Number(match[2]) };
}

/** A description's first line without Markdown's marks, short enough for one line of answers. */
function gist(markdown: string): string {
  const line = (markdown.split("\n").find((l) => l.trim()) ?? "")
    .replace(/[`*_#>[\]]/g, "")
    .trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export function searchEverything(
  actor: Actor,
  input: Record<string, unknown>,
): SearchResults {
  assertCan(actor, "models.read");
  const { q } = parseInput(searchSchema, input);
  if (!q) return NOTHING;
  const db = getDb();
  const contains = `%${escapeLike(q)}%`;
  const prefix = `${escapeLike(q)}%`;
  const has = (column: SQL | AnyColumn, pattern: string) =>
    sql`lower(${column}) like lower(${pattern}) escape '\\'`;
  // Names that start with the text come before names that merely contain it.
  const startsFirst = (column: AnyColumn) =>
    sql`case when lower(${column}) like lower(${prefix}) escape '\\' then 0 else 1 end`;

  const models = db
    .select({ name: m.name, description: m.description })
    .from(m)
    .where(
      and(
        isNull(m.deletedAt),
        or(
          has(m.name, contains),
          has(m.description, contains),
          sql`exists (select 1 from ${modelTags} where ${modelTags.modelId} = ${m.id} and ${has(modelTags.value, contains)})`,
        ),
      ),
    )
    .orderBy(startsFirst(m.name), asc(m.name))
    .limit(SEARCH_GROUP_SIZE)
    .all();

  const wanted = nameAndVersion(q);
  const versionMatch: SQL[] = [
    has(v.description, contains),
    has(sql`coalesce(${v.source}, '')`, contains),
  ];
  if (wanted)
    versionMatch.unshift(
      and(
        has(m.name, `%${escapeLike(wanted.name)}%`),
        eq(v.version, wanted.version),
      ) as SQL,
    );
  const versions = db
    .select({
      model: m.name,
      version: v.version,
      stage: v.stage,
      description: v.description,
    })
    .from(v)
    .innerJoin(m, eq(m.id, v.modelId))
    .where(and(isNull(v.deletedAt), isNull(m.deletedAt), or(...versionMatch)))
    .orderBy(startsFirst(m.name), asc(m.name), desc(v.version))
    .limit(SEARCH_GROUP_SIZE)
    .all();

  // Run ids are opaque hex: a prefix is how people type them.
  const runs = db
    .select({
      run_id: sql<string>`${v.runId}`,
      model: m.name,
      version: v.version,
    })
    .from(v)
    .innerJoin(m, eq(m.id, v.modelId))
    .where(
      and(
        isNull(v.deletedAt),
        isNull(m.deletedAt),
        has(sql`coalesce(${v.runId}, '')`, prefix),
      ),
    )
    .orderBy(asc(v.runId), asc(m.name), asc(v.version))
    .limit(SEARCH_GROUP_SIZE)
    .all();

  const people = db
    .select({ name: user.name, email: user.email, role: user.role })
    .from(user)
    .where(
      and(
        isNull(user.deactivatedAt),
        or(has(user.name, contains), has(user.email, contains)),
      ),
    )
    .orderBy(asc(user.name))
    .limit(SEARCH_GROUP_SIZE)
    .all();

  return {
    models: models.map((x) => ({ ...x, description: gist(x.description) })),
    versions: versions.map((x) => ({ ...x, description: gist(x.description) })),
    runs,
    people: can(actor, "users.manage")
      ? people
      : people.map((p) => ({ ...p, role: null })),
  };
}
