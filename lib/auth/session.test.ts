import { describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import { getAuth } from "@/lib/auth/auth";
import { makeUser } from "@/lib/testing/factories";
import { setActive } from "@/lib/users/users";
import { SYSTEM_ACTOR } from "./actor";
import { actorFromRequest } from "./session";

// The session check on every page, action and cookie-authenticated API call: the signed cookie,
// then the session row, then the user row.

vi.mock("next/headers", () => import("@/lib/testing/next-headers"));

async function signedIn(role: "manager" | "data_scientist" = "manager") {
  const u = await makeUser(role);
  const res = await getAuth().api.signInEmail({
    body: { email: u.email, password: "test-password-1" },
    asResponse: true,
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c?.startsWith("stageline.session_token=")) as string;
  return { u, cookie };
}

const ask = (cookie: string) =>
  actorFromRequest(
    new Request("http://127.0.0.1/api/v1/me", { headers: { cookie } }),
  ).then(
    (a) => a.email,
    (e: Error) => `refused: ${e.message}`,
  );

describe("session cookies", () => {
  it("let the signed-in user through, and nobody with a forged, unknown, expired or deactivated one", async () => {
    const { u, cookie } = await signedIn();
    expect(await ask(cookie)).toBe(u.email);
    const [name, value] = cookie.split("=") as [string, string];
    const [token, sig] = decodeURIComponent(value).split(/\.(?=[^.]*$)/) as [
      string,
      string,
    ];
    // Another token under the same signature, and the same token with a changed signature.
    expect(
      await ask(
        `${name}=${encodeURIComponent(`${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}.${sig}`)}`,
      ),
    ).toMatch(/^refused/);
    expect(
      await ask(
        `${name}=${encodeURIComponent(`${token}.${sig.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`)}`,
      ),
    ).toMatch(/^refused/);
    expect(await ask(`${name}=${token}`)).toMatch(/^refused/);
    expect(await ask(`${name}=%E0%A4%A`)).toMatch(/^refused/);
    // Signed out (the row is gone), expired, or the account deactivated.
    const other = await signedIn();
    getSqlite()
      .prepare("delete from session where user_id = ?")
      .run(other.u.id);
    expect(await ask(other.cookie)).toMatch(/^refused/);
    const lapsed = await signedIn();
    getSqlite()
      .prepare("update session set expires_at = ? where user_id = ?")
      .run(Date.now() - 1, lapsed.u.id);
    expect(await ask(lapsed.cookie)).toMatch(/^refused/);
    const gone = await signedIn("data_scientist");
    setActive(SYSTEM_ACTOR, { userId: gone.u.id, active: false });
    expect(await ask(gone.cookie)).toMatch(/^refused/);
  });

  it("hand a session due for its daily refresh to better-auth, which extends it", async () => {
    const { u, cookie } = await signedIn();
    // As if signed in six days ago: a day left, and the last refresh more than a day back.
    const oneDayLeft = Date.now() + 86_400_000;
    getSqlite()
      .prepare("update session set expires_at = ? where user_id = ?")
      .run(oneDayLeft, u.id);
    expect(await ask(cookie)).toBe(u.email);
    const row = getSqlite()
      .prepare("select expires_at from session where user_id = ?")
      .get(u.id) as { expires_at: number };
    expect(row.expires_at).toBeGreaterThan(oneDayLeft + 5 * 86_400_000);
  });

  it("are new at every sign-in: a cookie the browser already had (e.g. planted) is never carried over", async () => {
    const { u, cookie } = await signedIn();
    const again = await getAuth().api.signInEmail({
      body: { email: u.email, password: "test-password-1" },
      headers: new Headers({ cookie }),
      asResponse: true,
    });
    const fresh = again.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c?.startsWith("stageline.session_token=")) as string;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(cookie);
    expect(await ask(fresh)).toBe(u.email);
  });
});
