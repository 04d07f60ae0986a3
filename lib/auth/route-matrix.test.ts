import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverRoutes } from "@/lib/testing/routes";
import {
  matrixMarkdown,
  READ_ONLY_TOKEN_ROUTES,
  ROUTE_MATRIX,
  ROUTE_SUCCESS,
} from "./route-matrix";

// The matrix itself is checked on the running server, route by route and caller by caller, with
// each route's exact success status (e2e/route-matrix.spec.ts). Here: that it is complete and that
// the README shows it as written.
describe("the permissions matrix", () => {
  it("is shown in the README as written", () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, "../../README.md"),
      "utf8",
    );
    const shown =
      /<!-- route-matrix:start[^>]*-->\n([\s\S]*?)\n<!-- route-matrix:end -->/.exec(
        readme,
      )?.[1];
    expect(shown).toBe(matrixMarkdown());
  });

  it(
    "lists every API route, with a success status for each",
    { timeout: 60_000 },
    async () => {
      const keys = (await discoverRoutes()).map((r) => r.key).sort();
      // A new route without an entry (or an entry for a route that is gone) fails here.
      expect(keys).toEqual(Object.keys(ROUTE_MATRIX).sort());
      for (const key of READ_ONLY_TOKEN_ROUTES) expect(keys).toContain(key);
      for (const key of keys)
        expect([200, 201, 202, 204], key).toContain(ROUTE_SUCCESS[key]);
    },
  );
});
