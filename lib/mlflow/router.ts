// One entry point for /api/2.0/mlflow/* and /ajax-api/2.0/mlflow/*: authenticate, read the
// parameters MLflow's way, run the handler, and answer 200 with JSON or MLflow's error shape.
// The request listener answers these paths itself (lib/mlflow/direct.ts, before Next's router);
// handleMlflow is the same call over a web Request, for tests.
import "server-only";
import { randomUUID } from "node:crypto";
import { readRequestBody } from "@/lib/http/body";
import { requestIdFrom } from "@/lib/http/request-id";
import { NO_STORE } from "@/lib/http/security-headers";
import { mlflowActor } from "./auth";
import { MlflowError, toMlflowError } from "./errors";
import { DATABRICKS_ROUTES } from "./databricks";
import { ROUTES, type Handler } from "./handlers";
import { Params } from "./params";

/** What the entry point needs of a request, however it arrived (a Node request or a web Request). */
export type MlflowCall = {
  method: string;
  url: URL;
  headers: Headers;
  /** The body's bytes, refused (413) past `maxBytes`. */
  body: (maxBytes: number) => Promise<Buffer>;
};

/** Status, JSON body and the headers of the answer beside the API's own (no-store, security headers). */
export type MlflowAnswer = {
  status: number;
  body: unknown;
  headers: Record<string, string>;
};

export async function answerMlflow(
  call: MlflowCall,
  path: string[],
): Promise<MlflowAnswer> {
  try {
    const key = path.join("/");
    const endpoint: Partial<Record<string, Handler>> | undefined =
      ROUTES[key] ?? DATABRICKS_ROUTES[key as keyof typeof DATABRICKS_ROUTES];
    if (!endpoint)
      throw new MlflowError(
        "ENDPOINT_NOT_FOUND",
        `No MLflow endpoint at ${path.join("/")} (Stageline serves the model-registry subset of the MLflow 2.0 API)`,
      );
    // HEAD is a GET without its body (Node leaves the body out of a HEAD answer).
    const handler =
      endpoint[
        (call.method === "HEAD" ? "GET" : call.method) as keyof typeof endpoint
      ];
    if (!handler) {
      const allowed = Object.keys(endpoint);
      return {
        status: 405,
        body: {
          error_code: "BAD_REQUEST",
          message: `Method ${call.method} is not allowed for ${path.join("/")}; use ${allowed.join(" or ")}`,
        },
        headers: { Allow: allowed.join(", ") },
      };
    }
    const actor = await mlflowActor(call);
    const params = await Params.of(call);
    const result = await handler(
      {
        ...actor,
        requestId: actor.requestId ?? requestIdFrom(call.headers),
        via: actor.via === "session" ? "mlflow-session" : actor.via,
      },
      params,
    );
    return { status: 200, body: result ?? {}, headers: {} };
  } catch (error) {
    return mlflowErrorAnswer(error);
  }
}

/** Any error as MLflow answers it: {error_code, message} with MLflow's status. */
export function mlflowErrorAnswer(error: unknown): MlflowAnswer {
  const e = toMlflowError(error);
  if (e.code === "INTERNAL_ERROR")
    console.error(`[stageline] MLflow API error ${randomUUID()}`, error);
  return {
    status: e.status,
    body: { error_code: e.code, message: e.message },
    headers:
      e.code === "UNAUTHENTICATED"
        ? { "WWW-Authenticate": 'Basic realm="stageline", Bearer' }
        : {},
  };
}

/** The entry point over a web Request (tests); `path` is the part below /api/2.0/mlflow/, split. */
export async function handleMlflow(
  request: Request,
  path: string[],
): Promise<Response> {
  const out = await answerMlflow(
    {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: (max) => readRequestBody(request, max),
    },
    path,
  );
  return Response.json(out.body, {
    status: out.status,
    headers: { ...out.headers, "Cache-Control": NO_STORE },
  });
}
