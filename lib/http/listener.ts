// The one request listener of the server (scripts/server.mjs creates the HTTP server with it; Next's
// own handler is what it calls last). For every request, in this order:
// 1. drop any client-sent copy of the address stamp and stamp the address the socket saw
//    (lib/http/client-address.ts);
// 2. refuse what Next would answer badly (lib/http/early-refusals.ts);
// 3. answer predictions and pushed metrics itself (lib/http/direct.ts: their only implementation);
// 4. let everything else wait its turn in its lane, pages or API (lib/http/admission.ts), so
//    that bulk API calls cannot crowd out the pages people wait for (nor predictions, answered in 3);
// 5. give a page request a fresh nonce-based Content-Security-Policy, in the request (where Next's
//    renderer reads the nonce, as its CSP guide documents) and in the response;
// 6. hand it to the MLflow API (lib/mlflow/direct.ts: its only implementation) or to Next.
// It is built inside Next's server bundle (instrumentation.ts publishes the factory), so it shares
// the database connection and caches with the route handlers instead of loading a second copy of
// them; see docs/architecture.md ("The server entry").
import "server-only";
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { Admission, type Lane } from "./admission";
import { CLIENT_ADDRESS_HEADER, trustAddressStamp } from "./client-address";
import { serveMlflow } from "@/lib/mlflow/direct";
import { serveDirect } from "./direct";
import { refuseEarly } from "./early-refusals";
import { answerJson } from "./node-answer";
import { pagePolicy } from "./security-headers";

export type NextHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => unknown;
export type ListenerFactory = (
  next: NextHandler,
  admission?: Admission,
) => http.RequestListener;

/** Paths that are not pages: API answers get their policy from next.config.ts, assets need none. */
const NOT_PAGES = /^\/(api|ajax-api)\/|^\/_next\/(static|image)\//;
/** What waits in no lane: assets, the public folder's icons, and health and metrics probes. */
const NO_LANE =
  /^\/(_next\/(static|image)\/|favicon\.ico|icon\.svg|api\/(health|ping|metrics)(?:[/?]|$))/;
/** Sign-in is a person waiting, though it is under /api. */
const PAGE_LANE_API = /^\/api\/auth(?:[/?]|$)/;
const API_LANE = /^\/(api|ajax-api)\//;

function laneOf(url: string): Lane | null {
  if (NO_LANE.test(url)) return null;
  return API_LANE.test(url) && !PAGE_LANE_API.test(url) ? "api" : "page";
}

/** Where instrumentation.ts leaves the factory for the server entry (a registry key, not a patch). */
export const LISTENER_FACTORY_KEY = Symbol.for(
  "stageline.requestListenerFactory",
);

export const createRequestListener: ListenerFactory = (
  next,
  admission = new Admission(),
) => {
  // From now on the address header of a request in this process is the listener's stamp.
  trustAddressStamp();
  const run = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (serveMlflow(req, res)) return;
    if (!NOT_PAGES.test(req.url ?? "")) {
      // Any policy the client sent is replaced: the nonce is the server's, fresh per request.
      const policy = pagePolicy(randomBytes(16).toString("base64"));
      req.headers["content-security-policy"] = policy;
      res.setHeader("Content-Security-Policy", policy);
    }
    void next(req, res);
  };
  const holdMs = admission.limits.holdMs;
  return (req, res) => {
    // Node joins repeated headers; a client's copy (or several) is dropped, whatever its case.
    delete req.headers[CLIENT_ADDRESS_HEADER];
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    if (refuseEarly(req, res) || serveDirect(req, res)) return;
    const lane = laneOf(req.url ?? "/");
    if (lane === null) return run(req, res);
    const entered = admission.enter(lane, {
      start: (release) => {
        const timer = setTimeout(release, holdMs);
        timer.unref();
        res.once("close", () => {
          clearTimeout(timer);
          release();
        });
        run(req, res);
      },
      gone: () => req.socket.destroyed,
    });
    if (entered === "refused")
      answerJson(req, res, {
        status: 503,
        body: {
          error: {
            code: "overloaded",
            message: "The server has too many requests waiting: try again.",
            details: { lane },
          },
        },
        headers: { "Retry-After": "1" },
      });
  };
};

/** Called from instrumentation.ts, inside Next's bundle, once per process. */
export function publishListenerFactory(): void {
  (globalThis as Record<symbol, unknown>)[LISTENER_FACTORY_KEY] =
    createRequestListener;
}
