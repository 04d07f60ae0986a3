// The client's network address, for the per-address sign-in limit. Next 16 gives route handlers and
// server actions no socket, only headers, and `next start` passes a client's own X-Forwarded-For
// through untouched (it fills the header only when it is missing), so that header alone would let
// anyone pick their address. At start-up the server stamps every request with the address its
// socket saw, in a header of our own that a client cannot set (any incoming copy is replaced).
// Behind a reverse proxy (STAGELINE_TRUST_PROXY=1) the address is the last X-Forwarded-For entry,
// the one the proxy added.
import http from "node:http";

export const CLIENT_ADDRESS_HEADER = "x-stageline-client-address";

const g = globalThis as unknown as { __stagelineClientAddress?: boolean };

/** Called once from instrumentation.ts, before the first request is served. */
export function installClientAddress(): void {
  if (g.__stagelineClientAddress) return;
  g.__stagelineClientAddress = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

export function trustProxy(): boolean {
  return process.env.STAGELINE_TRUST_PROXY === "1" || process.env.STAGELINE_TRUST_PROXY === "true";
}

/** The caller's address from the request headers, as described above. */
export function clientAddress(headers: Headers): string {
  if (trustProxy()) {
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
