// Webhook URLs (often secrets: a Slack incoming-webhook URL is its own credential) are shown to
// admins only: in the audit trail, its CSV export and a retirement's impact list.
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getRequest } from "@/lib/lifecycle/queries";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { impactOf } from "@/lib/retirement/impact";
import { requestRetirement } from "@/lib/retirement/retirement";
import { makeUser } from "@/lib/testing/factories";
import { createWebhook } from "@/lib/webhooks/webhooks";
import { verifyAuditChain } from "./audit-verify";
import { auditCsv, HIDDEN_URL, searchAudit } from "./audit-queries";

const SECRET_URL = "http://127.0.0.1:9/services/T000/B000/XXXXsecretXXXX";

describe("webhook URLs", () => {
  it("appear in the audit trail, its CSV and a retirement's impact for admins only", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(admin, { url: SECRET_URL, events: ["*"] });
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "hooked-retire" });
    createVersion(ds, "hooked-retire", {});
    const sunset = new Date(Date.now() + 20 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const r = requestRetirement(ds, "hooked-retire", 1, {
      category: "no_longer_needed",
      reason: "nobody calls it any more",
      sunset_date: sunset,
    });

    const filter = { entity_type: "webhook", entity_id: String(hook.id) };
    for (const role of ["manager", "reviewer", "data_scientist"] as const) {
      const viewer = await makeUser(role);
      const { events } = searchAudit(viewer, filter);
      expect(events.map((e) => e.action)).toEqual(["webhook.created"]);
      expect(JSON.stringify(events)).not.toContain("secret");
      expect(JSON.parse(events[0]?.after ?? "{}")).toEqual({
        url: HIDDEN_URL,
        events: ["*"],
      });
      expect(auditCsv(events)).not.toContain("XXXXsecretXXXX");
      if (role !== "data_scientist")
        expect(
          JSON.stringify(getRequest(viewer, r.request_id).retirement?.impact),
        ).not.toContain("secret");
      expect(impactOf(viewer, r.id).webhooks).toEqual([
        { id: hook.id, events: ["*"] },
      ]);
    }
    // A read-only token of an admin does not manage webhooks, so it does not see them either.
    expect(
      JSON.stringify(searchAudit({ ...admin, readOnly: true }, filter).events),
    ).not.toContain("XXXXsecretXXXX");

    const { events } = searchAudit(admin, filter);
    expect(JSON.parse(events[0]?.after ?? "{}")).toEqual({
      url: SECRET_URL,
      events: ["*"],
    });
    expect(auditCsv(events)).toContain(SECRET_URL);
    expect(impactOf(admin, r.id).webhooks).toEqual([
      { id: hook.id, url: SECRET_URL, events: ["*"] },
    ]);
    expect(
      getRequest(admin, r.request_id).retirement?.impact?.webhooks[0]?.url,
    ).toBe(SECRET_URL);
    // Hidden when read, never rewritten: the stored chain still verifies.
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });
});
