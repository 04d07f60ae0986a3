import { describe, expect, it } from "vitest";
import { retireNow } from "@/lib/retirement/retirement";
import { makeUser } from "@/lib/testing/factories";
import { deleteAlias, setAlias } from "./aliases";
import { createModel } from "./models";
import { getVersion, listVersions } from "./queries";
import { deleteVersion, updateVersion } from "./version-changes";
import { createVersion } from "./versions";

describe("model versions", () => {
  it("number from 1 and never reuse a number, even after deletion", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "numbers" });
    expect(
      [1, 2, 3].map(() => createVersion(ds, "numbers", {}).version),
    ).toEqual([1, 2, 3]);
    deleteVersion(ds, "numbers", 3);
    expect(createVersion(ds, "numbers", {}).version).toBe(4);
    expect(listVersions(ds, "numbers").items.map((v) => v.version)).toEqual([
      4, 2, 1,
    ]);
    expect(() => getVersion(ds, "numbers", "3")).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });

  it("keep lineage, params, metrics, signature and tags", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "full" });
    createVersion(ds, "full", {
      source: "s3://bucket/model",
      lineage: {
        git_repo: "https://git.example.com/ml.git",
        git_commit: "ABCDEF1234567",
        git_dirty: true,
        dataset_name: "cars",
        dataset_version: "md5:abc",
      },
      framework: "onnx",
      release_label: "v1.0.0",
      params: { lr: 0.1, features: "hp,weight", early_stop: true },
      metrics: { rmse: 3.2 },
      signature: {
        inputs: [{ name: "x", type: "float32", shape: [-1, 4] }],
        outputs: [],
      },
      tags: { owner: "dana" },
    });
    expect(getVersion(ds, "full", "1")).toMatchObject({
      lineage: {
        git_commit: "abcdef1234567",
        git_dirty: true,
        dataset_name: "cars",
      },
      params: { lr: "0.1", features: "hp,weight", early_stop: "true" },
      metrics: { rmse: 3.2 },
      release_label: "v1.0.0",
      tags: { owner: "dana" },
      created_by: { id: ds.id },
    });
    expect(() =>
      createVersion(ds, "full", { release_label: "v1.0.0" }),
    ).toThrow(expect.objectContaining({ code: "conflict" }));
    expect(() =>
      createVersion(ds, "full", { metrics: { auc: Number.NaN } }),
    ).toThrow(/metrics/);
    expect(() =>
      createVersion(ds, "full", { lineage: { git_commit: "not-hex" } }),
    ).toThrow(/lineage.git_commit/);
  });

  it("resolve aliases, `latest` and stages; reserved alias names are refused", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "aliased" });
    createVersion(ds, "aliased", {});
    createVersion(ds, "aliased", {});
    createVersion(ds, "aliased", { status: "pending" });
    setAlias(ds, "aliased", "challenger", 1);
    expect(getVersion(ds, "aliased", "challenger").version).toBe(1);
    setAlias(ds, "aliased", "challenger", 2);
    expect(getVersion(ds, "aliased", "challenger")).toMatchObject({
      version: 2,
      aliases: ["challenger"],
    });
    expect(getVersion(ds, "aliased", "latest").version).toBe(2);
    for (const bad of ["latest", "v2", "has space", ""])
      expect(() => setAlias(ds, "aliased", bad, 1)).toThrow(
        expect.objectContaining({ code: "invalid" }),
      );
    deleteAlias(ds, "aliased", "challenger");
    expect(() => getVersion(ds, "aliased", "challenger")).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });

  it("are read-only once retired", async () => {
    const ds = await makeUser("data_scientist");
    const admin = await makeUser("admin");
    createModel(ds, { name: "old" });
    createVersion(ds, "old", {});
    retireNow(admin, "old", 1, { reason: "superseded by a newer model" });
    expect(() => updateVersion(ds, "old", 1, { description: "x" })).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
    expect(() => setAlias(ds, "old", "challenger", 1)).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
  });
});
