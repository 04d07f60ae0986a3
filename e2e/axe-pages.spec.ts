import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ROLES } from "../lib/roles";
import { pageAs } from "./accounts";
import { apiAs } from "./api";
import { PAGE_TYPES } from "./page-types";

// Every page type as every role, at a desktop width, through axe: no serious or critical WCAG 2.1
// A/AA violation, on the pages a role may use and on the ones it is refused (their 403 and 404
// pages are pages too). A failure names the page, the rule and the first elements concerned.

for (const role of ROLES) {
  test(`axe finds no serious or critical issue on any page type, as ${role}`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const api = await apiAs("reviewer", baseURL ?? "");
    const { deployments } = (await (
      await api.get("/api/v1/deployments")
    ).json()) as { deployments: { id: number }[] };
    await api.dispose();
    const { context, page } = await pageAs(browser, role);
    const found: string[] = [];
    for (const path of [
      ...PAGE_TYPES,
      `/monitoring/${deployments[0]?.id ?? 1}`,
      "/models/no-such-model-here",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      for (const v of result.violations)
        if (v.impact === "serious" || v.impact === "critical")
          found.push(
            `${path}: ${v.id} (${v.help}) at ${v.nodes
              .slice(0, 2)
              .map((n) => n.target.join(" "))
              .join(", ")}`,
          );
    }
    expect(found).toEqual([]);
    await context.close();
  });
}
