import path from "node:path";
import { expect, test } from "@playwright/test";
import { createUserWithCli, stateFile } from "./accounts";
import { apiAs } from "./api";

// The record on the running server: a sign-in and a sign-out through the browser form land in the
// audit trail an admin reads, the keyed chain (written by the server and, for the account below, by
// the CLI process too) verifies and is anchored, and /api/metrics exposes the chain's head.

const user = {
  email: `audit-e2e-${Date.now()}@test.local`,
  password: "audit-e2e-password-1",
  role: "reviewer" as const,
};

test.beforeAll(() => createUserWithCli(path.resolve(".e2e/data"), user));

test("a browser sign-in and sign-out are audited and shown to an admin, with no secret in them", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.email);
  const cookie =
    (await context.cookies()).find((c) => c.name.endsWith("session_token"))
      ?.value ?? "";
  expect(cookie.length).toBeGreaterThan(10);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();

  const admin = await browser.newContext({ storageState: stateFile("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto(
    `/audit?actor=${encodeURIComponent(user.email)}&action=auth`,
  );
  const rows = adminPage.getByRole("row");
  await expect(rows.filter({ hasText: "auth.sign_in" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "auth.sign_out" })).toHaveCount(1);
  await adminPage.getByRole("link", { name: "Verify chain" }).click();
  await expect(adminPage.getByTestId("verify-result")).toContainText(
    /Chain intact: \d+ events verified with the audit key; head anchored at /,
  );
  await admin.close();

  const api = await apiAs("admin", baseURL ?? "");
  const events = (
    await (
      await api.get(
        `/api/v1/audit?actor=${encodeURIComponent(user.email)}&action=auth`,
      )
    ).json()
  ).events as {
    action: string;
    after: { through?: string };
  }[];
  expect(events.find((e) => e.action === "auth.sign_in")?.after.through).toBe(
    "form",
  );
  const text = JSON.stringify(events);
  expect(text).not.toContain(user.password);
  expect(text).not.toContain(decodeURIComponent(cookie).split(".")[0]);
  await api.dispose();
});

test("/api/metrics exposes the audit chain's head, and verification anchors it", async ({
  baseURL,
}) => {
  const api = await apiAs("admin", baseURL ?? "");
  const verify = await api.get("/api/v1/audit/verify");
  expect(verify.status()).toBe(200);
  const result = (await verify.json()) as {
    ok: boolean;
    count: number;
    head: string;
    anchor: { count: number; head_hash: string };
  };
  expect(result.ok).toBe(true);
  expect(result.anchor).toMatchObject({
    count: result.count,
    head_hash: result.head,
  });
  const text = await (await api.get("/api/metrics")).text();
  const total = Number(/^stageline_audit_events_total (\d+)$/m.exec(text)?.[1]);
  const head =
    /^stageline_audit_head_info\{count="(\d+)",hash="([0-9a-f]{64})"\} 1$/m.exec(
      text,
    );
  expect(head, text.slice(0, 2000)).toBeTruthy();
  // Other specs may write in between: the head only moves forward.
  expect(total).toBeGreaterThanOrEqual(result.count);
  expect(Number(head?.[1])).toBe(total);
  if (total === result.count) expect(head?.[2]).toBe(result.head);
  await api.dispose();
});
