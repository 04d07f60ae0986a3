// Protected aliases moved only by request, through the service, REST and MLflow, with their policy,
// gates and serving checks. Past 300 lines: eight whole request-to-serving flows sharing the team,
// servable-model and MLflow-client helpers above them.
import { describe, expect, it } from "vitest";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as requestsRoute from "@/app/api/v1/models/[name]/versions/[version]/transition-requests/route";
import { getSqlite } from "@/db/client";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { createDeployment } from "@/lib/deployments/deployments";
import { handleMlflow } from "@/lib/mlflow/router";
import { fitLogistic } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { deleteAlias, setAlias } from "@/lib/registry/aliases";
import { createModel } from "@/lib/registry/models";
import { getModelDetail, getVersion } from "@/lib/registry/queries";
import { deleteVersion } from "@/lib/registry/version-changes";
import { createVersion } from "@/lib/registry/versions";
import { retireNow } from "@/lib/retirement/retirement";
import { predict } from "@/lib/serving/serving";
import {
  makeServableModel,
  makeTeam,
  makeVersion,
} from "@/lib/testing/factories";
import { createToken } from "@/lib/tokens/tokens";
import { requestAliasMove } from "./alias-requests";
import { setPolicy } from "./policies";
import { getRequest, listRequests } from "./queries";
import { approveRequest, rejectRequest } from "./decisions";
import { requestTransition } from "./requests";

const XYZ = {
  inputs: [
    { name: "x", type: "float32" as const },
    { name: "y", type: "float32" as const },
    { name: "z", type: "float32" as const },
  ],
  outputs: [],
};

/** A model with two ONNX versions over inputs a, b that answer differently (v2 is v1 flipped). */
const servable = (ds: Actor, name: string) =>
  makeServableModel(ds, name, { metrics: { auc: 0.9 } });

function approveAll(request: number, ...reviewers: Actor[]) {
  return reviewers.map((r) => approveRequest(r, request).status).at(-1);
}

async function mlflow(actor: Actor) {
  const { token } = createToken(actor, { name: "mlflow" });
  return async (method: string, path: string, body?: unknown) => {
    const url = `http://127.0.0.1/api/2.0/mlflow/${path}`;
    const res = await handleMlflow(
      new Request(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      new URL(url).pathname.split("/").slice(4),
    );
    return {
      status: res.status,
      body: (await res.json()) as { error_code?: string; message?: string },
    };
  };
}

const aliasEvents = (model: string) =>
  getSqlite()
    .prepare(
      "select a.action, a.after from audit_events a join registered_models m on a.entity_id = cast(m.id as text) where a.entity_type = 'model' and m.name = ? and a.action like 'alias.%' order by a.id",
    )
    .all(model) as { action: string; after: string }[];

describe("protected aliases", () => {
  it("refuse a direct set or delete of champion on the service, for admins too, and say how to request it; other aliases move freely", async () => {
    const { ds, admin } = await makeTeam();
    createModel(ds, { name: "pa-direct" });
    createVersion(ds, "pa-direct", {});
    createVersion(ds, "pa-direct", {});
    for (const who of [ds, admin]) {
      expect(() => setAlias(who, "pa-direct", "champion", 2)).toThrow(
        expect.objectContaining({
          code: "conflict",
          message: expect.stringMatching(
            /@champion is a protected alias of 'pa-direct'.*approved request.*POST \/api\/v1\/models\/pa-direct\/versions\/2\/transition-requests with \{"alias": "champion"\}/,
          ),
        }),
      );
    }
    // The CLI acts as "system" but through another door: it is refused like anyone else.
    expect(() =>
      setAlias({ ...SYSTEM_ACTOR, via: "cli" }, "pa-direct", "champion", 1),
    ).toThrow(/protected alias/);
    expect(getModelDetail(ds, "pa-direct").aliases).toEqual([]);
    // The first-start seed (the system actor) names the champion of models nobody could review yet.
    setAlias(SYSTEM_ACTOR, "pa-direct", "champion", 1);
    expect(() => deleteAlias(ds, "pa-direct", "champion")).toThrow(
      expect.objectContaining({
        code: "conflict",
        message: expect.stringMatching(/protected alias.*not removed directly/),
      }),
    );
    expect(() => deleteAlias(admin, "pa-direct", "champion")).toThrow(
      /protected alias/,
    );
    setAlias(ds, "pa-direct", "challenger", 1);
    setAlias(ds, "pa-direct", "challenger", 2);
    deleteAlias(ds, "pa-direct", "challenger");
    expect(getModelDetail(ds, "pa-direct").aliases).toEqual([
      { alias: "champion", version: 1 },
    ]);
  });

  it("over REST: PUT and DELETE of champion answer 409 naming the rule; POST transition-requests with {alias} opens the request", async () => {
    const { ds } = await makeTeam();
    createModel(ds, { name: "pa-rest" });
    createVersion(ds, "pa-rest", {});
    const { token } = createToken(ds, { name: "rest" });
    const send = <P>(
      handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
      path: string,
      method: string,
      params: P,
      body?: unknown,
    ) =>
      handler(
        new Request(`http://127.0.0.1${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve(params) },
      );
    const put = await send(
      aliasRoute.PUT,
      "/api/v1/models/pa-rest/aliases/champion",
      "PUT",
      { name: "pa-rest", alias: "champion" },
      { version: 1 },
    );
    expect(put.status).toBe(409);
    expect(
      ((await put.json()) as { error: { message: string } }).error.message,
    ).toMatch(
      /protected alias.*transition-requests with \{"alias": "champion"\}/,
    );
    expect(
      (
        await send(
          aliasRoute.DELETE,
          "/api/v1/models/pa-rest/aliases/champion",
          "DELETE",
          { name: "pa-rest", alias: "champion" },
        )
      ).status,
    ).toBe(404);
    const made = await send(
      requestsRoute.POST,
      "/api/v1/models/pa-rest/versions/1/transition-requests",
      "POST",
      { name: "pa-rest", version: "1" },
      { alias: "champion", comment: "first champion" },
    );
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({
      kind: "alias",
      alias: "champion",
      alias_current_version: null,
      version: 1,
      to_stage: "production",
      status: "open",
      comment: "first champion",
    });
    const bad = await send(
      requestsRoute.POST,
      "/api/v1/models/pa-rest/versions/1/transition-requests",
      "POST",
      { name: "pa-rest", version: "1" },
      { alias: "v2" },
    );
    expect(bad.status).toBe(400);
    setAlias(SYSTEM_ACTOR, "pa-rest", "champion", 1);
    const del = await send(
      aliasRoute.DELETE,
      "/api/v1/models/pa-rest/aliases/champion",
      "DELETE",
      { name: "pa-rest", alias: "champion" },
    );
    expect(del.status).toBe(409);
    expect(getModelDetail(ds, "pa-rest").aliases).toEqual([
      { alias: "champion", version: 1 },
    ]);
  });

  it("through MLflow: set-alias opens the request (or names the open one) with PERMISSION_DENIED, delete-alias is refused", async () => {
    const { ds, r1, r2 } = await makeTeam();
    createModel(ds, { name: "pa-mlflow" });
    createVersion(ds, "pa-mlflow", {});
    createVersion(ds, "pa-mlflow", {});
    const call = await mlflow(ds);
    const first = await call("POST", "registered-models/alias", {
      name: "pa-mlflow",
      alias: "champion",
      version: "2",
    });
    expect(first.status).toBe(403);
    expect(first.body.error_code).toBe("PERMISSION_DENIED");
    const id = Number(
      /alias request #(\d+) is open/.exec(first.body.message ?? "")?.[1],
    );
    expect(getRequest(ds, id)).toMatchObject({
      kind: "alias",
      alias: "champion",
      version: 2,
      to_stage: "production",
      status: "open",
      required_approvals: 2,
    });
    expect(first.body.message).toMatch(
      /\/reviews.*POST \/api\/v1\/transition-requests\/\d+\/approve/,
    );
    // A retry joins the open request instead of opening another.
    expect(
      (
        await call("POST", "registered-models/alias", {
          name: "pa-mlflow",
          alias: "champion",
          version: "2",
        })
      ).body.message,
    ).toContain(`#${id} is open`);
    expect(
      listRequests(ds, { status: "open" }).filter(
        (r) => r.model === "pa-mlflow",
      ),
    ).toHaveLength(1);
    expect(
      (
        await call(
          "GET",
          "registered-models/alias?name=pa-mlflow&alias=champion",
        )
      ).status,
    ).toBe(400);
    approveAll(id, r1, r2);
    // Once approved the alias is there, and the same call (a client retrying) succeeds.
    expect(
      await call("POST", "registered-models/alias", {
        name: "pa-mlflow",
        alias: "champion",
        version: "2",
      }),
    ).toEqual({
      status: 200,
      body: {},
    });
    const del = await call(
      "DELETE",
      "registered-models/alias?name=pa-mlflow&alias=champion",
    );
    expect(del).toMatchObject({
      status: 403,
      body: {
        error_code: "PERMISSION_DENIED",
        message: expect.stringMatching(/protected.*not removed directly/),
      },
    });
    expect(getModelDetail(ds, "pa-mlflow").aliases).toEqual([
      { alias: "champion", version: 2 },
    ]);
    expect(
      await call("POST", "registered-models/alias", {
        name: "pa-mlflow",
        alias: "challenger",
        version: "1",
      }),
    ).toEqual({
      status: 200,
      body: {},
    });
  });

  it("apply only after the production policy's approvals, never by the requester, with gates on the target version; no stage changes", async () => {
    const { ds, r1, r2, admin } = await makeTeam();
    createModel(ds, { name: "pa-req" });
    createVersion(ds, "pa-req", { metrics: { auc: 0.95 } });
    createVersion(ds, "pa-req", { metrics: { auc: 0.7 } });
    setPolicy(admin, {
      model: "pa-req",
      stage: "production",
      required_approvals: 2,
      gates: ["auc >= 0.85"],
    });
    // Gates are evaluated on the version the alias would point at.
    const weak = requestAliasMove(ds, "pa-req", 2, {
      alias: "champion",
      comment: "try v2",
    });
    expect(getRequest(r1, weak.id).gates).toEqual([
      { gate: "auc >= 0.85", pass: false, detail: "auc = 0.7000" },
    ]);
    expect(() => approveRequest(r1, weak.id)).toThrow(/'auc >= 0.85' fails/);
    rejectRequest(r1, weak.id, { comment: "auc too low" });

    const req = requestAliasMove(ds, "pa-req", 1, { alias: "champion" });
    expect(() =>
      requestAliasMove(ds, "pa-req", 1, { alias: "champion" }),
    ).toThrow(
      expect.objectContaining({
        code: "conflict",
        details: { request_id: req.id },
      }),
    );
    expect(() => approveRequest(ds, req.id)).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(approveRequest(r1, req.id).status).toBe("open");
    expect(() => approveRequest(r1, req.id)).toThrow(/already approved/);
    expect(getModelDetail(ds, "pa-req").aliases).toEqual([]);
    expect(approveRequest(r2, req.id).status).toBe("applied");
    expect(getModelDetail(ds, "pa-req").aliases).toEqual([
      { alias: "champion", version: 1 },
    ]);
    expect(getVersion(ds, "pa-req", "1").stage).toBe("none");
    const set = aliasEvents("pa-req").filter((e) => e.action === "alias.set");
    expect(set.map((e) => JSON.parse(e.after))).toEqual([
      {
        alias: "champion",
        version: 1,
        request_id: req.id,
        reason: `via request #${req.id}`,
      },
    ]);
    expect(() =>
      requestAliasMove(ds, "pa-req", 1, { alias: "champion" }),
    ).toThrow(/already points at v1/);
    // Only protected aliases take requests: the others are set directly.
    expect(() =>
      requestAliasMove(ds, "pa-req", 1, { alias: "challenger" }),
    ).toThrow(
      expect.objectContaining({
        code: "invalid",
        message: expect.stringMatching(/not a protected alias/),
      }),
    );
    expect(() =>
      requestAliasMove(r1, "pa-req", 1, { alias: "champion" }),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
  });

  it("follow a model's own production policy: its list replaces the default, and no approvals applies at once", async () => {
    const { ds, admin } = await makeTeam();
    createModel(ds, { name: "pa-own" });
    createVersion(ds, "pa-own", {});
    createVersion(ds, "pa-own", {});
    expect(() =>
      setPolicy(admin, {
        model: "pa-own",
        stage: "production",
        required_approvals: 0,
        protected_aliases: ["stable", "v3"],
      }),
    ).toThrow(
      expect.objectContaining({
        details: { fields: { "protected_aliases.1": expect.any(Array) } },
      }),
    );
    expect(() =>
      setPolicy(admin, {
        model: "pa-own",
        stage: "staging",
        required_approvals: 1,
        protected_aliases: ["stable"],
      }),
    ).toThrow(/Only the production policy/);
    setPolicy(admin, {
      model: "pa-own",
      stage: "production",
      required_approvals: 0,
      protected_aliases: ["stable"],
    });
    setAlias(ds, "pa-own", "champion", 1);
    expect(() => setAlias(ds, "pa-own", "stable", 1)).toThrow(
      /protected alias/,
    );
    expect(requestAliasMove(ds, "pa-own", 2, { alias: "stable" }).status).toBe(
      "applied",
    );
    expect(getModelDetail(ds, "pa-own").aliases).toEqual([
      { alias: "champion", version: 1 },
      { alias: "stable", version: 2 },
    ]);
    // Saving the policy again without the field keeps its list.
    setPolicy(admin, {
      model: "pa-own",
      stage: "production",
      required_approvals: 1,
    });
    expect(() => setAlias(ds, "pa-own", "stable", 1)).toThrow(
      /protected alias/,
    );
  });

  it("the endpoint keeps serving the old version until the request is approved, then the new one", async () => {
    const { ds, r1, r2 } = await makeTeam();
    await servable(ds, "pa-serve");
    approveAll(
      requestAliasMove(ds, "pa-serve", 1, { alias: "champion" }).id,
      r1,
      r2,
    );
    const body = { inputs: { a: [1], b: [2] } };
    const before = await predict(ds, "pa-serve", "champion", body);
    expect(before.version).toBe(1);
    // A direct move is refused and changes nothing that serves.
    expect(() => setAlias(ds, "pa-serve", "champion", 2)).toThrow(
      /protected alias/,
    );
    const req = requestAliasMove(ds, "pa-serve", 2, { alias: "champion" });
    expect((await predict(ds, "pa-serve", "champion", body)).version).toBe(1);
    approveRequest(r1, req.id);
    expect((await predict(ds, "pa-serve", "champion", body)).version).toBe(1);
    approveRequest(r2, req.id);
    const after = await predict(ds, "pa-serve", "champion", body);
    expect(after.version).toBe(2);
    expect(after.predictions[0]).not.toBeCloseTo(
      before.predictions[0] as number,
      3,
    );
  });

  it("an alias a live deployment serves is not moved to a version of another signature, directly or by request", async () => {
    const { ds, r1, r2 } = await makeTeam();
    await servable(ds, "pa-sig");
    await makeVersion(ds, "pa-sig", {
      signature: XYZ,
      artifacts: {
        "model.onnx": exportOnnx(
          fitLogistic(
            ["x", "y", "z"],
            [
              [1, 2, 3],
              [3, 2, 1],
              [0, 1, 0],
              [2, 2, 2],
            ],
            [0, 1, 0, 1],
            1,
          ),
        ),
      },
    });
    setAlias(ds, "pa-sig", "challenger", 1);
    // Not served yet: an alias moves freely, whatever the signature.
    setAlias(ds, "pa-sig", "challenger", 3);
    setAlias(ds, "pa-sig", "challenger", 1);
    approveAll(
      requestAliasMove(ds, "pa-sig", 1, { alias: "champion" }).id,
      r1,
      r2,
    );
    const dep = createDeployment(ds, "pa-sig", {
      version: 1,
      environment: "canary",
      target: "stageline",
    });
    const both = new RegExp(
      `live deployment #${dep.id} \\(canary\\) on v1, whose signature is inputs \\(a: float32 \\[-1\\], b: float32 \\[-1\\]\\) → outputs \\(\\); v3's signature is inputs \\(x: float32, y: float32, z: float32\\) → outputs \\(\\)`,
    );
    expect(() => setAlias(ds, "pa-sig", "challenger", 3)).toThrow(
      expect.objectContaining({
        code: "conflict",
        message: expect.stringMatching(both),
      }),
    );
    expect(() =>
      requestAliasMove(ds, "pa-sig", 3, { alias: "champion" }),
    ).toThrow(
      expect.objectContaining({
        code: "conflict",
        message: expect.stringMatching(both),
      }),
    );
    // The same signature is fine.
    setAlias(ds, "pa-sig", "challenger", 2);
    expect(
      approveAll(
        requestAliasMove(ds, "pa-sig", 2, { alias: "champion" }).id,
        r1,
        r2,
      ),
    ).toBe("applied");
    expect(getModelDetail(ds, "pa-sig").aliases).toEqual([
      { alias: "challenger", version: 2 },
      { alias: "champion", version: 2 },
    ]);
  });

  it("a request opened before a deployment started serving the alias is checked again when it is approved", async () => {
    const { ds, r1, r2 } = await makeTeam();
    await servable(ds, "pa-late");
    createVersion(ds, "pa-late", { signature: XYZ });
    approveAll(
      requestAliasMove(ds, "pa-late", 1, { alias: "champion" }).id,
      r1,
      r2,
    );
    const early = requestAliasMove(ds, "pa-late", 3, { alias: "champion" });
    approveRequest(r1, early.id);
    createDeployment(ds, "pa-late", {
      version: 1,
      environment: "canary",
      target: "stageline",
    });
    expect(() => approveRequest(r2, early.id)).toThrow(
      expect.objectContaining({
        code: "conflict",
        message: expect.stringMatching(/v3's signature is inputs \(x: float32/),
      }),
    );
    expect(getRequest(r2, early.id)).toMatchObject({
      status: "open",
      approvals: 1,
    });
    expect(getModelDetail(ds, "pa-late").aliases).toEqual([
      { alias: "champion", version: 1 },
    ]);
  });

  it("champion following production keeps a served champion's signature too", async () => {
    const { ds, r1, r2, admin } = await makeTeam();
    await servable(ds, "pa-follow");
    createVersion(ds, "pa-follow", { signature: XYZ });
    setPolicy(admin, {
      model: "pa-follow",
      stage: "production",
      required_approvals: 1,
      champion_follows: true,
    });
    approveAll(
      requestTransition(ds, "pa-follow", 1, { to_stage: "production" }).id,
      r1,
    );
    createDeployment(ds, "pa-follow", {
      version: 1,
      environment: "production",
      target: "stageline",
    });
    const other = requestTransition(ds, "pa-follow", 3, {
      to_stage: "production",
    });
    expect(() => approveRequest(r2, other.id)).toThrow(
      expect.objectContaining({
        code: "conflict",
        message: expect.stringMatching(
          /@champion of 'pa-follow' is served by live deployment/,
        ),
      }),
    );
    expect(getVersion(ds, "pa-follow", "3").stage).toBe("none");
    expect(
      approveAll(
        requestTransition(ds, "pa-follow", 2, { to_stage: "production" }).id,
        r1,
      ),
    ).toBe("applied");
    expect(getModelDetail(ds, "pa-follow").aliases).toEqual([
      { alias: "champion", version: 2 },
    ]);
  });

  it("an approved retirement removes a protected alias at sunset", async () => {
    const { ds, r1, r2, admin } = await makeTeam();
    createModel(ds, { name: "pa-retire" });
    createVersion(ds, "pa-retire", {});
    approveAll(
      requestAliasMove(ds, "pa-retire", 1, { alias: "champion" }).id,
      r1,
      r2,
    );
    retireNow(admin, "pa-retire", 1, {
      category: "no_longer_needed",
      reason: "leaked training data",
    });
    expect(getModelDetail(ds, "pa-retire").aliases).toEqual([]);
  });
  it("a version that a protected alias points at cannot be deleted out from under it", async () => {
    const { ds, admin } = await makeTeam();
    createModel(ds, { name: "al-delete" });
    createVersion(ds, "al-delete", {});
    createVersion(ds, "al-delete", {});
    setAlias(SYSTEM_ACTOR, "al-delete", "champion", 1);
    setAlias(ds, "al-delete", "challenger", 2);
    for (const who of [ds, admin])
      expect(() => deleteVersion(who, "al-delete", 1)).toThrow(
        expect.objectContaining({
          code: "conflict",
          message: expect.stringMatching(/protected alias/),
        }),
      );
    expect(
      getModelDetail(ds, "al-delete")
        .aliases.map((a) => a.alias)
        .sort(),
    ).toEqual(["challenger", "champion"]);
    // An unprotected alias goes with its version, as before.
    deleteVersion(ds, "al-delete", 2);
    expect(getModelDetail(ds, "al-delete").aliases.map((a) => a.alias)).toEqual(
      ["champion"],
    );
  });
});
