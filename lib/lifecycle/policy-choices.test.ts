import { describe, expect, it } from "vitest";
import { makeTeam } from "@/lib/testing/factories";
import { createModel } from "@/lib/registry/models";
import { listPolicies, setPolicy } from "./policies";
import { policyChoices } from "./policy-choices";

describe("policy approvers and models to pick from", () => {
  it("offer reviewers and admins by name and the live models; refuse anyone else as approver, changing nothing", async () => {
    const { ds, r1, admin } = await makeTeam();
    createModel(ds, { name: "pc-a" });
    const choices = policyChoices(admin);
    const ids = choices.approvers.map((a) => a.id);
    expect(ids).toContain(r1.id);
    expect(ids).toContain(admin.id);
    expect(ids).not.toContain(ds.id);
    expect(choices.approvers.find((a) => a.id === r1.id)).toMatchObject({
      name: r1.name,
      role: "reviewer",
    });
    expect(choices.models).toContain("pc-a");
    expect(() => policyChoices(ds)).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );

    const saved = setPolicy(admin, {
      model: "pc-a",
      stage: "staging",
      required_approvals: 1,
      approver_ids: [r1.id, r1.id],
    });
    expect(saved.approverIds).toEqual([r1.id]);
    for (const bad of [ds.id, "no-such-user"])
      expect(() =>
        setPolicy(admin, {
          model: "pc-a",
          stage: "staging",
          required_approvals: 3,
          approver_ids: [bad],
        }),
      ).toThrow(
        expect.objectContaining({
          code: "invalid",
          details: { fields: { approver_ids: [expect.any(String)] } },
        }),
      );
    expect(
      listPolicies(admin).find(
        (p) => p.model === "pc-a" && p.policy.stage === "staging",
      )?.policy,
    ).toMatchObject({ requiredApprovals: 1, approverIds: [r1.id] });
  });
});
