import { expect, test } from "@playwright/test";
import { ROLES } from "../lib/roles";
import { pageAs } from "./accounts";
import { apiAs, modelWithVersion } from "./api";
import { PAGE_TYPES } from "./page-types";

for (const role of ROLES) {
  test(`at 390 px no page scrolls sideways and no main link is cut, as ${role}`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const api = await apiAs("data_scientist", baseURL ?? "");
    const { deployments } = (await (
      await api.get("/api/v1/deployments")
    ).json()) as { deployments: { id: number }[] };
    // A version with nothing logged yet: its empty states (long API paths in them) must fit too.
    const bare = `narrow-${role}-${Date.now()}`;
    await modelWithVersion(api, bare);
    await api.dispose();
    const deployment = deployments[0]?.id;
    expect(deployment).toBeDefined();
    const { context, page } = await pageAs(browser, role);
    await page.setViewportSize({ width: 390, height: 800 });
    const wide: string[] = [];
    for (const path of [
      ...PAGE_TYPES,
      `/monitoring/${deployment}`,
      `/models/${bare}`,
      `/models/${bare}/versions/1`,
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      // The page's width, and what sticks out past the window outside any scrolling box (named
      // in the failure, so a regression says where it is).
      const { width, culprits } = await page.evaluate(() => {
        const scrolls = (e: Element) => {
          for (let p = e.parentElement; p; p = p.parentElement)
            if (getComputedStyle(p).overflowX !== "visible") return true;
          return false;
        };
        const out = [...document.querySelectorAll("body *")]
          .filter(
            (e) =>
              e.getBoundingClientRect().right > innerWidth + 1 && !scrolls(e),
          )
          .slice(0, 3)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 40)} "${(e.textContent ?? "").slice(0, 30)}"`,
          );
        return {
          width: document.documentElement.scrollWidth,
          culprits: out.join("; "),
        };
      });
      if (width > 390) wide.push(`${path}: ${width} px (${culprits})`);
      // Every link of the main navigation is whole on screen (none cut at the edge).
      for (const link of await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link")
        .all()) {
        const box = await link.boundingBox();
        if (box && box.x + box.width > 390)
          wide.push(`${path}: main link "${await link.innerText()}" cut`);
      }
    }
    expect(wide).toEqual([]);
    await context.close();
  });
}
