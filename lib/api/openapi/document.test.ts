import { describe, expect, it } from "vitest";
import { discoverRoutes } from "@/lib/testing/routes";
import { openApiDocument } from "./document";
import { documentedCookieName, signInCookieName } from "./test-support";

describe("the OpenAPI document", () => {
  it("describes every REST route under /api/v1 with its methods", async () => {
    const paths = openApiDocument().paths as Record<
      string,
      Record<string, unknown>
    >;
    const missing = (await discoverRoutes())
      .filter(
        (r) =>
          r.route.startsWith("/api/v1/") ||
          r.route === "/api/metrics" ||
          r.route === "/api/health",
      )
      .map((r) => ({
        method: r.method.toLowerCase(),
        path: r.route
          .replace(/\[\.\.\.(\w+)\]/g, "{$1}")
          .replace(/\[(\w+)\]/g, "{$1}"),
      }))
      .filter(({ method, path }) => !paths[path]?.[method])
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    // A new route without its description fails here.
    expect(missing).toEqual([]);
  });

  it("names the session cookie a sign-in over http really sets", async () => {
    const set = await signInCookieName();
    expect(set).toBe("stageline.session_token");
    expect(documentedCookieName()).toBe(set);
  });

  it("refers only to components it has, and has none unused", () => {
    const doc = openApiDocument() as { components: { schemas: object } };
    const refs = new Set(
      [...JSON.stringify(doc).matchAll(/#\/components\/schemas\/(\w+)/g)].map(
        (m) => m[1],
      ),
    );
    expect([...refs].sort()).toEqual(
      Object.keys(doc.components.schemas).sort(),
    );
  });
});
