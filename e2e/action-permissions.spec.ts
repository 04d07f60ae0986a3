import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { stateFile } from "./accounts";
import { apiAs } from "./api";

// Server actions are authorized on the server, not by hiding buttons: the data scientist's own
// "Set tag" action request, replayed with another caller's cookies, is refused and changes nothing.
test.use({ storageState: stateFile("data_scientist") });

const cookieOf = (role: "manager" | "reviewer") =>
  (
    JSON.parse(fs.readFileSync(stateFile(role), "utf8")) as {
      cookies: { name: string; value: string }[];
    }
  ).cookies
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");

test("a server action replayed as a manager, a reviewer or nobody is refused and changes nothing", async ({
  page,
  playwright,
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `action-perm-${Date.now()}`;
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  await page.goto(`/models/${name}`);
  // Capture the owner's own action request as the browser sends it.
  let captured: {
    url: string;
    headers: Record<string, string>;
    body: Buffer;
  } | null = null;
  await page.route(`**/models/${name}`, async (route) => {
    if (route.request().method() === "POST" && !captured)
      captured = {
        url: route.request().url(),
        headers: route.request().headers(),
        body: route.request().postDataBuffer() ?? Buffer.alloc(0),
      };
    await route.continue();
  });
  await page.getByLabel("Tag key").fill("stage-gate");
  await page.getByLabel("Tag value").fill("owner");
  await page.getByRole("button", { name: "Set tag" }).click();
  await expect(page.getByRole("list", { name: "Tags" })).toContainText(
    "stage-gate=owner",
  );
  expect(captured).not.toBeNull();
  const { url, headers, body } = captured as unknown as {
    url: string;
    headers: Record<string, string>;
    body: Buffer;
  };
  const replay = await playwright.request.newContext();
  for (const [who, cookie] of [
    ["manager", cookieOf("manager")],
    ["reviewer", cookieOf("reviewer")],
    ["nobody", ""],
  ] as const) {
    const res = await replay.post(url, {
      headers: { ...headers, cookie },
      data: body,
      maxRedirects: 0,
    });
    const text = await res.text();
    expect(text, who).toMatch(
      who === "nobody" ? /session has ended/i : /may not do this/,
    );
  }
  await replay.dispose();
  const tags = (await (await api.get(`/api/v1/models/${name}`)).json()).tags;
  expect(tags).toEqual({ "stage-gate": "owner" });
  await api.dispose();
});
