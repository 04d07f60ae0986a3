import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, auditEvents, registeredModels, user } from "@/db/schema";
import { seedIfEmpty } from "./seed";

// Its own file, so its own empty data folder (lib/testing/setup.ts).
describe("first start with the demo off", () => {
  it("seeds nothing but the first admin with the demo off", async () => {
    process.env.STAGELINE_DEMO = "0";
    process.env.STAGELINE_ADMIN_EMAIL = "root@example.com";
    process.env.STAGELINE_ADMIN_PASSWORD = "a-long-admin-password";
    await seedIfEmpty(() => {});
    const db = getDb();
    expect(
      db
        .select()
        .from(user)
        .all()
        .map((u) => u.email),
    ).toEqual(["root@example.com"]);
    expect(db.select().from(registeredModels).all()).toHaveLength(0);
    expect(db.select().from(alerts).all()).toHaveLength(0);
    // Only the admin's own creation is in the audit trail.
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((e) => e.action),
    ).toEqual(["user.created"]);
  });
});
