import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { deleteModel } from "@/lib/registry/models";
import { makeModel, makeUser, makeVersion } from "@/lib/testing/factories";
import { searchEverything } from "./search";

let ds: Actor;
let manager: Actor;

beforeAll(async () => {
  ds = await makeUser("data_scientist", {
    email: "rosalind.okafor@test.local",
  });
  manager = await makeUser("manager");
  makeModel(ds, {
    name: "churn-forecast",
    description: "Who leaves next month",
  });
  makeModel(ds, { name: "forecast_weekly", description: "an underscore" });
  makeModel(ds, { name: "penguins-sex", description: "Palmer penguins" });
  await makeVersion(ds, "penguins-sex", { run_id: "a1b2c3d4e5" });
  await makeVersion(ds, "penguins-sex", {
    run_id: "ffee0011",
    description: "retrained on the 2009 season",
  });
  makeModel(ds, { name: "forecast-weekly-old" });
  const gone = makeModel(ds, { name: "forecast-deleted" });
  deleteModel(ds, gone.name);
});

describe("searchEverything", () => {
  it("finds models by name, names that start with the text first, and leaves deleted ones out", () => {
    const { models } = searchEverything(manager, { q: "forecast" });
    expect(models.map((m) => m.name)).toEqual([
      "forecast-weekly-old",
      "forecast_weekly",
      "churn-forecast",
    ]);
  });

  it("matches LIKE wildcards as the characters typed", () => {
    expect(
      searchEverything(manager, { q: "t_w" }).models.map((m) => m.name),
    ).toEqual(["forecast_weekly"]);
    expect(searchEverything(manager, { q: "%" }).models).toEqual([]);
  });

  it("finds a version by 'name 2', 'name v2' and 'name@2', and by its description", () => {
    const v2 = {
      model: "penguins-sex",
      version: 2,
      stage: "none",
      description: "retrained on the 2009 season",
    };
    for (const q of ["penguins 2", "penguins v2", "penguins-sex@2"])
      expect(searchEverything(manager, { q }).versions, q).toEqual([v2]);
    expect(searchEverything(manager, { q: "2009 season" }).versions).toEqual([
      v2,
    ]);
  });

  it("finds a run by a prefix of its id and names its version", () => {
    expect(searchEverything(manager, { q: "A1B2" }).runs).toEqual([
      { run_id: "a1b2c3d4e5", model: "penguins-sex", version: 1 },
    ]);
    expect(searchEverything(manager, { q: "b2c3" }).runs).toEqual([]);
  });

  it("shows a description's first line without Markdown's marks", () => {
    makeModel(ds, {
      name: "described",
      description: "\nTrained on `vega-datasets/cars.json`, **fast**.\n\nMore.",
    });
    expect(searchEverything(manager, { q: "described" }).models).toEqual([
      {
        name: "described",
        description: "Trained on vega-datasets/cars.json, fast.",
      },
    ]);
  });

  it("finds people by name or e-mail, with their role for admins only", async () => {
    const rosalind = { name: ds.name, email: "rosalind.okafor@test.local" };
    expect(searchEverything(manager, { q: "rosalind" }).people).toEqual([
      { ...rosalind, role: null },
    ]);
    const admin = await makeUser("admin");
    expect(searchEverything(admin, { q: "okafor@" }).people).toEqual([
      { ...rosalind, role: "data_scientist" },
    ]);
  });

  it("answers nothing for an empty text, and names q when it is too long", () => {
    expect(searchEverything(manager, { q: "   " })).toEqual({
      models: [],
      versions: [],
      runs: [],
      people: [],
    });
    try {
      searchEverything(manager, { q: "x".repeat(101) });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(Object.keys((error as DomainError).details?.fields ?? {})).toEqual(
        ["q"],
      );
    }
  });
});
