// The one request listener of the server (scripts/server.mjs creates the HTTP server with it; Next's
// own handler is what it calls last). For every request, in this order:
// 1. drop any client-sent copy of the address stamp and stamp the address the socket saw
//    (lib/http/client-address.ts);
// 2. refuse what Next would answer badly (lib/http/early-refusals.ts);
// 3. answer predictions and pushed metrics itself (lib/http/direct.ts: their only implementation),
//    and the MLflow API (lib/mlflow/direct.ts: its only implementation);
// 4. give a page request a fresh nonce-based Content-Security-Policy, in the request (where Next's
//    renderer reads the nonce, as its CSP guide documents) and in the response;
// 5. hand everything else to Next.
// It is built inside Next's server bundle (instrumentation.ts publishes the factory), so it shares
// the database connection and caches with the route handlers instead of loading a second copy of
// them; see docs/architecture.md ("The server entry").
import "server-only";
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { CLIENT_ADDRESS_HEADER, trustAddressStamp } from "./client-address";
import { serveMlflow } from "@/lib/mlflow/direct";
import { serveDirect } from "./direct";
import { refuseEarly } from "./early-refusals";
import { pagePolicy } from "./security-headers";

export type NextHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => unknown;
export type ListenerFactory = (next: NextHandler) => http.RequestListener;

/** Paths that are not pages: API answers get their policy from next.config.ts, assets need none. */
const NOT_PAGES = /^\/(api|ajax-api)\/|^\/_next\/(static|image)\//;

/** Where instrumentation.ts leaves the factory for the server entry (a registry key, not a patch). */
export const LISTENER_FACTORY_KEY = Symbol.for(
  "stageline.requestListenerFactory",
);

export const createRequestListener: ListenerFactory = (next) => {
  // From now on the address header of a request in this process is the listener's stamp.
  trustAddressStamp();
  return (req, res) => {
    // Node joins repeated headers; a client's copy (or several) is dropped, whatever its case.
    delete req.headers[CLIENT_ADDRESS_HEADER];
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    if (refuseEarly(req, res) || serveDirect(req, res) || serveMlflow(req, res))
      return;
    if (!NOT_PAGES.test(req.url ?? "")) {
      // Any policy the client sent is replaced: the nonce is the server's, fresh per request.
      const policy = pagePolicy(randomBytes(16).toString("base64"));
      req.headers["content-security-policy"] = policy;
      res.setHeader("Content-Security-Policy", policy);
    }
    void next(req, res);
  };
};

/** Called from instrumentation.ts, inside Next's bundle, once per process. */
export function publishListenerFactory(): void {
  (globalThis as Record<symbol, unknown>)[LISTENER_FACTORY_KEY] =
    createRequestListener;
}
