// GitHub-flavoured Markdown as a data scientist reads it: the model card's generated tables, task
// lists and strikethrough in comments, a table in a description, and nothing unsafe getting through.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

test.use({ storageState: stateFile("data_scientist") });

const shots = ".e2e/screens";

/** The card section under the heading `title`. */
const section = (page: Page, title: string) =>
  page.locator("[data-card-section]", {
    has: page.getByRole("heading", { level: 2, name: title, exact: true }),
  });

async function noSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
  ).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
}

test("the demo model's card shows Metrics and Quantitative analyses as tables, on screen, at 390 px and printed", async ({
  page,
  baseURL,
}) => {
  // A demo model whose card has per-group figures (a classifier evaluated with groups).
  const api = await apiAs("data_scientist", baseURL ?? "");
  const { items } = (await (
    await api.get("/api/v1/models?tag=demo%3Dtrue&limit=200")
  ).json()) as { items: { name: string }[] };
  let name = "";
  for (const m of items) {
    const card = (await (
      await api.get(`/api/v1/models/${encodeURIComponent(m.name)}/model-card`)
    ).json()) as { sections: { key: string; generated: string | null }[] };
    if (
      card.sections.some(
        (s) => s.key === "quantitative_analyses" && s.generated,
      )
    ) {
      name = m.name;
      break;
    }
  }
  expect(name, "a demo model with an evaluation by group").not.toBe("");
  await api.dispose();

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/models/${encodeURIComponent(name)}/card`);
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  const metrics = section(page, "Metrics").getByRole("table");
  await expect(metrics).toBeVisible();
  await expect(
    metrics.getByRole("columnheader", { name: "metric" }),
  ).toBeVisible();
  await expect(
    metrics.getByRole("columnheader", { name: "value" }),
  ).toBeVisible();
  // A number in its own cell, right-aligned so decimals line up.
  const value = metrics.getByRole("cell", { name: /^-?\d+\.\d{4}$/ }).first();
  await expect(value).toBeVisible();
  await expect(value).toHaveCSS("text-align", "right");
  await expect(section(page, "Metrics")).not.toContainText("| ---");
  const groups = section(page, "Quantitative analyses").getByRole("table");
  await expect(
    groups.getByRole("columnheader", { name: "selection rate" }),
  ).toBeVisible();
  await expect(section(page, "Quantitative analyses")).not.toContainText("|");
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.filter((v) =>
      ["serious", "critical"].includes(v.impact ?? ""),
    ),
  ).toEqual([]);
  await page.screenshot({ path: `${shots}/card-1280.png`, fullPage: true });

  // Printed: a document, without the app's navigation or buttons, the tables whole.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(
    page.getByRole("link", { name: "Export markdown" }),
  ).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(groups).toBeVisible();
  // Ruled cells on paper (on screen only rows are separated).
  await expect(groups.getByRole("cell").first()).toHaveCSS(
    "border-left-width",
    "1px",
  );
  await page.screenshot({ path: `${shots}/card-print.png`, fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // At 390 px the wide table scrolls inside its box, never the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(groups).toBeVisible();
  await noSidewaysScroll(page);
  await page.screenshot({ path: `${shots}/card-390.png`, fullPage: true });
});

test("comments and descriptions render task lists, strikethrough and tables, and never an injected image or javascript: link", async ({
  page,
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `md-${Date.now()}`;
  expect(
    (
      await api.post("/api/v1/models", {
        data: {
          name,
          task: "classification",
          description:
            "Churn model.\n\n| segment | AUC |\n| --- | ---: |\n| new | 0.81 |\n| loyal | 0.88 |",
        },
      })
    ).status(),
  ).toBe(201);
  await api.post(`/api/v1/models/${name}/versions`, { data: {} });
  await api.dispose();
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/models/${name}`);
  await expect(
    page
      .getByRole("table")
      .filter({ hasText: "segment" })
      .getByRole("columnheader", { name: "AUC" }),
  ).toBeVisible();

  await page.goto(`/models/${name}/versions/1`);
  const thread = page.getByRole("list", { name: "Activity" });
  const box = page.getByLabel("Add a comment (markdown)");
  await box.fill(
    "Before promoting:\n\n- [x] done\n- [ ] load test\n\n~~old~~ threshold 0.4, see https://example.org/runs/2026-12-01/penguins-sex-threshold-sweep-with-a-long-name",
  );
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(thread.getByRole("checkbox", { name: "done" })).toBeChecked();
  await expect(
    thread.getByRole("checkbox", { name: "load test" }),
  ).not.toBeChecked();
  await expect(thread.locator("del", { hasText: "old" })).toBeVisible();
  await expect(
    thread.getByRole("link", { name: /^https:\/\/example\.org\/runs\// }),
  ).toHaveAttribute("rel", "noopener noreferrer nofollow");

  await box.fill("<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))");
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(thread).toContainText("<img src=x onerror=alert(1)>");
  await page.reload();
  await expect(thread.getByRole("checkbox", { name: "done" })).toBeChecked();
  await expect(thread.locator("img")).toHaveCount(0);
  await expect(page.locator("a[href^='javascript:' i]")).toHaveCount(0);
  await expect(
    thread.getByRole("link", { name: "x", exact: true }),
  ).toHaveCount(0);
  expect(dialogs).toBe(0);
  await thread.scrollIntoViewIfNeeded();
  await thread.screenshot({ path: `${shots}/comments-1280.png` });

  // At 390 px the thread (a long link included) wraps inside its card.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await thread.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(
    true,
  );
  await thread.screenshot({ path: `${shots}/comments-390.png` });
  await page.goto(`/models/${name}`);
  const table = page.locator("[data-md-table]").first();
  const bounds = await table.boundingBox();
  expect((bounds?.x ?? 0) + (bounds?.width ?? Infinity)).toBeLessThanOrEqual(
    390,
  );
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/description-390.png` });
});
