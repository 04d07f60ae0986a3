import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { can, PERMISSIONS } from "./permissions";

const actor = (role: Actor["role"], id = `${role}-1`): Actor => ({
  id,
  email: `${id}@x`,
  name: id,
  role,
  via: "session",
});

describe("can()", () => {
  it("refuses anonymous callers everything", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[])
      expect(can(null, p)).toBe(false);
  });

  it("keeps user management to admins", () => {
    expect(can(actor("admin"), "users.manage")).toBe(true);
    for (const role of ["data_scientist", "reviewer", "manager"] as const)
      expect(can(actor(role), "users.manage")).toBe(false);
  });

  it("lets managers read but not change models or decide reviews", () => {
    const m = actor("manager");
    expect(can(m, "models.read")).toBe(true);
    expect(can(m, "reviews.read")).toBe(true);
    expect(can(m, "models.create")).toBe(false);
    expect(can(m, "models.update")).toBe(false);
    expect(can(m, "reviews.decide")).toBe(false);
  });

  it("lets a data scientist change only the models they own; admins change any", () => {
    const ds = actor("data_scientist", "dana");
    expect(can(ds, "models.update", { ownerId: "dana" })).toBe(true);
    expect(can(ds, "models.update", { ownerId: "someone-else" })).toBe(false);
    expect(
      can(actor("admin"), "models.update", { ownerId: "someone-else" }),
    ).toBe(true);
  });

  it("gives every role its own API tokens", () => {
    for (const role of [
      "admin",
      "data_scientist",
      "reviewer",
      "manager",
    ] as const)
      expect(can(actor(role), "tokens.manage_own")).toBe(true);
  });
});
