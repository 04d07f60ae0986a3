// What the server does with a request before Next's router sees it, installed once at start-up
// (instrumentation.ts): stamp it with the client address its socket saw (lib/http/client-address.ts),
// and answer predictions and pushed metrics directly (lib/http/direct.ts). Next 16 offers no hook at this level
// short of a custom server, so this wraps the HTTP server's "request" event.
import "server-only";
import http from "node:http";
import { serveDirect } from "./direct";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

const g = globalThis as unknown as { __stagelineServerHooks?: boolean };

export function installServerHooks(): void {
  if (g.__stagelineServerHooks) return;
  g.__stagelineServerHooks = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
      if (serveDirect(req, res)) return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
