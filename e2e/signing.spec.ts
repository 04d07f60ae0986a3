import { createHash, generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { stateFile } from "./accounts";
import { apiAs, modelWithVersion } from "./api";
import { independentVerify } from "../lib/testing/model-signing-verify";
import { signingBundle } from "./signing-bundle";

const enc = encodeURIComponent;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const FILES: Record<string, Buffer> = {
  "weights.bin": Buffer.from("weights of the model, version one"),
  "config/labels.json": Buffer.from('["cat","dog"]'),
};

test("a version's signature and Stageline's key, downloaded, verify the downloaded files; tampering is refused and alerted", async ({
  baseURL,
  playwright,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const admin = await apiAs("admin", baseURL ?? "");
  const name = `signed-${Date.now()}`;
  await modelWithVersion(api, name);
  for (const [file, bytes] of Object.entries(FILES)) {
    expect(
      (
        await api.put(
          `/api/v1/models/${enc(name)}/versions/1/artifacts/${file.split("/").map(enc).join("/")}`,
          { data: bytes },
        )
      ).status(),
    ).toBe(201);
  }

  const sigRes = await api.get(
    `/api/v1/models/${enc(name)}/versions/1/signature`,
  );
  expect(sigRes.status()).toBe(200);
  expect(sigRes.headers()["content-disposition"]).toContain("model.sig");
  const keyRes = await api.get("/api/v1/signing-key");
  expect(keyRes.status()).toBe(200);
  expect(keyRes.headers()["content-type"]).toContain("text/plain");
  const pem = await keyRes.text();
  expect(pem).not.toContain("PRIVATE");
  const downloaded: Record<string, Buffer> = {};
  for (const file of Object.keys(FILES))
    downloaded[file] = await (
      await api.get(
        `/api/v1/models/${enc(name)}/versions/1/artifacts/${file.split("/").map(enc).join("/")}`,
      )
    ).body();
  // What `model_signing verify key` checks, done independently of lib/signing.
  const { subject } = independentVerify(await sigRes.text(), pem, downloaded);

  // Someone with write access to the database points weights.bin at other stored bytes.
  const db = new Database(path.resolve(".e2e/data/stageline.db"));
  db.pragma("busy_timeout = 5000");
  const labels = sha(FILES["config/labels.json"] ?? Buffer.alloc(0));
  db.prepare(
    "update artifacts set sha256 = ?, size = ? where path = 'weights.bin' and version_id = (select v.id from model_versions v join registered_models m on m.id = v.model_id where m.name = ? and v.version = 1)",
  ).run(labels, 13, name);
  db.close();
  for (let i = 0; i < 2; i++) {
    const refused = await api.get(
      `/api/v1/models/${enc(name)}/versions/1/artifacts/weights.bin`,
    );
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.message).toMatch(
      /signature check.*'weights\.bin' has SHA-256/,
    );
  }
  const notes = (await (await admin.get("/api/v1/notifications")).json()) as {
    items: { kind: string; message: string }[];
  };
  expect(
    notes.items.filter(
      (n) => n.kind === "signature.mismatch" && n.message.includes(`'${name}'`),
    ),
  ).toHaveLength(1);
  // The signature still names the approved digest; the tampered version no longer matches it.
  expect(subject).toMatch(/^[0-9a-f]{64}$/);

  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get("/api/v1/signing-key")).status()).toBe(401);
  await Promise.all([api.dispose(), admin.dispose(), anonymous.dispose()]);
});

test("an admin trusts a CI key in Settings; a bundle signed with it is accepted, one signed with another key is refused", async ({
  baseURL,
  browser,
}) => {
  const ci = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ciPem = ci.publicKey.export({ type: "spki", format: "pem" }).toString();
  const keyName = `ci-${Date.now()}`;
  const context = await browser.newContext({
    storageState: stateFile("admin"),
  });
  const page = await context.newPage();
  await page.goto("/settings/signing-keys");
  await expect(page.getByTestId("stageline-public-key")).toContainText(
    "BEGIN PUBLIC KEY",
  );
  await page.getByLabel("Name").fill(keyName);
  await page.getByLabel("Public key (PEM)").fill(ciPem);
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByRole("status")).toContainText(`Added “${keyName}”`);
  await expect(
    page.getByRole("cell", { name: keyName, exact: true }),
  ).toBeVisible();
  await context.close();

  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `ci-signed-${Date.now()}`;
  await api.post("/api/v1/models", { data: { name } });
  await api.post(`/api/v1/models/${enc(name)}/versions`, { data: {} });
  const bytes = Buffer.from("ci weights");
  await api.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/weights.bin`,
    { data: bytes },
  );
  const bundleFor = (privateKey: typeof ci.privateKey, publicPem: string) =>
    signingBundle({
      model: name,
      file: "weights.bin",
      bytes,
      privateKey,
      publicPem,
    });
  const stranger = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const refused = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/signature`,
    {
      data: bundleFor(
        stranger.privateKey,
        stranger.publicKey.export({ type: "spki", format: "pem" }).toString(),
      ),
      headers: { "Content-Type": "application/json" },
    },
  );
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toMatch(/not registered/);
  const accepted = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/signature`,
    {
      data: bundleFor(ci.privateKey, ciPem),
      headers: { "Content-Type": "application/json" },
    },
  );
  expect(accepted.status()).toBe(201);
  expect(await accepted.json()).toMatchObject({
    kind: "uploaded",
    key: { name: keyName },
  });
  expect(
    (
      await api.get(
        `/api/v1/models/${enc(name)}/versions/1/artifacts/weights.bin`,
      )
    ).status(),
  ).toBe(200);
  await api.dispose();
});
