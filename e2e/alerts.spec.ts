import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

const body = {
  inputs: {
    beak_length_mm: [45.2],
    beak_depth_mm: [14.8],
    flipper_length_mm: [212],
    body_mass_g: [5200],
    is_gentoo: [1],
    is_chinstrap: [0],
  },
};

test.use({ storageState: stateFile("data_scientist") });

test("a low latency threshold fires an alert that the owner's bell shows, and it resolves", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const admin = await apiAs("admin", baseURL ?? "");
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const deps = (await (await ds.get("/api/v1/deployments?status=live")).json())
    .deployments as { id: number; model: string; version: number }[];
  const dep = deps.find((d) => d.model === "penguins-sex" && d.version === 3);
  expect(dep).toBeTruthy();
  const rule = await (
    await admin.post("/api/v1/alert-rules", {
      data: {
        name: `latency-${Date.now()}`,
        deployment_id: dep?.id,
        metric: "latency_ms",
        aggregation: "max",
        comparator: ">",
        threshold: 0,
        window_seconds: 60,
        severity: "critical",
      },
    })
  ).json();
  for (let i = 0; i < 5; i++)
    expect(
      (
        await ds.post("/api/v1/serve/penguins-sex/3/predict", { data: body })
      ).status(),
    ).toBe(200);
  const stateOf = async () =>
    (
      (await (await ds.get("/api/v1/alert-rules")).json()).rules as {
        id: number;
        states: { state: string }[];
      }[]
    ).find((r) => r.id === rule.id)?.states[0]?.state;
  await expect.poll(stateOf, { timeout: 20_000 }).toBe("firing");

  await page.goto("/monitoring");
  await expect(page.getByTestId(`alert-rule-${rule.id}`)).toContainText(
    "firing",
  );
  await page.getByTestId("bell").click();
  await expect(page.getByRole("list", { name: "Notifications" })).toContainText(
    `Alert firing: ${rule.name}`,
  );

  expect(
    (
      await admin.patch(`/api/v1/alert-rules/${rule.id}`, {
        data: { threshold: 1e9 },
      })
    ).status(),
  ).toBe(200);
  await expect.poll(stateOf, { timeout: 20_000 }).toBe("resolved");
  await page.reload();
  await expect(page.getByRole("list", { name: "Notifications" })).toContainText(
    `Alert resolved: ${rule.name}`,
  );
  await admin.patch(`/api/v1/alert-rules/${rule.id}`, {
    data: { active: false },
  });
  await admin.dispose();
  await ds.dispose();
});

test("metric ingestion refuses non-finite values and future timestamps; Prometheus exposes the counters", async ({
  baseURL,
  playwright,
}) => {
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const deps = (await (await ds.get("/api/v1/deployments?status=live")).json())
    .deployments as { id: number; model: string }[];
  const id = deps.find((d) => d.model === "cars-mpg")?.id;
  const url = `/api/v1/deployments/${id}/metrics`;
  const nan = await ds.post(url, {
    data: { points: [{ name: "accuracy", value: "NaN" }] },
  });
  expect(nan.status()).toBe(400);
  expect(Object.keys((await nan.json()).error.details.fields)).toEqual([
    "points.0.value",
  ]);
  const future = await ds.post(url, {
    data: {
      points: [
        { name: "accuracy", value: 0.9, timestamp: Date.now() + 86_400_000 },
      ],
    },
  });
  expect(future.status()).toBe(400);
  const ok = await ds.post(url, {
    data: {
      points: [
        { name: "accuracy", value: 0.91 },
        { name: "accuracy", value: 0.93 },
      ],
    },
  });
  expect(ok.status()).toBe(202);
  expect(await ok.json()).toEqual({ accepted: 2 });
  await ds.post("/api/v1/serve/penguins-sex/3/predict", { data: body });
  const prom = await ds.get("/api/metrics");
  expect(prom.status()).toBe(200);
  const text = await prom.text();
  expect(text).toMatch(
    /stageline_predictions_total\{deployment="\d+",model="penguins-sex",version="3"\} \d+/,
  );
  expect(text).toContain("stageline_prediction_latency_seconds_bucket");
  expect(text).toMatch(/stageline_model_versions\{stage="production"\} \d+/);
  const anon = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const anonRes = await anon.get("/api/metrics");
  expect(anonRes.status(), await anonRes.text()).toBe(401);
  await anon.dispose();
  await ds.dispose();
});
