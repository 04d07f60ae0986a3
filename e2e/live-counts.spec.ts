import { expect, test, type Page } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs, modelWithVersion } from "./api";

const enc = encodeURIComponent;

/** From here on the page's own polling of the shell's counters never reaches the server: whatever
 *  the badge and the bell show next, the page learned from the user's action or from another list. */
async function stopCounterPolls(page: Page): Promise<void> {
  await page.route("**/api/v1/inbox", (route) => route.abort());
}

test("the Reviews badge follows the inbox list at once, and Mark all as read clears the bell with its answer", async ({
  browser,
  baseURL,
}) => {
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const name = `live-counts-${Date.now()}`;
  await modelWithVersion(ds, name);

  const reviewer = await pageAs(browser, "reviewer");
  const page = reviewer.page;
  await page.goto("/reviews");
  await expect(page.getByRole("heading", { name: "Reviews" })).toBeVisible();
  await stopCounterPolls(page);

  // A new request: the list finds it on its own poll, and the badge shows the list's count.
  const res = await ds.post(
    `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
    { data: { to_stage: "production", comment: "live counts" } },
  );
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: number; status: string };
  await expect(page.getByTestId(`request-${id}`)).toBeVisible();
  const cards = page.locator('li[data-testid^="request-"]');
  await expect
    .poll(async () =>
      Number((await page.getByTestId("reviews-count").textContent()) ?? "0"),
    )
    .toBe(await cards.count());

  // The request notified the reviewers: the bell counts it until "Mark all as read" answers.
  await page.goto("/notifications");
  await stopCounterPolls(page);
  await expect(page.getByTestId("bell-count")).toBeVisible();
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(
    page.getByText("All notifications marked as read"),
  ).toBeVisible();
  await expect(page.getByTestId("bell-count")).toHaveCount(0);
  await expect(
    page.getByRole("button", { name: "Mark all as read" }),
  ).toHaveCount(0);
  await Promise.all([reviewer.context.close(), ds.dispose()]);
});
