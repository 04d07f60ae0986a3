import { describe, expect, it } from "vitest";
import { auditCount, mlflowClient as client } from "./test-client";

describe("MLflow registry API", () => {
  it("creates, reads and searches registered models and versions with MLflow's shapes and errors", async () => {
    const { call } = await client();
    const created = await call("POST", "registered-models/create", {
      name: "mlf-churn",
      tags: [{ key: "team", value: "risk" }],
      description: "Churn",
      unknown_field: 1,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      registered_model: {
        name: "mlf-churn",
        creation_timestamp: expect.any(Number),
        last_updated_timestamp: expect.any(Number),
        description: "Churn",
        tags: [{ key: "team", value: "risk" }],
      },
    });
    expect(
      await call("POST", "registered-models/create", { name: "mlf-churn" }),
    ).toEqual({
      status: 400,
      body: {
        error_code: "RESOURCE_ALREADY_EXISTS",
        message: "Registered Model (name=mlf-churn) already exists.",
      },
    });
    expect(await call("POST", "registered-models/create", {})).toEqual({
      status: 400,
      body: {
        error_code: "INVALID_PARAMETER_VALUE",
        message:
          "Missing value for required parameter 'name'. See the API docs for more information about request parameters.",
      },
    });
    expect(await call("GET", "registered-models/get?name=nope")).toEqual({
      status: 404,
      body: {
        error_code: "RESOURCE_DOES_NOT_EXIST",
        message: "Registered Model with name=nope not found",
      },
    });
    // A model without tags has no tags key; a search with no hits answers {}.
    await call("POST", "registered-models/create", { name: "mlf-bare" });
    expect(
      (await call("GET", "registered-models/get?name=mlf-bare")).body
        .registered_model,
    ).not.toHaveProperty("tags");
    expect(
      await call("GET", "registered-models/search?filter=name%3D%27zzz%27"),
    ).toEqual({ status: 200, body: {} });

    const v1 = await call("POST", "model-versions/create", {
      name: "mlf-churn",
      source: "s3://bucket/churn/1",
      run_id: "run-1",
    });
    expect(v1.body.model_version).toEqual({
      name: "mlf-churn",
      version: "1",
      creation_timestamp: expect.any(Number),
      last_updated_timestamp: expect.any(Number),
      current_stage: "None",
      description: "",
      source: "s3://bucket/churn/1",
      run_id: "run-1",
      status: "READY",
      run_link: "",
    });
    await call("POST", "model-versions/create", {
      name: "mlf-churn",
      source: "s3://bucket/churn/2",
      tags: [{ key: "k", value: "v" }],
    });
    expect(
      await call("GET", "model-versions/get?name=mlf-churn&version=9"),
    ).toEqual({
      status: 404,
      body: {
        error_code: "RESOURCE_DOES_NOT_EXIST",
        message: "Model Version (name=mlf-churn, version=9) not found",
      },
    });

    // Search: AND-ed clauses, tags, ILIKE; default order for versions; page tokens.
    const found = await call(
      "GET",
      `registered-models/search?filter=${encodeURIComponent("name ILIKE 'MLF-%' AND tags.team = 'risk'")}`,
    );
    expect(
      (
        found.body.registered_models as {
          name: string;
          latest_versions: { version: string; aliases?: unknown }[];
        }[]
      ).map((m) => m.name),
    ).toEqual(["mlf-churn"]);
    expect(
      (
        found.body.registered_models as {
          latest_versions: { version: string }[];
        }[]
      )[0]?.latest_versions.map((v) => v.version),
    ).toEqual(["2"]);
    const page1 = await call(
      "GET",
      `registered-models/search?filter=${encodeURIComponent("name LIKE 'mlf-%'")}&max_results=1`,
    );
    expect(
      (page1.body.registered_models as { name: string }[]).map((m) => m.name),
    ).toEqual(["mlf-bare"]);
    const page2 = await call(
      "GET",
      `registered-models/search?filter=${encodeURIComponent("name LIKE 'mlf-%'")}&max_results=1&page_token=${encodeURIComponent(page1.body.next_page_token as string)}`,
    );
    expect(
      (page2.body.registered_models as { name: string }[]).map((m) => m.name),
    ).toEqual(["mlf-churn"]);
    const versions = await call(
      "GET",
      `model-versions/search?filter=${encodeURIComponent("name = 'mlf-churn' AND version_number >= 1")}`,
    );
    expect(
      (versions.body.model_versions as { version: string }[]).map(
        (v) => v.version,
      ),
    ).toEqual(["2", "1"]);
    expect(
      (
        await call(
          "GET",
          `model-versions/search?filter=${encodeURIComponent("run_id IN ('run-1', 'x')")}`,
        )
      ).body.model_versions,
    ).toHaveLength(1);

    // Bad filters and tokens: INVALID_PARAMETER_VALUE, nothing changed.
    const before = auditCount();
    for (const filter of [
      "name = 'a' OR name = 'b'",
      "colour = 'red'",
      "name = 'a",
      "name = 'x'; DROP TABLE registered_models; --",
      "name = 'a' AND 1=1",
    ]) {
      const r = await call(
        "GET",
        `registered-models/search?filter=${encodeURIComponent(filter)}`,
      );
      expect(r.status, filter).toBe(400);
      expect(r.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    }
    expect(
      (await call("GET", "registered-models/search?page_token=not-a-token"))
        .body.error_code,
    ).toBe("INVALID_PARAMETER_VALUE");
    expect(
      (await call("GET", "registered-models/search?max_results=1001")).body
        .message,
    ).toMatch(/at most 1000/);
    expect(auditCount()).toBe(before);
  });
});
