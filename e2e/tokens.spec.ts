import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { PENGUIN_INPUTS } from "./penguin";

test.use({ storageState: stateFile("data_scientist") });

test("a token created in Settings authenticates API calls until it is revoked", async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = `pipeline-${Date.now()}`;
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Expires in (days)").fill("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const token =
    (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^stl_/);
  // Shown once, with a button that puts exactly it on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // A client with no cookies at all: only the token speaks for it.
  const api = await playwright.request.newContext({ baseURL });
  const ok = await api.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({
    email: "scientist@stageline.local",
    role: "data_scientist",
    via: "token",
  });

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Revoke token ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText(
    "Revoked",
  );

  const refused = await api.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toContain("revoked");
  await api.dispose();
});

test("malformed Authorization headers get 401 JSON, never a 500", async ({
  playwright,
  baseURL,
}) => {
  const api = await playwright.request.newContext({ baseURL });
  for (const header of [
    "Bearer",
    "Bearer stl_short",
    "Token abc",
    "Bearer a b",
  ]) {
    const res = await api.get("/api/v1/me", {
      headers: { Authorization: header },
    });
    expect(res.status(), header).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  }
  await api.dispose();
});

test("a read-only token reads and predicts but changes nothing", async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = `dashboard-${Date.now()}`;
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Scope").selectOption({ label: "Read only" });
  await page.getByRole("button", { name: "Create token" }).click();
  const token =
    (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText(
    "Read only",
  );

  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  expect((await api.get("/api/v1/models/cars-mpg")).status()).toBe(200);
  const predicted = await api.post(
    "/api/v1/serve/penguins-sex/production/predict",
    {
      data: PENGUIN_INPUTS,
    },
  );
  expect(predicted.status()).toBe(200);
  const refused = await api.post("/api/v1/models", {
    data: { name: `${name}-model` },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain("read-only");
  expect((await api.get(`/api/v1/models/${name}-model`)).status()).toBe(404);
  // Nor can it mint itself a token that could.
  expect(
    (
      await api.post("/api/v1/tokens", {
        data: { name: "escalate", scope: "write" },
      })
    ).status(),
  ).toBe(403);
  await api.dispose();
});
