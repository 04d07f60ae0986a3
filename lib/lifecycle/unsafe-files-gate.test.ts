import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { artifacts, auditEvents } from "@/db/schema";
import { getVersion } from "@/lib/registry/queries";
import { listUnsafeFiles } from "@/lib/registry/unsafe-files";
import { FIXTURES } from "@/lib/scan/pickle-fixtures";
import { makeModel, makeUser, makeVersion } from "@/lib/testing/factories";
import { getRequest } from "./queries";
import { approveRequest, overrideTransition } from "./decisions";
import { requestTransition } from "./requests";

async function team(model: string) {
  const ds = await makeUser("data_scientist");
  const reviewers = [
    await makeUser("reviewer"),
    await makeUser("reviewer"),
  ] as const;
  makeModel(ds, { name: model });
  return { ds, reviewers, admin: await makeUser("admin") };
}

describe("the built-in 'no unsafe files' gate", () => {
  it("refuses to promote a version with an unsafe pickle, naming the file and its import", async () => {
    const { ds, reviewers } = await team("gate-unsafe");
    await makeVersion(ds, "gate-unsafe", {
      artifacts: {
        "model.pkl": FIXTURES.systemP2,
        "model.joblib": FIXTURES.joblib,
      },
    });

    const unsafe = [
      { path: "model.pkl", imports: ["posix.system"], reasons: [] },
    ];
    expect(getVersion(ds, "gate-unsafe", "1").unsafe_files).toEqual(unsafe);
    expect(listUnsafeFiles(ds, "gate-unsafe", "1")).toEqual(unsafe);

    // No policy names the gate: it is evaluated for Staging and Production all the same.
    for (const stage of ["staging", "production"]) {
      const req = requestTransition(ds, "gate-unsafe", 1, { to_stage: stage });
      expect(getRequest(reviewers[0], req.id).gates).toEqual([
        {
          gate: "no unsafe files",
          pass: false,
          detail: "unsafe file: model.pkl (posix.system)",
        },
      ]);
      expect(() => approveRequest(reviewers[0], req.id)).toThrow(
        /'no unsafe files' fails \(unsafe file: model\.pkl \(posix\.system\)\)/,
      );
    }
    expect(getVersion(ds, "gate-unsafe", "1").stage).toBe("none");
  });

  it("passes a version whose pickles import only allowlisted globals, and lists nothing for others", async () => {
    const { ds, reviewers } = await team("gate-clean");
    await makeVersion(ds, "gate-clean", {
      artifacts: {
        "model.pkl": FIXTURES.sklearnP4,
        "model.pt": FIXTURES.torchDeflated,
      },
    });
    const req = requestTransition(ds, "gate-clean", 1, { to_stage: "staging" });
    expect(getRequest(reviewers[0], req.id).gates).toEqual([
      {
        gate: "no unsafe files",
        pass: true,
        detail: "2 pickle files scanned; every import is on the allowlist",
      },
    ]);
    expect(approveRequest(reviewers[0], req.id).status).toBe("applied");
    expect(getVersion(ds, "gate-clean", "1").unsafe_files).toEqual([]);

    await makeVersion(ds, "gate-clean", {
      artifacts: { "notes.txt": "no pickles here" },
    });
    expect(
      getRequest(
        reviewers[0],
        requestTransition(ds, "gate-clean", 2, { to_stage: "staging" }).id,
      ).gates,
    ).toEqual([]);
  });

  it("counts a pickle stored before uploads were scanned as unsafe, and yields to an admin override", async () => {
    const { ds, reviewers, admin } = await team("gate-legacy");
    await makeVersion(ds, "gate-legacy", {
      artifacts: { "old.pkl": FIXTURES.sklearnP4 },
    });
    getDb()
      .update(artifacts)
      .set({ scan: null })
      .where(eq(artifacts.path, "old.pkl"))
      .run();
    const req = requestTransition(ds, "gate-legacy", 1, {
      to_stage: "production",
    });
    expect(() => approveRequest(reviewers[0], req.id)).toThrow(
      /old\.pkl \(not scanned: stored before uploads were scanned\)/,
    );

    overrideTransition(admin, "gate-legacy", 1, {
      to_stage: "production",
      reason: "reviewed the pickle by hand",
    });
    expect(getVersion(ds, "gate-legacy", "1").stage).toBe("production");
    const override = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "transition.override"))
      .all()
      .at(-1);
    expect(override?.actorId).toBe(admin.id);
  });
});
