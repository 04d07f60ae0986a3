import path from "node:path";
import { expect, request, test } from "@playwright/test";
import { predict as tsPredict } from "../lib/ml/models";
import { exportOnnx } from "../lib/ml/onnx-export";
import {
  AB_FLIPPED,
  AB_LABELS,
  AB_SIGNATURE,
  abModel,
} from "../lib/testing/ab-model";
import { createUserWithCli, stateFile } from "./accounts";
import { apiAs, artifactsOf } from "./api";

// On the production build: a version's content is frozen once a transition is requested, what
// serves is the file the version names, and other data scientists read a model until its owner
// grants them edit.
const enc = encodeURIComponent;
const approved = abModel(AB_LABELS);
const swapped = abModel(AB_FLIPPED);
const colleague = {
  email: `colleague-${Date.now()}@example.com`,
  password: "colleague-password-1",
  role: "data_scientist" as const,
};

test.beforeAll(() => createUserWithCli(path.resolve(".e2e/data"), colleague));

async function colleagueApi(baseURL: string) {
  const session = await request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const signIn = await session.post("/api/auth/sign-in/email", {
    data: { email: colleague.email, password: colleague.password },
  });
  expect(signIn.status()).toBe(200);
  const { token } = (await (
    await session.post("/api/v1/tokens", { data: { name: "colleague" } })
  ).json()) as { token: string };
  await session.dispose();
  return request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
}

test("a requested version's files, metrics and signature cannot change, and the approved file keeps serving", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `frozen-${Date.now()}`;
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  expect(
    (
      await api.post(`/api/v1/models/${enc(name)}/versions`, {
        data: { signature: AB_SIGNATURE, metrics: { auc: 0.91 } },
      })
    ).status(),
  ).toBe(201);
  const put = (file: string, bytes: Uint8Array) =>
    api.put(`/api/v1/models/${enc(name)}/versions/1/artifacts/${file}`, {
      data: Buffer.from(bytes),
    });
  expect((await put("model.onnx", exportOnnx(approved))).status()).toBe(201);
  expect(
    (
      await api.post(
        `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
        { data: { to_stage: "staging" } },
      )
    ).status(),
  ).toBe(201);

  for (const attempt of [
    await put("model.onnx", exportOnnx(swapped)),
    await put("a.onnx", exportOnnx(swapped)),
  ]) {
    expect(attempt.status()).toBe(409);
    expect((await attempt.json()).error.message).toMatch(
      /register a new version/,
    );
  }
  const metrics = await api.patch(`/api/v1/models/${enc(name)}/versions/1`, {
    data: { metrics: { auc: 0.99 } },
  });
  expect(metrics.status()).toBe(409);
  expect((await metrics.json()).error.details.fields).toHaveProperty("metrics");
  expect(
    (
      await api.patch(`/api/v1/models/${enc(name)}/versions/1`, {
        data: { signature: { inputs: [{ name: "z", type: "float32" }] } },
      })
    ).status(),
  ).toBe(409);
  // Description and tags stay editable.
  expect(
    (
      await api.patch(`/api/v1/models/${enc(name)}/versions/1`, {
        data: { description: "documented after review" },
      })
    ).status(),
  ).toBe(200);

  const v = await (
    await api.get(`/api/v1/models/${enc(name)}/versions/1`)
  ).json();
  expect(v).toMatchObject({
    model_file: "model.onnx",
    content_locked: true,
    metrics: { auc: 0.91 },
  });
  expect(v.content_digest).toMatch(/^[0-9a-f]{64}$/);
  expect((await artifactsOf(api, name, 1)).map((a) => a.path)).toEqual([
    "model.onnx",
  ]);
  const served = await api.post(`/api/v1/serve/${enc(name)}/1/predict`, {
    data: { inputs: { a: [1], b: [2] } },
  });
  expect(served.status()).toBe(200);
  expect((await served.json()).predictions[0]).toBeCloseTo(
    tsPredict(approved, [1, 2]),
    5,
  );
  await api.dispose();
});

test("another data scientist reads a model but changes it only once its owner grants edit in the browser", async ({
  browser,
  baseURL,
}) => {
  const owner = await apiAs("data_scientist", baseURL ?? "");
  const name = `granted-${Date.now()}`;
  expect(
    (await owner.post("/api/v1/models", { data: { name } })).status(),
  ).toBe(201);
  const other = await colleagueApi(baseURL ?? "");
  expect((await other.get(`/api/v1/models/${enc(name)}`)).status()).toBe(200);
  const refused = await other.post(`/api/v1/models/${enc(name)}/versions`, {
    data: {},
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toMatch(/owner/);

  const page = await (
    await browser.newContext({ storageState: stateFile("data_scientist") })
  ).newPage();
  await page.goto(`/models/${enc(name)}`);
  await page.getByLabel("E-mail of a data scientist").fill(colleague.email);
  await page.getByLabel("Access level", { exact: true }).selectOption("edit");
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(
    page.getByRole("list", { name: "Who may change this model" }),
  ).toContainText("edits");

  expect(
    (
      await other.post(`/api/v1/models/${enc(name)}/versions`, { data: {} })
    ).status(),
  ).toBe(201);
  // Edit is not manage: renaming the model stays the owner's.
  expect(
    (
      await other.patch(`/api/v1/models/${enc(name)}`, {
        data: { description: "mine now" },
      })
    ).status(),
  ).toBe(403);
  await owner.dispose();
  await other.dispose();
});
