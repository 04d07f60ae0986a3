// The API's route handlers found by walking app/api, for the permission and bad-input suites, and
// the endpoints the request listener answers itself (lib/http/direct.ts, lib/mlflow/direct.ts),
// driven through that listener on a real socket.
import fs from "node:fs";
import path from "node:path";
import { DIRECT_ROUTES } from "@/lib/http/direct";
import { MLFLOW_ROUTES } from "@/lib/mlflow/direct";
import { throughListener } from "./listener";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteHandler = (
  req: Request,
  ctx: unknown,
) => Promise<Response> | Response;
export type FoundRoute = {
  key: string;
  route: string;
  method: (typeof METHODS)[number];
  handler: RouteHandler;
};

const appRoot = path.resolve(__dirname, "../../app");

function routeFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? routeFiles(path.join(dir, e.name))
        : e.name === "route.ts"
          ? [path.join(dir, e.name)]
          : [],
    );
}

export async function discoverRoutes(): Promise<FoundRoute[]> {
  const found: FoundRoute[] = [];
  for (const file of routeFiles(path.join(appRoot, "api"))) {
    const route = `/${path.relative(appRoot, path.dirname(file)).split(path.sep).join("/")}`;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === "function")
        found.push({
          key: `${method} ${route}`,
          route,
          method,
          handler: mod[method] as RouteHandler,
        });
    }
  }
  for (const { method, route } of [...DIRECT_ROUTES, ...MLFLOW_ROUTES])
    found.push({
      key: `${method} ${route}`,
      route,
      method,
      handler: listenerHandler(route),
    });
  return found;
}

/** A handler that fills the route's [params] from the context into the URL and sends it through the listener. */
function listenerHandler(route: string): RouteHandler {
  return async (req, ctx) => {
    const params =
      (await (ctx as { params: Promise<Record<string, unknown>> }).params) ??
      {};
    // [...name] is a catch-all: its segments, each encoded.
    const filled = route.replace(
      /\[(\.\.\.)?([^\]]+)\]/g,
      (_, rest: string | undefined, name: string) =>
        rest
          ? ([] as unknown[])
              .concat(params[name])
              .map((p) => encodeURIComponent(String(p)))
              .join("/")
          : encodeURIComponent(String(params[name])),
    );
    const url = new URL(req.url);
    return throughListener(
      new Request(`${url.origin}${filled}${url.search}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        duplex: "half",
      } as RequestInit),
    );
  };
}
