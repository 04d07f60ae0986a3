import { expect, request, test } from "@playwright/test";
import { account } from "./accounts";
import { apiAs, tokenFor } from "./api";

// The calls the MLflow Python client makes (MLflow 2.x, MlflowClient over REST) for
// register_model + transition_model_version_stage + set_registered_model_alias +
// get_model_version_by_alias, with MLFLOW_TRACKING_USERNAME/PASSWORD sent as HTTP Basic.
test("an MLflow client registers, asks for Staging (approved by a reviewer), sets an alias and reads it back", async ({
  baseURL,
}) => {
  const ds = account("data_scientist");
  const token = await tokenFor("data_scientist", baseURL ?? "");
  const mlflow = await request.newContext({
    baseURL,
    httpCredentials: { username: ds.email, password: token, send: "always" },
  });
  const name = `mlflow-e2e-${Date.now()}`;
  const api = (path: string) => `/api/2.0/mlflow/${path}`;

  // register_model: create the registered model (an existing one is fine), then the version, then poll it.
  const created = await mlflow.post(api("registered-models/create"), {
    data: { name },
  });
  expect(created.status()).toBe(200);
  const again = await mlflow.post(api("registered-models/create"), {
    data: { name },
  });
  expect(again.status()).toBe(400);
  expect(await again.json()).toEqual({
    error_code: "RESOURCE_ALREADY_EXISTS",
    message: `Registered Model (name=${name}) already exists.`,
  });
  const mv = await mlflow.post(api("model-versions/create"), {
    data: { name, source: "runs:/0a1b2c/model", run_id: "0a1b2c" },
  });
  expect(mv.status()).toBe(200);
  expect((await mv.json()).model_version).toMatchObject({
    name,
    version: "1",
    current_stage: "None",
    status: "READY",
    run_id: "0a1b2c",
    description: "",
    run_link: "",
  });
  const polled = await mlflow.get(
    api(`model-versions/get?name=${encodeURIComponent(name)}&version=1`),
  );
  expect((await polled.json()).model_version.status).toBe("READY");

  // transition_model_version_stage: governance holds the move until a reviewer approves it.
  const move = {
    name,
    version: "1",
    stage: "Staging",
    archive_existing_versions: false,
  };
  const held = await mlflow.post(api("model-versions/transition-stage"), {
    data: move,
  });
  expect(held.status()).toBe(403);
  const heldBody = await held.json();
  expect(heldBody.error_code).toBe("PERMISSION_DENIED");
  const requestId = Number(/request #(\d+)/.exec(heldBody.message)?.[1]);
  const reviewer = await apiAs("reviewer", baseURL ?? "");
  expect(
    (
      await reviewer.post(`/api/v1/transition-requests/${requestId}/approve`, {
        data: {},
      })
    ).status(),
  ).toBe(200);
  const moved = await mlflow.post(api("model-versions/transition-stage"), {
    data: move,
  });
  expect(moved.status()).toBe(200);
  expect((await moved.json()).model_version.current_stage).toBe("Staging");

  // set_registered_model_alias + get_model_version_by_alias.
  const alias = await mlflow.post(api("registered-models/alias"), {
    data: { name, alias: "challenger", version: "1" },
  });
  expect(alias.status()).toBe(200);
  expect(await alias.json()).toEqual({});
  const byAlias = await mlflow.get(
    api(
      `registered-models/alias?name=${encodeURIComponent(name)}&alias=challenger`,
    ),
  );
  expect((await byAlias.json()).model_version).toMatchObject({
    name,
    version: "1",
    current_stage: "Staging",
    aliases: ["challenger"],
  });
  // champion is protected: like transition-stage, set-alias opens a request and says so.
  const governed = await mlflow.post(api("registered-models/alias"), {
    data: { name, alias: "champion", version: "1" },
  });
  expect(governed.status()).toBe(403);
  expect(await governed.json()).toMatchObject({
    error_code: "PERMISSION_DENIED",
    message: expect.stringMatching(/alias request #\d+ is open/),
  });

  // The same model through the REST API and the audit trail: one record of it all.
  const audit = await (
    await reviewer.get(`/api/v1/audit?action=alias.set&limit=5`)
  ).json();
  expect(JSON.stringify(audit)).toContain("challenger");
  // Wrong credentials are UNAUTHENTICATED in MLflow's shape.
  const stranger = await request.newContext({
    baseURL,
    httpCredentials: {
      username: ds.email,
      password: "wrong-password",
      send: "always",
    },
  });
  const refused = await stranger.get(
    api(`registered-models/get?name=${encodeURIComponent(name)}`),
  );
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error_code).toBe("UNAUTHENTICATED");
  for (const c of [mlflow, reviewer, stranger]) await c.dispose();
});
