import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { DomainError } from "@/lib/errors";
import {
  makeModel,
  makeRequest,
  makeUser,
  makeVersion,
} from "@/lib/testing/factories";
import {
  createModel,
  deleteModel,
  editModel,
  renameModel,
  setModelTag,
  updateModel,
} from "./models";
import { getModelDetail, listModels } from "./queries";

function snapshot() {
  const db = getDb();
  return [
    "registered_models",
    "model_tags",
    "model_versions",
    "audit_events",
  ].map(
    (t) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${t}`)).n,
  );
}

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return Object.keys(error.details?.fields ?? {});
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("registered models", () => {
  it("are created with tags and an audit event; a duplicate name is a conflict", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, {
      name: "churn/xgb",
      task: "classification",
      tags: { team: "risk" },
      description: "**bold**",
    });
    const detail = getModelDetail(ds, "churn/xgb");
    expect(detail).toMatchObject({
      name: "churn/xgb",
      task: "classification",
      tags: { team: "risk" },
      owner: { id: ds.id },
      latest_version: null,
    });
    expect(() => createModel(ds, { name: "churn/xgb" })).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
  });

  it("refuse bad names, naming the field, and change nothing", async () => {
    const ds = await makeUser("data_scientist");
    const before = snapshot();
    for (const name of [
      "",
      " lead",
      "trail ",
      "/abs",
      "a//b",
      "a/../b",
      "x".repeat(257),
      "semi;colon",
      "nul\u0000",
      "..",
    ]) {
      expect(fieldsOf(() => createModel(ds, { name }))).toEqual(["name"]);
    }
    expect(
      fieldsOf(() => createModel(ds, { name: "ok", tags: { "": "x" } }))[0],
    ).toMatch(/^tags/);
    expect(snapshot()).toEqual(before);
  });

  it("can be edited by their owner or an admin only; managers read but never write", async () => {
    const owner = await makeUser("data_scientist");
    const other = await makeUser("data_scientist");
    const admin = await makeUser("admin");
    const manager = await makeUser("manager");
    createModel(owner, { name: "owned" });
    expect(() => updateModel(other, "owned", { description: "x" })).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(() => setModelTag(manager, "owned", "a", "b")).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(() => createModel(manager, { name: "nope" })).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    updateModel(admin, "owned", { description: "by admin" });
    renameModel(owner, "owned", "owned-2");
    expect(getModelDetail(manager, "owned-2").description).toBe("by admin");
    expect(() => getModelDetail(manager, "owned")).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });

  it("take a rename and an edit as one change: a bad field or a taken name changes neither", async () => {
    const owner = await makeUser("data_scientist");
    createModel(owner, { name: "whole", description: "before" });
    createModel(owner, { name: "taken" });
    expect(
      fieldsOf(() =>
        editModel(owner, "whole", { name: "whole-2", task: "astrology" }),
      )[0],
    ).toMatch(/^task/);
    expect(
      fieldsOf(() =>
        editModel(owner, "whole", { name: "taken", description: "after" }),
      )[0],
    ).toMatch(/^new_name/);
    expect(getModelDetail(owner, "whole").description).toBe("before");
    expect(() => getModelDetail(owner, "whole-2")).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    editModel(owner, "whole", { name: "whole-2", description: "after" });
    expect(getModelDetail(owner, "whole-2").description).toBe("after");
  });

  it("cannot be deleted while a version is in staging or production; deleted names can be reused", async () => {
    const ds = await makeUser("data_scientist");
    const reviewers = [await makeUser("reviewer"), await makeUser("reviewer")];
    const v = await makeVersion(ds, makeModel(ds, { name: "to-delete" }));
    makeRequest(ds, v, "production", { approvedBy: reviewers });
    expect(() => deleteModel(ds, "to-delete")).toThrow(/production/);
    makeRequest(ds, v, "archived", { approvedBy: reviewers.slice(0, 1) });
    deleteModel(ds, "to-delete");
    expect(() => getModelDetail(ds, "to-delete")).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    createModel(ds, { name: "to-delete" });
    expect(getModelDetail(ds, "to-delete").latest_version).toBeNull();
  });
});

describe("listing models", () => {
  it("searches by name and tag, filters by stage, sorts, and pages with a cursor", async () => {
    const ds = await makeUser("data_scientist");
    for (let i = 0; i < 7; i++)
      createModel(ds, {
        name: `list-${i}`,
        tags: { team: i % 2 ? "risk" : "growth" },
      });
    createModel(ds, { name: "under_score" });
    createModel(ds, { name: "underxscore" });
    const reviewers = [await makeUser("reviewer"), await makeUser("reviewer")];
    makeRequest(ds, await makeVersion(ds, "list-3"), "production", {
      approvedBy: reviewers,
    });

    expect(listModels(ds, { q: "list-", limit: 50 }).total).toBe(7);
    // '_' is literal, not LIKE's any-character wildcard.
    expect(listModels(ds, { q: "r_s" }).items.map((m) => m.name)).toEqual([
      "under_score",
    ]);
    expect(
      listModels(ds, { q: "list-", tag: "team=risk" }).items.map((m) => m.name),
    ).toEqual(["list-1", "list-3", "list-5"]);
    expect(
      listModels(ds, { q: "list-", stage: "production" }).items.map((m) => [
        m.name,
        m.production_version,
      ]),
    ).toEqual([["list-3", 1]]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = listModels(ds, {
        q: "list-",
        sort: "-name",
        limit: 3,
        cursor,
      });
      seen.push(...page.items.map((m) => m.name));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      "list-6",
      "list-5",
      "list-4",
      "list-3",
      "list-2",
      "list-1",
      "list-0",
    ]);
  });

  it("rejects a bad page size, sort or cursor naming the parameter", async () => {
    const ds = await makeUser("reviewer");
    expect(fieldsOf(() => listModels(ds, { limit: 0 }))).toEqual(["limit"]);
    expect(
      fieldsOf(() => listModels(ds, { limit: "many" as unknown as number })),
    ).toEqual(["limit"]);
    expect(fieldsOf(() => listModels(ds, { sort: "size" as "name" }))).toEqual([
      "sort",
    ]);
    expect(fieldsOf(() => listModels(ds, { cursor: "garbage" }))).toEqual([
      "cursor",
    ]);
    const other = listModels(ds, { limit: 1, sort: "name" }).next_cursor;
    if (other)
      expect(
        fieldsOf(() => listModels(ds, { cursor: other, sort: "-updated" })),
      ).toEqual(["cursor"]);
  });
});
