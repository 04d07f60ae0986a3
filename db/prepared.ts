// Hot reads built once per database handle. Drizzle's query builder costs 0.2-0.5 ms per query,
// more than SQLite's own work for the registry's small indexed reads, and a page runs a dozen of
// them. A prepared query takes its values as named placeholders; a list of ids goes in as one JSON
// text through `inJson` so the SQL text stays the same whatever the list's length.
import { sql, type Column, type SQL } from "drizzle-orm";
import type { Db, Tx } from "./client";

/**
 * `build` runs once per connection (WeakMap), so the returned function costs a map lookup. A
 * transaction's handle is a new object each time but shares its database's session (one
 * better-sqlite3 connection, which is what a transaction is on): the query prepared for the
 * database runs inside the transaction too, so it is not built again for every transaction.
 */
export function preparedQuery<T>(
  build: (db: Db | Tx) => T,
): (db: Db | Tx) => T {
  const cache = new WeakMap<object, T>();
  return (db) => {
    const key = (db as unknown as { session?: object }).session ?? db;
    let query = cache.get(key);
    if (query === undefined) {
      query = build(db);
      cache.set(key, query);
    }
    return query;
  };
}

/** `column in (the values of a JSON array bound to placeholder `name`)`. */
export function inJson(column: Column | SQL, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/**
 * `column in (values)` with the values bound as one JSON array, so a list of thousands of ids
 * neither hits the bound-parameter limit nor changes the SQL text.
 */
export function inValues(
  column: Column | SQL,
  values: readonly (number | string)[],
): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * Case-sensitive LIKE (SQLite's LIKE ignores ASCII case): the pattern rewritten for GLOB, where
 * `%` is `*`, `_` is `?`, and GLOB's own special characters match themselves.
 */
export function likeCaseSensitive(column: Column | SQL, pattern: string): SQL {
  const glob = [...pattern]
    .map((c) =>
      c === "%"
        ? "*"
        : c === "_"
          ? "?"
          : c === "*" || c === "?" || c === "["
            ? `[${c}]`
            : c,
    )
    .join("");
  return sql`${column} glob ${glob}`;
}

/** `text` with LIKE's wildcards escaped, for a pattern written `... escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive LIKE that reads the same in SQLite and PostgreSQL. */
export function likeCaseInsensitive(
  column: Column | SQL,
  pattern: string,
): SQL {
  return sql`lower(${column}) like lower(${pattern})`;
}
