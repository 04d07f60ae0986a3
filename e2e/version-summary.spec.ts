import { expect, test } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs, modelWithVersion } from "./api";

const enc = encodeURIComponent;

test("the version page opens with its summary and the one next step for each role", async ({
  browser,
  baseURL,
}) => {
  // The demo's penguins-sex v3: its key metric (auc) against production, and the data scientist's
  // next step, which jumps to the Lifecycle card beside the evidence.
  const ds = await pageAs(browser, "data_scientist");
  await ds.page.goto("/models/penguins-sex/versions/3");
  const summary = ds.page.getByTestId("version-summary");
  await expect(summary).toContainText("ROC AUC (key metric)");
  // v3 is the demo's production version: nothing to compare it with, and it says so (it used to
  // say "no production version to compare" on the production version itself).
  const reader = await apiAs("reviewer", baseURL ?? "");
  const stage = (
    await (await reader.get("/api/v1/models/penguins-sex/versions/3")).json()
  ).stage as string;
  await reader.dispose();
  await expect(summary).toContainText(
    stage === "production"
      ? "the production version"
      : /(better|worse) than production v\d|same as production/,
  );
  await ds.page.getByRole("link", { name: "Request transition" }).click();
  await expect(ds.page).toHaveURL(/#lifecycle$/);
  await expect(
    ds.page.getByRole("heading", { name: "Lifecycle" }),
  ).toBeInViewport();
  // Metric names read as people say them, with the logged key beside them.
  const metrics = ds.page.getByRole("table", { name: "Metrics" });
  await expect(metrics.getByRole("row", { name: /ROC AUC auc/ })).toBeVisible();

  // A version waiting for review: the reviewer's next step is that request.
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `summary-${Date.now()}`;
  await modelWithVersion(api, name);
  const req = await api.post(
    `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
    { data: { to_stage: "production" } },
  );
  expect(req.status()).toBe(201);
  const { id } = (await req.json()) as { id: number };
  // Its owner is told why there is no Deploy button.
  await ds.page.goto(`/models/${enc(name)}/versions/1`);
  await expect(ds.page.getByTestId("no-deploy-reason")).toContainText(
    "no .onnx file yet",
  );
  await expect(ds.page.getByRole("button", { name: "Deploy" })).toHaveCount(0);

  const reviewer = await pageAs(browser, "reviewer");
  await reviewer.page.goto(`/models/${enc(name)}/versions/1`);
  await expect(reviewer.page.getByTestId("version-summary")).toContainText(
    `Request #${id} to production`,
  );
  await reviewer.page
    .getByRole("link", { name: `Review request #${id}` })
    .click();
  // The inbox opens with that request's card focused, ready for a, r or a click.
  await expect(reviewer.page).toHaveURL(new RegExp(`/reviews#request-${id}$`));
  await expect(reviewer.page.getByTestId(`request-${id}`)).toBeFocused();

  // A manager reads it and is offered no action.
  const manager = await pageAs(browser, "manager");
  await manager.page.goto(`/models/${enc(name)}/versions/1`);
  await expect(manager.page.getByTestId("version-summary")).toContainText(
    `Request #${id} to production`,
  );
  await expect(
    manager.page.getByTestId("version-summary").getByRole("link"),
  ).toHaveCount(0);
  await Promise.all([
    ds.context.close(),
    reviewer.context.close(),
    manager.context.close(),
    api.dispose(),
  ]);
});
