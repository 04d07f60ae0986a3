// The lifecycle in browsers and against the server: two reviewers, refusals and gates, racing
// decisions, a signed webhook. Past 300 lines: four whole flows.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs } from "./api";

const enc = encodeURIComponent;

test("a production request approved by two reviewers in their own browsers replaces the old version", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const name = `journey-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  await ds.post("/api/v1/models", { data: { name, task: "classification" } });
  for (const auc of [0.8, 0.9])
    await ds.post(`/api/v1/models/${enc(name)}/versions`, {
      data: { metrics: { auc } },
    });
  const admin = await apiAs("admin", baseURL ?? "");
  // v1 is put in production by an admin override, so v2 has something to replace.
  expect(
    (
      await admin.post(`/api/v1/models/${enc(name)}/versions/1/override`, {
        data: {
          to_stage: "production",
          reason: "initial production version for the e2e journey",
        },
      })
    ).status(),
  ).toBe(201);

  // The data scientist asks for production from the version page.
  const scientist = await pageAs(browser, "data_scientist");
  await scientist.page.goto(`/models/${enc(name)}/versions/2`);
  await scientist.page.getByLabel("Move to").selectOption("production");
  await scientist.page
    .getByLabel("Comment for reviewers")
    .fill("Better AUC on holdout");
  await scientist.page
    .getByRole("button", { name: "Request transition" })
    .click();
  await expect(
    scientist.page.getByRole("list", { name: "Activity" }),
  ).toContainText("Better AUC on holdout");
  await expect(
    scientist.page.getByRole("button", { name: "Approve" }),
  ).toHaveCount(0);

  // Two reviewers approve in their own browser contexts; the inbox updates without a reload.
  const first = await pageAs(browser, "reviewer");
  await first.page.goto("/reviews");
  const card = first.page.getByRole("listitem", {
    name: new RegExp(`${name} v2 to production`),
  });
  await expect(card).toContainText("0/2 approvals");
  await card.getByRole("button", { name: "Approve" }).click();
  await card.getByRole("button", { name: "Confirm approval" }).click();
  await expect(card).toContainText("1/2 approvals");

  const secondState = await (async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto("/sign-in");
    await p.getByLabel("E-mail").fill("reviewer2@stageline.local");
    await p.getByLabel("Password").fill("reviewer2-demo-pass");
    await p.getByRole("button", { name: "Sign in" }).click();
    await expect(p.getByTestId("current-user")).toContainText("reviewer2@");
    return { context: ctx, page: p };
  })();
  await secondState.page.goto("/reviews");
  const card2 = secondState.page.getByRole("listitem", {
    name: new RegExp(`${name} v2 to production`),
  });
  await expect(card2).toContainText("1/2 approvals");
  await card2.getByRole("button", { name: "Approve" }).click();
  await card2.getByRole("button", { name: "Confirm approval" }).click();
  await expect(card2).toHaveCount(0);
  // The first reviewer's inbox drops the request on its own.
  await expect(card).toHaveCount(0, { timeout: 15_000 });

  const v2 = await (
    await ds.get(`/api/v1/models/${enc(name)}/versions/2`)
  ).json();
  const v1 = await (
    await ds.get(`/api/v1/models/${enc(name)}/versions/1`)
  ).json();
  expect([v1.stage, v2.stage]).toEqual(["archived", "production"]);

  // The requester's bell shows the approval.
  await scientist.page.goto("/");
  await expect(scientist.page.getByTestId("bell-count")).toBeVisible();
  await scientist.page.getByTestId("bell").click();
  await expect(
    scientist.page.getByRole("list", { name: "Notifications" }),
  ).toContainText(`${name} v2 is now in Production`);

  // The audit page lists every step.
  await scientist.page.goto(`/audit?action=transition`);
  for (const step of [
    "transition.override",
    "transition.requested",
    "transition.approved",
    "transition.applied",
  ]) {
    await expect(
      scientist.page.getByRole("cell", { name: step, exact: true }).first(),
    ).toBeVisible();
  }
  for (const c of [scientist.context, first.context, secondState.context])
    await c.close();
  await ds.dispose();
  await admin.dispose();
});

test("nobody approves their own request; a data scientist gets 403; a failing gate blocks approval", async ({
  baseURL,
}) => {
  const name = `self-${Date.now()}`;
  const admin = await apiAs("admin", baseURL ?? "");
  await admin.post("/api/v1/models", { data: { name } });
  await admin.post(`/api/v1/models/${enc(name)}/versions`, {
    data: { metrics: { auc: 0.6 } },
  });
  await admin.put("/api/v1/policies", {
    data: {
      model: name,
      stage: "staging",
      required_approvals: 1,
      gates: ["auc >= 0.7"],
    },
  });
  const mine = await (
    await admin.post(
      `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
      { data: { to_stage: "staging" } },
    )
  ).json();
  const self = await admin.post(
    `/api/v1/transition-requests/${mine.id}/approve`,
    { data: {} },
  );
  expect(self.status()).toBe(403);
  expect((await self.json()).error.message).toContain("your own request");
  const ds = await apiAs("data_scientist", baseURL ?? "");
  expect(
    (
      await ds.post(`/api/v1/transition-requests/${mine.id}/approve`, {
        data: {},
      })
    ).status(),
  ).toBe(403);
  const reviewer = await apiAs("reviewer", baseURL ?? "");
  const gated = await reviewer.post(
    `/api/v1/transition-requests/${mine.id}/approve`,
    { data: {} },
  );
  expect(gated.status()).toBe(409);
  expect((await gated.json()).error.message).toContain("'auc >= 0.7' fails");
  const badPolicy = await admin.put("/api/v1/policies", {
    data: { stage: "production", required_approvals: 1, gates: ["auc >> 1"] },
  });
  expect(badPolicy.status()).toBe(400);
  expect(Object.keys((await badPolicy.json()).error.details.fields)).toEqual([
    "gates.0",
  ]);
  for (const c of [admin, ds, reviewer]) await c.dispose();
});

test("racing approvals and cancels against the server resolve to exactly one outcome", async ({
  baseURL,
}) => {
  const name = `race-lc-${Date.now()}`;
  const admin = await apiAs("admin", baseURL ?? "");
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const r1 = await apiAs("reviewer", baseURL ?? "");
  const r2 = await apiAs("admin", baseURL ?? "");
  await ds.post("/api/v1/models", { data: { name } });
  for (let i = 0; i < 4; i++)
    await ds.post(`/api/v1/models/${enc(name)}/versions`, { data: {} });
  await admin.put("/api/v1/policies", {
    data: { model: name, stage: "production", required_approvals: 1 },
  });

  // Two reviewers approve one request at the same moment: one applies it, the other is told it is resolved.
  const req = await (
    await ds.post(
      `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
      { data: { to_stage: "production" } },
    )
  ).json();
  const both = await Promise.all([
    r1.post(`/api/v1/transition-requests/${req.id}/approve`, { data: {} }),
    r2.post(`/api/v1/transition-requests/${req.id}/approve`, { data: {} }),
  ]);
  expect(both.map((r) => r.status()).sort()).toEqual([200, 409]);

  // Approve and cancel race: exactly one wins.
  const req2 = await (
    await ds.post(
      `/api/v1/models/${enc(name)}/versions/2/transition-requests`,
      { data: { to_stage: "staging" } },
    )
  ).json();
  const raced = await Promise.all([
    r1.post(`/api/v1/transition-requests/${req2.id}/approve`, { data: {} }),
    ds.post(`/api/v1/transition-requests/${req2.id}/cancel`, { data: {} }),
  ]);
  expect(raced.map((r) => r.status()).sort()).toEqual([200, 409]);
  const final = await (
    await ds.get(`/api/v1/transition-requests/${req2.id}`)
  ).json();
  expect(["applied", "cancelled"]).toContain(final.status);

  // Two versions promoted to production at once: never two production versions.
  const reqs = await Promise.all(
    [3, 4].map(async (v) =>
      (
        await ds.post(
          `/api/v1/models/${enc(name)}/versions/${v}/transition-requests`,
          { data: { to_stage: "production" } },
        )
      ).json(),
    ),
  );
  await Promise.all(
    reqs.map((r: { id: number }) =>
      r1.post(`/api/v1/transition-requests/${r.id}/approve`, { data: {} }),
    ),
  );
  const versions = (
    await (await ds.get(`/api/v1/models/${enc(name)}/versions`)).json()
  ).items as { stage: string }[];
  expect(versions.filter((v) => v.stage === "production")).toHaveLength(1);
  // Each request was applied at most once.
  const applied = (
    await (
      await admin.get(`/api/v1/audit?action=transition.applied&limit=1000`)
    ).json()
  ).events.filter(
    (e: { before: { model?: string } }) => e.before?.model === name,
  );
  const ids = applied.map(
    (e: { after: { request_id: number } }) => e.after.request_id,
  );
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(
    [
      req.id,
      ...(final.status === "applied" ? [req2.id] : []),
      ...reqs.map((r: { id: number }) => r.id),
    ].sort(),
  );
  for (const c of [admin, ds, r1, r2]) await c.dispose();
});

test("an admin's webhook receives a signed test delivery on a local server", async ({
  browser,
}) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook-${Date.now()}`;
  const { context, page } = await pageAs(browser, "admin");
  await page.goto("/settings/webhooks");
  await page.getByLabel("URL").fill(url);
  await page.getByLabel("Events").fill("*");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("webhook-secret")).toBeVisible();
  const card = page
    .locator("div", { hasText: url })
    .filter({ has: page.getByRole("button", { name: "Send test" }) })
    .last();
  await card.getByRole("button", { name: "Send test" }).click();
  // Other tests' events may arrive too (the hook takes "*"); the test delivery is among them.
  const test_ = () =>
    received.find((r) => r.headers["x-stageline-event"] === "webhook.test");
  await expect.poll(() => Boolean(test_()), { timeout: 15_000 }).toBe(true);
  expect(test_()?.headers["x-stageline-signature"]).toMatch(
    /^sha256=[0-9a-f]{64}$/,
  );
  await page.reload();
  await expect(
    page.getByRole("table", { name: /Deliveries of webhook/ }).last(),
  ).toContainText("delivered");
  await context.close();
  await new Promise<void>((r) => server.close(() => r()));
});
