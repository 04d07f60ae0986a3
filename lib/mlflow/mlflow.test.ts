import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { makeUser } from "@/lib/testing/factories";
import { throughListener } from "@/lib/testing/listener";
import { createToken } from "@/lib/tokens/tokens";

type Call = { status: number; body: Record<string, unknown> };

async function client(
  role: "data_scientist" | "reviewer" | "manager" = "data_scientist",
) {
  const actor = await makeUser(role);
  const { token } = createToken(actor, { name: "mlflow" });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    opts: { prefix?: string; auth?: string } = {},
  ): Promise<Call> => {
    // Through the request listener on a socket, as a client of the running server is answered.
    const url = `http://127.0.0.1/${opts.prefix ?? "api"}/2.0/mlflow/${path}`;
    const res = await throughListener(
      new Request(url, {
        method,
        headers: {
          Authorization: opts.auth ?? `Bearer ${token}`,
          "Content-Type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  return { actor, token, call };
}

const auditCount = () =>
  (
    getSqlite().prepare("select count(*) n from audit_events").get() as {
      n: number;
    }
  ).n;

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

  it("tags, aliases, latest versions, deletes with JSON bodies, and the ajax-api prefix", async () => {
    const { call } = await client();
    await call("POST", "registered-models/create", { name: "mlf-alias" });
    for (let i = 0; i < 2; i++)
      await call("POST", "model-versions/create", {
        name: "mlf-alias",
        source: `s3://bucket/m/${i}`,
      });
    expect(
      await call("POST", "registered-models/set-tag", {
        name: "mlf-alias",
        key: "owner",
        value: "ana",
      }),
    ).toEqual({
      status: 200,
      body: {},
    });
    expect(
      await call("DELETE", "registered-models/delete-tag", {
        name: "mlf-alias",
        key: "owner",
      }),
    ).toEqual({ status: 200, body: {} });
    // As in MLflow, deleting a tag or alias that is not there succeeds; an unknown model does not.
    expect(
      await call("DELETE", "registered-models/delete-tag", {
        name: "mlf-alias",
        key: "owner",
      }),
    ).toEqual({ status: 200, body: {} });
    expect(
      (
        await call("DELETE", "registered-models/delete-tag", {
          name: "mlf-nope",
          key: "owner",
        })
      ).status,
    ).toBe(404);
    expect(
      await call("POST", "registered-models/alias", {
        name: "mlf-alias",
        alias: "challenger",
        version: "2",
      }),
    ).toEqual({
      status: 200,
      body: {},
    });
    const byAlias = await call(
      "GET",
      "registered-models/alias?name=mlf-alias&alias=challenger",
    );
    expect(byAlias.body.model_version).toMatchObject({
      version: "2",
      aliases: ["challenger"],
    });
    expect(
      (await call("GET", "registered-models/get?name=mlf-alias")).body
        .registered_model,
    ).toMatchObject({
      aliases: [{ alias: "challenger", version: "2" }],
    });
    expect(
      await call("GET", "registered-models/alias?name=mlf-alias&alias=nope"),
    ).toEqual({
      status: 400,
      body: {
        error_code: "INVALID_PARAMETER_VALUE",
        message: "Registered model alias nope not found.",
      },
    });
    const latest = await call(
      "GET",
      "registered-models/get-latest-versions?name=mlf-alias&stages=none&stages=Production",
    );
    expect(
      (
        latest.body.model_versions as { version: string; aliases?: string[] }[]
      ).map((v) => [v.version, v.aliases]),
    ).toEqual([["2", ["challenger"]]]);
    expect(
      (
        await call(
          "GET",
          "registered-models/get-latest-versions?name=mlf-alias&stages=Sideways",
        )
      ).body.message,
    ).toBe(
      "Invalid Model Version stage: Sideways. Value must be one of None, Staging, Production, Archived.",
    );
    // DELETE parameters from the query string too; deleted numbers are never reused.
    expect(
      await call(
        "DELETE",
        "registered-models/alias?name=mlf-alias&alias=challenger",
      ),
    ).toEqual({ status: 200, body: {} });
    expect(
      await call("DELETE", "model-versions/delete", {
        name: "mlf-alias",
        version: "2",
      }),
    ).toEqual({ status: 200, body: {} });
    expect(
      (
        await call("POST", "model-versions/create", {
          name: "mlf-alias",
          source: "s3://bucket/m/3",
        })
      ).body.model_version,
    ).toMatchObject({ version: "3" });
    expect(
      (
        await call("GET", "registered-models/get?name=mlf-alias", undefined, {
          prefix: "ajax-api",
        })
      ).body.registered_model,
    ).toMatchObject({ name: "mlf-alias" });
    expect(
      (
        await call(
          "GET",
          "model-versions/get-download-uri?name=mlf-alias&version=1",
        )
      ).body,
    ).toEqual({
      artifact_uri: "s3://bucket/m/0",
    });
    expect(
      (await call("POST", "registered-models/get", { name: "mlf-alias" }))
        .status,
    ).toBe(405);
    expect((await call("GET", "experiments/list")).body.error_code).toBe(
      "ENDPOINT_NOT_FOUND",
    );
  });

  it("transition-stage keeps governance on: it opens (or joins) a request and answers PERMISSION_DENIED until reviewers approve", async () => {
    const { call, actor } = await client();
    await call("POST", "registered-models/create", { name: "mlf-gov" });
    await call("POST", "model-versions/create", {
      name: "mlf-gov",
      source: "s3://bucket/m",
    });
    expect(
      (
        await call("POST", "model-versions/transition-stage", {
          name: "mlf-gov",
          version: "1",
          stage: "staging",
        })
      ).body.message,
    ).toMatch(/archive_existing_versions/);
    expect(
      (
        await call("POST", "model-versions/transition-stage", {
          name: "mlf-gov",
          version: "1",
          stage: "Archived",
          archive_existing_versions: true,
        })
      ).body.message,
    ).toMatch(/not an Active stage/);
    const first = await call("POST", "model-versions/transition-stage", {
      name: "mlf-gov",
      version: "1",
      stage: "staging",
      archive_existing_versions: false,
    });
    expect(first.status).toBe(403);
    expect(first.body.error_code).toBe("PERMISSION_DENIED");
    const id = Number(/request #(\d+)/.exec(first.body.message as string)?.[1]);
    const again = await call("POST", "model-versions/transition-stage", {
      name: "mlf-gov",
      version: "1",
      stage: "Staging",
      archive_existing_versions: false,
    });
    expect(again.body.message).toContain(`request #${id} is open`);
    expect(
      (await call("GET", "model-versions/get?name=mlf-gov&version=1")).body
        .model_version,
    ).toMatchObject({ current_stage: "None" });
    approveRequest(await makeUser("reviewer"), id);
    expect(
      (await call("GET", "model-versions/get?name=mlf-gov&version=1")).body
        .model_version,
    ).toMatchObject({ current_stage: "Staging" });
    // A manager may read but not write; a wrong token is UNAUTHENTICATED; Basic takes e-mail + token.
    const manager = await client("manager");
    expect(
      (
        await manager.call("POST", "registered-models/create", {
          name: "mlf-no",
        })
      ).body.error_code,
    ).toBe("PERMISSION_DENIED");
    expect(
      (
        await call("GET", "registered-models/get?name=mlf-gov", undefined, {
          auth: "Bearer stl_wrong",
        })
      ).status,
    ).toBe(401);
    const { token } = createToken(actor, { name: "basic" });
    const basic = `Basic ${Buffer.from(`${actor.email}:${token}`).toString("base64")}`;
    expect(
      (
        await call("GET", "registered-models/get?name=mlf-gov", undefined, {
          auth: basic,
        })
      ).status,
    ).toBe(200);
    const wrong = `Basic ${Buffer.from(`${actor.email}:not-the-password`).toString("base64")}`;
    expect(
      (
        await call("GET", "registered-models/get?name=mlf-gov", undefined, {
          auth: wrong,
        })
      ).body.error_code,
    ).toBe("UNAUTHENTICATED");
  });

  it("Databricks' transition-request and comment endpoints map onto Stageline's requests and comments", async () => {
    const { call } = await client();
    const reviewer = await client("reviewer");
    await call("POST", "registered-models/create", { name: "mlf-dbx" });
    await call("POST", "model-versions/create", {
      name: "mlf-dbx",
      source: "s3://bucket/m",
    });
    const created = await call("POST", "transition-requests/create", {
      name: "mlf-dbx",
      version: "1",
      stage: "Staging",
      comment: "please",
    });
    expect(created.body.request).toMatchObject({
      to_stage: "Staging",
      comment: "please",
    });
    expect(
      (await call("GET", "transition-requests/list?name=mlf-dbx&version=1"))
        .body.requests,
    ).toHaveLength(1);
    expect(
      (
        await call("POST", "transition-requests/approve", {
          name: "mlf-dbx",
          version: "1",
          stage: "Staging",
        })
      ).body.error_code,
    ).toBe("PERMISSION_DENIED");
    const approved = await reviewer.call(
      "POST",
      "transition-requests/approve",
      {
        name: "mlf-dbx",
        version: "1",
        stage: "Staging",
        archive_existing_versions: false,
        comment: "ok",
      },
    );
    expect(approved.body.activity).toMatchObject({
      activity_type: "APPLIED_TRANSITION",
      from_stage: "None",
      to_stage: "Staging",
    });
    expect(
      (await call("GET", "model-versions/get?name=mlf-dbx&version=1")).body
        .model_version,
    ).toMatchObject({ current_stage: "Staging" });
    expect(
      await call("GET", "transition-requests/list?name=mlf-dbx&version=1"),
    ).toEqual({ status: 200, body: {} });
    const comment = await call("POST", "comments/create", {
      name: "mlf-dbx",
      version: "1",
      comment: "Looks good",
    });
    const id = (comment.body.comment as { id: string }).id;
    expect(
      (
        await call("PATCH", "comments/update", {
          id,
          comment: "Looks very good",
        })
      ).status,
    ).toBe(200);
    expect(await call("DELETE", "comments/delete", { id })).toEqual({
      status: 200,
      body: {},
    });
  });
});
