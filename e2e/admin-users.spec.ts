import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";

test.use({ storageState: stateFile("admin") });

test("an admin creates a user who can then sign in, and deactivating them locks them out", async ({
  page,
  browser,
}) => {
  const email = `new-${Date.now()}@example.com`;
  await page.goto("/settings/users");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Name").fill("Nia New");
  await page.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  // A bad field is named next to the field, and nothing is created.
  await expect(page.locator("#field-password-error")).toContainText(
    "at least 8",
  );
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);

  await page.getByLabel("Initial password").fill("a-good-password");
  await page.getByRole("button", { name: "Create user" }).click();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("Reviewer");
  await expect(row).toContainText("Active");

  const other = await browser.newContext({
    storageState: { cookies: [], origins: [] },
  });
  const newUser = await other.newPage();
  await newUser.goto("/sign-in");
  await newUser.getByLabel("E-mail").fill(email);
  await newUser.getByLabel("Password").fill("a-good-password");
  await newUser.getByRole("button", { name: "Sign in" }).click();
  await expect(newUser.getByTestId("current-role")).toHaveText("Reviewer");

  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Deactivated");
  // Their open session ends at once...
  await newUser.reload();
  await expect(newUser).toHaveURL(/\/sign-in/);
  // ...and they cannot sign in again.
  await newUser.getByLabel("E-mail").fill(email);
  await newUser.getByLabel("Password").fill("a-good-password");
  await newUser.getByRole("button", { name: "Sign in" }).click();
  await expect(newUser.getByTestId("form-error")).toContainText("deactivated");
  await other.close();

  await page.goto("/audit");
  await expect(
    page.getByRole("cell", { name: "user.deactivated" }).first(),
  ).toBeVisible();
});
