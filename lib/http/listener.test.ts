import net from "node:net";
import { describe, expect, it } from "vitest";
import { createDeployment } from "@/lib/deployments/deployments";
import { fitLogistic } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { AB_SIGNATURE } from "@/lib/testing/ab-model";
import { makeModel, makeUser, makeVersion } from "@/lib/testing/factories";
import {
  listenerBase,
  reachedNext,
  throughListener,
} from "@/lib/testing/listener";
import { createToken } from "@/lib/tokens/tokens";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  trustAddressStamp,
} from "./client-address";

// The request listener on a real socket: what it stamps, what it answers itself, what it hands to Next.

const get = (path: string, headers: Record<string, string> = {}) =>
  throughListener(new Request(`http://x${path}`, { headers }));
const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  throughListener(
    new Request(`http://x${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );
const last = () => reachedNext[reachedNext.length - 1];

describe("the request listener", () => {
  it("stamps the socket's address and drops the one a client sends", async () => {
    expect(
      (
        await get("/models", {
          [CLIENT_ADDRESS_HEADER]: "203.0.113.7",
          "X-Stageline-Client-Address": "203.0.113.8",
        })
      ).status,
    ).toBe(404);
    expect(last()?.headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    expect(
      clientAddress(
        new Headers({
          [CLIENT_ADDRESS_HEADER]: String(
            last()?.headers[CLIENT_ADDRESS_HEADER],
          ),
        }),
      ),
    ).toBe("127.0.0.1");
  });

  it("a process without the listener trusts no address header: the caller is unknown", () => {
    trustAddressStamp(false);
    try {
      expect(
        clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" })),
      ).toBe("unknown");
    } finally {
      trustAddressStamp();
    }
  });

  it("gives every page a fresh nonce policy, in the request Next renders and in the answer; API paths get none from here", async () => {
    const a = await get("/models/x?tab=1", {
      "Content-Security-Policy": "script-src * 'unsafe-inline'",
    });
    const seen = String(last()?.headers["content-security-policy"]);
    expect(seen).toMatch(
      /script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/,
    );
    expect(seen).not.toContain("script-src *");
    expect(a.headers.get("content-security-policy")).toBe(seen);
    await get("/");
    expect(String(last()?.headers["content-security-policy"])).not.toBe(seen);
    await get("/api/v1/models", { "Content-Security-Policy": "x" });
    expect(last()?.headers["content-security-policy"]).toBe("x");
  });

  it("answers predictions and metric pushes itself, with the API's authentication and errors", async () => {
    const before = reachedNext.length;
    const ds = await makeUser("data_scientist");
    const { token } = createToken(ds, { name: "listener" });
    const auth = { Authorization: `Bearer ${token}` };
    makeModel(ds, { name: "heard" });
    const model = fitLogistic(
      ["a", "b"],
      [
        [1, 2],
        [2, 1],
        [3, 3],
        [0, 1],
      ],
      [0, 0, 1, 1],
      1,
    );
    await makeVersion(ds, "heard", {
      signature: AB_SIGNATURE,
      artifacts: { "model.onnx": exportOnnx(model) },
    });

    const refused = await post("/api/v1/serve/heard/1/predict", {
      inputs: { a: [1], b: [2] },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const ok = await post(
      "/api/v1/serve/heard/1/predict",
      { inputs: { a: [1], b: [2] } },
      auth,
    );
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { version: number; predictions: number[] }).version,
    ).toBe(1);
    expect(ok.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(
      (
        await post(
          "/api/v1/serve/heard/nope/predict",
          { inputs: { a: [1], b: [2] } },
          auth,
        )
      ).status,
    ).toBe(404);
    expect(
      (await post("/api/v1/serve/%C0%AF/1/predict", {}, auth)).status,
    ).toBe(400);

    const dep = createDeployment(ds, "heard", {
      version: 1,
      environment: "canary",
      target: "external",
      endpoint_url: "http://127.0.0.1:1/x",
    });
    const pushed = await post(
      `/api/v1/deployments/${dep.id}/metrics`,
      { points: [{ name: "latency_ms", value: 3 }] },
      auth,
    );
    expect(pushed.status).toBe(202);
    expect(
      (await post(`/api/v1/deployments/${dep.id}/metrics`, [1], auth)).status,
    ).toBe(400);
    expect(reachedNext.length).toBe(before);
  });

  it("keeps a keep-alive connection usable after answering a request itself, and closes one whose body never arrives", async () => {
    const { hostname, port } = new URL(await listenerBase());
    const socket = net.connect(Number(port), hostname);
    let received = "";
    socket.on("data", (c: Buffer) => (received += c.toString("latin1")));
    const closed = new Promise<void>((resolve) =>
      socket.once("close", () => resolve()),
    );
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 100 && !pattern.test(received); i++)
        await new Promise((r) => setTimeout(r, 20));
      return pattern.test(received);
    };
    // A malformed path is answered by the listener in the tick the request arrives.
    socket.write("GET /models/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await until(/Bad request/)).toBe(true);
    expect(received).not.toMatch(/connection: close/i);
    // Past the linger time for cut-off bodies, the same connection still carries the next request.
    await new Promise((r) => setTimeout(r, 2_300));
    socket.write("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await until(/reached Next/)).toBe(true);
    // A refused prediction whose small body the listener did not read: it is dropped, and the same
    // connection carries the next request.
    received = "";
    socket.write(
      "POST /api/v1/serve/m/1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    );
    expect(await until(/^HTTP\/1\.1 401/)).toBe(true);
    await new Promise((r) => setTimeout(r, 2_300));
    received = "";
    socket.write("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await until(/reached Next/)).toBe(true);
    // One whose body never arrives is closed after the linger time, once the answer was sent.
    received = "";
    socket.write(
      "POST /api/v1/serve/m/1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );
    expect(await until(/^HTTP\/1\.1 401/)).toBe(true);
    await closed;
  });
});
