import { describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { makeUser } from "@/lib/testing/factories";
import { createToken } from "@/lib/tokens/tokens";
import { mlflowClient as client } from "./test-client";

describe("MLflow registry API: governance", () => {
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
