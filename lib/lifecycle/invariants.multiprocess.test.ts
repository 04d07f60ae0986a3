// The invariants the registry promises hold in the database, not in one event loop: several worker
// processes (and the CLI) write the same SQLite file. Each case races two real processes through
// the services at the same moment, and a second connection tries what a buggy or naive writer
// would (the triggers of migration 0016 refuse it).
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { databasePath } from "@/lib/config";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { runScript } from "@/lib/testing/child-script";
import {
  makeModel,
  makeRequest,
  makeTeam,
  makeUser,
  makeVersion,
} from "@/lib/testing/factories";
import { setPolicy } from "./policies";
import { approveRequest, overrideTransition } from "./decisions";

type Outcome = { ok?: unknown; error?: string };

async function racer(
  startAt: number,
  actor: Actor,
  op: string,
  times: number,
  ...args: (string | number)[]
): Promise<Outcome[]> {
  const { code, out } = await runScript("lib/lifecycle/testing/race-child.ts", [
    startAt,
    JSON.stringify(actor),
    op,
    times,
    ...args,
  ]);
  const lines = out.trim().split("\n");
  if (code !== 0 || lines.at(-1) !== "done")
    throw new Error(`racer exited ${code}: ${out}`);
  return lines.slice(0, -1).map((l) => JSON.parse(l) as Outcome);
}

/** Two racers started together (each pays its own start-up first). */
const race = (
  a: (startAt: number) => Promise<Outcome[]>,
  b: (startAt: number) => Promise<Outcome[]>,
) => {
  const startAt = Date.now() + 4_000;
  return Promise.all([a(startAt), b(startAt)]);
};

/**
 * An open request to move version 1 of a new model `name` to Staging, where the model's policy
 * takes `approvals` approvals; and the two reviewers who may give them.
 */
async function stagingRequest(name: string, approvals: number) {
  const { ds, r1, r2, admin } = await makeTeam();
  makeModel(ds, { name });
  await makeVersion(ds, name);
  setPolicy(admin, {
    model: name,
    stage: "staging",
    required_approvals: approvals,
  });
  const req = makeRequest(ds, { model: name, version: 1 }, "staging");
  return { r1, r2, req };
}

// A second connection to the same file, as another process has.
let other: Database.Database | null = null;
const second = () => (other ??= new Database(databasePath()));
afterAll(() => other?.close());

const q = <T>(sql: string, ...params: unknown[]) =>
  getSqlite()
    .prepare(sql)
    .all(...params) as T[];

describe("invariants under two processes", () => {
  it("version numbers are distinct and grow, and never go back", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "race-versions" });
    const [a, b] = await race(
      (t) => racer(t, ds, "version", 20, "race-versions"),
      (t) => racer(t, ds, "version", 20, "race-versions"),
    );
    const numbers = [...a, ...b].map((o) => o.ok);
    expect(numbers.every((n) => typeof n === "number")).toBe(true);
    expect([...numbers].sort((x, y) => Number(x) - Number(y))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    // A writer that would hand a number out again is refused by the database.
    expect(() =>
      second()
        .prepare(
          "update registered_models set next_version = 2 where name = 'race-versions'",
        )
        .run(),
    ).toThrow(/never reused/);
    expect(() =>
      second()
        .prepare(
          "insert into model_versions (model_id, version, params, created_at, updated_at) select id, 7, '{}', 0, 0 from registered_models where name = 'race-versions'",
        )
        .run(),
    ).toThrow(/UNIQUE/);
  }, 60_000);

  it("one production version per model when two processes promote different versions at once", async () => {
    const admin = await makeUser("admin");
    createModel(admin, { name: "race-prod" });
    for (let i = 0; i < 3; i++) createVersion(admin, "race-prod", {});
    const [a, b] = await race(
      (t) => racer(t, admin, "override", 1, "race-prod", 1),
      (t) => racer(t, admin, "override", 1, "race-prod", 2),
    );
    expect([...a, ...b]).toEqual([{ ok: "applied" }, { ok: "applied" }]);
    const production = q<{ version: number }>(
      "select v.version from model_versions v join registered_models m on m.id = v.model_id where m.name = 'race-prod' and v.stage = 'production'",
    );
    expect(production).toHaveLength(1);
    // A writer that skips archiving the current one is refused, whichever connection it uses.
    const v3 = q<{ id: number }>(
      "select v.id from model_versions v join registered_models m on m.id = v.model_id where m.name = 'race-prod' and v.version = 3",
    )[0]?.id;
    expect(() =>
      second()
        .prepare("update model_versions set stage = 'production' where id = ?")
        .run(v3),
    ).toThrow(/one production version per model/);
    expect(() =>
      getSqlite()
        .prepare("update model_versions set stage = 'production' where id = ?")
        .run(v3),
    ).toThrow(/one production version per model/);
    // A model whose production policy allows several versions gets them.
    setPolicy(admin, {
      model: "race-prod",
      stage: "production",
      required_approvals: 0,
      single_version: false,
    });
    overrideTransition(admin, "race-prod", 3, {
      to_stage: "production",
      reason: "several versions allowed here",
    });
    expect(
      q(
        "select 1 from model_versions v join registered_models m on m.id = v.model_id where m.name = 'race-prod' and v.stage = 'production'",
      ),
    ).toHaveLength(2);
  }, 60_000);

  it("a request resolves exactly once when one process approves it and another rejects it at the same moment", async () => {
    const { r1, r2, req } = await stagingRequest("race-outcome", 1);
    const [a, b] = await race(
      (t) => racer(t, r1, "approve", 1, req.id),
      (t) => racer(t, r2, "reject", 1, req.id),
    );
    const outcomes = [...a, ...b];
    // One wins; the other is told the request is already resolved.
    expect(
      outcomes.filter((o) => o.ok !== undefined),
      JSON.stringify(outcomes),
    ).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.error === "conflict"),
      JSON.stringify(outcomes),
    ).toHaveLength(1);
    const [row] = q<{ status: string }>(
      "select status from transition_requests where id = ?",
      req.id,
    );
    expect(["applied", "rejected"]).toContain(row?.status);
    // Exactly one of the two outcomes happened: a stage change, or a rejection.
    const moved = q("select 1 from stage_changes where request_id = ?", req.id);
    const rejected = q(
      "select 1 from audit_events where entity_type = 'transition_request' and entity_id = ? and action = 'transition.rejected'",
      String(req.id),
    );
    expect([moved.length, rejected.length]).toEqual(
      row?.status === "applied" ? [1, 0] : [0, 1],
    );
    // A second outcome written behind the services' back is refused.
    expect(() =>
      second()
        .prepare("update transition_requests set status = ? where id = ?")
        .run(row?.status === "applied" ? "rejected" : "applied", req.id),
    ).toThrow(/resolves exactly once/);
  }, 60_000);

  it("a reviewer approving from two processes at once is counted once", async () => {
    const { r1, r2, req } = await stagingRequest("race-review", 2);
    const [a, b] = await race(
      (t) => racer(t, r1, "approve", 3, req.id),
      (t) => racer(t, r1, "approve", 3, req.id),
    );
    expect([...a, ...b].filter((o) => o.ok === "open")).toHaveLength(1);
    expect(
      q(
        "select 1 from reviews where request_id = ? and reviewer_id = ?",
        req.id,
        r1.id,
      ),
    ).toHaveLength(1);
    expect(
      q<{ status: string }>(
        "select status from transition_requests where id = ?",
        req.id,
      )[0]?.status,
    ).toBe("open");
    // The second reviewer's approval is the second one counted.
    expect(approveRequest(r2, req.id).status).toBe("applied");
  }, 60_000);
});
