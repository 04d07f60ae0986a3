import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseEarly } from "./early-refusals";
import { malformedEscape } from "./url-path";

// The server's own refusals before Next, on a real socket: what reaches "Next" (here a stand-in
// that reads the whole body) and what is answered first.

let server: http.Server;
let port = 0;
let reachedNext = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (refuseEarly(req, res)) return;
    reachedNext++;
    let size = 0;
    req.on("data", (c: Buffer) => (size += c.length));
    req.on("end", () => res.end(`next read ${size}`));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `total` bytes (chunked unless a length is given), stopping at the answer. */
function send(
  method: string,
  urlPath: string,
  total: number,
  headers: Record<string, string> = {},
) {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<{ status: number; body: string; sent: number }>(
    (resolve, reject) => {
      let sent = 0;
      let done = false;
      const req = http.request(
        { host: "127.0.0.1", port, method, path: urlPath, agent, headers },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => {
            done = true;
            req.destroy();
            agent.destroy();
            resolve({ status: res.statusCode ?? 0, body, sent });
          });
        },
      );
      req.on("error", (error) => (done ? undefined : reject(error)));
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = () => {
        while (!done && sent < total) {
          const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += part.length;
          if (!req.write(part)) return void req.once("drain", pump);
        }
        if (!done) req.end();
      };
      if (total > 0) pump();
      else req.end();
    },
  );
}

describe("refusals before Next", () => {
  it("a 256 MB chunked body to /sign-in is answered 413 after a few KB and never reaches Next", async () => {
    const before = reachedNext;
    const res = await send("POST", "/sign-in?next=/models", 256 * 1024 * 1024, {
      "Content-Type": "multipart/form-data; boundary=x",
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      error: {
        code: "too_large",
        details: { fields: { body: ["Too large"] } },
      },
    });
    expect(res.sent).toBeLessThan(16 * 1024 * 1024);
    expect(reachedNext).toBe(before);
  });

  it("a declared oversize to /sign-in or /api/auth/* is refused before a byte is read", async () => {
    for (const urlPath of [
      "/sign-in",
      "/api/auth/sign-in/email",
      "/api/auth/change-password",
    ]) {
      const res = await send("POST", urlPath, 0, {
        "Content-Length": String(10 * 1024 * 1024),
      });
      expect(res.status, urlPath).toBe(413);
    }
  });

  it("a small chunked body to /sign-in is asked for its length; small bodies with one, and other routes, go on to Next", async () => {
    expect(
      (
        await send("POST", "/sign-in", 100, {
          "Content-Type": "application/x-www-form-urlencoded",
        })
      ).status,
    ).toBe(411);
    const before = reachedNext;
    expect(
      (await send("POST", "/sign-in", 100, { "Content-Length": "100" })).body,
    ).toBe("next read 100");
    // better-auth's endpoints read chunked bodies under the limit themselves (app/api/auth/[...all]/route.ts).
    expect((await send("POST", "/api/auth/sign-in/email", 100)).body).toBe(
      "next read 100",
    );
    expect((await send("POST", "/models/x", 100 * 1024)).body).toBe(
      `next read ${100 * 1024}`,
    );
    expect(reachedNext).toBe(before + 3);
  });

  it("a malformed percent-escape is a 400: JSON for the API, text for pages", async () => {
    for (const urlPath of [
      "/api/v1/models/%C0%AF",
      "/api/2.0/mlflow/registered-models/get%E0%A4%A",
      "/api/v1/serve/%C0%AF/1/predict",
      "/ajax-api/2.0/mlflow/%ZZ",
    ]) {
      const res = await send("GET", urlPath, 0);
      expect(res.status, urlPath).toBe(400);
      expect(JSON.parse(res.body).error.message).toMatch(
        /malformed percent-escape/,
      );
    }
    const page = await send("GET", "/models/%C0%AF", 0);
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/^Bad request: .*malformed percent-escape/);
    expect((await send("GET", "/api/v1/models/a%20b?q=%ZZ", 0)).body).toBe(
      "next read 0",
    );
  });

  it("finds the first malformed escape in the path only", () => {
    expect(malformedEscape("/api/v1/models/ok%20name")).toBeNull();
    expect(malformedEscape("/api/v1/models/%C0%AF/versions")).toBe("%C0%AF");
    expect(malformedEscape("/x/%E0%A4%A")).toBe("%E0%A4%A");
    expect(malformedEscape("/x/100%")).toBe("100%");
    expect(malformedEscape("/x?next=%ZZ")).toBeNull();
  });
});
