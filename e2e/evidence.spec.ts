import AxeBuilder from "@axe-core/playwright";
import {
  expect,
  test,
  type APIRequestContext,
  type Page,
} from "@playwright/test";
import { formatMetric } from "../lib/format";
import { pageAs } from "./accounts";
import { apiAs, modelWithVersion } from "./api";

// Evidence on the version page: logging an evaluation from a CSV file of predictions (column
// mapping, first rows, progress, the metrics), and previews of the version's files, where no file
// ever runs as markup.

const enc = encodeURIComponent;
const versionPage = (name: string) => `/models/${enc(name)}/versions/1`;

/** 60 rows whose columns no guess maps: outcome (0/1), p_model (a score), group (a slice). */
function predictions(bad?: { row: number; score: string }): string {
  const lines = ["id,outcome,p_model,group"];
  for (let i = 0; i < 60; i++) {
    const y = i % 3 === 0 ? 1 : 0;
    const p = ((y ? 0.45 : 0.1) + ((i * 7) % 50) / 100).toFixed(2);
    // Spreadsheet rows: the header is row 1, so data row i is row i + 2.
    lines.push(
      `${i},${y},${bad && bad.row === i + 2 ? bad.score : p},${i % 2 ? "north" : "south"}`,
    );
  }
  return lines.join("\n") + "\n";
}

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(" ")})`);
}

async function chooseFile(page: Page, name: string, text: string) {
  await page.getByLabel("CSV file", { exact: true }).setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: Buffer.from(text),
  });
}

async function mapColumns(page: Page) {
  await page.getByLabel("Label column").selectOption("outcome");
  await page.getByLabel("Prediction column").selectOption("p_model");
  await page.getByLabel("Slice column (optional)").selectOption("group");
}

async function evaluationsOf(api: APIRequestContext, name: string) {
  const res = await api.get(
    `/api/v1/models/${enc(name)}/versions/1/evaluations`,
  );
  return (
    (await res.json()) as { evaluations: { metrics: Record<string, number> }[] }
  ).evaluations;
}

test("a data scientist logs an evaluation from a CSV file: maps its columns, sees its first rows, the progress and the metrics", async ({
  browser,
  baseURL,
}) => {
  // The first evaluation of a fresh server starts its worker thread.
  test.setTimeout(60_000);
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `csv-eval-${Date.now()}`;
  await modelWithVersion(api, name);
  const { page } = await pageAs(browser, "data_scientist");
  // Hold the upload for a moment, so the progress is there to be seen as on a slow link.
  await page.route("**/evaluations/csv?*", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(versionPage(name));
  // A version without an evaluation opens the form.
  await chooseFile(page, "holdout-2024.csv", predictions());
  const preview = page.getByRole("table", {
    name: "First rows of holdout-2024.csv",
  });
  await expect(preview.getByRole("columnheader")).toHaveText([
    "id",
    "outcome",
    "p_model",
    "group",
  ]);
  await expect(preview.getByRole("row")).toHaveCount(6);
  await expect(page.getByLabel("Dataset")).toHaveValue("holdout-2024");
  await mapColumns(page);
  await page.getByRole("button", { name: "Compute and log" }).click();
  await expect(
    page.getByRole("progressbar", { name: /^(Uploading|Computing)/ }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Working…" })).toBeDisabled();

  const logged = page.getByTestId("csv-evaluation-result");
  await expect(logged).toContainText("on holdout-2024 · test (60 rows)");
  // The figures shown are the ones the server stored, computed from the mapped columns.
  const [stored] = await evaluationsOf(api, name);
  const auc = stored?.metrics.auc;
  expect(auc).toBeGreaterThan(0.5);
  const table = page.getByRole("table", {
    name: "Metrics of the logged evaluation",
  });
  await expect(table.getByRole("row", { name: /ROC AUC auc/ })).toContainText(
    formatMetric(auc ?? NaN),
  );
  await expect(
    table.getByRole("row", { name: /Disparate impact ratio/ }),
  ).toBeVisible();
  // The page refreshed: the version's own metrics and the evaluation's charts show it too.
  await expect(
    page
      .getByRole("table", { name: "Metrics", exact: true })
      .getByRole("row", { name: /ROC AUC auc/ }),
  ).toContainText(formatMetric(auc ?? NaN));
  await expect(page.getByText("Charts of holdout-2024 · test")).toBeVisible();
});

test("a bad CSV file is refused naming its row and column, and changes nothing", async ({
  browser,
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `csv-bad-${Date.now()}`;
  await modelWithVersion(api, name);
  const { page } = await pageAs(browser, "data_scientist");
  await page.goto(versionPage(name));

  // A score that is no number, past the rows the preview reads: the server names it.
  await chooseFile(page, "scores.csv", predictions({ row: 9, score: "n/a" }));
  await mapColumns(page);
  await page.getByRole("button", { name: "Compute and log" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not logged" });
  await expect(refusal).toContainText(
    "Row 9, column 'p_model' (score): 'n/a' is not a number. Nothing was changed.",
  );
  await expect(page.getByLabel("Prediction column")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  // A row with a field missing: its preview already says where.
  await chooseFile(page, "short.csv", "id,outcome,p_model\n1,1,0.9\n2,0\n");
  await expect(refusal).toContainText("Row 3 has 2 fields; the header has 3");
  await expect(page.getByLabel("CSV file", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );

  expect(await evaluationsOf(api, name)).toEqual([]);
  const version = await api.get(`/api/v1/models/${enc(name)}/versions/1`);
  expect(((await version.json()) as { metrics: object }).metrics).toEqual({});
  await page.reload();
  await expect(page.getByText("No evaluation yet")).toBeVisible();
});

test("reviewers and managers, who may not log evidence, get no upload control", async ({
  browser,
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `csv-roles-${Date.now()}`;
  await modelWithVersion(api, name);
  const ds = await pageAs(browser, "data_scientist");
  await ds.page.goto(versionPage(name));
  await expect(ds.page.getByLabel("CSV file", { exact: true })).toBeVisible();
  for (const role of ["reviewer", "manager"] as const) {
    const { page } = await pageAs(browser, role);
    await page.goto(versionPage(name));
    await expect(page.getByText("No evaluation yet")).toBeVisible();
    await expect(
      page.getByText("Log an evaluation from a CSV file"),
    ).toHaveCount(0);
    await expect(page.getByLabel("CSV file", { exact: true })).toHaveCount(0);
  }
});

// A valid 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const FILES: Record<string, string | Buffer> = {
  "config.json": '{"lr":0.1,"layers":[64,32]}',
  "data/sample.csv": "bill_length,species\n39.1,Adelie\n46.5,Gentoo\n",
  "notes.txt": "Trained on penguins, seed 7.",
  "plots/roc.png": PNG,
  "report.html":
    '<h1 id="pwned">pwned</h1><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>',
  "plots/evil.svg":
    '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"><text id="svg-text">svg-text</text></svg>',
  "weights.bin": Buffer.from([0, 159, 146, 150, 0]),
};

async function withArtifacts(baseURL: string): Promise<string> {
  const api = await apiAs("data_scientist", baseURL);
  const name = `preview-${Date.now()}`;
  await modelWithVersion(api, name);
  for (const [path, content] of Object.entries(FILES)) {
    const res = await api.put(
      `/api/v1/models/${enc(name)}/versions/1/artifacts/${path}`,
      { data: Buffer.from(content) },
    );
    expect(res.status(), path).toBe(201);
  }
  return name;
}

const previewOf = (page: Page, path: string) =>
  page.getByRole("region", { name: `Preview of ${path}` });

async function openPreview(page: Page, path: string) {
  await page
    .getByRole("button", { name: `Preview ${path}`, exact: true })
    .click();
  return previewOf(page, path);
}

test("every role previews a version's JSON, CSV, text and image files; HTML and SVG show as source, never as markup", async ({
  browser,
  baseURL,
}) => {
  const name = await withArtifacts(baseURL ?? "");
  const { page } = await pageAs(browser, "reviewer");
  await page.goto(versionPage(name));

  const json = await openPreview(page, "config.json");
  await expect(json.getByLabel("Content of config.json")).toHaveText(
    '{\n  "lr": 0.1,\n  "layers": [\n    64,\n    32\n  ]\n}',
  );
  const csv = await openPreview(page, "data/sample.csv");
  const rows = csv.getByRole("table", { name: "Rows of data/sample.csv" });
  await expect(rows.getByRole("columnheader")).toHaveText([
    "bill_length",
    "species",
  ]);
  await expect(rows.getByRole("row", { name: "46.5 Gentoo" })).toBeVisible();
  const text = await openPreview(page, "notes.txt");
  await expect(text).toContainText("Trained on penguins, seed 7.");

  const image = (await openPreview(page, "plots/roc.png")).getByRole("img", {
    name: "Image plots/roc.png",
  });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(1);
  const served = await page.request.get(
    (await image.getAttribute("src")) ?? "",
  );
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  expect(served.headers()["content-security-policy"]).toContain(
    "default-src 'none'",
  );

  const html = await openPreview(page, "report.html");
  await expect(html).toContainText("Shown as text: markup shown as source");
  await expect(html.getByLabel("Content of report.html")).toContainText(
    '<h1 id="pwned">pwned</h1>',
  );
  const svg = await openPreview(page, "plots/evil.svg");
  await expect(svg.getByLabel("Content of plots/evil.svg")).toContainText(
    "<svg xmlns=",
  );
  await expect(page.locator("#pwned, #svg-text")).toHaveCount(0);
  expect(await page.evaluate(() => "__pwned" in window)).toBe(false);
  // Served as an image, an SVG is refused: its bytes are no raster image.
  const asImage = await page.request.get(
    `/api/v1/models/${enc(name)}/versions/1/previews/plots/evil.svg?as=image`,
  );
  expect(asImage.status()).toBe(422);

  const binary = await openPreview(page, "weights.bin");
  await expect(binary).toContainText("No preview (binary, 5 bytes).");
  await expect(binary.getByRole("link", { name: "Download" })).toHaveAttribute(
    "href",
    `/api/v1/models/${enc(name)}/versions/1/artifacts/weights.bin`,
  );
  // A path that would leave the version's files is no file of it.
  const escape = await page.request.get(
    `/api/v1/models/${enc(name)}/versions/1/previews/..%2F..%2F..%2Fetc%2Fpasswd`,
  );
  expect(escape.status()).toBeGreaterThanOrEqual(400);
});

test("the version page with the upload and a preview open has no serious axe finding and no sideways scroll at 390 px", async ({
  browser,
  baseURL,
}) => {
  const name = await withArtifacts(baseURL ?? "");
  const { page } = await pageAs(browser, "data_scientist");
  await page.goto(versionPage(name));
  await chooseFile(page, "holdout.csv", predictions());
  await mapColumns(page);
  await openPreview(page, "data/sample.csv");
  expect(await axeProblems(page)).toEqual([]);

  await page.setViewportSize({ width: 390, height: 800 });
  await openPreview(page, "config.json");
  await expect(previewOf(page, "config.json")).toBeVisible();
  const width = await page.evaluate(
    () => document.scrollingElement?.scrollWidth ?? 0,
  );
  expect(width).toBeLessThanOrEqual(390);
  expect(await axeProblems(page)).toEqual([]);
});
