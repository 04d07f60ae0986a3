// The real request listener (lib/http/listener.ts) on a loopback socket, for tests: what a client of
// the running server goes through before Next. What reaches "Next" here is a stand-in that answers
// 404 "reached Next" and records what it was handed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestListener } from "@/lib/http/listener";

export type Reached = { url: string; headers: http.IncomingHttpHeaders };

let started: Promise<string> | undefined;
export const reachedNext: Reached[] = [];

/** The test listener's base URL (started on first use). */
export function listenerBase(): Promise<string> {
  started ??= new Promise((resolve) => {
    const server = http.createServer(
      createRequestListener((req, res) => {
        reachedNext.push({ url: req.url ?? "", headers: { ...req.headers } });
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("reached Next");
      }),
    );
    // Never keeps a test process alive.
    server.unref();
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
  return started;
}

/** Sends the request (its path, query, method, headers and body) through the listener, each on a
 *  connection of its own (a reused keep-alive connection can race the server's idle timeout when a
 *  long suite is slow between two calls). */
export async function throughListener(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : Buffer.from(await request.arrayBuffer());
  const target = new URL(await listenerBase());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key] = value));
  if (body) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined)
              out.set(k, Array.isArray(v) ? v.join(", ") : v);
          resolve(
            new Response(
              res.statusCode === 204 ? null : Buffer.concat(chunks),
              { status: res.statusCode ?? 0, headers: out },
            ),
          );
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
