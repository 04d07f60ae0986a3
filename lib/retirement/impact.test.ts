import { describe, expect, it } from "vitest";
import { setAlias } from "@/lib/registry/aliases";
import { makeMonitoredDeployment, makeUser } from "@/lib/testing/factories";
import { retireNowImpact, retireNowWarning } from "./impact";
import { retireNow } from "./retirement";

describe("what Retire now says it will stop", () => {
  it("names the running deployments and the aliases on the version, and nothing once it is done", async () => {
    const ds = await makeUser("data_scientist");
    const admin = await makeUser("admin");
    const dep = await makeMonitoredDeployment(ds, `retire-now-${Date.now()}`);
    setAlias(ds, dep.model, "candidate", 1);
    const impact = retireNowImpact(admin, dep.model, 1);
    const warning = retireNowWarning(`${dep.model} v1`, impact);
    expect(warning).toContain(
      `stops deployment #${dep.id} (v1 in staging) and removes the alias @candidate (v1)`,
    );
    retireNow(admin, dep.model, 1, {
      reason: "replaced by a newer model",
      category: "replaced",
    });
    expect(
      retireNowWarning(`${dep.model} v1`, retireNowImpact(admin, dep.model, 1)),
    ).toContain("stops no deployment and removes no alias");
  });

  it("is an admin's reading only", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, `retire-ro-${Date.now()}`);
    expect(() => retireNowImpact(ds, dep.model, 1)).toThrow(/may not/);
  });
});
