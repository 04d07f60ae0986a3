import { expect, test } from "@playwright/test";
import { account, stateFile } from "./accounts";
import { apiAs, sessionOf, signInToken } from "./api";

test("pages carry a nonce-based CSP and the security headers; API answers allow nothing", async ({
  page,
  request,
}) => {
  const res = await page.goto("/sign-in");
  const h = res?.headers() ?? {};
  const csp = h["content-security-policy"] ?? "";
  const scriptSrc =
    csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The page still works under the policy: its scripts carry the nonce and hydrate.
  await page.getByLabel("E-mail").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  // Every script the server sends carries this response's nonce; a policy a client sends is not taken.
  const raw = await request.get("/sign-in", {
    headers: {
      "Content-Security-Policy": "script-src 'nonce-chosen-by-client'",
    },
  });
  const nonce = /'nonce-([^']+)'/.exec(
    raw.headers()["content-security-policy"] ?? "",
  )?.[1];
  expect(nonce).toBeTruthy();
  expect(nonce).not.toBe("chosen-by-client");
  const scripts = (await raw.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(3);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a server action posted from another origin is refused and signs nobody in", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  // Capture the browser's own sign-in action request instead of sending it...
  const captured = new Promise<{
    headers: Record<string, string>;
    body: Buffer;
  }>((resolve) => {
    void page.route("**/sign-in", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      resolve({
        headers: route.request().headers(),
        body: route.request().postDataBuffer() ?? Buffer.alloc(0),
      });
      await route.abort();
    });
  });
  const ds = account("data_scientist");
  await page.getByLabel("E-mail").fill(ds.email);
  await page.getByLabel("Password").fill(ds.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const { headers, body } = await captured;
  // ...and send it as a foreign site would (a cookie-less client so nothing leaks between them).
  const client = await playwright.request.newContext({ baseURL });
  const same = await client.post("/sign-in", {
    headers,
    data: body,
    maxRedirects: 0,
  });
  const foreign = await client.post("/sign-in", {
    headers: { ...headers, origin: "http://evil.example" },
    data: body,
    maxRedirects: 0,
  });
  // The same request from this site's origin would sign in (a session cookie is set)...
  expect(same.headers()["set-cookie"] ?? "").toMatch(/session_token/);
  // ...from another origin it is refused, and no session is created.
  expect(foreign.status()).toBeGreaterThanOrEqual(400);
  expect(foreign.headers()["set-cookie"] ?? "").not.toMatch(/session_token/);
  await client.dispose();
  await context.close();
});

test.describe("markdown and tags", () => {
  test.use({ storageState: stateFile("data_scientist") });
  test("an XSS payload in a description, a tag or a comment is shown as text and never runs", async ({
    page,
    baseURL,
  }) => {
    const api = await apiAs("data_scientist", baseURL ?? "");
    const name = `xss-${Date.now()}`;
    const payload = `<img src=x onerror="alert('desc')"><script>alert('s')</script>[link](javascript:alert('l'))`;
    expect(
      (
        await api.post("/api/v1/models", {
          data: {
            name,
            description: payload,
            tags: { team: "<svg onload=alert('tag')>" },
          },
        })
      ).status(),
    ).toBe(201);
    await api.post(`/api/v1/models/${name}/versions`, {
      data: { description: payload },
    });
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`/models/${name}`);
    await expect(page.getByText("<svg onload=alert('tag')>")).toBeVisible();
    await page.goto(`/models/${name}/versions/1`);
    await page
      .getByLabel("Add a comment (markdown)")
      .fill(`<img src=x onerror="alert('comment')">`);
    await page.getByRole("button", { name: "Comment" }).click();
    await expect(page.getByRole("list", { name: "Activity" })).toContainText(
      `<img src=x onerror="alert('comment')">`,
    );
    await page.reload();
    await page.waitForTimeout(500);
    expect(dialogs).toBe(0);
    await expect(page.locator("a[href^='javascript:']")).toHaveCount(0);
    await api.dispose();
  });
});

test("sign-in records the address the server saw, not a forged X-Forwarded-For", async ({
  playwright,
  baseURL,
}) => {
  const api = await playwright.request.newContext({ baseURL });
  const token = await signInToken(api, "manager", baseURL ?? "", {
    "X-Forwarded-For": "203.0.113.77",
  });
  expect(sessionOf(token)?.ip_address).toBe("127.0.0.1");
  await api.dispose();
});
