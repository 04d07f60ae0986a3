import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, getSqlite } from "./client";
import { user } from "./schema";

describe("database connection", () => {
  it("runs in WAL mode with foreign keys, a busy timeout and NORMAL sync", () => {
    const db = getSqlite();
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
  });

  it("reuses compiled statements without carrying raw (array) rows over to the next caller", () => {
    const db = getDb();
    db.insert(user)
      .values({
        id: "u1",
        name: "Ada",
        email: "ada@example.com",
        role: "admin",
      })
      .run();
    // The same SQL text runs first in raw mode (get with selected fields), then as plain rows.
    const text = sql`select "id", "name" from "user" where "id" = ${"u1"}`;
    expect(
      db
        .select({ id: user.id, name: user.name })
        .from(user)
        .where(sql`${user.id} = ${"u1"}`)
        .get(),
    ).toEqual({ id: "u1", name: "Ada" });
    expect(db.get(text)).toEqual({ id: "u1", name: "Ada" });
    expect(db.get(text)).toEqual({ id: "u1", name: "Ada" });
    expect(db.values(text)).toEqual([["u1", "Ada"]]);
    expect(db.all(text)).toEqual([{ id: "u1", name: "Ada" }]);
  });
});
