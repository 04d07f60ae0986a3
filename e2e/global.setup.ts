import { expect, test as setup } from "@playwright/test";
import { ROLES } from "../lib/roles";
import { account, stateFile } from "./accounts";

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const a = account(role);
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill(a.email);
    await page.getByLabel("Password").fill(a.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toContainText(a.email);
    await page.context().storageState({ path: stateFile(role) });
  });
}
