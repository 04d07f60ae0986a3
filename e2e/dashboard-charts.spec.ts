// The dashboard's and the evaluation's charts as a manager reads them: each production model's
// live quality on its own metric's axis, waits written with a unit, an undeployed production model
// amber with its reason, whole-number ticks on counts and versions, feature importance from zero
// and axis titles that are not cut. Each test makes a team of its own, so no other spec moves it.
import { expect, test, type Locator } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

test.use({ storageState: stateFile("manager") });

const enc = encodeURIComponent;

/** The tick texts of one axis of the chart in `card`, once the chart has drawn them. */
async function ticks(card: Locator, axis: "x" | "y"): Promise<string[]> {
  const texts = card.locator(
    `.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`,
  );
  await expect(texts.first()).toBeVisible();
  return (await texts.allTextContents()).map((t) => t.trim());
}

test("a manager's dashboard shows each model's live quality on its own metric, waits with units, an undeployed production model amber with why, and whole-number count axes", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const team = `charts${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const admin = await apiAs("admin", baseURL ?? "");
  const reviewer = await apiAs("reviewer", baseURL ?? "");
  const classifier = `${team}-churn`;
  const regressor = `${team}-price`;
  for (const [name, task, metrics] of [
    [classifier, "classification", { accuracy: 0.89 }],
    [regressor, "regression", { mae: 2.4 }],
  ] as const) {
    expect(
      (
        await ds.post("/api/v1/models", {
          data: { name, task, tags: { team } },
        })
      ).status(),
    ).toBe(201);
    expect(
      (
        await ds.post(`/api/v1/models/${enc(name)}/versions`, {
          data: { metrics },
        })
      ).status(),
    ).toBe(201);
  }
  // A request a reviewer decided (the review wait), then both into production by an admin
  // override (the lead time): in production, and served by nothing.
  const asked = await (
    await ds.post(
      `/api/v1/models/${enc(regressor)}/versions/1/transition-requests`,
      { data: { to_stage: "staging" } },
    )
  ).json();
  expect(
    (
      await reviewer.post(`/api/v1/transition-requests/${asked.id}/reject`, {
        data: { comment: "Not yet: evaluate on the spring data first." },
      })
    ).status(),
  ).toBe(200);
  for (const name of [classifier, regressor])
    expect(
      (
        await admin.post(`/api/v1/models/${enc(name)}/versions/1/override`, {
          data: { to_stage: "production", reason: "e2e: dashboard charts" },
        })
      ).status(),
    ).toBe(201);

  await page.goto(`/?team=${team}`);

  // Live quality: one small chart per model, each naming its own metric; an accuracy and an
  // absolute error never share an axis.
  const live = page.getByRole("region", {
    name: "Production models: live quality against the evaluation",
  });
  const charts = live.getByRole("figure");
  await expect(charts).toHaveCount(2);
  const cls = live.getByRole("figure", { name: new RegExp(classifier) });
  const reg = live.getByRole("figure", { name: new RegExp(regressor) });
  await expect(cls).toContainText("accuracy");
  await expect(cls).not.toContainText("absolute error");
  await expect(cls).toContainText("89%");
  await expect(reg).toContainText("mean absolute error");
  await expect(reg).not.toContainText("accuracy");
  await expect(reg).toContainText("2.4");
  for (const chart of [cls, reg])
    await expect(chart.locator("svg.recharts-surface")).toHaveCount(1);

  // Lead time and review wait: values of well under a day read with their unit, not as 0 days.
  for (const title of [
    "Lead time from registration to production",
    "Time requests wait for review",
  ]) {
    const card = page.getByRole("region", { name: title });
    await expect(card).toContainText(
      /median and p90, (seconds|minutes|hours|days)/,
    );
    await card.getByRole("button", { name: "Show table" }).click();
    const cells = card.getByRole("table").locator("tbody td:not(:first-child)");
    await expect(cells.first()).toBeVisible();
    for (const text of await cells.allTextContents())
      expect(text).toMatch(/^\d+(\.\d+)? (s|min|h|d)$/);
  }

  // The production model nothing serves is amber, and says why on hover (title) and on focus.
  const row = page
    .getByRole("table", { name: "Production models" })
    .getByRole("row", { name: new RegExp(classifier) });
  const health = row.getByTestId("health");
  await expect(health).toHaveText("amber");
  await expect(health).toHaveAttribute("title", /not deployed/);
  await health.focus();
  await expect(health).toBeFocused();
  await expect(health).toHaveAccessibleDescription(/not deployed/);
  await expect(row).toContainText("not deployed");

  // Count axes tick in whole numbers: two versions registered, two models in the team.
  for (const [title, axis] of [
    ["Versions registered per week", "y"],
    ["Models per team", "x"],
  ] as const) {
    const values = await ticks(page.getByRole("region", { name: title }), axis);
    expect(values.length).toBeGreaterThan(1);
    for (const v of values) expect(v, `${title}: ${values}`).toMatch(/^\d+$/);
  }
  for (const api of [ds, admin, reviewer]) await api.dispose();
});

test("a version's feature importance runs from zero, axis titles are whole, and the compare page's version axis has whole versions", async ({
  page,
  baseURL,
}) => {
  const name = `charts-eval-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  expect(
    (
      await ds.post("/api/v1/models", {
        data: { name, task: "classification" },
      })
    ).status(),
  ).toBe(201);
  for (const auc of [0.71, 0.74, 0.78])
    await ds.post(`/api/v1/models/${enc(name)}/versions`, {
      data: { metrics: { auc } },
    });
  // Coefficients that are all negative: the bars must still start at zero.
  const logged = await ds.post(
    `/api/v1/models/${enc(name)}/versions/3/evaluations`,
    {
      data: {
        dataset: "holdout",
        metrics: { auc: 0.78 },
        feature_importance: { tenure: -5, plan_price: -3, support_calls: -1 },
        curves: {
          calibration: [
            { bin: 0, predicted: 0.2, observed: 0.15, count: 40 },
            { bin: 1, predicted: 0.6, observed: 0.65, count: 60 },
          ],
        },
      },
    },
  );
  expect(logged.ok(), await logged.text()).toBe(true);

  await page.goto(`/models/${enc(name)}/versions/3`);
  const importance = page.getByRole("region", {
    name: "Feature importance",
    exact: true,
  });
  const values = (await ticks(importance, "x")).map(Number);
  expect(Math.max(...values)).toBe(0);
  expect(Math.min(...values)).toBeLessThanOrEqual(-5);

  // The axis title is whole text inside its card, not cut by the plot.
  const calibration = page.getByRole("region", { name: "Calibration" });
  const title = calibration.locator('[data-axis-title="top"]');
  await expect(title).toHaveText(/^\W*Observed positive rate$/);
  const [box, card] = [
    await title.boundingBox(),
    await calibration.boundingBox(),
  ];
  expect(box && card).toBeTruthy();
  if (box && card) {
    expect(box.x).toBeGreaterThanOrEqual(card.x);
    expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
  }

  await page.goto(`/models/${enc(name)}/compare?versions=1,2,3`);
  const trend = page.getByRole("region", {
    name: "auc over every version of the model",
  });
  const versions = await ticks(trend, "x");
  expect(versions).toEqual(["1", "2", "3"]);
  await ds.dispose();
});
