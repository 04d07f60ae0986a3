import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createModel } from "@/lib/registry/models";
import { retireNow } from "@/lib/retirement/retirement";
import { createVersion } from "@/lib/registry/versions";
import { deleteVersion } from "@/lib/registry/version-changes";
import { makeRequest, makeUser } from "@/lib/testing/factories";
import { reachedNext, throughListener } from "@/lib/testing/listener";
import { createToken } from "@/lib/tokens/tokens";
import { auditCount } from "./test-client";

// The MLflow API as the request listener answers it (lib/mlflow/direct.ts), before Next: the same
// answers, and the headers next.config.ts used to add to what Next served under /api and /ajax-api.

async function caller() {
  const actor = await makeUser("data_scientist");
  const { token } = createToken(actor, { name: "mlflow-direct" });
  const send = (
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ) =>
    throughListener(
      new Request(`http://x${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
          ...init.headers,
        },
        body: init.body,
      }),
    );
  return { actor, token, send };
}

describe("the MLflow API through the request listener", () => {
  it("is answered before Next under both prefixes, with the API's security headers and no caching", async () => {
    const { send } = await caller();
    const seen = reachedNext.length;
    for (const prefix of ["/api", "/ajax-api"]) {
      const r = await send(
        "GET",
        `${prefix}/2.0/mlflow/registered-models/search?max_results=5`,
      );
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/json");
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
    }
    // A trailing slash is the same endpoint; an unknown one and a wrong method answer in MLflow's shape.
    expect(
      (await send("GET", "/api/2.0/mlflow/registered-models/search/")).status,
    ).toBe(200);
    const unknown = await send("GET", "/api/2.0/mlflow/runs/search");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error_code: string }).error_code).toBe(
      "ENDPOINT_NOT_FOUND",
    );
    const wrongMethod = await send(
      "PUT",
      "/api/2.0/mlflow/registered-models/create",
      { body: "{}" },
    );
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(reachedNext.length).toBe(seen);
  });

  it("refuses without credentials in MLflow's shape, and an oversized body before reading it, changing nothing", async () => {
    const { send } = await caller();
    const anonymous = await throughListener(
      new Request("http://x/api/2.0/mlflow/registered-models/search"),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(
      'Basic realm="stageline", Bearer',
    );
    expect(
      ((await anonymous.json()) as { error_code: string }).error_code,
    ).toBe("UNAUTHENTICATED");
    const before = auditCount();
    const big = await send("POST", "/api/2.0/mlflow/registered-models/create", {
      body: JSON.stringify({
        name: "too-big",
        description: "x".repeat(1024 * 1024),
      }),
    });
    expect(big.status).toBe(400);
    expect(await big.json()).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: expect.stringMatching(/larger than|at most 1048576/),
    });
    expect(auditCount()).toBe(before);
    expect(
      (await send("GET", "/api/2.0/mlflow/registered-models/get?name=too-big"))
        .status,
    ).toBe(404);
  });

  it("ties the audit events of a call to its request id, as the route handler did", async () => {
    const { send } = await caller();
    const r = await send("POST", "/api/2.0/mlflow/registered-models/create", {
      body: JSON.stringify({ name: "mlflow-direct-rid" }),
      headers: { "X-Request-Id": "mlflow-rid-1" },
    });
    expect(r.status).toBe(200);
    const row = getSqlite()
      .prepare(
        "select request_id, via from audit_events where action = 'model.created' order by id desc limit 1",
      )
      .get() as { request_id: string; via: string };
    expect(row.request_id).toBe("mlflow-rid-1");
  });

  it("lists the models that are not prompts for the filter MLflow clients add to every search", async () => {
    const { actor, send } = await caller();
    createModel(actor, { name: "prompt-filter-plain" });
    createModel(actor, {
      name: "prompt-filter-prompt",
      tags: { "mlflow.prompt.is_prompt": "true" },
    });
    createModel(actor, {
      name: "prompt-filter-false",
      tags: { "mlflow.prompt.is_prompt": "false" },
    });
    const search = async (filter: string) => {
      const r = await send(
        "GET",
        `/api/2.0/mlflow/registered-models/search?filter=${encodeURIComponent(filter)}&max_results=100`,
      );
      expect(r.status).toBe(200);
      return (
        ((await r.json()) as { registered_models?: { name: string }[] })
          .registered_models ?? []
      ).map((m) => m.name);
    };
    // As the MLflow 2.22 client sends it (recorded: registry-client.jsonl), alone and after a name clause.
    expect(
      await search(
        "tag.`mlflow.prompt.is_prompt` != 'true' AND name LIKE 'prompt-filter-%'",
      ),
    ).toEqual(["prompt-filter-false", "prompt-filter-plain"]);
    expect(
      await search(
        "name LIKE 'prompt-filter-%' AND tags.`mlflow.prompt.is_prompt` = 'true'",
      ),
    ).toEqual(["prompt-filter-prompt"]);
  });

  it("lists each model's newest live version per MLflow stage, however many versions it has", async () => {
    const { actor, send } = await caller();
    createModel(actor, { name: "latest-many" });
    for (let i = 0; i < 60; i++)
      createVersion(actor, "latest-many", { source: `s3://b/m/${i}` });
    const [r1, r2] = [await makeUser("reviewer"), await makeUser("reviewer")];
    const at = (version: number) => ({ model: "latest-many", version });
    makeRequest(actor, at(10), "staging", { approvedBy: [r1] });
    makeRequest(actor, at(20), "production", { approvedBy: [r1, r2] });
    makeRequest(actor, at(30), "staging", { approvedBy: [r1] });
    makeRequest(actor, at(40), "archived", { approvedBy: [r1] });
    // Retired shows as Archived.
    retireNow(await makeUser("admin"), "latest-many", 41, {
      reason: "retired to test the MLflow stages",
    });
    makeRequest(actor, at(5), "archived", { approvedBy: [r1] });
    deleteVersion(actor, "latest-many", 60);
    const r = await send(
      "GET",
      `/api/2.0/mlflow/registered-models/search?filter=${encodeURIComponent("name = 'latest-many'")}`,
    );
    const [model] = (
      (await r.json()) as {
        registered_models: {
          latest_versions: { version: string; current_stage: string }[];
        }[];
      }
    ).registered_models;
    expect(
      model?.latest_versions.map((v) => [v.version, v.current_stage]),
    ).toEqual([
      ["20", "Production"],
      ["30", "Staging"],
      ["41", "Archived"],
      ["59", "None"],
    ]);
    const latest = await send(
      "GET",
      "/api/2.0/mlflow/registered-models/get-latest-versions?name=latest-many&stages=Archived&stages=production",
    );
    expect(
      (
        (await latest.json()) as { model_versions: { version: string }[] }
      ).model_versions.map((v) => v.version),
    ).toEqual(["20", "41"]);
  });

  it("sets a tag to an empty value, as MLflow does (recorded: registry-client.jsonl), and still wants the value", async () => {
    const { actor, send } = await caller();
    createModel(actor, { name: "empty-tag" });
    createVersion(actor, "empty-tag", { source: "s3://b/m" });
    const setModelTag = await send(
      "POST",
      "/api/2.0/mlflow/registered-models/set-tag",
      {
        body: JSON.stringify({ name: "empty-tag", key: "reviewed", value: "" }),
      },
    );
    expect(setModelTag.status).toBe(200);
    const setVersionTag = await send(
      "POST",
      "/api/2.0/mlflow/model-versions/set-tag",
      {
        body: JSON.stringify({
          name: "empty-tag",
          version: "1",
          key: "note",
          value: "",
        }),
      },
    );
    expect(setVersionTag.status).toBe(200);
    const model = (await (
      await send("GET", "/api/2.0/mlflow/registered-models/get?name=empty-tag")
    ).json()) as {
      registered_model: { tags: unknown };
    };
    expect(model.registered_model.tags).toEqual([
      { key: "reviewed", value: "" },
    ]);
    const version = (await (
      await send(
        "GET",
        "/api/2.0/mlflow/model-versions/get?name=empty-tag&version=1",
      )
    ).json()) as {
      model_version: { tags: unknown };
    };
    expect(version.model_version.tags).toEqual([{ key: "note", value: "" }]);
    const noValue = await send(
      "POST",
      "/api/2.0/mlflow/registered-models/set-tag",
      {
        body: JSON.stringify({ name: "empty-tag", key: "reviewed" }),
      },
    );
    expect(await noValue.json()).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: expect.stringContaining("'value'"),
    });
  });
});
