import { describe, expect, it } from "vitest";
import { getSqlite } from "./client";

describe("database connection", () => {
  it("runs in WAL mode with foreign keys, a busy timeout and NORMAL sync", () => {
    const db = getSqlite();
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
  });
});
