import { expect, test } from "@playwright/test";
import { ROLES, type Role } from "../lib/roles";
import { account, stateFile } from "./accounts";

const NAV = [
  "Dashboard",
  "Models",
  "Reviews",
  "My requests",
  "Monitoring",
  "Retirements",
  "Audit",
  "Settings",
];
// Data scientists review nothing; reviewers and managers open no requests of their own; the admin
// sees the whole navigation.
const EXPECTED_NAV: Record<Role, string[]> = {
  admin: NAV,
  data_scientist: NAV.filter((item) => item !== "Reviews"),
  reviewer: NAV.filter((item) => item !== "My requests"),
  manager: NAV.filter((item) => item !== "My requests"),
};
const ROLE_LABEL: Record<Role, string> = {
  admin: "Admin",
  data_scientist: "Data scientist",
  reviewer: "Reviewer",
  manager: "Manager",
};

test("signing in shows the shell, and signing out returns to the sign-in page", async ({
  page,
}) => {
  const a = account("data_scientist");
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("E-mail").fill(a.email);
  await page.getByLabel("Password").fill(a.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveText("Data scientist");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(account("manager").email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText(
    "Wrong e-mail or password.",
  );
  await expect(page).toHaveURL(/\/sign-in/);
});

test("repeated failed sign-ins for an account are refused for a while with a clear message", async ({
  page,
}) => {
  const email = `nobody-${Date.now()}@example.com`;
  await page.goto("/sign-in");
  const attempt = async (password: string) => {
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(password);
    // Wait for this submission's answer, not the previous one's identical message.
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === "POST" && r.url().includes("/sign-in"),
      ),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    // React resets the form once the answer is rendered; typing before that would be wiped.
    await expect(page.getByLabel("Password")).toHaveValue("");
  };
  for (let i = 0; i < 10; i++) {
    await attempt(`wrong-${i}`);
    await expect(page.getByTestId("form-error")).toHaveText(
      "Wrong e-mail or password.",
    );
  }
  await attempt("still-wrong");
  await expect(page.getByTestId("form-error")).toContainText(
    "Too many failed sign-ins",
  );
});

for (const role of ROLES) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: stateFile(role) });
    test("the sidebar offers exactly the pages of the role", async ({
      page,
    }) => {
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      // "Reviews" may carry a count of open requests after its name.
      await expect(nav.getByRole("link")).toHaveText(
        EXPECTED_NAV[role].map((label) => new RegExp(`^${label}\\d*$`)),
      );
      await expect(page.getByTestId("current-role")).toHaveText(
        ROLE_LABEL[role],
      );
      await expect(page.getByTestId("current-user")).toContainText(
        account(role).email,
      );
    });
  });
}

test.describe("pages a role may not use", () => {
  test.describe("manager", () => {
    test.use({ storageState: stateFile("manager") });
    test("cannot open Settings › Users and is not offered it", async ({
      page,
    }) => {
      await page.goto("/settings/tokens");
      await expect(
        page.getByRole("navigation", { name: "Settings" }).getByRole("link"),
      ).toHaveText(["API tokens", "Storage"]);
      const response = await page.goto("/settings/users");
      expect(response?.status()).toBe(403);
      await expect(
        page.getByRole("heading", {
          name: "You don't have access to this page",
        }),
      ).toBeVisible();
    });
  });
  test.describe("data scientist", () => {
    test.use({ storageState: stateFile("data_scientist") });
    test("gets the 403 page for the reviews inbox", async ({ page }) => {
      const response = await page.goto("/reviews");
      expect(response?.status()).toBe(403);
    });
  });
});
