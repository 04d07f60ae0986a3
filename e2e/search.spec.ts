import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { account, stateFile } from "./accounts";
import { apiAs } from "./api";

// The shell's one search box, as people reach it: `/` or Ctrl-K from any page, answers grouped as
// models, versions, runs and people, arrow keys and Enter to open one, Escape to go back.

test.use({ storageState: stateFile("data_scientist") });

const box = (page: Page) => page.getByRole("dialog", { name: "Search" });

test("a data scientist presses / on the models list, types 'penguins-sex 3' and Enter opens that version", async ({
  page,
}) => {
  await page.goto("/models");
  await page.keyboard.press("/");
  const combobox = box(page).getByRole("combobox");
  await expect(combobox).toBeFocused();
  await combobox.fill("penguins-sex 3");
  const versions = box(page).getByRole("group", { name: "Versions" });
  await expect(
    versions.getByRole("option", { name: /penguins-sex v3/ }),
  ).toBeVisible();
  await combobox.press("Enter");
  await expect(page).toHaveURL(/\/models\/penguins-sex\/versions\/3$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    "penguins-sex",
  );
  await expect(box(page)).toBeHidden();
});

test("Ctrl-K opens it from the dashboard; arrows choose among models; a person leads to the models they own", async ({
  page,
}) => {
  await page.goto("/");
  await page.keyboard.press("Control+k");
  const combobox = box(page).getByRole("combobox");
  await combobox.fill("penguins");
  const models = box(page).getByRole("group", { name: "Models" });
  await expect(models.getByRole("option").first()).toContainText("penguins");
  const first = await models.getByRole("option").first().textContent();
  await combobox.press("ArrowDown");
  // The second answer is now the active one, and the first no longer is.
  const selected = box(page).locator('[role="option"][aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  await expect(selected).not.toHaveText(first ?? "");

  const reviewer = account("reviewer");
  await combobox.fill(reviewer.name.split(" ")[0] ?? "");
  const people = box(page).getByRole("group", { name: "People" });
  // Name and e-mail; roles are for admins (Settings › Users), not for a colleague's search.
  const person = people.getByRole("option", {
    name: new RegExp(reviewer.name),
  });
  await expect(person).toContainText(`${reviewer.email} · models they own`);
  await expect(person).not.toContainText("Reviewer ·");
  await people.getByRole("option", { name: new RegExp(reviewer.name) }).click();
  await expect(page).toHaveURL(
    new RegExp(`/models\\?owner=${encodeURIComponent(reviewer.email)}`),
  );
});

test("a run id finds the version registered from it", async ({
  page,
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `search-run-${Date.now()}`;
  const runId = randomUUID().replaceAll("-", "");
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  expect(
    (
      await api.post(`/api/v1/models/${name}/versions`, {
        data: { run_id: runId },
      })
    ).status(),
  ).toBe(201);
  await api.dispose();

  await page.goto("/models");
  await page.getByRole("button", { name: "Search" }).click();
  await box(page).getByRole("combobox").fill(runId.slice(0, 12));
  const runs = box(page).getByRole("group", { name: "Runs" });
  await expect(runs.getByRole("option")).toHaveCount(1);
  await expect(runs.getByRole("option")).toContainText(
    `registered as ${name} v1`,
  );
  await runs.getByRole("option").click();
  await expect(page).toHaveURL(new RegExp(`/models/${name}/versions/1$`));
});

test("/ typed in a text field stays a character; Escape closes the box and gives focus back", async ({
  page,
}) => {
  await page.goto("/models");
  const filter = page.getByRole("search").getByLabel("Name");
  await filter.click();
  await page.keyboard.type("a/b");
  await expect(filter).toHaveValue("a/b");
  await expect(box(page)).toBeHidden();

  const button = page.getByRole("button", { name: "Search" });
  await button.click();
  await expect(box(page)).toBeVisible();
  await box(page).getByRole("combobox").fill("zz-nothing-is-called-this");
  await expect(box(page).getByRole("status")).toHaveText(
    "Nothing matches “zz-nothing-is-called-this”.",
  );
  await page.keyboard.press("Escape");
  await expect(box(page)).toBeHidden();
  await expect(button).toBeFocused();
});

test("the open search box has no serious or critical axe violations and fits a 390 px phone", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/models");
  await page.keyboard.press("/");
  await box(page).getByRole("combobox").fill("cars");
  await expect(
    box(page)
      .getByRole("group", { name: "Models" })
      .getByRole("option")
      .first(),
  ).toBeVisible();
  const rect = await box(page).boundingBox();
  expect(rect?.width ?? 999).toBeLessThanOrEqual(390);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = result.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
