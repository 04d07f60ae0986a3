import { describe, expect, it } from "vitest";
import { createDeployment } from "@/lib/deployments/deployments";
import { writePoints } from "@/lib/monitoring/recorder";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { getSqlite } from "@/db/client";
import { makeUser } from "@/lib/testing/factories";
import { driftReport, setReference } from "./drift";

describe("drift report", () => {
  it("warns on too few rows, calls a same-distribution window stable and a shifted one significant", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "drifty" });
    createVersion(ds, "drifty", {});
    // Deployment target `external` needs no ONNX artifact.
    const dep = createDeployment(ds, "drifty", { version: 1, environment: "staging", target: "external", endpoint_url: "http://127.0.0.1:1/x" });
    const train = Array.from({ length: 2000 }, (_, i) => (i % 100) / 100);
    expect(() => setReference(ds, "drifty", 1, { features: { x: [1, 2] } })).toThrow(/at least 10/);
    setReference(ds, "drifty", 1, { features: { x: train } });
    const now = Date.now();
    writePoints(train.slice(0, 50).map((v, i) => ({ deploymentId: dep.id, name: "input.x", at: now - i, value: v })));
    expect(driftReport(ds, dep.id, "1h", now).features[0]).toMatchObject({ feature: "x", rows: 50, too_few_rows: true, psi: null });
    writePoints(train.slice(50, 1000).map((v, i) => ({ deploymentId: dep.id, name: "input.x", at: now - i, value: v })));
    const same = driftReport(ds, dep.id, "1h", now).features[0];
    expect(same?.band).toBe("stable");
    getSqlite().prepare("delete from metric_points where deployment_id = ?").run(dep.id);
    writePoints(train.slice(0, 1000).map((v, i) => ({ deploymentId: dep.id, name: "input.x", at: now - i, value: v * 0.5 + 0.5 })));
    const shifted = driftReport(ds, dep.id, "1h", now).features[0];
    expect(shifted?.band).toBe("significant");
    expect(shifted?.ks_p_value).toBeLessThan(0.001);
  });
});
