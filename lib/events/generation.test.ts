// Changes made by another process (a second worker, the CLI) reach this process's hot caches before
// its next request. "Another process" is a second better-sqlite3 connection on the same database
// file, writing what that process's services would: the change and the shared `cache` counter, in
// one transaction (emit does both).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { actorFromRequest } from "@/lib/auth/session";
import { databasePath } from "@/lib/config";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { mlflowActor } from "@/lib/mlflow/auth";
import { setAlias } from "@/lib/registry/aliases";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { predict } from "@/lib/serving/serving";
import { makeServableModel, makeUser } from "@/lib/testing/factories";
import { actorFromToken, createToken } from "@/lib/tokens/tokens";
import {
  accessGeneration,
  bumpGeneration,
  generation,
  touchesAccess,
} from "./generation";

let other: Database.Database | undefined;
function otherProcess(): Database.Database {
  getDb();
  return (other ??= new Database(databasePath()));
}
afterAll(() => other?.close());

/** A write by the other process, as its services make it: the change and the counters together
 *  (an event that may change access moves both, `content` moves the cache counter alone). */
function write(counters: string[], sql: string, params: unknown[]): void {
  const db = otherProcess();
  db.transaction(() => {
    db.prepare(sql).run(...params);
    for (const name of counters)
      db.prepare(
        "INSERT INTO runtime_counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
      ).run(name);
  }).immediate();
}
const elsewhere = (sql: string, ...params: unknown[]) =>
  write(["cache", "access"], sql, params);
const contentElsewhere = (sql: string, ...params: unknown[]) =>
  write(["cache"], sql, params);

const bearer = (token: string) => ({
  method: "GET",
  headers: new Headers({ authorization: `Bearer ${token}` }),
});

describe("one cache generation across processes", () => {
  it("moves with this process's changes at once and with another process's commits, not with unrelated writes", async () => {
    const before = generation();
    bumpGeneration();
    expect(generation()).not.toBe(before);
    const ds = await makeUser("data_scientist");
    const g1 = generation();
    createModel(ds, { name: "gen-own" });
    const g2 = generation();
    expect(g2).not.toBe(g1);
    // Another connection commits something that is not a domain event: the cache stays valid (after
    // the first such look, which finds this process's own events in the shared counter).
    otherProcess()
      .prepare("INSERT INTO sign_in_failures (key, at) VALUES ('email:x', 1)")
      .run();
    const g3 = generation();
    otherProcess()
      .prepare("INSERT INTO sign_in_failures (key, at) VALUES ('email:x', 2)")
      .run();
    expect(generation()).toBe(g3);
    elsewhere(
      "UPDATE registered_models SET description = 'changed elsewhere' WHERE name = 'gen-own'",
    );
    expect(generation()).toBeGreaterThan(g3);
  });

  it("credential caches outlive content events (a registration elsewhere) but no event that may change access", async () => {
    const ds = await makeUser("data_scientist");
    const { token, summary } = createToken(ds, { name: "ci" });
    actorFromToken(token);
    // A first commit elsewhere makes this process re-read the shared counters, which then include
    // its own earlier events (the user and token just created).
    contentElsewhere("UPDATE registered_models SET description = '' WHERE 0");
    const cache = generation();
    const access = accessGeneration();
    createModel(ds, { name: "gen-content" });
    createVersion(ds, "gen-content", {});
    contentElsewhere(
      "UPDATE registered_models SET description = 'x' WHERE name = 'gen-content'",
    );
    expect(generation()).toBeGreaterThan(cache);
    expect(accessGeneration()).toBe(access);
    // Fail-safe: only listed content events leave access alone; anything else, new kinds included, moves it.
    for (const action of [
      "version.created",
      "transition.requested",
      "transition.approved",
      "transition.applied",
    ])
      expect(touchesAccess(action)).toBe(false);
    for (const action of [
      "token.revoked",
      "user.role_changed",
      "user.deactivated",
      "auth.password_changed",
      "model.permission_revoked",
      "some.future_event",
    ])
      expect(touchesAccess(action)).toBe(true);
    elsewhere(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
      Date.now(),
      summary.id,
    );
    expect(accessGeneration()).toBeGreaterThan(access);
    expect(() => actorFromToken(token)).toThrow(/revoked/);
  });

  it("a token revoked by another process is refused by the next lookup here", async () => {
    const ds = await makeUser("data_scientist");
    const { token, summary } = createToken(ds, { name: "ci" });
    expect(actorFromToken(token).id).toBe(ds.id);
    expect((await actorFromRequest(bearer(token))).id).toBe(ds.id);
    elsewhere(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
      Date.now(),
      summary.id,
    );
    expect(() => actorFromToken(token)).toThrow(/revoked/);
    await expect(actorFromRequest(bearer(token))).rejects.toMatchObject({
      code: "unauthenticated",
    });
  });

  it("a user deactivated by another process is refused by the next lookup here", async () => {
    const ds = await makeUser("data_scientist");
    const { token } = createToken(ds, { name: "ci" });
    expect((await actorFromRequest(bearer(token))).id).toBe(ds.id);
    elsewhere(
      "UPDATE user SET deactivated_at = ? WHERE id = ?",
      Date.now(),
      ds.id,
    );
    await expect(actorFromRequest(bearer(token))).rejects.toThrow(
      /deactivated/,
    );
  });

  it("an alias moved by another process is served on the next prediction here", async () => {
    const ds = await makeUser("data_scientist");
    await makeServableModel(ds, "gen-served");
    setAlias(ds, "gen-served", "challenger", 1);
    const body = { inputs: { a: [1], b: [2] } };
    expect((await predict(ds, "gen-served", "challenger", body)).version).toBe(
      1,
    );
    expect((await predict(ds, "gen-served", "challenger", body)).version).toBe(
      1,
    );
    elsewhere(
      `UPDATE model_aliases SET version_id = (SELECT v.id FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE m.name = 'gen-served' AND v.version = 2)
       WHERE alias = 'challenger' AND model_id = (SELECT id FROM registered_models WHERE name = 'gen-served')`,
    );
    expect((await predict(ds, "gen-served", "challenger", body)).version).toBe(
      2,
    );
  });
});

const PASSWORD = "test-password-1"; // lib/testing/factories.ts
const basic = (email: string, password: string) =>
  mlflowActor(
    new Request(
      "http://stageline.test/api/2.0/mlflow/registered-models/search",
      {
        headers: {
          Authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`,
          [CLIENT_ADDRESS_HEADER]: "10.9.0.1",
        },
      },
    ),
  );

type Inspectable = { keys(): IterableIterator<string>; dump(): unknown };
const caches = globalThis as unknown as {
  __stagelineTokenCache?: Inspectable;
  __stagelineBasicCache?: Inspectable;
};

describe("no secret as a cache key", () => {
  it("the token cache is keyed by the token's SHA-256 and holds no secret", async () => {
    const ds = await makeUser("data_scientist");
    const { token } = createToken(ds, { name: "ci" });
    actorFromToken(token);
    const keys = [...(caches.__stagelineTokenCache?.keys() ?? [])];
    expect(keys).toContain(createHash("sha256").update(token).digest("hex"));
    expect(
      JSON.stringify([keys, caches.__stagelineTokenCache?.dump()]),
    ).not.toContain(token.slice(4));
  });

  it("the Basic cache holds neither the password nor a plain hash of it, and a deactivation elsewhere ends it", async () => {
    const ds = await makeUser("data_scientist");
    expect((await basic(ds.email, PASSWORD)).id).toBe(ds.id);
    expect((await basic(ds.email, PASSWORD)).id).toBe(ds.id);
    const keys = [...(caches.__stagelineBasicCache?.keys() ?? [])];
    expect(keys.length).toBeGreaterThan(0);
    const plain = [
      PASSWORD,
      createHash("sha256").update(`${ds.email}\u0000${PASSWORD}`).digest("hex"),
      createHash("sha256").update(PASSWORD).digest("hex"),
    ];
    const held = JSON.stringify([keys, caches.__stagelineBasicCache?.dump()]);
    for (const p of plain) expect(held).not.toContain(p);
    elsewhere(
      "UPDATE user SET deactivated_at = ? WHERE id = ?",
      Date.now(),
      ds.id,
    );
    await expect(basic(ds.email, PASSWORD)).rejects.toThrow(/deactivated/);
  });
});
