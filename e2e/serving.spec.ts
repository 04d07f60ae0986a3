import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";
import { PENGUIN } from "./penguin";

test.use({ storageState: stateFile("manager") });

test("the demo's production classifier serves predictions and a burst shows on its monitoring page", async ({
  page,
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const body = {
    inputs: {
      beak_length_mm: [39.1, 46.5],
      beak_depth_mm: [18.7, 13.5],
      flipper_length_mm: [181, 210],
      body_mass_g: [3750, 4550],
      is_gentoo: [0, 1],
      is_chinstrap: [0, 0],
    },
  };
  const first = await api.post(
    "/api/v1/serve/penguins-sex/production/predict",
    { data: body },
  );
  expect(first.status()).toBe(200);
  const out = await first.json();
  expect(out).toMatchObject({ model: "penguins-sex", version: 3 });
  expect(out.predictions).toHaveLength(2);
  for (const p of out.predictions) {
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  }
  // The same version by alias and by number gives the same answer.
  const byAlias = await (
    await api.post("/api/v1/serve/penguins-sex/champion/predict", {
      data: body,
    })
  ).json();
  expect(byAlias.predictions).toEqual(out.predictions);

  const burst = await Promise.all(
    Array.from({ length: 40 }, () =>
      api.post("/api/v1/serve/penguins-sex/3/predict", { data: body }),
    ),
  );
  expect(burst.every((r) => r.status() === 200)).toBe(true);
  const bad = await api.post("/api/v1/serve/penguins-sex/3/predict", {
    data: { inputs: { beak_length_mm: [1] } },
  });
  expect(bad.status()).toBe(400);
  expect(Object.keys((await bad.json()).error.details.fields)).toEqual([
    "beak_depth_mm",
  ]);
  expect(
    (
      await api.post("/api/v1/serve/penguins-sex/99/predict", { data: body })
    ).status(),
  ).toBe(404);
  expect(
    (
      await api.post("/api/v1/serve/no-such-model/1/predict", { data: body })
    ).status(),
  ).toBe(404);
  await api.dispose();

  await page.goto("/monitoring");
  const row = page.getByRole("row", { name: /penguins-sex v3/ });
  await expect(async () => {
    const n = Number(await row.getByTestId("requests-1h").textContent());
    expect(n).toBeGreaterThanOrEqual(43);
  }).toPass({ timeout: 20_000 });
  await row.getByRole("link", { name: "penguins-sex v3" }).click();
  await expect(
    page.getByRole("region", { name: "Throughput" }).locator(".recharts-line"),
  ).toBeVisible();
  await page.getByRole("link", { name: "24h" }).click();
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByRole("region", { name: "Latency" })).toBeVisible();
  // Inputs are compared with the training reference of v3, feature by feature.
  const drift = page.getByRole("region", { name: "Input drift" });
  await expect(
    drift.getByRole("row", { name: /beak_length_mm numeric/ }),
  ).toContainText("KS D");
  // Species indicators are codes: compared as category shares.
  await expect(
    drift.getByRole("row", { name: /is_gentoo categorical/ }),
  ).toContainText("chi-square");
});

test("the prediction endpoint answers like every API route: headers, JSON errors, auth, limits", async ({
  playwright,
  baseURL,
}) => {
  const api = await apiAs("manager", baseURL ?? "");
  const url = "/api/v1/serve/penguins-sex/production/predict";
  const body = {
    instances: [PENGUIN],
  };
  const ok = await api.post(url, { data: body });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toContain("application/json");
  expect(ok.headers()["x-content-type-options"]).toBe("nosniff");
  expect(ok.headers()["content-security-policy"]).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  expect((await ok.json()).prediction_ids).toHaveLength(1);
  for (const [data, status, field] of [
    ["{", 400, "body"],
    ["[1,2]", 400, "body"],
    ["x".repeat(6 * 1024 * 1024), 413, "body"],
  ] as const) {
    const res = await api.post(url, {
      data,
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status(), data.slice(0, 10)).toBe(status);
    expect(Object.keys((await res.json()).error.details.fields)).toEqual([
      field,
    ]);
  }
  // No credentials, a revoked-looking token, or a cross-site cookie post: refused before any work.
  // (A context made here inherits the file's signed-in storage state unless told otherwise.)
  const anon = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const refused = await anon.post(url, { data: body });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("Bearer");
  expect(
    (
      await anon.post(url, {
        data: body,
        headers: { Authorization: "Bearer stl_nope" },
      })
    ).status(),
  ).toBe(401);
  await anon.dispose();
  const browserLike = await playwright.request.newContext({
    baseURL,
    storageState: stateFile("manager"),
  });
  expect(
    (
      await browserLike.post(url, {
        data: body,
        headers: { Origin: "https://evil.example" },
      })
    ).status(),
  ).toBe(403);
  expect(
    (
      await browserLike.post(url, {
        data: body,
        headers: { Origin: baseURL ?? "" },
      })
    ).status(),
  ).toBe(200);
  await browserLike.dispose();
  await api.dispose();
});
