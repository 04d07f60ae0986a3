// The factories make what they say, through the services, so a test built on them starts from a
// state the application can reach.
import { describe, expect, it } from "vitest";
import { listRules } from "@/lib/alerts/rules";
import { listArtifacts } from "@/lib/registry/artifacts";
import { getModelDetail, getVersion } from "@/lib/registry/queries";
import {
  makeDeployment,
  makeFiringAlert,
  makeModel,
  makeRequest,
  makeUser,
  makeVersion,
} from "./factories";

describe("test factories", () => {
  it("make a model, a version with its files, an applied request, a deployment and a firing alert", async () => {
    const ds = await makeUser("data_scientist");
    const reviewers = [await makeUser("reviewer"), await makeUser("reviewer")];
    const model = makeModel(ds, { tags: { team: "t" } });
    expect(getModelDetail(ds, model.name)).toMatchObject({
      tags: { team: "t" },
      owner: { id: ds.id },
    });
    const v = await makeVersion(ds, model, {
      metrics: { accuracy: 0.9 },
      artifacts: { "a.txt": "hello", "b.bin": new Uint8Array([1, 2]) },
    });
    expect(v).toMatchObject({ model: model.name, version: 1 });
    expect(
      listArtifacts(ds, model.name, "1").map((a) => [a.path, a.size]),
    ).toEqual([
      ["a.txt", 5],
      ["b.bin", 2],
    ]);
    expect(makeRequest(ds, v, "staging").status).toBe("open");
    expect(
      makeRequest(ds, v, "production", { approvedBy: reviewers }).status,
    ).toBe("applied");
    expect(getVersion(ds, model.name, "1").stage).toBe("production");
    const dep = makeDeployment(ds, v);
    expect(dep).toMatchObject({ status: "live", environment: "production" });
    const rule = makeFiringAlert(ds, dep, { name: "slow" });
    expect(listRules(ds).find((r) => r.id === rule.id)?.states).toMatchObject([
      { deployment_id: dep.id, state: "firing" },
    ]);
  });
});
