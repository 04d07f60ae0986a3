import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

test.describe("data scientist", () => {
  test.use({ storageState: stateFile("data_scientist") });

  test("registers a model and a version, uploads an artifact, tags and aliases it", async ({
    page,
  }) => {
    const name = `web/churn-${Date.now()}`;
    await page.goto("/models");
    await page.getByRole("link", { name: "New model" }).click();
    await page.getByLabel("Name").fill(" bad name");
    await page.getByRole("button", { name: "Create model" }).click();
    await expect(page.locator("#field-name-error")).toContainText("space");

    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Task").selectOption("classification");
    await page.getByLabel("Key metric").fill("auc");
    await page.getByLabel("Tags").fill("team=web");
    await page
      .getByLabel("Description (markdown)")
      .fill("Predicts **churn**. <script>window.__xss = 1</script>");
    await page.getByRole("button", { name: "Create model" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await expect(page.locator("strong", { hasText: "churn" })).toBeVisible();
    await expect(
      page.getByText("<script>window.__xss = 1</script>"),
    ).toBeVisible();
    expect(
      await page.evaluate(
        () => (window as unknown as { __xss?: number }).__xss,
      ),
    ).toBeUndefined();
    await expect(page.getByRole("list", { name: "Tags" })).toContainText(
      "team=web",
    );

    await page.getByLabel("Tag key").fill("tier");
    await page.getByLabel("Tag value").fill("gold");
    await page.getByRole("button", { name: "Set tag" }).click();
    await expect(page.getByRole("list", { name: "Tags" })).toContainText(
      "tier=gold",
    );

    await page.getByRole("link", { name: "Register version" }).click();
    await page.getByLabel("Git commit").fill("zzz");
    await page.getByLabel("Metrics").fill("auc=0.91\nf1=0.8");
    await page.getByRole("button", { name: "Register version" }).click();
    await expect(page.locator("#field-git_commit-error")).toContainText(
      "hexadecimal",
    );
    await expect(page.getByLabel("Metrics")).toHaveValue("auc=0.91\nf1=0.8");
    await page
      .getByLabel("Git commit")
      .fill("9fceb02d0ae598e95dc970b74767f19372d61af8");
    await page.getByLabel("Dataset", { exact: true }).fill("customers");
    await page.getByRole("button", { name: "Register version" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("v1");
    await expect(page.getByRole("table", { name: "Metrics" })).toContainText(
      "0.91",
    );
    await expect(page.getByRole("table", { name: "Lineage" })).toContainText(
      "9fceb02d0ae598e95dc970b74767f19372d61af8",
    );

    const file = path.join(os.tmpdir(), `weights-${Date.now()}.bin`);
    fs.writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 7));
    await page.getByLabel("Files").setInputFiles(file);
    await page.getByRole("button", { name: "Upload" }).click();
    const link = page.getByRole("link", { name: path.basename(file) });
    await expect(link).toBeVisible();
    await expect(page.getByRole("table", { name: "Artifacts" })).toContainText(
      "2 MiB",
    );
    const download = await Promise.all([
      page.waitForEvent("download"),
      link.click(),
    ]).then(([d]) => d);
    expect(
      fs.readFileSync(await download.path()).equals(fs.readFileSync(file)),
    ).toBe(true);
    fs.rmSync(file);

    await page.getByRole("link", { name }).click();
    await page.getByLabel("Alias", { exact: true }).fill("challenger");
    await page.getByRole("button", { name: "Set alias" }).click();
    await expect(page.getByRole("list", { name: "Aliases" })).toContainText(
      "@challenger → v1",
    );
  });

  test("compares selected versions of a demo model", async ({ page }) => {
    await page.goto("/models/cars-mpg");
    await expect(page.getByRole("button", { name: "Compare" })).toBeDisabled();
    await page.getByLabel("Select version 1").check();
    await page.getByLabel("Select version 3").check();
    await page.getByRole("button", { name: "Compare (2)" }).click();
    await expect(page).toHaveURL(/\/compare\?v=3&v=1$/);
    await expect(page.getByRole("columnheader", { name: /^v\d/ })).toHaveText([
      /v1/,
      /v3/,
    ]);
    await expect(page.getByRole("row", { name: /rmse/ })).toBeVisible();
  });

  test("pages through a model's versions, 50 at a time, newest first", async ({
    page,
    baseURL,
  }) => {
    const api = await apiAs("data_scientist", baseURL ?? "");
    const name = `many-versions-${Date.now()}`;
    expect(
      (await api.post("/api/v1/models", { data: { name } })).status(),
    ).toBe(201);
    for (let i = 0; i < 55; i++)
      expect(
        (
          await api.post(`/api/v1/models/${name}/versions`, { data: {} })
        ).status(),
      ).toBe(201);
    await api.dispose();
    await page.goto(`/models/${name}`);
    const versionLinks = page
      .getByRole("table", { name: `Versions of ${name}` })
      .getByRole("link");
    await expect(versionLinks).toHaveCount(50);
    await expect(versionLinks.first()).toHaveText("v55");
    await expect(versionLinks.last()).toHaveText("v6");
    await page.getByRole("link", { name: "Older versions" }).click();
    await expect(versionLinks).toHaveText(["v5", "v4", "v3", "v2", "v1"]);
    await expect(
      page.getByRole("link", { name: "Older versions" }),
    ).toHaveCount(0);
    await page.getByRole("link", { name: "Newest versions" }).click();
    await expect(versionLinks.first()).toHaveText("v55");
    // Another page size through the URL, kept while paging.
    await page.goto(`/models/${name}?vlimit=20`);
    await expect(versionLinks).toHaveCount(20);
    await page.getByRole("link", { name: "Older versions" }).click();
    await expect(page).toHaveURL(/vlimit=20/);
    await expect(versionLinks.first()).toHaveText("v35");
  });
});

test.describe("manager", () => {
  test.use({ storageState: stateFile("manager") });

  test("browses and filters the models list through the URL but is offered no changes", async ({
    page,
  }) => {
    await page.goto("/models");
    await expect(page.getByRole("link", { name: "New model" })).toHaveCount(0);
    await page.getByLabel("Tag", { exact: true }).fill("team=ecology");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/tag=team%3Decology/);
    const rows = page
      .getByRole("table", { name: "Registered models" })
      .getByRole("row");
    // The demo's four ecology models (lib/demo/history.ts) and none of another team's.
    await expect(rows).toHaveCount(5);
    for (const name of [
      "penguins-sex",
      "penguins-body-mass",
      "seattle-rain",
      "seattle-temp-max",
    ])
      await expect(rows.filter({ hasText: name })).toHaveCount(1);
    await expect(
      page.getByRole("table", { name: "Registered models" }),
    ).not.toContainText("cars-mpg");
    await expect(
      rows
        .filter({ hasText: "penguins-sex" })
        .filter({ has: page.getByRole("link", { name: "v3", exact: true }) }),
    ).toHaveCount(1);

    await page.goto("/models/penguins-sex");
    await expect(
      page.getByRole("button", { name: "Edit description" }),
    ).toHaveCount(0);
    await expect(
      page.getByRole("link", { name: "Register version" }),
    ).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Aliases" })).toContainText(
      "@champion → v3",
    );

    await page.goto("/models?q=zzzz-nothing");
    await expect(
      page.getByText("No model matches these filters"),
    ).toBeVisible();
  });
});
