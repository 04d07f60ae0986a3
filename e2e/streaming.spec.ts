import { expect, request, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

// The pages that stream (the version page, the dashboard, a deployment's page) as a user sees
// them: the heading first, then every widget complete in place of its skeleton, none left busy, a
// missing version or deployment still a 404, and the streamed inline scripts under the page's
// nonce. And the loading state a navigation shows, announced as busy until the page arrives.

test.use({ storageState: stateFile("reviewer") });

/** The place holders still waiting for their content. */
const BUSY = '[aria-busy="true"]';

test("a version page shows its heading, then its evaluation, activity, stage history and deployments, all complete", async ({
  page,
}) => {
  await page.goto("/models/penguins-sex/versions/3");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    "penguins-sex",
  );
  await expect(page.getByTestId("content-digest")).toContainText("sha256:");
  const evaluation = page.getByRole("region", { name: "Evaluation" });
  await expect(
    evaluation.getByRole("table", { name: "Metrics" }),
  ).toContainText("auc");
  await expect(
    evaluation
      .getByRole("region", { name: "ROC curve" })
      .locator(".recharts-line"),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  // The demo moved v3 to production: its history names the move, its deployment links to it.
  await expect(page.getByRole("list", { name: "Stage history" })).toContainText(
    "Production",
  );
  await expect(
    page.getByRole("list", { name: "Deployments of this version" }),
  ).toContainText("production");
  await expect(page.locator(BUSY)).toHaveCount(0);
});

test("the dashboard's charts and a deployment's series arrive complete after their pages' headings", async ({
  page,
  baseURL,
}) => {
  await page.goto("/");
  await expect(
    page.getByRole("heading", { level: 1, name: "Dashboard" }),
  ).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Headline figures" }),
  ).toBeVisible();
  await expect(
    page
      .getByRole("region", { name: "Charts" })
      .getByRole("region", { name: "Versions registered per week" }),
  ).toBeVisible();
  await expect(page.locator(BUSY)).toHaveCount(0);

  const api = await apiAs("reviewer", baseURL ?? "");
  const deployments = (
    await (await api.get("/api/v1/deployments?status=live")).json()
  ).deployments as { id: number; model: string; version: number }[];
  await api.dispose();
  const live = deployments.find(
    (d) => d.model === "penguins-sex" && d.version === 3,
  );
  expect(live).toBeTruthy();
  await page.goto(`/monitoring/${live?.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    "penguins-sex v3",
  );
  await expect(page.getByRole("region", { name: "Throughput" })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Input drift", exact: true }),
  ).toBeVisible();
  await expect(page.locator(BUSY)).toHaveCount(0);
});

test("streamed pages keep their 404s and carry the page's nonce on every inline script", async ({
  baseURL,
}) => {
  const reviewer = await request.newContext({
    baseURL,
    storageState: stateFile("reviewer"),
  });
  for (const url of [
    "/models/penguins-sex/versions/999",
    "/models/no-such-model-anywhere/versions/1",
    "/monitoring/999999999",
    "/monitoring/1?range=2y",
  ])
    expect((await reviewer.get(url)).status(), url).toBe(404);
  for (const url of ["/models/penguins-sex/versions/3", "/", "/models"]) {
    const res = await reviewer.get(url);
    expect(res.status(), url).toBe(200);
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(
      res.headers()["content-security-policy"] ?? "",
    )?.[1];
    expect(nonce, url).toBeTruthy();
    const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, url).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, url).toContain(`nonce="${nonce}"`);
  }
  await reviewer.dispose();
});

test("a navigation to the dashboard shows its loading state, announced as busy, until the figures arrive", async ({
  page,
}) => {
  // A slow connection, and no prefetch to lean on: the router's prefetches of the dashboard are
  // refused, so the loading state has to come from the navigation's own streamed answer, whose
  // first bytes carry it. (Holding the navigation's request instead only worked when the prefetch
  // had arrived before the click, which made the check depend on timing.)
  await page.route(
    (url) => url.pathname === "/",
    (route) =>
      route.request().headers()["next-router-prefetch"] === undefined
        ? route.continue()
        : route.abort(),
  );
  await page.goto("/models");
  await page.waitForLoadState("networkidle");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const throughput = (bytesPerSecond: number) =>
    cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: -1,
    });
  await throughput(4_000);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Dashboard" })
    .click();
  const loading = page
    .getByRole("status")
    .filter({ hasText: "Loading dashboard…" });
  await expect(loading).toHaveAttribute("aria-busy", "true");
  await expect(
    page.getByRole("region", { name: "Headline figures" }),
  ).toHaveCount(0);
  await throughput(-1);
  await expect(
    page.getByRole("region", { name: "Headline figures" }),
  ).toBeVisible();
  await expect(page.locator(BUSY)).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);
});
