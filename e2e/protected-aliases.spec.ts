import { expect, test } from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs, twoVersionsOfCarsMpg } from "./api";

const enc = encodeURIComponent;

test("@champion moves only when a reviewer approves the request, and predictions follow it only then", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const name = `guarded-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const admin = await apiAs("admin", baseURL ?? "");
  const reviewerApi = await apiAs("reviewer", baseURL ?? "");
  // Two versions of one real ONNX model (the demo's cars-mpg v1), so both can answer.
  await twoVersionsOfCarsMpg(ds, name);
  // The model's own production policy: one approval; champion stays protected (the default list).
  expect(
    (
      await admin.put("/api/v1/policies", {
        data: { model: name, stage: "production", required_approvals: 1 },
      })
    ).status(),
  ).toBe(200);
  expect(
    (
      await admin.post(`/api/v1/models/${enc(name)}/versions/1/override`, {
        data: {
          to_stage: "production",
          reason: "first production version of this e2e model",
        },
      })
    ).status(),
  ).toBe(201);

  // The first champion: requested over REST, approved by a reviewer.
  const first = await ds.post(
    `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
    { data: { alias: "champion" } },
  );
  expect(first.status()).toBe(201);
  expect(
    (
      await reviewerApi.post(
        `/api/v1/transition-requests/${(await first.json()).id}/approve`,
        { data: {} },
      )
    ).status(),
  ).toBe(200);
  const predictChampion = async () => {
    const res = await ds.post(`/api/v1/serve/${enc(name)}/champion/predict`, {
      data: { inputs: { horsepower: [130] } },
    });
    expect(res.status()).toBe(200);
    return (await res.json()).version as number;
  };
  expect(await predictChampion()).toBe(1);

  // Pointing it elsewhere directly is refused, naming the rule and the way to ask.
  const direct = await ds.put(`/api/v1/models/${enc(name)}/aliases/champion`, {
    data: { version: 2 },
  });
  expect(direct.status()).toBe(409);
  expect((await direct.json()).error.message).toMatch(
    /protected alias.*approved request/,
  );

  // The data scientist asks in the browser: the production version is offered first; champion has a lock and "Request".
  const scientist = await pageAs(browser, "data_scientist");
  await scientist.page.goto(`/models/${enc(name)}`);
  const aliases = scientist.page.getByRole("list", { name: "Aliases" });
  await expect(aliases).toContainText("@champion → v1");
  await expect(
    aliases.getByRole("img", { name: "@champion is protected" }),
  ).toBeVisible();
  await expect(
    scientist.page.getByRole("button", { name: "Remove alias champion" }),
  ).toHaveCount(0);
  await expect(
    scientist.page
      .getByLabel("Version", { exact: true })
      .locator("option")
      .first(),
  ).toHaveText("v1 (production)");
  await scientist.page.getByLabel("Alias", { exact: true }).fill("champion");
  await expect(
    scientist.page.getByRole("button", { name: "Set alias" }),
  ).toHaveCount(0);
  await scientist.page.getByLabel("Version", { exact: true }).selectOption("2");
  await scientist.page
    .getByRole("button", { name: "Request", exact: true })
    .click();
  await expect(
    scientist.page.getByRole("list", {
      name: "Alias requests awaiting review",
    }),
  ).toContainText("point @champion at v2");

  // Nothing serves differently while the request waits.
  expect(await predictChampion()).toBe(1);
  expect(await predictChampion()).toBe(1);

  // A reviewer sees what the request does and approves it in the inbox.
  const reviewer = await pageAs(browser, "reviewer");
  await reviewer.page.goto("/reviews");
  const card = reviewer.page.getByRole("listitem", {
    name: new RegExp(`point @champion of ${name} at v2`),
  });
  await expect(card).toContainText("(now v1)");
  await expect(card).toContainText("0/1 approvals");
  await card.getByRole("button", { name: "Approve" }).click();
  await card.getByRole("button", { name: "Confirm approval" }).click();
  await expect(card).toHaveCount(0);

  // From the approval on, the alias answers from v2; no stage moved.
  await expect(async () => expect(await predictChampion()).toBe(2)).toPass({
    timeout: 10_000,
  });
  const v2 = await (
    await ds.get(`/api/v1/models/${enc(name)}/versions/2`)
  ).json();
  expect(v2).toMatchObject({ stage: "none", aliases: ["champion"] });
  const audit = await (
    await reviewerApi.get(`/api/v1/audit?action=alias.set&limit=20`)
  ).json();
  expect(JSON.stringify(audit)).toMatch(/via request #\d+/);
  for (const c of [scientist.context, reviewer.context]) await c.close();
  for (const c of [ds, admin, reviewerApi]) await c.dispose();
});
