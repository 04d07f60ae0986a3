import { describe, expect, it } from "vitest";
import { makeModel, makeTeam, makeVersion } from "@/lib/testing/factories";
import { rejectRequest } from "./decisions";
import { listMyRequests } from "./my-requests";
import { cancelRequest, requestTransition } from "./requests";

describe("my requests", () => {
  it("lists only the requester's own requests, newest first, with who decided and why", async () => {
    const { ds, r1, admin } = await makeTeam();
    const model = makeModel(ds);
    await makeVersion(ds, model);
    await makeVersion(ds, model);
    const first = requestTransition(ds, model.name, 1, {
      to_stage: "production",
      comment: "first try",
    });
    rejectRequest(r1, first.id, { comment: "needs a holdout evaluation" });
    const second = requestTransition(ds, model.name, 2, {
      to_stage: "production",
    });
    const mine = listMyRequests(ds);
    expect(mine.map((r) => [r.id, r.status])).toEqual([
      [second.id, "pending"],
      [first.id, "rejected"],
    ]);
    expect(mine[1]).toMatchObject({
      model: model.name,
      version: 1,
      comment: "first try",
      decided_by: r1.name,
      resolution_comment: "needs a holdout evaluation",
      reviews: [
        {
          reviewer: r1.name,
          decision: "reject",
          comment: "needs a holdout evaluation",
        },
      ],
    });
    cancelRequest(ds, second.id);
    expect(listMyRequests(ds)[0]).toMatchObject({
      status: "cancelled",
      decided_by: ds.name,
    });
    // Someone else's requests are not theirs.
    expect(listMyRequests(admin)).toEqual([]);
  });
});
