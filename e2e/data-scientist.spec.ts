import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs, modelWithVersion } from "./api";

// A data scientist's day in the UI: their requests and what became of them, notifications that
// lead to their subject, alert rules on a deployment, external deployments and version tags, each
// with what a reviewer or a manager may not do, and a bad input named by its field.

const enc = encodeURIComponent;

/** Serious or critical axe findings on the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  // The toasts are left out: axe measures them while they fade in, at a contrast they never keep.
  const result = await new AxeBuilder({ page })
    .exclude("[data-sonner-toaster]")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    );
}

/** How far the page is wider than a 390 px phone (0: no sideways scroll). */
async function overflowAt390(page: Page): Promise<number> {
  await page.setViewportSize({ width: 390, height: 844 });
  return page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
}

async function newModel(baseURL: string | undefined, prefix: string) {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `${prefix}-${Date.now()}`;
  await modelWithVersion(api, name);
  return { api, name };
}

test("My requests lists the data scientist's open and decided requests; the notification of a rejection leads to the version", async ({
  browser,
  baseURL,
}) => {
  const { api, name } = await newModel(baseURL, "mine");
  expect(
    (
      await api.post(`/api/v1/models/${enc(name)}/versions`, { data: {} })
    ).status(),
  ).toBe(201);
  const ask = async (version: number, comment: string) => {
    const res = await api.post(
      `/api/v1/models/${enc(name)}/versions/${version}/transition-requests`,
      { data: { to_stage: "production", comment } },
    );
    expect(res.status()).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  const rejected = await ask(1, "first try");
  const open = await ask(2, "calibrated this time");
  const reviewer = await apiAs("reviewer", baseURL ?? "");
  expect(
    (
      await reviewer.post(`/api/v1/transition-requests/${rejected}/reject`, {
        data: { comment: "Needs a calibration plot" },
      })
    ).status(),
  ).toBe(200);

  const ds = await pageAs(browser, "data_scientist");
  await ds.page.goto("/");
  await ds.page.getByRole("link", { name: "My requests" }).click();
  await expect(
    ds.page.getByRole("heading", { level: 1, name: "My requests" }),
  ).toBeVisible();
  const openItem = ds.page
    .getByRole("list", { name: /^Open/ })
    .getByTestId(`my-request-${open}`);
  await expect(openItem).toContainText("pending");
  await expect(openItem).toContainText("calibrated this time");
  const decided = ds.page
    .getByRole("list", { name: "Recent" })
    .getByTestId(`my-request-${rejected}`);
  await expect(decided).toContainText("rejected");
  await expect(decided).toContainText("decided by Riley Reviewer");
  await expect(decided).toContainText("Needs a calibration plot");
  expect(await axeProblems(ds.page)).toEqual([]);
  await decided.getByRole("link", { name: `${name} v1` }).click();
  await expect(ds.page).toHaveURL(
    new RegExp(`/models/${enc(name)}/versions/1$`),
  );

  // The rejection's notification links to the version it is about.
  await ds.page.goto("/notifications");
  await ds.page
    .getByRole("list", { name: "Notifications" })
    .getByRole("link", { name: new RegExp(`${name} v1`) })
    .first()
    .click();
  await expect(ds.page).toHaveURL(
    new RegExp(`/models/${enc(name)}/versions/1$`),
  );

  await ds.page.goto("/requests");
  expect(await overflowAt390(ds.page)).toBe(0);

  // Reviewers open no requests: no entry, and the page is not theirs.
  const rev = await pageAs(browser, "reviewer");
  await rev.page.goto("/");
  await expect(rev.page.getByRole("link", { name: /^Reviews/ })).toBeVisible();
  await expect(rev.page.getByRole("link", { name: "My requests" })).toHaveCount(
    0,
  );
  const res = await rev.page.goto("/requests");
  expect(res?.status()).toBe(403);
});

test("a data scientist creates, edits, silences and unsilences an alert rule on a deployment; a reviewer only reads it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const { api, name } = await newModel(baseURL, "alerted");
  const dep = await api.post(`/api/v1/models/${enc(name)}/deployments`, {
    data: {
      version: 1,
      environment: "staging",
      target: "external",
      endpoint_url: "https://ml.example.com/predict",
      platform: "KServe",
    },
  });
  expect(dep.status()).toBe(201);
  const { id } = (await dep.json()) as { id: number };
  const rulesHere = async () =>
    (
      (await (await api.get("/api/v1/alert-rules")).json()) as {
        rules: {
          id: number;
          deployment_id: number | null;
          threshold: number;
          silenced_until: number | null;
        }[];
      }
    ).rules.filter((r) => r.deployment_id === id);

  const ds = await pageAs(browser, "data_scientist");
  const page = ds.page;
  await page.goto(`/monitoring/${id}`);
  const card = page.locator("#alert-rules");
  await expect(card).toContainText("No rule watches this deployment.");
  await card.getByText("New alert rule").click();
  const form = card.getByRole("form", { name: "Create rule" });
  await form.getByLabel("Name").fill("Slow answers");
  await form.getByLabel("Metric").fill("latency ms!");
  await form.getByLabel("Threshold").fill("250");
  await form.getByRole("button", { name: "Create rule" }).click();
  // The bad metric name is named under its field, the other values stay, and nothing is created.
  await expect(page.locator("#new-rule-metric-error")).toContainText(
    "metric must be a metric name",
  );
  await expect(form.getByLabel("Name")).toHaveValue("Slow answers");
  expect(await rulesHere()).toEqual([]);

  await form.getByLabel("Metric").fill("latency_ms");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(
    page
      .locator("[data-sonner-toast]")
      .filter({ hasText: /created/ })
      .first(),
  ).toBeVisible();
  const list = card.getByRole("list", { name: "Alert rules" });
  await expect(list).toContainText("Slow answers");
  await expect(list).toContainText("p95(latency_ms[300s]) > 250");
  const [rule] = await rulesHere();
  expect(rule).toBeDefined();
  const ruleId = rule?.id ?? 0;
  const row = page.getByTestId(`rule-${ruleId}`);

  await row.getByRole("button", { name: "Edit Slow answers" }).click();
  await row.getByLabel("Threshold").fill("400");
  await row.getByRole("button", { name: "Save rule" }).click();
  await expect(row).toContainText("p95(latency_ms[300s]) > 400");

  await row
    .getByRole("combobox", { name: "Silence Slow answers for" })
    .selectOption("240");
  await row.getByRole("button", { name: /^Silence Slow answers/ }).click();
  await expect(row).toContainText("silenced until");
  const silenced = (await rulesHere())[0]?.silenced_until ?? 0;
  expect(silenced - Date.now()).toBeGreaterThan(3.9 * 3_600_000);
  expect(await axeProblems(page)).toEqual([]);
  expect(await overflowAt390(page)).toBe(0);

  await row.getByRole("button", { name: "Unsilence" }).click();
  await expect(row).not.toContainText("silenced until");
  expect((await rulesHere())[0]?.silenced_until).toBeNull();

  // A reviewer sees the rule and its state, and no control to change it.
  const rev = await pageAs(browser, "reviewer");
  await rev.page.goto(`/monitoring/${id}`);
  const theirs = rev.page.getByTestId(`rule-${ruleId}`);
  await expect(theirs).toContainText("Slow answers");
  await expect(theirs.getByRole("button")).toHaveCount(0);
  await expect(rev.page.getByText("New alert rule")).toHaveCount(0);
});

test("a data scientist records an external deployment with its endpoint and stops it; a reviewer gets no such control", async ({
  browser,
  baseURL,
}) => {
  const { name } = await newModel(baseURL, "external");
  const ds = await pageAs(browser, "data_scientist");
  const page = ds.page;
  await page.goto(`/models/${enc(name)}/versions/1`);
  const card = page
    .getByRole("heading", { name: "Deployments" })
    .locator("xpath=..");
  await expect(card).toContainText("Not deployed.");
  await card.getByText("Record an external deployment").click();
  await card.getByLabel("Endpoint URL").fill("ftp://ml.example.com/churn");
  await card.getByLabel("Platform (optional)").fill("SageMaker");
  await card.getByRole("button", { name: "Record deployment" }).click();
  await expect(page.locator("#external-endpoint-error")).toContainText(
    "endpoint_url must be an http:// or https:// URL",
  );
  await expect(card).toContainText("Not deployed.");

  await card
    .getByLabel("Endpoint URL")
    .fill("https://ml.example.com/churn/predict");
  await card.getByRole("button", { name: "Record deployment" }).click();
  const list = card.getByRole("list", { name: "Deployments of this version" });
  await expect(list).toContainText(
    "SageMaker · https://ml.example.com/churn/predict",
  );
  await expect(list.getByRole("link", { name: "staging" })).toHaveAttribute(
    "href",
    /\/monitoring\/\d+$/,
  );
  expect(await axeProblems(page)).toEqual([]);

  const rev = await pageAs(browser, "reviewer");
  await rev.page.goto(`/models/${enc(name)}/versions/1`);
  await expect(
    rev.page.getByRole("list", { name: "Deployments of this version" }),
  ).toContainText("SageMaker");
  await expect(rev.page.getByText("Record an external deployment")).toHaveCount(
    0,
  );
  await expect(rev.page.getByRole("button", { name: /^Stop the/ })).toHaveCount(
    0,
  );

  page.once("dialog", (d) => void d.accept());
  await list
    .getByRole("button", { name: "Stop the staging deployment" })
    .click();
  await expect(card).toContainText("Not deployed.");
});

test("a data scientist adds, edits and removes a version's tags; a bad key is named and changes nothing; a manager only reads them", async ({
  browser,
  baseURL,
}) => {
  const { api, name } = await newModel(baseURL, "tagged");
  const ds = await pageAs(browser, "data_scientist");
  const page = ds.page;
  await page.goto(`/models/${enc(name)}/versions/1`);
  const tags = page.getByRole("list", { name: "Tags" });

  await page.getByLabel("Tag key").fill("team=fraud");
  await page.getByLabel("Tag value").fill("x");
  await page.getByRole("button", { name: "Set tag" }).click();
  await expect(page.locator("#version-tag-key-error")).toContainText(
    "Tag key may not contain control characters or '='",
  );
  const versionTags = async () =>
    (
      (await (
        await api.get(`/api/v1/models/${enc(name)}/versions/1`)
      ).json()) as { tags: Record<string, string> }
    ).tags;
  expect(await versionTags()).toEqual({});

  await page.getByLabel("Tag key").fill("team");
  await page.getByLabel("Tag value").fill("fraud");
  await page.getByRole("button", { name: "Set tag" }).click();
  await expect(tags).toContainText("team=fraud");
  await expect(page.locator("#version-tag-key-error")).toHaveCount(0);

  await tags.getByRole("button", { name: "Edit tag team" }).click();
  await expect(page.getByLabel("Tag key")).toHaveValue("team");
  await page.getByLabel("Tag value").fill("risk");
  await page.getByRole("button", { name: "Set tag" }).click();
  await expect(tags).toContainText("team=risk");
  expect(await versionTags()).toEqual({ team: "risk" });
  expect(await axeProblems(page)).toEqual([]);

  const manager = await pageAs(browser, "manager");
  await manager.page.goto(`/models/${enc(name)}/versions/1`);
  await expect(manager.page.getByRole("list", { name: "Tags" })).toContainText(
    "team=risk",
  );
  await expect(manager.page.getByLabel("Tag key")).toHaveCount(0);
  await expect(
    manager.page.getByRole("button", { name: "Remove tag team" }),
  ).toHaveCount(0);

  await tags.getByRole("button", { name: "Remove tag team" }).click();
  await expect(tags).not.toContainText("team=");
  expect(await versionTags()).toEqual({});
});
