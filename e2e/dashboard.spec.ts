import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

test.use({ storageState: stateFile("manager") });

const figure = (page: Page, id: string) =>
  page.getByTestId(id).getByTestId("value");

test("a manager's dashboard matches the registry, links to the lists behind it, and keeps its filters in the URL", async ({
  page,
  baseURL,
}) => {
  // It reads every version of the demo's four mobility models through the API before the pages.
  test.setTimeout(60_000);
  // Expected figures for the demo's "mobility" team, computed from the API (no other test changes it).
  const api = await apiAs("manager", baseURL ?? "");
  const models = (
    await (await api.get("/api/v1/models?tag=team%3Dmobility&limit=200")).json()
  ).items as { name: string }[];
  const inProduction = (
    await (
      await api.get("/api/v1/models?tag=team%3Dmobility&stage=production")
    ).json()
  ).total as number;
  const stages: Record<string, number> = {};
  for (const m of models) {
    const versions = (
      await (
        await api.get(
          `/api/v1/models/${encodeURIComponent(m.name)}/versions?limit=200`,
        )
      ).json()
    ).items as { stage: string }[];
    for (const v of versions) stages[v.stage] = (stages[v.stage] ?? 0) + 1;
  }
  // Every open request (other specs open many: the list is paged, newest first).
  const allOpen: { model: string }[] = [];
  for (let before: number | null = null; ;) {
    const page_ = (await (
      await api.get(
        `/api/v1/transition-requests?status=open&limit=200${before ? `&before=${before}` : ""}`,
      )
    ).json()) as {
      requests: { model: string }[];
      next_before: number | null;
    };
    allOpen.push(...page_.requests);
    if (page_.requests.length < 200 || page_.next_before === null) break;
    before = page_.next_before;
  }
  const open = allOpen.filter((r) => models.some((m) => m.name === r.model));
  expect(models.length).toBeGreaterThan(0);

  await page.goto("/?team=mobility");
  await expect(figure(page, "fig-models")).toHaveText(String(models.length));
  await expect(figure(page, "fig-in-production")).toHaveText(
    String(inProduction),
  );
  await expect(figure(page, "fig-versions")).toHaveText(
    String(Object.values(stages).reduce((a, b) => a + b, 0)),
  );
  await expect(
    page.getByTestId("fig-versions").getByTestId("part-production"),
  ).toHaveText(`Production ${stages.production ?? 0}`);
  await expect(
    page.getByTestId("fig-versions").getByTestId("part-staging"),
  ).toHaveText(`Staging ${stages.staging ?? 0}`);
  await expect(figure(page, "fig-open-requests")).toHaveText(
    String(open.length),
  );
  // The manager sees no control that changes anything.
  for (const name of [/approve/i, /reject/i, /delete/i, /register/i, /save/i])
    await expect(page.getByRole("button", { name })).toHaveCount(0);

  // "Models in production" lands on the registry filtered the same way.
  await page.getByTestId("fig-in-production").getByRole("link").click();
  await expect(page).toHaveURL(
    /\/models\?stage=production&tag=team%3Dmobility/,
  );
  await expect(page.getByRole("table")).toContainText("cars-mpg");

  // "Open requests" lands on the list of open requests.
  await page.goto("/?team=mobility");
  await page.getByTestId("fig-open-requests").getByRole("link").click();
  await expect(page).toHaveURL(/\/reviews$/);
  for (const r of open)
    await expect(
      page.getByRole("list", { name: "Open requests" }),
    ).toContainText(r.model);

  // A filter change updates the URL, the figures and the charts.
  await page.goto("/");
  await page
    .getByRole("form", { name: "Dashboard filters" })
    .getByLabel("Team")
    .selectOption("ecology");
  await expect(page).toHaveURL(/team=ecology/);
  const ecology = (
    await (await api.get("/api/v1/models?tag=team%3Decology")).json()
  ).total as number;
  await expect(figure(page, "fig-models")).toHaveText(String(ecology));
  const teams = page.getByRole("region", { name: "Models per team" });
  await teams.getByRole("button", { name: "Show table" }).click();
  await expect(teams.getByRole("table")).toContainText("ecology");
  await expect(teams.getByRole("table")).not.toContainText("mobility");
  await expect(
    page
      .getByRole("region", { name: "Promotions and rollbacks per week" })
      .locator(".recharts-bar-rectangle")
      .first(),
  ).toBeVisible();

  // The portfolio CSV and the printable monthly report follow the same filter.
  const csv = await (
    await api.get("/api/v1/reports/portfolio.csv?team=mobility")
  ).text();
  const lines = csv.trim().split("\r\n");
  expect(lines).toHaveLength(models.length + 1);
  expect(lines[0]).toContain("model,status,task,team,owner,production_version");
  expect(lines[1]).toMatch(/^cars-mpg,active,regression,mobility,/);
  const activeMobility = (
    await (
      await api.get("/api/v1/models?tag=team%3Dmobility&status=active")
    ).json()
  ).total as number;
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/?team=mobility&to=${today}`);
  await page.getByRole("link", { name: "Monthly report" }).click();
  await expect(
    page.getByRole("heading", { name: /Monthly report/ }),
  ).toBeVisible();
  await expect(page).toHaveURL(/team=mobility/);
  await expect(page.getByText(/^Team mobility\./)).toBeVisible();
  await expect(
    page.getByText("Active models", { exact: true }).locator("+ dd"),
  ).toHaveText(String(activeMobility));
  // The demo promoted cars-mpg v3 weeks before today (lib/demo/history.ts): the report of that
  // month, with the same filter, lists it among the month's promotions.
  const admin = await apiAs("admin", baseURL ?? "");
  const applied = (
    (await (
      await admin.get("/api/v1/audit?action=transition.applied&limit=1000")
    ).json()) as {
      events: {
        at: number;
        before: { model: string; version: number };
        after: { stage: string };
      }[];
    }
  ).events;
  await admin.dispose();
  const promoted = applied.find(
    (e) =>
      e.before.model === "cars-mpg" &&
      e.before.version === 3 &&
      e.after.stage === "production",
  );
  expect(promoted).toBeTruthy();
  const report = new URL(page.url());
  report.searchParams.set(
    "month",
    new Date(promoted?.at ?? 0).toISOString().slice(0, 7),
  );
  await page.goto(report.toString());
  await expect(page).toHaveURL(/team=mobility/);
  await expect(
    page
      .getByRole("region", { name: /Promotions/ })
      .or(page.locator("section", { hasText: "Promotions (" }))
      .first(),
  ).toContainText("cars-mpg v3");
  // The month links and the way back keep the team and the dashboard's range.
  const months = page.getByRole("navigation", { name: "Months" });
  await expect(months.getByRole("link", { name: /←/ })).toHaveAttribute(
    "href",
    /team=mobility/,
  );
  await months.getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/[?&]team=mobility(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]to=${today}(&|$)`));
  await expect(
    page.getByRole("form", { name: "Dashboard filters" }).getByLabel("Team"),
  ).toHaveValue("mobility");
  await api.dispose();
});

for (const [role, path] of [
  ["manager", "/"],
  ["manager", "/models"],
  ["manager", "/models/penguins-sex/versions/3"],
  ["reviewer", "/reviews"],
] as const) {
  test.describe(`accessibility as ${role}`, () => {
    test.use({ storageState: stateFile(role) });
    test(`${path} has no serious or critical axe violations`, async ({
      page,
    }) => {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const bad = result.violations.filter(
        (v) => v.impact === "serious" || v.impact === "critical",
      );
      expect(
        bad.map(
          (v) =>
            `${v.id}: ${v.help} (${v.nodes
              .map((n) => n.target.join(" "))
              .slice(0, 3)
              .join(", ")})`,
        ),
      ).toEqual([]);
    });
  });
}
