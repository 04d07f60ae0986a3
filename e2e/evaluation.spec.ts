import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

test.describe("reviewer reading the evidence", () => {
  test.use({ storageState: stateFile("reviewer") });

  test("sees the ROC curve and confusion matrix of a version and reads the AUC in the table view", async ({
    page,
    baseURL,
  }) => {
    const api = await apiAs("reviewer", baseURL ?? "");
    const auc = (
      await (await api.get("/api/v1/models/penguins-sex/versions/3")).json()
    ).metrics.auc as number;
    await api.dispose();
    await page.goto("/models/penguins-sex/versions/3");
    const roc = page.getByRole("region", { name: "ROC curve" });
    await expect(roc.locator(".recharts-line")).toBeVisible();
    // The legend gives the AUC as the metrics table does: four decimals.
    await expect(roc).toContainText(`AUC ${auc.toFixed(4)}`);
    const confusion = page.getByRole("region", { name: "Confusion matrix" });
    await expect(
      confusion.getByRole("table", { name: "Confusion matrix heat map" }),
    ).toContainText("female");
    await roc.getByRole("button", { name: "Show table" }).click();
    await expect(roc.getByRole("table", { name: "ROC curve" })).toBeVisible();
    await expect(
      roc.getByRole("button", { name: "Show chart" }),
    ).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("table", { name: "Metrics" })).toContainText(
      auc.toFixed(4),
    );
    await expect(page.getByRole("region", { name: /Fairness/ })).toContainText(
      "species=Gentoo",
    );
  });

  test("reads the permutation importance the server computed by running the version's ONNX model", async ({
    page,
    baseURL,
  }) => {
    const api = await apiAs("reviewer", baseURL ?? "");
    const [evaluation] = (
      await (
        await api.get("/api/v1/models/penguins-sex/versions/3/evaluations")
      ).json()
    ).evaluations;
    await api.dispose();
    const top = evaluation.importance[0];
    expect(top.method).toBe("permutation");
    await page.goto("/models/penguins-sex/versions/3");
    const chart = page.getByRole("region", {
      name: /Feature importance: permutation \(AUC drop/,
    });
    await chart.getByRole("button", { name: "Show table" }).click();
    const firstRow = chart.getByRole("table").getByRole("row").nth(1);
    await expect(firstRow).toContainText(top.feature);
    await expect(firstRow).toContainText(top.std.toFixed(4));
  });

  test("compares three versions and narrows the table to the differences", async ({
    page,
  }) => {
    await page.goto("/models/cars-mpg/compare?versions=1,2,3");
    const table = page.getByRole("table", { name: "Version comparison" });
    await expect(table.getByRole("row", { name: /split_seed/ })).toBeVisible();
    // Metrics read by name, with the key MLflow code logs them by.
    await expect(
      table.getByRole("row", { name: /^Root mean squared error \(rmse\)/ }),
    ).toContainText("★ best");
    await page.getByLabel("Differences only").check();
    // Every version used the same split seed, so that row goes; the features differ, so that row stays.
    await expect(table.getByRole("row", { name: /split_seed/ })).toHaveCount(0);
    await expect(table.getByRole("row", { name: /features/ })).toBeVisible();
    await expect(
      page.getByRole("region", { name: /rmse over every version/ }),
    ).toBeVisible();
  });
});

test("bad evaluation payloads get 400/413 naming the field and store nothing", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `eval-bad-${Date.now()}`;
  await api.post("/api/v1/models", { data: { name } });
  await api.post(`/api/v1/models/${name}/versions`, { data: {} });
  const url = `/api/v1/models/${name}/versions/1/evaluations`;
  const cases: [Record<string, unknown> | string, number, string][] = [
    [{ dataset: "d", y_true: [0, 1, 1], y_score: [0.2, 0.8] }, 400, "y_score"],
    [{ dataset: "d", y_true: [0, 1], y_score: [0.2, "NaN"] }, 400, "y_score.1"],
    [
      {
        dataset: "d",
        y_true: ["a", "b"],
        y_pred: ["a", "zebra"],
        labels: ["a", "b"],
      },
      400,
      "y_pred",
    ],
    [{ y_true: [0, 1], y_score: [0.2, 0.8] }, 400, "dataset"],
  ];
  for (const [body, status, field] of cases) {
    const res = await api.post(url, { data: body });
    expect(res.status(), JSON.stringify(body)).toBe(status);
    expect(Object.keys((await res.json()).error.details.fields)).toContain(
      field,
    );
  }
  const huge = `{"dataset":"d","y_true":[${"0,".repeat(10_000_000 - 1)}0],"y_pred":[]}`;
  const tooMany = await api.post(url, {
    data: huge,
    headers: { "Content-Type": "application/json" },
  });
  expect(tooMany.status()).toBe(413);
  expect((await (await api.get(url)).json()).evaluations).toEqual([]);
  await api.dispose();
});
