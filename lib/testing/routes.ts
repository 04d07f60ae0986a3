// The API's route handlers found by walking app/api, for the permission and bad-input suites.
import fs from "node:fs";
import path from "node:path";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteHandler = (req: Request, ctx: unknown) => Promise<Response> | Response;
export type FoundRoute = { key: string; route: string; method: (typeof METHODS)[number]; handler: RouteHandler };

const appRoot = path.resolve(__dirname, "../../app");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));
}

export async function discoverRoutes(): Promise<FoundRoute[]> {
  const found: FoundRoute[] = [];
  for (const file of routeFiles(path.join(appRoot, "api"))) {
    const route = `/${path.relative(appRoot, path.dirname(file)).split(path.sep).join("/")}`;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === "function") found.push({ key: `${method} ${route}`, route, method, handler: mod[method] as RouteHandler });
    }
  }
  return found;
}
