import Database from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { databasePath } from "@/lib/config";
import {
  clearFailures,
  recordFailure,
  retryAfter,
  SIGN_IN_WINDOW_MS,
} from "./rate-limit";

// What another server process (or the CLI) sees: its own connection to the same database file.
function otherProcess(): Database.Database {
  getDb(); // makes sure the file exists and is migrated
  return new Database(databasePath());
}

const others: Database.Database[] = [];
afterAll(() => others.forEach((o) => o.close()));

function rowsOf(db: Database.Database, key: string): number[] {
  return (
    db
      .prepare("SELECT at FROM sign_in_failures WHERE key = ? ORDER BY at")
      .all(key) as { at: number }[]
  ).map((r) => r.at);
}

describe("sign-in rate limit", () => {
  it("refuses after 10 failures in 15 minutes, per key, until the window moves on", () => {
    const keys = ["email:a@x", "ip:1.2.3.4"];
    for (let i = 0; i < 9; i++) recordFailure(keys, 1_000 + i);
    expect(retryAfter(keys, 2_000)).toBe(0);
    recordFailure(keys, 2_000);
    expect(retryAfter(keys, 2_001)).toBeGreaterThan(890);
    expect(retryAfter(["email:b@x"], 2_001)).toBe(0);
    expect(retryAfter(keys, 1_000 + 15 * 60_000)).toBe(0);
    recordFailure(["email:c@x"], 0);
    clearFailures(["email:c@x"]);
    expect(retryAfter(["email:c@x"], 1)).toBe(0);
  });

  it("counts failures made by another process, and another process sees this one's", () => {
    const other = otherProcess();
    others.push(other);
    const t = 10_000_000;
    const insert = other.prepare(
      "INSERT INTO sign_in_failures (key, at) VALUES (?, ?)",
    );
    for (let i = 0; i < 9; i++) insert.run("email:shared@x", t + i);
    expect(retryAfter(["email:shared@x"], t + 100)).toBe(0);
    // The tenth failure lands in this process: the account is now blocked everywhere.
    recordFailure(["email:shared@x"], t + 50);
    expect(retryAfter(["email:shared@x"], t + 100)).toBe(900);
    expect(rowsOf(other, "email:shared@x")).toHaveLength(10);
    // A successful sign-in elsewhere clears the account for this process too.
    other
      .prepare("DELETE FROM sign_in_failures WHERE key = ?")
      .run("email:shared@x");
    expect(retryAfter(["email:shared@x"], t + 100)).toBe(0);
  });

  it("keeps the count across a restart", async () => {
    const t = 20_000_000;
    for (let i = 0; i < 10; i++) recordFailure(["email:restart@x"], t + i);
    closeDb();
    vi.resetModules();
    const fresh = await import("./rate-limit");
    expect(fresh.retryAfter(["email:restart@x"], t + 1_000)).toBeGreaterThan(
      890,
    );
  });

  it("bounds the rows per key and drops rows that left the window", () => {
    const other = otherProcess();
    others.push(other);
    const t = 30_000_000;
    for (let i = 0; i < 200; i++)
      recordFailure(["email:flood@x", "ip:9.9.9.9"], t + i);
    expect(rowsOf(other, "email:flood@x")).toHaveLength(11);
    expect(rowsOf(other, "ip:9.9.9.9")).toHaveLength(51);
    // The newest are the ones kept, so the block still runs from the latest burst.
    expect(rowsOf(other, "email:flood@x")[0]).toBe(t + 189);
    expect(retryAfter(["email:flood@x"], t + 200)).toBe(
      Math.ceil((SIGN_IN_WINDOW_MS - 200 + 190) / 1000),
    );
    // A key nobody retries is swept by a later write of any key once its rows left the window.
    recordFailure(["email:later@x"], t + SIGN_IN_WINDOW_MS + 120_000);
    expect(rowsOf(other, "email:flood@x")).toHaveLength(0);
    expect(rowsOf(other, "ip:9.9.9.9")).toHaveLength(0);
    expect(rowsOf(other, "email:later@x")).toHaveLength(1);
  });
});
