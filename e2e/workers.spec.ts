import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

test.use({ storageState: stateFile("data_scientist") });

test("a large evaluation shows its progress on the version page and then its charts, while the server keeps answering", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `workers-${Date.now()}`;
  expect(
    (
      await api.post("/api/v1/models", {
        data: { name, task: "classification" },
      })
    ).status(),
  ).toBe(201);
  expect(
    (await api.post(`/api/v1/models/${name}/versions`, { data: {} })).status(),
  ).toBe(201);
  const n = 400_000;
  const y_true = Array.from({ length: n }, (_, i) => i % 2);
  const y_score = Array.from(
    { length: n },
    (_, i) => (((i * 7919) % 1000) / 1000 + (i % 2) * 0.3) / 1.3,
  );
  await page.goto(`/models/${name}/versions/1`);
  const posted = api.post(`/api/v1/models/${name}/versions/1/evaluations`, {
    data: { dataset: "big-holdout", y_true, y_score },
    timeout: 110_000,
  });
  const jobs = page.getByTestId("evaluation-jobs");
  // The page polls the job's state: it appears without a reload, and ends as done.
  await expect(jobs.getByText("big-holdout")).toBeVisible({ timeout: 60_000 });
  // Cheap requests keep being answered while the rows are computed in a worker thread.
  for (let i = 0; i < 5; i++)
    expect((await api.get("/api/health")).status()).toBe(200);
  const res = await posted;
  expect(res.status()).toBe(201);
  const evaluation = await res.json();
  await expect(jobs.locator('li[data-status="done"]')).toContainText(
    `evaluation #${evaluation.id} (400,000 rows)`,
    { timeout: 15_000 },
  );
  // The finished job refreshes the page: its charts are there.
  await expect(page.getByText(/Charts of big-holdout/)).toBeVisible({
    timeout: 15_000,
  });
  // A refused one is shown as failed, with the API's message.
  const bad = await api.post(`/api/v1/models/${name}/versions/1/evaluations`, {
    data: { dataset: "short", y_true: [0, 1, 1], y_score: [0.2, 0.4] },
  });
  expect(bad.status()).toBe(400);
  await page.reload();
  await expect(
    page.getByTestId("evaluation-jobs").locator('li[data-status="failed"]'),
  ).toContainText("y_score has 2 values but y_true has 3");
  await api.dispose();
});
