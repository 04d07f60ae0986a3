import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { account } from "./accounts";
import { tokenFor } from "./api";

// The request layer of the running build: bodies cut off while they stream, ?next= kept on this
// host, malformed paths and deep JSON answered 400, authenticated answers never cached.

const dataDir = path.resolve(".e2e/data");
const MB = 1024 * 1024;

/** Resident memory (kB) of the server's processes: those started on the e2e data folder (the server
 *  entry titles itself "stageline-server"). */
function serverRssKb(): number {
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (
        !fs
          .readFileSync(`/proc/${pid}/environ`, "utf8")
          .split("\0")
          .includes(`STAGELINE_DATA_DIR=${dataDir}`)
      )
        continue;
      if (
        !/stageline-server|scripts\/server\.mjs/.test(
          fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"),
        )
      )
        continue;
      total += Number(
        /VmRSS:\s+(\d+) kB/.exec(
          fs.readFileSync(`/proc/${pid}/status`, "utf8"),
        )?.[1] ?? 0,
      );
    } catch {
      // A process that ended meanwhile, or one of someone else's.
    }
  }
  return total;
}

/**
 * POSTs a chunked body of up to `total` bytes (made as it is sent, never held), over loopback only,
 * stopping as soon as the server answers. Samples the server's memory meanwhile. The connection is
 * keep-alive, as browsers' are (with "Connection: close" a server closes right after answering, and
 * the client may see the reset before the answer).
 */
function postChunked(
  baseURL: string,
  urlPath: string,
  total: number,
  headers: Record<string, string>,
) {
  const target = new URL(urlPath, baseURL);
  if (target.hostname !== "127.0.0.1") throw new Error("loopback only");
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<{
    status: number;
    body: string;
    sent: number;
    ms: number;
    peakKb: number;
  }>((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let done = false;
    let peakKb = serverRssKb();
    const sampler = setInterval(
      () => (peakKb = Math.max(peakKb, serverRssKb())),
      100,
    );
    const finish = (result: { status: number; body: string } | Error) => {
      if (done) return;
      done = true;
      clearInterval(sampler);
      req.destroy();
      agent.destroy();
      if (result instanceof Error) reject(result);
      else
        resolve({
          ...result,
          sent,
          ms: Date.now() - started,
          peakKb: Math.max(peakKb, serverRssKb()),
        });
    };
    const req = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: { ...headers, "Transfer-Encoding": "chunked" },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => finish({ status: res.statusCode ?? 0, body }));
        res.on("error", finish);
      },
    );
    req.on("error", (error) => finish(error));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

test("a 256 MB chunked body to sign-in (or any route) is refused with 413 at once, and the server's memory stays flat", async ({
  baseURL,
}) => {
  test.setTimeout(60_000);
  const base = baseURL as string;
  const token = await tokenFor("data_scientist", base);
  for (const [urlPath, headers] of [
    ["/api/auth/sign-in/email", { "Content-Type": "application/json" }],
    [
      "/sign-in",
      { "Content-Type": "multipart/form-data; boundary=x", Origin: base },
    ],
    // Authenticated routes too, at their own limits: a REST route and a direct machine endpoint.
    [
      "/api/v1/models",
      { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    ],
    [
      "/api/v1/serve/no-such-model/1/predict",
      { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    ],
  ] as const) {
    const before = serverRssKb();
    expect(before).toBeGreaterThan(0);
    const res = await postChunked(base, urlPath, 256 * MB, headers);
    expect(res.status, urlPath).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      error: {
        code: "too_large",
        details: { fields: { body: ["Too large"] } },
      },
    });
    expect(res.ms, urlPath).toBeLessThan(10_000);
    // Far less than the body was sent before the answer came, and the server grew by no more than noise.
    expect(res.sent, urlPath).toBeLessThan(64 * MB);
    expect(res.peakKb - before, urlPath).toBeLessThan(48 * 1024);
  }
  // A declared oversize is refused before a byte is read; sign-in itself still works.
  const declared = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      email: "x@example.com",
      password: "y".repeat(20_000),
    }),
  });
  expect(declared.status).toBe(413);
  const ds = account("data_scientist");
  // (better-auth wants an Origin from fetch clients.)
  const ok = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ email: ds.email, password: ds.password }),
  });
  expect(ok.status).toBe(200);
});

test("?next= after sign-in stays on this host", async ({
  browser,
  baseURL,
}) => {
  const host = new URL(baseURL as string).host;
  const context = await browser.newContext();
  const page = await context.newPage();
  // `/\evil.example` passed the old check (starts with one "/"); browsers read it as //evil.example.
  await page.goto("/sign-in?next=/%5Cevil.example/phish");
  const ds = account("data_scientist");
  await page.getByLabel("E-mail").fill(ds.email);
  await page.getByLabel("Password").fill(ds.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  expect(new URL(page.url()).host).toBe(host);
  // Signed in, the sign-in page forwards to ?next= at once: still only to paths here.
  for (const next of [
    "/%5Cevil.example",
    "/%09/evil.example",
    "%2F%2Fevil.example",
    "https://evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
  ]) {
    await page.goto(`/sign-in?next=${next}`);
    expect(new URL(page.url()).host, next).toBe(host);
  }
  await page.goto("/sign-in?next=/models");
  await page.waitForURL((url) => url.pathname === "/models");
  await context.close();
});

test("a malformed percent-escape in an API path is a 400 that says so, on REST, MLflow and the direct endpoints", async ({
  request,
  baseURL,
}) => {
  const token = await tokenFor("data_scientist", baseURL as string);
  const auth = { Authorization: `Bearer ${token}` };
  for (const [method, urlPath] of [
    ["GET", "/api/v1/models/%C0%AF"],
    ["GET", "/api/v1/models/%E0%A4%A/versions"],
    ["GET", "/api/2.0/mlflow/registered-models/get%C0%AF?name=x"],
    ["POST", "/api/v1/serve/%C0%AF/1/predict"],
    ["POST", "/api/v1/deployments/%E0%A4%A/metrics"],
  ] as const) {
    const res = await request.fetch(urlPath, {
      method,
      headers: auth,
      data: method === "POST" ? { instances: [[1]] } : undefined,
    });
    expect(res.status(), urlPath).toBe(400);
    expect(
      ((await res.json()) as { error: { message: string } }).error.message,
      urlPath,
    ).toMatch(/malformed percent-escape/);
  }
  // A page says so too, instead of failing with a 500.
  const page = await request.get("/models/%C0%AF");
  expect(page.status()).toBe(400);
  expect(await page.text()).toMatch(/malformed percent-escape/);
});

test("10,000-deep JSON to the MLflow API is a 400 INVALID_PARAMETER_VALUE", async ({
  request,
  baseURL,
}) => {
  const token = await tokenFor("data_scientist", baseURL as string);
  const res = await request.post("/api/2.0/mlflow/registered-models/create", {
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
    },
    data: `{"name":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
  });
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error_code: string }).error_code).toBe(
    "INVALID_PARAMETER_VALUE",
  );
});

test("authenticated API answers carry Cache-Control: no-store, errors included", async ({
  request,
  baseURL,
}) => {
  const token = await tokenFor("data_scientist", baseURL as string);
  const auth = { Authorization: `Bearer ${token}` };
  const answers = [
    await request.get("/api/v1/me", { headers: auth }),
    await request.get("/api/v1/models", { headers: auth }),
    await request.get("/api/v1/models/no-such-model", { headers: auth }),
    await request.get("/api/v1/me"),
    await request.get("/api/2.0/mlflow/registered-models/search", {
      headers: auth,
    }),
    await request.get(
      "/api/2.0/mlflow/registered-models/get?name=no-such-model",
      { headers: auth },
    ),
    await request.post("/api/v1/serve/no-such-model/1/predict", {
      headers: auth,
      data: { instances: [[1]] },
    }),
  ];
  expect(answers.map((r) => r.status())).toEqual([
    200, 200, 404, 401, 200, 404, 404,
  ]);
  for (const res of answers)
    expect(res.headers()["cache-control"], res.url()).toBe("no-store");
});
