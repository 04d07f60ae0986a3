import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs } from "./api";

// The audit trail as an admin reads it: each event's subject by name, linked to its page; what
// happened in a sentence; the recorded fields behind a disclosure; pages of 50 whose URL keeps the
// filters and always shows the same events; the same sentences on the dashboard.

const STAGE_WORDS: Record<string, string> = {
  none: "development",
  staging: "staging",
  production: "production",
  archived: "archived",
  retired: "retired",
};

const rows = (page: Page) => page.getByTestId("audit-row");

/** Serious or critical axe findings on the page as it is now (a diff open). */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
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
const sentences = (page: Page) =>
  rows(page).getByTestId("audit-sentence").allTextContents();

test("a demo promotion reads as a sentence, names its version with a link, and shows its fields when expanded", async ({
  browser,
  baseURL,
}) => {
  // The demo's first promotion, as the REST API records it.
  const api = await apiAs("admin", baseURL ?? "");
  const { events } = (await (
    await api.get("/api/v1/audit?action=transition.applied&limit=1000")
  ).json()) as {
    events: {
      id: number;
      entityId: string;
      before: { model: string; version: number; stage: string };
      after: { stage: string };
    }[];
  };
  await api.dispose();
  const demo = events.at(-1);
  if (!demo) throw new Error("the demo has no applied transition");
  const { model, version } = demo.before;

  const { page, context } = await pageAs(browser, "admin");
  await page.goto(
    `/audit?entity_type=model_version&entity_id=${demo.entityId}&action=transition.applied`,
  );
  const row = rows(page).filter({
    hasText: new RegExp(`event #${demo.id}(?!\\d)`),
  });
  await expect(row.getByTestId("audit-sentence")).toHaveText(
    new RegExp(
      `^moved v${version} from ${STAGE_WORDS[demo.before.stage]} to ${STAGE_WORDS[demo.after.stage]}`,
    ),
  );
  // The raw JSON is not the text of the row until asked for.
  const fields = row.getByRole("table", {
    name: `Fields of event #${demo.id}`,
  });
  await expect(fields).toBeHidden();
  await row.getByText(/fields before and after/).click();
  await expect(fields).toBeVisible();
  await expect(
    fields.getByRole("row", { name: /^stage/ }).getByRole("cell"),
  ).toHaveText([demo.before.stage, demo.after.stage]);

  expect(await axeProblems(page)).toEqual([]);

  // Narrow screens: the expanded fields wrap inside the card, the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(fields).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
  ).toBeLessThanOrEqual(390);
  expect(await axeProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });

  await row
    .getByRole("link", { name: `${model} v${version}`, exact: true })
    .click();
  await expect(page).toHaveURL(
    `/models/${encodeURIComponent(model)}/versions/${version}`,
  );
  await expect(page.getByRole("heading", { level: 1 })).toContainText(model);
  await context.close();
});

test("pages of 50 keep the filters in the URL, and reloading a page shows the same events", async ({
  browser,
  baseURL,
}) => {
  const name = `audit-pages-${Date.now()}`;
  const api = await apiAs("data_scientist", baseURL ?? "");
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  // The model's id, as its creation event names it.
  const { events } = (await (
    await api.get("/api/v1/audit?action=model.created&limit=50")
  ).json()) as { events: { entityId: string; after: { name: string } }[] };
  const id = events.find((e) => e.after.name === name)?.entityId;
  expect(id).toBeTruthy();
  // 55 tag changes and the model's creation: 56 events about this model.
  for (let i = 0; i < 55; i++)
    expect(
      (
        await api.put(`/api/v1/models/${name}/tags/run`, {
          data: { value: String(i) },
        })
      ).status(),
    ).toBe(200);
  await api.dispose();

  const { page, context } = await pageAs(browser, "admin");
  const filter = `entity_type=model&entity_id=${id}`;
  await page.goto(`/audit?${filter}`);
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first().getByTestId("audit-sentence")).toHaveText(
    "set tag run = 54 (was 53)",
  );
  await expect(
    rows(page).first().getByRole("link", { name, exact: true }),
  ).toHaveAttribute("href", `/models/${name}`);
  // The export takes the same filters: all 56 events, nothing else.
  const csvHref = await page
    .getByRole("link", { name: "Export CSV" })
    .getAttribute("href");
  const csv = await page.request.get(csvHref ?? "");
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trim().split("\r\n")).toHaveLength(57);

  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(
    new RegExp(`/audit\\?entity_type=model&entity_id=${id}&before=\\d+$`),
  );
  await expect(rows(page)).toHaveCount(6);
  const second = await sentences(page);
  expect(second.at(0)).toBe("set tag run = 4 (was 3)");
  expect(second.at(-1)).toBe(`created model ${name}`);
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);

  // Newer events do not move an older page: the link shows what it showed.
  const again = await apiAs("data_scientist", baseURL ?? "");
  await again.put(`/api/v1/models/${name}/tags/late`, { data: { value: "1" } });
  await again.dispose();
  await page.reload();
  expect(await sentences(page)).toEqual(second);

  // Previous: the 50 events just newer than this page (the first page as it was), and the first
  // page itself shows the newest.
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first().getByTestId("audit-sentence")).toHaveText(
    "set tag run = 54 (was 53)",
  );
  await page.goto(`/audit?${filter}`);
  await expect(rows(page).first().getByTestId("audit-sentence")).toHaveText(
    "set tag late = 1",
  );
  await context.close();
});

test("the dashboard's recent activity reads the same sentence as the audit trail, linked to the same page", async ({
  browser,
  baseURL,
}) => {
  const name = `audit-dash-${Date.now()}`;
  const api = await apiAs("data_scientist", baseURL ?? "");
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  await api.put(`/api/v1/models/${name}/tags/owner`, {
    data: { value: "dashboard-check" },
  });
  await api.dispose();
  const sentence = "set tag owner = dashboard-check";

  const { page, context } = await pageAs(browser, "admin");
  await page.goto(`/audit?entity_type=model&action=model.tag_set`);
  await expect(
    rows(page).filter({ hasText: name }).getByTestId("audit-sentence"),
  ).toHaveText(sentence);

  await page.goto("/");
  const line = page
    .getByRole("list", { name: "Recent activity" })
    .getByRole("listitem")
    .filter({ hasText: sentence });
  await expect(line).toContainText("scientist@stageline.local");
  await line.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(`/models/${name}`);
  await context.close();
});
