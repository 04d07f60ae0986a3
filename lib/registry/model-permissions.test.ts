import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { requestTransition } from "@/lib/lifecycle/requests";
import { recentAuditEvents } from "@/lib/audit/audit-queries";
import { makeUser } from "@/lib/testing/factories";
import { setAlias } from "./aliases";
import { putArtifact } from "./artifacts";
import {
  grantModelPermission,
  listModelGrants,
  modelCapabilities,
  revokeModelPermission,
} from "./model-permissions";
import { createModel, renameModel, setModelTag } from "./models";
import { createVersion } from "./versions";

const refused = { code: "forbidden" };

describe("per-model permissions", () => {
  it("lets other data scientists read but not change a model until its owner grants them edit or manage", async () => {
    const owner = await makeUser("data_scientist");
    const colleague = await makeUser("data_scientist");
    createModel(owner, { name: "perm-churn" });
    createVersion(owner, "perm-churn", {});

    expect(() => createVersion(colleague, "perm-churn", {})).toThrow(
      expect.objectContaining(refused),
    );
    await expect(
      putArtifact(
        colleague,
        "perm-churn",
        "1",
        "model.bin",
        Readable.from([Buffer.from("x")]),
      ),
    ).rejects.toMatchObject(refused);
    expect(() => setAlias(colleague, "perm-churn", "challenger", 1)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() =>
      requestTransition(colleague, "perm-churn", 1, { to_stage: "staging" }),
    ).toThrow(expect.objectContaining(refused));
    // Refused before the input is judged: a stranger learns nothing from validation messages.
    expect(() =>
      createVersion(colleague, "perm-churn", {
        release_label: "not a label!",
      } as never),
    ).toThrow(expect.objectContaining(refused));
    expect(modelCapabilities(colleague, "perm-churn")).toEqual({
      editModel: false,
      writeVersions: false,
    });

    grantModelPermission(owner, "perm-churn", {
      email: colleague.email,
      level: "edit",
    });
    expect(modelCapabilities(colleague, "perm-churn")).toEqual({
      editModel: false,
      writeVersions: true,
    });
    expect(createVersion(colleague, "perm-churn", {}).version).toBe(2);
    await putArtifact(
      colleague,
      "perm-churn",
      "2",
      "model.bin",
      Readable.from([Buffer.from("x")]),
    );
    // Edit is not manage: the model itself and its grants stay the owner's.
    expect(() => renameModel(colleague, "perm-churn", "perm-churn-2")).toThrow(
      expect.objectContaining(refused),
    );
    const third = await makeUser("data_scientist");
    expect(() =>
      grantModelPermission(colleague, "perm-churn", {
        email: third.email,
        level: "edit",
      }),
    ).toThrow(expect.objectContaining(refused));

    grantModelPermission(owner, "perm-churn", {
      email: colleague.email,
      level: "manage",
    });
    setModelTag(colleague, "perm-churn", "team", "risk");
    grantModelPermission(colleague, "perm-churn", {
      email: third.email,
      level: "edit",
    });
    expect(
      listModelGrants(owner, "perm-churn")
        .map((g) => `${g.email}:${g.level}`)
        .sort(),
    ).toEqual([`${colleague.email}:manage`, `${third.email}:edit`].sort());

    revokeModelPermission(owner, "perm-churn", colleague.id);
    expect(() => createVersion(colleague, "perm-churn", {})).toThrow(
      expect.objectContaining(refused),
    );
  });

  it("refuses grants to unknown users and to roles that cannot edit, naming the field", async () => {
    const owner = await makeUser("data_scientist");
    const reviewer = await makeUser("reviewer");
    createModel(owner, { name: "perm-bad" });
    expect(() =>
      grantModelPermission(owner, "perm-bad", {
        email: "nobody@test.local",
        level: "edit",
      }),
    ).toThrow(
      expect.objectContaining({
        code: "invalid",
        details: { fields: { email: expect.any(Array) } },
      }),
    );
    expect(() =>
      grantModelPermission(owner, "perm-bad", {
        email: reviewer.email,
        level: "edit",
      }),
    ).toThrow(expect.objectContaining({ code: "invalid" }));
    expect(() =>
      grantModelPermission(owner, "perm-bad", {
        email: reviewer.email,
        level: "owner",
      }),
    ).toThrow(
      expect.objectContaining({
        code: "invalid",
        details: { fields: { level: expect.any(Array) } },
      }),
    );
    expect(listModelGrants(owner, "perm-bad")).toEqual([]);
  });

  it("lets admins change any model, and the audit trail says they acted as admin", async () => {
    const owner = await makeUser("data_scientist");
    const admin = await makeUser("admin");
    createModel(owner, { name: "perm-admin" });
    createVersion(admin, "perm-admin", {});
    setModelTag(admin, "perm-admin", "k", "v");
    setModelTag(owner, "perm-admin", "k", "w");
    const events = recentAuditEvents(admin, 20).filter(
      (e) => e.action === "model.tag_set" || e.action === "version.created",
    );
    const byAdmin = events
      .filter((e) => e.actorId === admin.id)
      .map((e) => JSON.parse(e.after ?? "{}") as Record<string, unknown>);
    const byOwner = events
      .filter((e) => e.actorId === owner.id)
      .map((e) => JSON.parse(e.after ?? "{}") as Record<string, unknown>);
    expect(byAdmin).toHaveLength(2);
    for (const after of byAdmin) expect(after.acting_as_admin).toBe(true);
    for (const after of byOwner) expect(after.acting_as_admin).toBeUndefined();
  });
});
