// What the server does with a request before Next's router sees it, installed once at start-up
// (instrumentation.ts): stamp it with the client address its socket saw (lib/http/client-address.ts),
// refuse what Next would answer badly (lib/http/early-refusals.ts), answer predictions and pushed
// metrics directly (lib/http/direct.ts), and give a page request its nonce-based
// Content-Security-Policy. Next 16 offers no hook at this level short of a custom server, so this
// wraps the HTTP server's "request" event. (Its own hook for the nonce, proxy.ts, ran a second
// request pipeline per page: ~3 ms of CPU here, a tenth of a page's time.)
import "server-only";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { serveDirect } from "./direct";
import { refuseEarly } from "./early-refusals";
import { pagePolicy } from "./security-headers";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

const NOT_PAGES = /^\/(api|ajax-api)\/|^\/_next\/(static|image)\//;

const g = globalThis as unknown as { __stagelineServerHooks?: boolean };

export function installServerHooks(): void {
  if (g.__stagelineServerHooks) return;
  g.__stagelineServerHooks = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
      if (refuseEarly(req, res) || serveDirect(req, res)) return true;
      if (!NOT_PAGES.test(req.url ?? "")) {
        // A fresh nonce per page request, in the request (where Next's renderer looks for it) and
        // in the response; any policy the client sent is replaced. API answers get theirs from
        // next.config.ts, which overrides this one.
        const policy = pagePolicy(randomBytes(16).toString("base64"));
        req.headers["content-security-policy"] = policy;
        res.setHeader("Content-Security-Policy", policy);
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
