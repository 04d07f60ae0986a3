import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";

// A metric reads the same wherever it appears: the compare page, the version page's metrics and
// its name. (The compare page used to show six decimals and raw keys where the version page showed
// four and names.)

test.use({ storageState: stateFile("reviewer") });

test("a reviewer reads v3's ROC AUC with the same name and the same four decimals on the version and compare pages", async ({
  page,
}) => {
  await page.goto("/models/penguins-sex/versions/3");
  const metrics = page
    .getByRole("region", { name: "Evaluation" })
    .getByRole("table", { name: "Metrics" });
  const onVersion = metrics
    .getByRole("row", { name: /^ROC AUC/ })
    .getByRole("cell")
    .nth(1);
  await expect(onVersion).toHaveText(/^\d\.\d{4}$/);
  const value = (await onVersion.textContent()) ?? "";

  await page.goto("/models/penguins-sex/compare?versions=2,3");
  const row = page
    .getByRole("table", { name: "Version comparison" })
    .getByRole("row", { name: /^ROC AUC \(auc\)/ });
  await expect(row).toContainText(value);
  for (const cell of await row.getByRole("cell").all()) {
    const text = (await cell.textContent()) ?? "";
    const number = /\d+\.\d+/.exec(text)?.[0];
    if (number) expect(number, text).toMatch(/^\d\.\d{4}$/);
  }
});
