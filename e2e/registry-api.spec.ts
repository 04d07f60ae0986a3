import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs, artifactsOf } from "./api";

const enc = encodeURIComponent;

test("parallel version creation yields distinct consecutive numbers", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `race/${Date.now()}`;
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api.post(`/api/v1/models/${enc(name)}/versions`, {
        data: { metrics: { i } },
      }),
    ),
  );
  expect(responses.map((r) => r.status())).toEqual(Array(20).fill(201));
  const numbers = (await Promise.all(responses.map((r) => r.json())))
    .map((v: { version: number }) => v.version)
    .sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  await api.dispose();
});

test("refused requests name the field and change nothing", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `refuse-${Date.now()}`;
  await api.post("/api/v1/models", { data: { name, tags: { team: "qa" } } });
  const before = await (await api.get(`/api/v1/models/${enc(name)}`)).json();

  const dup = await api.post("/api/v1/models", { data: { name } });
  expect(dup.status()).toBe(409);
  const badName = await api.post("/api/v1/models", {
    data: { name: "no<good>" },
  });
  expect(badName.status()).toBe(400);
  expect((await badName.json()).error.details.fields).toHaveProperty("name");
  const badJson = await api.post("/api/v1/models", {
    data: "{nope",
    headers: { "Content-Type": "application/json" },
  });
  expect(badJson.status()).toBe(400);
  const badAlias = await api.put(`/api/v1/models/${enc(name)}/aliases/latest`, {
    data: { version: 1 },
  });
  expect([400, 404]).toContain(badAlias.status());
  const badPath = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/a%5C..%5Cb`,
    { data: "x" },
  );
  expect([400, 404]).toContain(badPath.status());
  const badLimit = await api.get("/api/v1/models?limit=100000");
  expect(badLimit.status()).toBe(400);
  expect((await badLimit.json()).error.details.fields).toHaveProperty("limit");
  expect(
    (await api.get(`/api/v1/models/${enc("missing-" + name)}`)).status(),
  ).toBe(404);
  expect(
    (await api.get(`/api/v1/models/${enc(name)}/versions/9`)).status(),
  ).toBe(404);

  const v = await api.post(`/api/v1/models/${enc(name)}/versions`, {
    data: {},
  });
  expect(v.status()).toBe(201);
  const traversal = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/${enc("../../etc/passwd")}`,
    { data: "x" },
  );
  expect(traversal.status()).toBe(400);
  expect((await traversal.json()).error.details.fields).toHaveProperty("path");
  const mismatch = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/a.bin`,
    { data: "hello", headers: { "X-Content-SHA256": "0".repeat(64) } },
  );
  expect(mismatch.status()).toBe(400);
  expect(await artifactsOf(api, name, 1)).toEqual([]);

  const after = await (await api.get(`/api/v1/models/${enc(name)}`)).json();
  expect({ ...after, updated_at: 0, latest_version: null }).toEqual({
    ...before,
    updated_at: 0,
    latest_version: null,
  });
  await api.dispose();
});

test("a manager can read the registry but gets 403 on every change", async ({
  baseURL,
}) => {
  const api = await apiAs("manager", baseURL ?? "");
  expect((await api.get("/api/v1/models?q=cars")).status()).toBe(200);
  const res = await api.post("/api/v1/models", {
    data: { name: `mgr-${Date.now()}` },
  });
  expect(res.status()).toBe(403);
  expect(
    (
      await api.patch("/api/v1/models/cars-mpg", { data: { description: "x" } })
    ).status(),
  ).toBe(403);
  expect(
    (await api.post("/api/v1/models/cars-mpg/versions", { data: {} })).status(),
  ).toBe(403);
  await api.dispose();
});

test("artifact downloads carry the SHA-256 as ETag and Repr-Digest", async ({
  baseURL,
}) => {
  const api = await apiAs("reviewer", baseURL ?? "");
  const list = await (
    await api.get("/api/v1/models/cars-mpg/versions/3/artifacts")
  ).json();
  const model = list.artifacts.find(
    (a: { path: string }) => a.path === "model.json",
  );
  const res = await api.get(
    "/api/v1/models/cars-mpg/versions/3/artifacts/model.json",
  );
  expect(res.status()).toBe(200);
  expect(res.headers()["etag"]).toBe(`"${model.sha256}"`);
  expect(res.headers()["repr-digest"]).toBe(
    `sha-256=:${Buffer.from(model.sha256, "hex").toString("base64")}:`,
  );
  const body = JSON.parse((await res.body()).toString());
  expect(body.kind).toBe("linear");
  await api.dispose();
});

test("the OpenAPI document is served and shown in the app", async ({
  baseURL,
  browser,
}) => {
  const api = await apiAs("reviewer", baseURL ?? "");
  const doc = await (await api.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain(
    "/api/v1/models/{name}/versions/{version}/artifacts/{path}",
  );
  await api.dispose();
  const context = await browser.newContext({
    storageState: stateFile("reviewer"),
  });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("link", { name: "API reference" }).click();
  await page
    .getByText("/api/v1/models/{name}/versions", { exact: true })
    .first()
    .click();
  await expect(
    page.getByText("Register a version (numbers grow by one, never reused)"),
  ).toBeVisible();
  await context.close();
});
