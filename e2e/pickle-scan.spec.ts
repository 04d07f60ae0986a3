import { expect, test } from "@playwright/test";
import { FIXTURES } from "../lib/scan/pickle-fixtures";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

const enc = encodeURIComponent;

test.use({ storageState: stateFile("data_scientist") });

test("a pickle that calls os.system is marked unsafe on its version, and its production request fails the built-in gate", async ({
  page,
  baseURL,
}) => {
  const name = `pickle-scan-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  expect(
    (
      await ds.post("/api/v1/models", {
        data: { name, task: "classification" },
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await ds.post(`/api/v1/models/${enc(name)}/versions`, { data: {} })
    ).status(),
  ).toBe(201);
  // A protocol 2 pickle whose REDUCE calls os.system (posix.system on Linux), uploaded like any model file.
  const upload = await ds.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/model.pkl`,
    {
      data: FIXTURES.systemP2,
      headers: { "Content-Type": "application/octet-stream" },
    },
  );
  expect(upload.status()).toBe(201);
  const clean = await ds.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/scaler.joblib`,
    { data: FIXTURES.joblib },
  );
  expect(clean.status()).toBe(201);

  const version = await (
    await ds.get(`/api/v1/models/${enc(name)}/versions/1`)
  ).json();
  expect(version.unsafe_files).toEqual([
    { path: "model.pkl", imports: ["posix.system"], reasons: [] },
  ]);

  await page.goto(`/models/${enc(name)}/versions/1`);
  const alert = page.getByTestId("unsafe-files");
  await expect(
    alert.getByRole("heading", { name: "Unsafe file" }),
  ).toBeVisible();
  await expect(alert).toContainText("model.pkl");
  await expect(alert.getByText("posix.system")).toBeVisible();
  await expect(alert).not.toContainText("scaler.joblib");

  // The production request lists the gate no policy had to name, failing on that file.
  const req = await (
    await ds.post(
      `/api/v1/models/${enc(name)}/versions/1/transition-requests`,
      { data: { to_stage: "production", comment: "ship it" } },
    )
  ).json();
  const shown = await (
    await ds.get(`/api/v1/transition-requests/${req.id}`)
  ).json();
  expect(shown.gates).toContainEqual({
    gate: "no unsafe files",
    pass: false,
    detail: "unsafe file: model.pkl (posix.system)",
  });
  await page.reload();
  const gate = page
    .getByRole("list", { name: "Gates" })
    .getByRole("listitem")
    .filter({ hasText: "no unsafe files" });
  await expect(gate).toContainText("fails");
  await expect(gate).toContainText("model.pkl (posix.system)");

  const reviewer = await apiAs("reviewer", baseURL ?? "");
  const approve = await reviewer.post(
    `/api/v1/transition-requests/${req.id}/approve`,
    { data: {} },
  );
  expect(approve.status()).toBe(409);
  expect((await approve.json()).error.message).toContain(
    "'no unsafe files' fails (unsafe file: model.pkl (posix.system))",
  );
  expect(
    (await (await ds.get(`/api/v1/models/${enc(name)}/versions/1`)).json())
      .stage,
  ).toBe("none");
  for (const c of [ds, reviewer]) await c.dispose();
});
