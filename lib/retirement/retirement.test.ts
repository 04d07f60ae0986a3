// Over 300 lines: three end-to-end flows of a retirement (version, notices, whole model) on one fixture.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { blobPath } from "@/lib/blobs/blob-store";
import {
  createDeployment,
  listDeployments,
} from "@/lib/deployments/deployments";
import { getRequest } from "@/lib/lifecycle/queries";
import { approveRequest, rejectRequest } from "@/lib/lifecycle/decisions";
import { requestTransition } from "@/lib/lifecycle/requests";
import { setAlias } from "@/lib/registry/aliases";
import { openArtifact } from "@/lib/registry/artifacts";
import { getModelDetail } from "@/lib/registry/queries";
import { predict } from "@/lib/serving/serving";
import {
  makeRequest,
  makeServableModel,
  makeUser,
} from "@/lib/testing/factories";
import { releaseDue, runRetirementJobs, runSunsets, sendNotices } from "./jobs";
import { currentRetirement, listRetirements } from "./queries";
import { restoreRetirement } from "./restore";
import { storageReport } from "./storage";
import { requestRetirement, retireNow } from "./retirement";

const DAY = 86_400_000;
const inDays = (n: number) =>
  new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const auditCount = () =>
  (
    getSqlite().prepare("select count(*) n from audit_events").get() as {
      n: number;
    }
  ).n;

/** Two served versions: distinct ONNX files, and one file with the same bytes in both. */
async function twoVersions(name: string) {
  const ds = await makeUser("data_scientist");
  const [r1, r2] = [await makeUser("reviewer"), await makeUser("reviewer")];
  await makeServableModel(ds, name, {
    artifacts: { "shared/vocab.txt": `vocabulary of ${name}` },
  });
  const promote = (version: number) => {
    makeRequest(ds, { model: name, version }, "production", {
      approvedBy: [r1, r2],
    });
  };
  return { ds, r1, r2, promote };
}

const body = { inputs: { a: [1], b: [2] } };

describe("retirement", () => {
  it("a version goes requested → deprecated (headers) → retired (410, read-only) → released (unique blob gone, shared kept)", async () => {
    const { ds, r1, promote } = await twoVersions("retire-me");
    promote(1);
    const dep = createDeployment(ds, "retire-me", {
      version: 1,
      environment: "production",
      target: "stageline",
    });
    setAlias(ds, "retire-me", "challenger", 1);
    const open = requestTransition(ds, "retire-me", 1, {
      to_stage: "archived",
    });

    // Bad input names the field and changes nothing.
    const before = auditCount();
    expect(() =>
      requestRetirement(ds, "retire-me", 1, {
        category: "replaced",
        reason: "Replaced by v2, which is better",
        sunset_date: inDays(20),
      }),
    ).toThrow(
      expect.objectContaining({
        details: { fields: { replacement_version: expect.any(Array) } },
      }),
    );
    expect(() =>
      requestRetirement(ds, "retire-me", 1, {
        category: "old",
        reason: "x",
        sunset_date: "soon",
      }),
    ).toThrow(
      expect.objectContaining({
        details: {
          fields: expect.objectContaining({
            category: expect.any(Array),
            reason: expect.any(Array),
            sunset_date: expect.any(Array),
          }),
        },
      }),
    );
    expect(() =>
      requestRetirement(ds, "retire-me", 1, {
        category: "replaced",
        reason: "Replaced by v1 itself",
        replacement_version: 1,
        sunset_date: inDays(20),
      }),
    ).toThrow(/cannot replace itself/);
    expect(auditCount()).toBe(before);

    const r = requestRetirement(ds, "retire-me", 1, {
      category: "replaced",
      reason: "v2 is more accurate on the 2026 holdout",
      replacement_version: 2,
      sunset_date: inDays(20),
      retention_days: 30,
    });
    expect(r).toMatchObject({
      status: "requested",
      version: 1,
      replacement: { model: "retire-me", version: 2 },
      retention_days: 30,
    });
    expect(() =>
      requestRetirement(ds, "retire-me", 1, {
        category: "no_longer_needed",
        reason: "asking a second time",
        sunset_date: inDays(30),
      }),
    ).toThrow(/already requested/);

    // The reviewer sees the impact before approving.
    const dto = getRequest(r1, r.request_id);
    expect(dto).toMatchObject({
      kind: "retirement",
      to_stage: "retired",
      required_approvals: 1,
    });
    expect(dto.retirement?.impact).toMatchObject({
      deployments: [{ id: dep.id, version: 1 }],
      aliases: [{ alias: "challenger", version: 1 }],
      open_requests: [{ id: open.id }],
    });
    expect(dto.retirement?.impact?.checklist.join("\n")).toMatch(
      /Stop deployment #\d+[\s\S]*Move the alias 'challenger'/,
    );
    expect(() => approveRequest(ds, r.request_id)).toThrow();

    // Approved: deprecated, served with Deprecation/Sunset/Link, and no longer promotable.
    expect(approveRequest(r1, r.request_id).status).toBe("applied");
    expect(currentRetirement(ds, "retire-me", 1)?.status).toBe("scheduled");
    const served = await predict(ds, "retire-me", "1", body);
    expect(served.headers?.Deprecation).toMatch(/^@\d{10}$/);
    expect(new Date(served.headers?.Sunset ?? "").getTime()).toBe(
      Date.parse(`${inDays(20)}T00:00:00Z`),
    );
    expect(served.headers?.Link).toMatch(
      /\/api\/v1\/serve\/retire-me\/2\/predict>; rel="successor-version"/,
    );
    expect((await predict(ds, "retire-me", "2", body)).headers).toBeNull();
    expect(() =>
      requestTransition(ds, "retire-me", 1, { to_stage: "staging" }),
    ).toThrow(/deprecated/);

    // Sunset (run twice: the second run changes nothing).
    const sunset = Date.parse(`${inDays(20)}T00:00:00Z`) + 1000;
    expect(runSunsets(sunset - 2000)).toBe(0);
    expect(runSunsets(sunset)).toBe(1);
    const afterSunset = auditCount();
    expect(runSunsets(sunset)).toBe(0);
    expect(auditCount()).toBe(afterSunset);
    expect(
      listDeployments(ds, { model: "retire-me" }).find((d) => d.id === dep.id)
        ?.status,
    ).toBe("stopped");
    expect(getModelDetail(ds, "retire-me").aliases).toEqual([]);
    expect(getRequest(ds, open.id).status).toBe("cancelled");
    await expect(predict(ds, "retire-me", "1", body)).rejects.toMatchObject({
      code: "gone",
    });
    expect(() => setAlias(ds, "retire-me", "challenger", 1)).toThrow(
      /retired and read-only/,
    );
    expect(() =>
      createDeployment(ds, "retire-me", {
        version: 1,
        environment: "staging",
        target: "stageline",
      }),
    ).toThrow(/retired and read-only/);
    expect(() =>
      requestTransition(ds, "retire-me", 1, { to_stage: "production" }),
    ).toThrow(expect.objectContaining({ code: "conflict" }));

    // The dry run names the bytes; the release after 30 days frees the unique blob only.
    const sqlite = getSqlite();
    const shas = sqlite
      .prepare(
        "select a.path, a.sha256, a.size from artifacts a join model_versions v on v.id = a.version_id where v.version = 1 and v.model_id = (select id from registered_models where name = 'retire-me')",
      )
      .all() as { path: string; sha256: string; size: number }[];
    const onnx = shas.find((a) => a.path === "model.onnx");
    const shared = shas.find((a) => a.path === "shared/vocab.txt");
    expect(shared?.sha256).toBeDefined();
    const admin = await makeUser("admin");
    const plan = storageReport(admin, sunset).pending.find(
      (p) => p.model === "retire-me",
    );
    expect(plan).toMatchObject({
      version: 1,
      due: false,
      blobs: 1,
      bytes: onnx?.size,
      shared_kept: 1,
    });
    expect(releaseDue(sunset + 29 * DAY)).toBe(0);
    expect(releaseDue(sunset + 30 * DAY)).toBe(1);
    expect(
      (await runRetirementJobs(sunset + 30 * DAY)).files_deleted,
    ).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(blobPath(onnx?.sha256 ?? ""))).toBe(false);
    expect(fs.existsSync(blobPath(shared?.sha256 ?? ""))).toBe(true);
    expect(() => openArtifact(ds, "retire-me", "1", "model.onnx")).toThrow(
      expect.objectContaining({
        code: "gone",
        message: expect.stringMatching(/released/),
      }),
    );
    expect(
      openArtifact(ds, "retire-me", "1", "shared/vocab.txt").artifact.size,
    ).toBe(shared?.size);
    expect(listRetirements(ds, { model: "retire-me" })[0]).toMatchObject({
      status: "released",
      bytes_freed: onnx?.size,
    });
    const afterRelease = auditCount();
    expect(await runRetirementJobs(sunset + 31 * DAY)).toMatchObject({
      retired: 0,
      released: 0,
      files_deleted: 0,
    });
    expect(auditCount()).toBe(afterRelease);
    expect(() =>
      restoreRetirement(admin, r.id, { reason: "we need it back after all" }),
    ).toThrow(/released/);
  });

  it("sunset notices go at 30, 7 and 1 days, once each", async () => {
    const { ds, r1 } = await twoVersions("noticed");
    const r = requestRetirement(ds, "noticed", 2, {
      category: "no_longer_needed",
      reason: "Nobody calls this version",
      sunset_date: inDays(40),
    });
    approveRequest(r1, r.request_id);
    const sunset = Date.parse(`${inDays(40)}T00:00:00Z`);
    const notices = () =>
      (
        getSqlite()
          .prepare(
            "select count(*) n from audit_events where action = 'retirement.sunset_notice' and entity_id = ?",
          )
          .get(String(r.id)) as { n: number }
      ).n;
    const after = (at: number) => {
      sendNotices(at);
      return notices();
    };
    expect(after(sunset - 31 * DAY)).toBe(0);
    expect(after(sunset - 29 * DAY)).toBe(1);
    expect(after(sunset - 28 * DAY)).toBe(1);
    expect(after(sunset - 6 * DAY)).toBe(2);
    expect(after(sunset - 12 * 3_600_000)).toBe(3);
    expect(after(sunset - 3_600_000)).toBe(3);
    expect(notices()).toBe(3);
    expect(listRetirements(ds, { model: "noticed" })[0]?.notices_sent).toEqual([
      30, 7, 1,
    ]);
    // An admin's "retire now" brings the scheduled sunset forward instead of opening a second retirement.
    const now = retireNow(await makeUser("admin"), "noticed", 2, {
      reason: "Bring the sunset forward: incident 42",
    });
    expect(now).toMatchObject({ id: r.id, status: "retired" });
    expect(listRetirements(ds, { model: "noticed" })).toHaveLength(1);
  });

  it("a whole model: deprecated then retired with every version; an admin retires at once and restores before release", async () => {
    const { ds, r1, promote } = await twoVersions("whole-model");
    promote(2);
    const r = requestRetirement(ds, "whole-model", null, {
      category: "compliance",
      reason: "The data source lost its consent basis",
      sunset_date: inDays(10),
    });
    expect(r.version).toBeNull();
    expect(() =>
      requestRetirement(ds, "whole-model", 1, {
        category: "compliance",
        reason: "also this version alone",
        sunset_date: inDays(10),
      }),
    ).toThrow(/already requested/);
    rejectRequest(r1, r.request_id, {
      comment: "Legal says we may keep it until Q3",
    });
    expect(listRetirements(ds, { model: "whole-model" })[0]?.status).toBe(
      "rejected",
    );

    expect(() =>
      retireNow(ds, "whole-model", null, {
        reason: "a data scientist cannot do this",
      }),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
    const admin = await makeUser("admin");
    const now = retireNow(admin, "whole-model", null, {
      reason: "Consent withdrawn: stop serving today",
      category: "compliance",
    });
    expect(now.status).toBe("retired");
    const detail = getModelDetail(ds, "whole-model");
    expect(detail.status).toBe("retired");
    await expect(
      predict(ds, "whole-model", "production", body),
    ).rejects.toMatchObject({ code: "gone" });
    const stages = getSqlite()
      .prepare(
        "select stage from model_versions where model_id = (select id from registered_models where name = 'whole-model')",
      )
      .all() as { stage: string }[];
    expect(stages.map((s) => s.stage)).toEqual(["retired", "retired"]);

    expect(() => restoreRetirement(admin, now.id, { reason: "short" })).toThrow(
      expect.objectContaining({
        details: { fields: { reason: expect.any(Array) } },
      }),
    );
    const restored = restoreRetirement(admin, now.id, {
      reason: "Consent re-established by legal on appeal",
    });
    expect(restored.status).toBe("restored");
    expect(getModelDetail(ds, "whole-model").status).toBe("active");
    const after = getSqlite()
      .prepare(
        "select stage from model_versions where model_id = (select id from registered_models where name = 'whole-model')",
      )
      .all() as { stage: string }[];
    expect(after.map((s) => s.stage)).toEqual(["archived", "archived"]);
  });
});
