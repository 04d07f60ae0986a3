// The MLflow API (/api/2.0/mlflow/* and /ajax-api/2.0/mlflow/*), answered by the request listener
// (lib/http/listener.ts) before Next's router, as predictions are (lib/http/direct.ts). MLflow
// clients call it at machine rates (a training job registers and polls; a version is created per
// run, each on a fresh connection), and Next's route pipeline costs ~2 ms of CPU per request on a
// small machine, more than the registry work itself. This is its only implementation (there is no
// route handler for it in app/): lib/mlflow/router.ts authenticates, reads the parameters and maps
// errors to MLflow's shape; here the answer gets the API's headers (lib/http/node-answer.ts).
import "server-only";
import type http from "node:http";
import { readNodeLimited, refuseDeclaredSize } from "@/lib/http/body";
import { answerJson } from "@/lib/http/node-answer";
import { decodePathSegment } from "@/lib/http/url-path";
import { answerMlflow, mlflowErrorAnswer, type MlflowAnswer } from "./router";

/** The part below the prefix, before the query string. `/api/2.0/mlflow` alone is left to Next (its 404). */
const MLFLOW_PATH = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/([^?#]*)/;

/** The endpoints answered here, in app/api's notation, for the permission and bad-input suites
 *  (lib/testing/routes.ts), which drive them through the request listener. */
export const MLFLOW_ROUTES: {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  route: string;
}[] = (["GET", "POST", "PATCH", "DELETE"] as const).map((method) => ({
  method,
  route: "/api/2.0/mlflow/[...path]",
}));

/** Takes the request if it is an MLflow API call (returns true), else leaves it to Next (false). */
export function serveMlflow(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  const match = MLFLOW_PATH.exec(req.url ?? "");
  if (!match) return false;
  void answer(req, res, match[1] as string);
  return true;
}

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rest: string,
): Promise<void> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const method = req.method ?? "GET";
  const call = {
    method,
    url: new URL(req.url ?? "/", "http://localhost"),
    headers,
    body: async (maxBytes: number) => {
      refuseDeclaredSize(req.headers["content-length"], maxBytes);
      return readNodeLimited(req, maxBytes);
    },
  };
  let out: MlflowAnswer;
  try {
    // As Next's catch-all gave them: decoded segments, without the empty one a trailing slash leaves.
    const segments = rest.split("/");
    if (segments.length > 1 && segments.at(-1) === "") segments.pop();
    out = await answerMlflow(call, segments.map(decodePathSegment));
  } catch (error) {
    // decodePathSegment's refusal (the listener's early refusals catch malformed escapes first).
    out = mlflowErrorAnswer(error);
  }
  // A body cut off mid-stream (or never read: a refused caller) is not read further.
  answerJson(req, res, out);
}
