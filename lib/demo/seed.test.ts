import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  alerts,
  auditEvents,
  evaluations,
  modelVersions,
  registeredModels,
  user,
} from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { verifyAuditChain } from "@/lib/audit/audit-verify";
import { listArtifacts } from "@/lib/registry/artifacts";
import { getModelDetail, listVersions } from "@/lib/registry/queries";
import { listRequests } from "@/lib/lifecycle/queries";
import { listRetirements } from "@/lib/retirement/queries";
import { DEMO_MODELS, TEAMS } from "./history";
import { seedIfEmpty } from "./seed";

const DAY = 86_400_000;

describe("first-start demo seed", () => {
  it("trains real models, replays six months of governed history and a few days of traffic", async () => {
    process.env.STAGELINE_DEMO = "1";
    const started = Date.now();
    await seedIfEmpty(() => {});
    const db = getDb();

    // The two original models, as every e2e spec knows them today.
    const cars = listVersions(SYSTEM_ACTOR, "cars-mpg").items;
    const penguins = listVersions(SYSTEM_ACTOR, "penguins-sex").items;
    expect(cars.map((v) => v.version)).toEqual([3, 2, 1]);
    const rmse = (v: number) =>
      cars.find((x) => x.version === v)?.metrics.rmse ?? NaN;
    expect(rmse(1)).toBeGreaterThan(rmse(3));
    const auc = (v: number) =>
      penguins.find((x) => x.version === v)?.metrics.auc ?? NaN;
    expect(auc(3)).toBeGreaterThan(auc(1));
    expect(auc(3)).toBeLessThan(1);
    expect(getModelDetail(SYSTEM_ACTOR, "penguins-sex").aliases).toEqual([
      { alias: "champion", version: 3 },
    ]);
    expect(cars.map((v) => [v.version, v.stage])).toEqual([
      [3, "production"],
      [2, "staging"],
      [1, "archived"],
    ]);
    const open = listRequests(SYSTEM_ACTOR, { status: "open" });
    expect(open.map((r) => [r.model, r.version, r.to_stage])).toEqual([
      ["cars-mpg", 2, "production"],
    ]);
    expect(
      open[0]?.gates.find((g) => g.gate === "beats production on rmse")?.pass,
    ).toBe(false);
    expect(
      listArtifacts(SYSTEM_ACTOR, "cars-mpg", "3").map((a) => a.path),
    ).toEqual(["model.json", "model.onnx", "reference_sample.csv"]);

    // A dozen models of three teams, trained on the vega data sets.
    const models = db.select().from(registeredModels).all();
    expect(models).toHaveLength(DEMO_MODELS.length);
    expect(models.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_MODELS.map((m) => m.team))).toEqual(new Set(TEAMS));

    // Versions spread over six months: at least five calendar months, none in the future.
    const versions = db.select().from(modelVersions).all();
    const created = versions.map((v) => v.createdAt);
    expect(Math.min(...created)).toBeLessThan(started - 150 * DAY);
    expect(Math.max(...created)).toBeLessThan(started);
    expect(
      new Set(created.map((t) => new Date(t).toISOString().slice(0, 7))).size,
    ).toBeGreaterThanOrEqual(5);
    // Each evaluation within the hour after its version.
    const byId = new Map(versions.map((v) => [v.id, v.createdAt]));
    for (const e of db.select().from(evaluations).all()) {
      const v = byId.get(e.versionId) ?? NaN;
      expect(e.createdAt - v).toBeGreaterThan(0);
      expect(e.createdAt - v).toBeLessThan(3_600_000);
    }

    // Every decided request was asked before it was decided, and decided before today.
    const all = listRequests(SYSTEM_ACTOR, { limit: 500 });
    for (const r of all.filter((x) => x.status !== "open")) {
      // An admin's immediate retirement is decided as it is asked.
      if (r.override)
        expect(r.resolved_at ?? 0).toBeGreaterThanOrEqual(r.created_at);
      else expect(r.resolved_at ?? 0).toBeGreaterThan(r.created_at);
      expect(r.resolved_at ?? Infinity).toBeLessThan(started);
    }
    const rejected = all.filter((r) => r.status === "rejected");
    expect(rejected.map((r) => r.model).sort()).toEqual([
      "flight-delay-minutes",
      "movies-hit",
    ]);
    const rollback = all.find((r) => r.kind === "rollback");
    expect([rollback?.model, rollback?.version, rollback?.status]).toEqual([
      "seattle-rain",
      2,
      "applied",
    ]);
    expect(
      listVersions(SYSTEM_ACTOR, "seattle-rain").items.map((v) => [
        v.version,
        v.stage,
      ]),
    ).toEqual([
      [3, "archived"],
      [2, "production"],
      [1, "archived"],
    ]);

    // A retired model, and a deprecated one whose sunset is ahead.
    const status = Object.fromEntries(models.map((m) => [m.name, m.status]));
    expect(status["movies-rating-legacy"]).toBe("retired");
    expect(status["cars-origin"]).toBe("deprecated");
    const scheduled = listRetirements(SYSTEM_ACTOR, {}).find(
      (r) => r.model === "cars-origin",
    );
    expect(scheduled?.status).toBe("scheduled");
    expect(scheduled?.sunset_at ?? 0).toBeGreaterThan(started);

    // Traffic: one alert fired during the drift episode and has resolved since.
    const alert = db.select().from(alerts).all();
    expect(alert).toHaveLength(1);
    expect(alert[0]?.state).toBe("resolved");
    expect(alert[0]?.firedAt ?? 0).toBeGreaterThan(started - 3 * DAY);
    expect(alert[0]?.resolvedAt ?? 0).toBeGreaterThan(alert[0]?.firedAt ?? 0);

    // The audit trail is one valid chain, in time order.
    expect(verifyAuditChain(db).ok).toBe(true);
    const times = db
      .select({ at: auditEvents.at })
      .from(auditEvents)
      .orderBy(asc(auditEvents.id))
      .all()
      .map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0] ?? Infinity).toBeLessThan(started - 170 * DAY);

    // A second start changes nothing.
    const users = db.select().from(user).all().length;
    await seedIfEmpty(() => {});
    expect(listVersions(SYSTEM_ACTOR, "cars-mpg").items).toHaveLength(3);
    expect(db.select().from(user).all()).toHaveLength(users);
  }, 120_000);
});
