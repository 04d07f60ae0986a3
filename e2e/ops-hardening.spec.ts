// Operations hardening on the running production build: webhooks may not target internal addresses,
// webhook URLs are for admins' eyes only, and the demo accounts' published passwords are announced.
import { expect, test } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs } from "./api";

test("webhooks to internal addresses are refused with 400 naming url (the e2e server allows only 127.0.0.1)", async ({
  baseURL,
}) => {
  const admin = await apiAs("admin", baseURL as string);
  // Nothing is sent to these: the check resolves and refuses before any connection.
  for (const url of [
    "http://10.0.0.1/hook",
    "http://127.0.0.2:9/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:9/hook",
    "http://0x7f.0.0.2/hook",
  ]) {
    const res = await admin.post("/api/v1/webhooks", {
      data: { url, events: ["*"] },
    });
    expect(res.status(), url).toBe(400);
    const { error } = (await res.json()) as {
      error: {
        code: string;
        message: string;
        details: { fields: Record<string, string[]> };
      };
    };
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.details.fields)).toEqual(["url"]);
    expect(error.message).toMatch(/^url: .*STAGELINE_WEBHOOK_ALLOW/);
  }
  const listed = (await (await admin.get("/api/v1/webhooks")).json()) as {
    webhooks: { url: string }[];
  };
  expect(listed.webhooks.map((w) => w.url)).not.toContain(
    "http://10.0.0.1/hook",
  );
  await admin.dispose();
});

test("a manager's audit trail and its CSV hide a webhook's URL; the admin's show it", async ({
  browser,
  baseURL,
}) => {
  const nonce = `T0${Date.now()}/B0/s3cr3t`;
  const url = `http://127.0.0.1:9/services/${nonce}`;
  const admin = await apiAs("admin", baseURL as string);
  // An event nothing emits, so the allowed loopback target never gets a delivery.
  const created = await admin.post("/api/v1/webhooks", {
    data: { url, events: ["ops.never"] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await admin.dispose();

  const manager = await pageAs(browser, "manager");
  await manager.page.goto(`/audit?entity_type=webhook&entity_id=${id}`);
  const managerTable = manager.page.getByRole("table", {
    name: "Audit events",
  });
  await expect(managerTable).toContainText("webhook.created");
  await expect(managerTable).toContainText(
    "hidden: only admins see webhook URLs",
  );
  await expect(managerTable).not.toContainText(nonce);
  const csv = await manager.page.request.get(
    `/api/v1/audit?entity_type=webhook&entity_id=${id}&format=csv`,
  );
  expect(csv.status()).toBe(200);
  const csvText = await csv.text();
  expect(csvText).toContain("webhook.created");
  expect(csvText).not.toContain(nonce);
  const json = await manager.page.request.get(
    `/api/v1/audit?entity_type=webhook&entity_id=${id}`,
  );
  expect(await json.text()).not.toContain(nonce);
  await manager.context.close();

  const adminPage = await pageAs(browser, "admin");
  await adminPage.page.goto(`/audit?entity_type=webhook&entity_id=${id}`);
  await expect(
    adminPage.page.getByRole("table", { name: "Audit events" }),
  ).toContainText(nonce);
  await adminPage.context.close();
});

test("every page says the demo accounts are active while they have their published passwords", async ({
  browser,
  page,
}) => {
  // Signed out: the sign-in page.
  await page.goto("/sign-in");
  await expect(page.getByTestId("demo-banner")).toContainText(
    "Demo accounts are active",
  );
  // Signed in, on any page of the app.
  const reviewer = await pageAs(browser, "reviewer");
  for (const path of ["/", "/models", "/audit"]) {
    await reviewer.page.goto(path);
    await expect(reviewer.page.getByTestId("demo-banner"), path).toContainText(
      /Demo accounts are active.*reviewer@stageline\.local/,
    );
  }
  await reviewer.context.close();
});
