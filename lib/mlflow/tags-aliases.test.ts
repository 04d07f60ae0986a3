import { describe, expect, it } from "vitest";
import { mlflowClient as client } from "./test-client";

describe("MLflow registry API: tags and aliases", () => {
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
});
