// The two endpoints machines call at high rates, answered by the request listener
// (lib/http/listener.ts) before Next's router: predictions and pushed metrics. Next's route pipeline
// costs ~2 ms of CPU per request on a small machine (a bare constant route tops out near 500 req/s
// here), more than a prediction itself. This is their only implementation (there is no route
// handler for them in app/api): the same authentication, services, errors, body limits and headers
// as the API's route handlers (lib/http/route.ts).
import "server-only";
import type http from "node:http";
import type { Actor } from "@/lib/auth/actor";
import { actorFromAuthorization, actorFromRequest } from "@/lib/auth/session";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { ingestMetrics, METRICS_MAX_BYTES } from "@/lib/monitoring/ingest";
import { predict, PREDICT_MAX_BYTES } from "@/lib/serving/serving";
import { parseJsonObject, readNodeLimited, refuseDeclaredSize } from "./body";
import { errorPayload } from "./route";
import { requestIdOf } from "./request-id";
import { decodePathSegment } from "./url-path";
import { answerJson } from "./node-answer";

type Answer = {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};
type DirectRoute = {
  route: string;
  path: RegExp;
  maxBytes: number;
  handle: (
    actor: Actor,
    params: string[],
    body: unknown,
  ) => Promise<Answer> | Answer;
};

const ROUTES: DirectRoute[] = [
  {
    // POST {"inputs": {name: [values]}} or {"instances": [{name: value}]}; ref = alias, stage or version.
    // A deprecated model or version answers with Deprecation, Sunset and Link headers; a retired one 410.
    route: "/api/v1/serve/[model]/[ref]/predict",
    path: /^\/api\/v1\/serve\/([^/?]+)\/([^/?]+)\/predict\/?(?:\?.*)?$/,
    maxBytes: PREDICT_MAX_BYTES,
    handle: (actor, [model, ref], body) =>
      predict(actor, model as string, ref as string, body).then(
        ({ headers, ...prediction }) => ({
          status: 200,
          body: prediction,
          headers: headers ?? undefined,
        }),
      ),
  },
  {
    // POST {points: [{name, value, timestamp?}]} (at most 10,000 per batch).
    route: "/api/v1/deployments/[id]/metrics",
    path: /^\/api\/v1\/deployments\/([^/?]+)\/metrics\/?(?:\?.*)?$/,
    maxBytes: METRICS_MAX_BYTES,
    handle: (actor, [id], body) => ({
      status: 202,
      body: ingestMetrics(
        actor,
        parseRequestId(id as string, "Deployment"),
        body,
      ),
    }),
  },
];

/** The endpoints answered here, in app/api's notation, for the permission and bad-input suites
 *  (lib/testing/routes.ts), which drive them through the request listener. */
export const DIRECT_ROUTES: { method: "POST"; route: string }[] = ROUTES.map(
  (r) => ({ method: "POST", route: r.route }),
);

/** Takes the request if it is one of ROUTES (returns true), else leaves it to Next (false). */
export function serveDirect(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  if (req.method !== "POST") return false;
  for (const route of ROUTES) {
    const match = route.path.exec(req.url ?? "");
    if (!match) continue;
    void answer(req, res, route, match.slice(1));
    return true;
  }
  return false;
}

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: DirectRoute,
  rawParams: string[],
): Promise<void> {
  let out: Answer;
  try {
    const params = rawParams.map(decodePathSegment);
    // A token (what machines send) is checked synchronously from Node's own header; only the cookie
    // path, rare here, needs the web Headers that better-auth reads.
    const authorization = req.headers.authorization;
    const actor =
      authorization !== undefined
        ? actorFromAuthorization(
            authorization,
            requestIdOf(req.headers["x-request-id"]),
          )
        : await actorFromRequest({ headers: webHeaders(req), method: "POST" });
    refuseDeclaredSize(req.headers["content-length"], route.maxBytes);
    out = await route.handle(
      actor,
      params,
      parseJsonObject(
        (await readNodeLimited(req, route.maxBytes)).toString("utf8"),
        route.maxBytes,
      ),
    );
  } catch (error) {
    out = errorPayload(error);
  }
  // A body cut off mid-stream (or never read: a refused caller) is not read further.
  answerJson(req, res, out);
}

function webHeaders(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return headers;
}
