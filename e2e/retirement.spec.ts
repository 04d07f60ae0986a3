import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs, twoVersionsOfCarsMpg } from "./api";

const enc = encodeURIComponent;
const blobFile = (sha: string) =>
  path.resolve(".e2e/data/blobs", sha.slice(0, 2), sha.slice(2, 4), sha);

test("a deployed version is retired through review: impact, deprecation headers, retire now, 410, read-only, files released", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const name = `retire-e2e-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  // Two versions serving the same ONNX file (one shared blob); v1 also has a file of its own.
  await twoVersionsOfCarsMpg(ds, name);
  const own = await (
    await ds.put(`/api/v1/models/${enc(name)}/versions/1/artifacts/notes.txt`, {
      data: `notes of ${name}`,
    })
  ).json();
  const shared = (
    await (
      await ds.get(`/api/v1/models/${enc(name)}/versions/1/artifacts`)
    ).json()
  ).artifacts.find((a: { path: string }) => a.path === "model.onnx");
  expect(fs.existsSync(blobFile(own.sha256))).toBe(true);
  const dep = await (
    await ds.post(`/api/v1/models/${enc(name)}/deployments`, {
      data: { version: 1, environment: "canary", target: "stageline" },
    })
  ).json();
  expect(
    (
      await ds.put(`/api/v1/models/${enc(name)}/aliases/challenger`, {
        data: { version: 1 },
      })
    ).status(),
  ).toBe(200);
  const predictV1 = () =>
    ds.post(`/api/v1/serve/${enc(name)}/1/predict`, {
      data: { inputs: { horsepower: [130] } },
    });
  expect((await predictV1()).headers()["deprecation"]).toBeUndefined();

  // The data scientist asks, naming the replacement; files are kept 0 days after the sunset.
  const scientist = await pageAs(browser, "data_scientist");
  await scientist.page.goto(`/models/${enc(name)}/versions/1`);
  await scientist.page
    .locator("summary", { hasText: "Request retirement" })
    .click();
  const form = scientist.page.getByRole("form", { name: "Request retirement" });
  await form
    .getByLabel("Reason")
    .fill("v2 replaces it: same model, cheaper to serve");
  await form.getByLabel("Replacement version").fill("2");
  await form.getByLabel(/Retention/).fill("0");
  await form.getByRole("button", { name: "Request retirement" }).click();
  // The request form leaves the page with its success; the toast still says it was sent.
  await expect(
    scientist.page.getByText("Retirement request sent to reviewers"),
  ).toBeVisible();
  const banner = scientist.page
    .getByRole("status")
    .filter({ hasText: "Retirement requested" });
  await expect(banner).toBeVisible();

  // The reviewer sees the impact (deployment, alias, traffic) and approves.
  const reviewer = await pageAs(browser, "reviewer");
  await reviewer.page.goto("/reviews");
  const card = reviewer.page.getByRole("listitem", {
    name: new RegExp(`retire ${name} v1`),
  });
  // One number for the request everywhere: the banner's is the inbox's.
  const requestId = /request #(\d+)/.exec(
    (await banner.textContent()) ?? "",
  )?.[1];
  expect(requestId).toBeTruthy();
  await expect(card).toHaveAttribute("data-testid", `request-${requestId}`);
  const impact = card.getByRole("region", { name: "Impact" });
  await expect(impact).toContainText(`#${dep.id} v1 in canary`);
  await expect(impact).toContainText("challenger → v1");
  await expect(impact).toContainText("Requests in the last 7 days:");
  await expect(card.getByRole("list", { name: "Checklist" })).toContainText(
    `Stop deployment #${dep.id}`,
  );
  await card.getByRole("button", { name: "Approve" }).click();
  await card.getByRole("button", { name: "Confirm approval" }).click();
  await expect(card).toHaveCount(0);
  // The card leaves at once (optimistic); the toast comes with the server's answer.
  await expect(
    reviewer.page.getByText(/is deprecated until its sunset/),
  ).toBeVisible();

  // Deprecated: predictions carry RFC 9745 / RFC 8594 headers and a link to the replacement.
  const served = await predictV1();
  expect(served.status()).toBe(200);
  expect(served.headers()["deprecation"]).toMatch(/^@\d+$/);
  expect(Date.parse(served.headers()["sunset"] ?? "")).toBeGreaterThan(
    Date.now(),
  );
  expect(served.headers()["link"]).toContain(
    `/api/v1/serve/${enc(name)}/2/predict>; rel="successor-version"`,
  );
  await scientist.page.reload();
  await expect(scientist.page.getByTestId("deprecation-banner")).toContainText(
    `${name} v2`,
  );

  // An admin retires it at once: 410 for predictions, the page is read-only, the API refuses changes.
  const admin = await pageAs(browser, "admin");
  await admin.page.goto(`/models/${enc(name)}/versions/1`);
  await admin.page
    .locator("summary", { hasText: "Retire now (admin)" })
    .click();
  await admin.page
    .getByRole("form", { name: "Retire now" })
    .getByLabel(/Reason/)
    .fill("Sunset brought forward for the e2e journey");
  // It names what it stops before anything happens, and asks: dismissed, nothing is retired.
  const warning = new RegExp(
    `stops deployment #${dep.id} \\(v1 in canary\\) and removes the alias @challenger \\(v1\\)`,
  );
  await expect(admin.page.getByTestId("retire-now-warning")).toHaveText(
    warning,
  );
  const asked: string[] = [];
  admin.page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await admin.page.getByRole("button", { name: "Retire now" }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toMatch(warning);
  expect((await predictV1()).status()).toBe(200);
  await expect(admin.page.getByTestId("retired-banner")).toHaveCount(0);
  admin.page.once("dialog", (d) => void d.accept());
  await admin.page.getByRole("button", { name: "Retire now" }).click();
  await expect(
    admin.page.locator("[data-sonner-toast]", { hasText: /^Retired$/ }),
  ).toBeVisible();
  await expect(admin.page.getByTestId("retired-banner")).toBeVisible();
  expect((await predictV1()).status()).toBe(410);
  await scientist.page.reload();
  await expect(scientist.page.getByTestId("retired-banner")).toBeVisible();
  for (const control of ["Request transition", "Request retirement", "Deploy"])
    await expect(
      scientist.page.getByRole("button", { name: control }),
    ).toHaveCount(0);
  const promote = await ds.post(
    `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
    { data: { to_stage: "production" } },
  );
  expect(promote.status()).toBe(409);
  expect((await promote.json()).error.message).toMatch(/retired and read-only/);
  expect(
    (
      await ds.post(`/api/v1/models/${enc(name)}/deployments`, {
        data: { version: 1, environment: "canary2", target: "stageline" },
      })
    ).status(),
  ).toBe(409);
  const deployments = (
    await (await ds.get(`/api/v1/models/${enc(name)}/deployments`)).json()
  ).deployments;
  expect(deployments.find((d: { id: number }) => d.id === dep.id).status).toBe(
    "stopped",
  );

  // Retention 0: the scheduler releases the files within seconds; the shared one stays for v2.
  await expect(async () => {
    const r = (
      await (await ds.get(`/api/v1/retirements?model=${enc(name)}`)).json()
    ).retirements[0];
    expect(r.status).toBe("released");
  }).toPass({ timeout: 30_000 });
  expect(fs.existsSync(blobFile(own.sha256))).toBe(false);
  expect(fs.existsSync(blobFile(shared.sha256))).toBe(true);
  expect(
    (
      await ds.get(`/api/v1/models/${enc(name)}/versions/1/artifacts/notes.txt`)
    ).status(),
  ).toBe(410);
  expect(
    (
      await ds.post(`/api/v1/serve/${enc(name)}/2/predict`, {
        data: { inputs: { horsepower: [130] } },
      })
    ).status(),
  ).toBe(200);
  await admin.page.goto("/settings/storage");
  const released = admin.page
    .getByRole("table", { name: "Released" })
    .getByRole("row", { name: new RegExp(`${name} v1`) });
  await expect(released).toContainText(`${own.size} B`);
  await admin.page.goto("/retirements");
  await expect(
    admin.page.getByRole("table", { name: "Completed" }),
  ).toContainText(`${name} v1`);
  for (const c of [scientist, reviewer, admin]) await c.context.close();
  await ds.dispose();
});
