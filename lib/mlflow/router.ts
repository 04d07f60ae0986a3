// One entry point for /api/2.0/mlflow/* and /ajax-api/2.0/mlflow/*: authenticate, read the
// parameters MLflow's way, run the handler, and answer 200 with JSON or MLflow's error shape.
import "server-only";
import { randomUUID } from "node:crypto";
import { requestIdFrom } from "@/lib/http/request-id";
import { NO_STORE } from "@/lib/http/security-headers";
import { mlflowActor } from "./auth";
import { MlflowError, toMlflowError } from "./errors";
import { DATABRICKS_ROUTES } from "./databricks";
import { ROUTES, type Handler } from "./handlers";
import { Params } from "./params";

// Answers are the caller's data (and errors say what exists): never kept by a browser or proxy.
const NO_STORE_HEADERS = { "Cache-Control": NO_STORE };

export async function handleMlflow(request: Request, path: string[]): Promise<Response> {
  try {
    const key = path.join("/");
    const endpoint: Partial<Record<string, Handler>> | undefined = ROUTES[key] ?? DATABRICKS_ROUTES[key as keyof typeof DATABRICKS_ROUTES];
    if (!endpoint) throw new MlflowError("ENDPOINT_NOT_FOUND", `No MLflow endpoint at ${path.join("/")} (Stageline serves the model-registry subset of the MLflow 2.0 API)`);
    const handler = endpoint[request.method as keyof typeof endpoint];
    if (!handler) {
      return Response.json({ error_code: "BAD_REQUEST", message: `Method ${request.method} is not allowed for ${path.join("/")}; use ${Object.keys(endpoint).join(" or ")}` }, { status: 405, headers: { ...NO_STORE_HEADERS, Allow: Object.keys(endpoint).join(", ") } });
    }
    const actor = await mlflowActor(request);
    const params = await Params.of(request);
    const result = await handler({ ...actor, requestId: actor.requestId ?? requestIdFrom(request.headers), via: actor.via === "session" ? "mlflow-session" : actor.via }, params);
    return Response.json(result ?? {}, { headers: NO_STORE_HEADERS });
  } catch (error) {
    const e = toMlflowError(error);
    if (e.code === "INTERNAL_ERROR") console.error(`[stageline] MLflow API error ${randomUUID()}`, error);
    return Response.json({ error_code: e.code, message: e.message }, { status: e.status, headers: { ...NO_STORE_HEADERS, ...(e.code === "UNAUTHENTICATED" ? { "WWW-Authenticate": 'Basic realm="stageline", Bearer' } : {}) } });
  }
}
