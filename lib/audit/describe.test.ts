// Audit events in words (the audit page and the dashboard read them through lib/audit/describe.ts),
// and the page read that names each event's subject and pages by id with the filters kept.
import { describe, expect, it } from "vitest";
import { setAlias } from "@/lib/registry/aliases";
import { deleteModel, setModelTag } from "@/lib/registry/models";
import {
  makeModel,
  makeRequest,
  makeUser,
  makeVersion,
} from "@/lib/testing/factories";
import { AUDIT_PAGE_SIZE, auditPage, recentAuditLines } from "./audit-queries";
import { describeEvent, fieldChanges, valueText } from "./describe";

const ev = (
  action: string,
  before: object | null,
  after: object | null,
  entityType = "model_version",
  entityId = "6",
) => ({
  action,
  entityType,
  entityId,
  before: before && JSON.stringify(before),
  after: after && JSON.stringify(after),
});

describe("describeEvent", () => {
  it("gives an alert's measured value with four decimals at most", () => {
    expect(
      describeEvent(
        ev(
          "alert.fired",
          null,
          { rule: "inputs drifting", value: 7.009755512, severity: "warning" },
          "alert",
          "3",
        ),
      ),
    ).toBe("alert inputs drifting fired at 7.0098 (warning)");
  });

  it("says what happened in words, from the action and the recorded data", () => {
    expect(
      describeEvent(
        ev(
          "version.stage_changed",
          { model: "churn", version: 3, stage: "staging" },
          { stage: "production" },
        ),
      ),
    ).toBe("moved v3 from staging to production");
    expect(
      describeEvent(
        ev(
          "transition.applied",
          { model: "churn", version: 3, stage: "none" },
          { stage: "production", request_id: 7, override: false },
        ),
      ),
    ).toBe("moved v3 from development to production, request #7");
    expect(
      describeEvent(
        ev("alias.set", null, { alias: "champion", version: 3 }, "model", "1"),
      ),
    ).toBe("set alias champion → v3");
    expect(
      describeEvent(
        ev(
          "alias.set",
          { alias: "champion", version: 2 },
          { alias: "champion", version: 3, reason: "follows production" },
          "model",
          "1",
        ),
      ),
    ).toBe("set alias champion → v3 (was v2) (follows production)");
    expect(
      describeEvent(
        ev(
          "transition.approved",
          null,
          {
            model: "churn",
            version: 3,
            to: "production",
            approvals: 1,
            required: 2,
          },
          "transition_request",
          "7",
        ),
      ),
    ).toBe("approved moving v3 to production (1 of 2 approvals)");
    expect(
      describeEvent(
        ev(
          "model.tag_set",
          { team: "fraud" },
          { team: "risk", acting_as_admin: true },
          "model",
          "1",
        ),
      ),
    ).toBe("set tag team = risk (was fraud) (as admin)");
    expect(
      describeEvent(
        ev(
          "policy.updated",
          null,
          { required_approvals: 2 },
          "policy",
          "*:production",
        ),
      ),
    ).toBe("changed the default production policy (2 approvals)");
  });

  it("reads an action it does not know as words rather than as code", () => {
    expect(describeEvent(ev("thing.got_checked", null, null, "thing"))).toBe(
      "got checked (thing)",
    );
    // Data that is not what the action usually records does not throw.
    expect(
      describeEvent({ ...ev("alias.set", null, null), after: "not json" }),
    ).toBe("set alias ? → the version");
  });
});

describe("fieldChanges", () => {
  it("lists the changed fields side by side, leaving out the context recorded with them", () => {
    expect(
      fieldChanges(
        ev(
          "version.stage_changed",
          { model: "churn", version: 1, stage: "production" },
          { stage: "archived", reason: "replaced by v3" },
        ),
      ),
    ).toEqual([
      { field: "stage", before: "production", after: "archived" },
      { field: "reason", before: null, after: "replaced by v3" },
    ]);
    expect(
      fieldChanges(
        ev(
          "alias.set",
          { alias: "champion", version: 2 },
          { alias: "champion", version: 3 },
        ),
      ),
    ).toEqual([{ field: "version", before: "2", after: "3" }]);
  });

  it("writes values as text: lists joined, objects as one line of JSON", () => {
    expect(valueText(["rmse <= 5", "beats production"])).toBe(
      "rmse <= 5, beats production",
    );
    expect(valueText({ rmse: 3.2, mae: 2 })).toBe("rmse: 3.2, mae: 2");
    expect(valueText({ gates: ["a"] })).toBe('{ "gates": [ "a" ] }');
    expect(valueText(null)).toBe("none");
    expect(valueText(true)).toBe("yes");
  });
});

describe("auditPage", () => {
  it("names each event's subject with a link, and a deleted one by its name without", async () => {
    const ds = await makeUser("data_scientist");
    const admin = await makeUser("admin");
    const model = makeModel(ds);
    const v = await makeVersion(ds, model.name);
    setAlias(ds, model.name, "candidate", 1);
    const request = makeRequest(ds, v, "staging");

    const byModel = auditPage(admin, {
      entity_type: "model",
      entity_id: String(model.id),
    }).events;
    expect(byModel.map((e) => e.sentence)).toContain(
      "set alias candidate → v1",
    );
    expect(byModel[0]?.subject).toEqual({
      label: model.name,
      href: `/models/${model.name}`,
      deleted: false,
    });
    const version = auditPage(admin, {
      entity_type: "model_version",
      entity_id: String(v.id),
    }).events[0];
    expect(version?.subject).toMatchObject({
      label: `${model.name} v1`,
      href: `/models/${model.name}/versions/1`,
    });
    const req = auditPage(admin, {
      entity_type: "transition_request",
      entity_id: String(request.id),
    }).events[0];
    expect(req?.subject.label).toBe(
      `request #${request.id} (${model.name} v1 → staging)`,
    );
    expect(req?.sentence).toBe("asked to move v1 from development to staging");

    // The dashboard's lines are the same lines, sign-ins left out.
    expect(recentAuditLines(admin, 3).map((l) => l.sentence)).toEqual(
      auditPage(admin, {})
        .events.filter((e) => !e.action.startsWith("auth."))
        .slice(0, 3)
        .map((l) => l.sentence),
    );

    deleteModel(admin, model.name);
    const gone = auditPage(admin, {
      entity_type: "model",
      entity_id: String(model.id),
    }).events;
    expect(gone[0]?.subject).toEqual({
      label: `${model.name} (deleted)`,
      href: null,
      deleted: true,
    });
    expect(
      auditPage(admin, {
        entity_type: "model_version",
        entity_id: String(v.id),
      }).events[0]?.subject,
    ).toMatchObject({ href: null, deleted: true });
  });

  it("pages by event id with the filters kept: the same `before` shows the same events", async () => {
    const ds = await makeUser("data_scientist");
    const model = makeModel(ds);
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++)
      setModelTag(ds, model.name, "run", String(i));
    const filter = {
      entity_type: "model",
      entity_id: String(model.id),
      action: "model",
    };
    const first = auditPage(ds, filter);
    expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.previous).toBeNull();
    expect(first.next_before).not.toBeNull();
    const second = auditPage(ds, { ...filter, before: first.next_before });
    // 55 tag events and the model's creation, all "model.*" on this model.
    expect(second.events).toHaveLength(6);
    expect(second.next_before).toBeNull();
    expect(second.previous).toEqual({ before: null });
    expect(second.events.at(-1)?.action).toBe("model.created");
    expect(second.events[0]?.sentence).toBe("set tag run = 4 (was 3)");

    // Newer events do not move an older page.
    setModelTag(ds, model.name, "run", "late");
    const again = auditPage(ds, { ...filter, before: first.next_before });
    expect(again.events.map((e) => e.id)).toEqual(
      second.events.map((e) => e.id),
    );
  });
});
