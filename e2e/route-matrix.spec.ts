import { expect, test } from "@playwright/test";
import {
  READ_ONLY_TOKEN_ROUTES,
  ROUTE_MATRIX,
  ROUTE_SUCCESS,
  type Caller,
} from "../lib/auth/route-matrix";
import { ROUTE_CASES } from "./route-cases";
import {
  type Creds,
  type Callers,
  fixture,
  inLanes,
  makeCallers,
  PEOPLE,
  send,
} from "./matrix-fixtures";

// The permission matrix on the running production build: every route of ROUTE_MATRIX, called by
// URL through the server's request listener as nobody, a revoked token, an expired session, an
// admin's read-only token, each role, the model's owner, an editor and another data scientist. An
// allowed caller must get the route's exact success status (ROUTE_SUCCESS) for a valid request on a
// fixture of its own, so a refusal, a 404 or a validation error is a failure too; a refused caller
// gets 401 without valid credentials and 403 with them.

type Who = Caller | "revoked" | "expired" | "read_token";
const ORDER: Who[] = [
  "anonymous",
  "revoked",
  "expired",
  "read_token",
  ...PEOPLE,
];

function credsOf(c: Callers, who: Who): Creds {
  if (who === "anonymous") return {};
  if (who === "revoked") return { bearer: c.revokedToken };
  if (who === "expired") return { cookie: c.expiredCookie };
  if (who === "read_token") return { bearer: c.readToken };
  return { bearer: c.people[who].token };
}

function allowed(key: string, who: Who): boolean {
  // Public routes ignore credentials, so a revoked token or an expired session is let through where nobody is.
  if (who === "read_token") return READ_ONLY_TOKEN_ROUTES.includes(key);
  return (ROUTE_MATRIX[key] as Who[]).includes(
    who === "revoked" || who === "expired" ? "anonymous" : who,
  );
}

test("every route lets through exactly the callers the matrix names, with its success status, on the running server", async ({
  baseURL,
}) => {
  test.setTimeout(240_000);
  const keys = Object.keys(ROUTE_MATRIX);
  // A route without a request written here (or a request for a route that is gone) fails here.
  expect(Object.keys(ROUTE_CASES).sort()).toEqual([...keys].sort());
  expect(Object.keys(ROUTE_SUCCESS).sort()).toEqual([...keys].sort());
  const c = await makeCallers(baseURL ?? "", "matrix");
  const failures: string[] = [];
  let calls = 0;
  await inLanes(keys, 4, async (key) => {
    const rc = ROUTE_CASES[key];
    if (!rc) return;
    const [method] = key.split(" ") as [string];
    const needs = rc.needs ?? [];
    // A read leaves the fixture as it was, so every caller shares one; a write gets a fresh one per
    // allowed caller (it must succeed on its own), and the refused callers share one.
    const shared = await fixture(c, needs, "rm");
    for (const who of ORDER) {
      const ok = allowed(key, who);
      const fx =
        method !== "GET" && ok && needs.length
          ? await fixture(c, needs, "rm")
          : { ...shared };
      if (rc.before) Object.assign(fx, await rc.before(fx, who, c));
      const res = await send(
        c.base,
        method,
        rc.url(fx, c),
        credsOf(c, who),
        rc.body?.(fx, who, c),
      ).catch((e: Error) => ({
        status: 0,
        text: `${e.message} ${String(e.cause)}`,
      }));
      calls++;
      const expected = ok
        ? ROUTE_SUCCESS[key]
        : who === "anonymous" || who === "revoked" || who === "expired"
          ? 401
          : 403;
      if (res.status !== expected)
        failures.push(
          `${key} as ${who}: HTTP ${res.status}, expected ${expected} (${ok ? "allowed" : "refused"}): ${res.text.slice(0, 200)}`,
        );
    }
  });
  expect(failures).toEqual([]);
  expect(calls).toBe(keys.length * ORDER.length);
});
